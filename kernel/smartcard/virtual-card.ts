/** The card side of a contactless exchange, implemented by card emulators. */
export interface VirtualCard {
  readonly atr: Uint8Array;
  /** Power-on or reset: the card forgets its session (challenge, keys, selected file). */
  reset(): void;
  /** One command APDU in, one response APDU (data || SW1 SW2) out. */
  transmit(command: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
