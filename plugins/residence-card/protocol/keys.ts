import { CARD_KEY_LENGTH } from './cipher-suite';
import { encodeCardNumber } from './card-number-encoding';
import { concatBytes, sha1, xorBytes } from '../../../kernel/api';

/** Appended to the key seed before hashing, as in ICAO 9303 (counter 1 selects the encryption key). */
const SESSION_ENCRYPTION_KEY_COUNTER = Uint8Array.of(0x00, 0x00, 0x00, 0x01);

/**
 * Kenc = Kmac = SHA-1(ASCII card number)[0..15]. Throws KioskError WRONG_CARD_NUMBER when the number is not
 * 2 letters, 8 digits, 2 letters (half-width upper case).
 */
export function deriveAccessKey(cardNumber: string): Uint8Array {
  return sha1(encodeCardNumber(cardNumber)).slice(0, CARD_KEY_LENGTH);
}

/** KSenc = SHA-1((K.IFD xor K.ICC) || 00 00 00 01)[0..15]; the only session key this card uses. */
export function deriveSessionKey(kIfd: Uint8Array, kIcc: Uint8Array): Uint8Array {
  if (kIfd.length !== CARD_KEY_LENGTH || kIcc.length !== CARD_KEY_LENGTH) {
    throw new RangeError(`K.IFD and K.ICC must be ${CARD_KEY_LENGTH} bytes`);
  }
  return sha1(concatBytes(xorBytes(kIfd, kIcc), SESSION_ENCRYPTION_KEY_COUNTER)).slice(0, CARD_KEY_LENGTH);
}
