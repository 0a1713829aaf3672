import { isValidCardNumber, KioskError, KioskErrorCode } from '../../../kernel/api';

/**
 * The card number as the chip sees it: 12 ASCII bytes. Checked here so that a malformed entry never reaches the
 * card (no retry counter is known, but nothing is gained by sending garbage).
 */
export function encodeCardNumber(cardNumber: string): Uint8Array {
  if (!isValidCardNumber(cardNumber)) {
    const message = 'Card number must be 2 letters, 8 digits, 2 letters (half-width A-Z, 0-9)';
    throw new KioskError(KioskErrorCode.wrongCardNumber, message);
  }
  return Uint8Array.from(cardNumber, (char) => char.charCodeAt(0));
}

/** Byte-for-character (Latin-1), so that any byte sequence decodes and simply fails to match a valid number. */
export function decodeCardNumber(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
