/** The smart-card toolkit that card-type plugins build their protocols with. */
export * from '../smartcard/apdu';
export * from '../smartcard/ber-tlv';
export * from '../smartcard/bytes';
export * from '../smartcard/status-words';
export type { VirtualCard } from '../smartcard/virtual-card';
