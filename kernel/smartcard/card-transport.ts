import type { CardChannel } from '../api/card';

export interface ReaderInfo {
  readonly name: string;
  readonly cardPresent: boolean;
  /** The built-in demo reader (sample cards, fictional data). */
  readonly demo: boolean;
}

/** An exclusive connection to the card in one reader. */
export interface CardConnection extends CardChannel {
  readonly readerName: string;
  /** Powers the card down and releases the reader; safe to call twice or after the card was removed. */
  disconnect(): Promise<void>;
}

/**
 * How the kernel reaches readers: in-process PC/SC (NW.js, CLI), a WebSocket bridge to the local card service
 * (web kiosk), or an in-page virtual reader (demo). Failures are KioskErrors: PCSC_SERVICE_DOWN,
 * READER_NOT_FOUND, CARD_NOT_DETECTED, and CARD_READ_FAILED when the card goes away mid-exchange.
 */
export interface CardTransport {
  listReaders(): Promise<ReaderInfo[]>;
  connect(readerName: string): Promise<CardConnection>;
  /** Called whenever a reader appears or goes, or a card is inserted or removed. */
  onReadersChanged(listener: (readers: readonly ReaderInfo[]) => void): () => void;
  close(): Promise<void>;
}
