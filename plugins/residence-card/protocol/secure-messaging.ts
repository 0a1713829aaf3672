import { KioskError, KioskErrorCode } from '../../../kernel/api';
import { encodeBerLength, readBerLength } from './ber-length';
import { decodeCardNumber, encodeCardNumber } from './card-number-encoding';
import type { CardCipherSuite } from './cipher-suite';
import { concatBytes, padIso7816, unpadIso7816 } from '../../../kernel/api';

/**
 * The residence card's secure messaging. It is NOT ICAO 9303 SM: only the cryptogram DO 86 (value = padding
 * indicator 01 || ENC(KSenc, IV = 0, data || 80 00..)), no MAC DO 8E, no status DO 99, no send-sequence counter,
 * and the IV is all-zero for every message. Integrity rests on the padding check alone, so any decoding fault is
 * reported as MALFORMED_CARD_DATA.
 */

/** CLA of every SM command (VERIFY, READ BINARY). */
export const SECURE_MESSAGING_CLA = 0x08;

const CRYPTOGRAM_TAG = 0x86;
const PADDING_INDICATOR_ISO7816 = 0x01;
const LE_TAG = 0x96;

/** Terminal side: the VERIFY (08 20 00 86) command data `86 11 01 || ENC(card number || 80 00 00 00)`. */
export function encodeVerifyData(suite: CardCipherSuite, ksEnc: Uint8Array, cardNumber: string): Uint8Array {
  return encodeCryptogramObject(suite, ksEnc, encodeCardNumber(cardNumber));
}

/**
 * Card side, for the card emulator: the card number a VERIFY command carries. The emulator compares it with its
 * own (63 00 on mismatch) and answers 69 88 when this throws.
 */
export function decodeVerifyData(suite: CardCipherSuite, ksEnc: Uint8Array, commandData: Uint8Array): string {
  return decodeCardNumber(decodeCryptogramObject(suite, ksEnc, commandData));
}

/** Terminal side: the plain file content of an SM READ BINARY answer (without its status word). */
export function decodeSmResponse(suite: CardCipherSuite, ksEnc: Uint8Array, responseData: Uint8Array): Uint8Array {
  return decodeCryptogramObject(suite, ksEnc, responseData);
}

/** Card side, for the card emulator: the SM READ BINARY answer for a file's plain content. */
export function encodeSmResponse(suite: CardCipherSuite, ksEnc: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return encodeCryptogramObject(suite, ksEnc, plaintext);
}

/** Data of SM READ BINARY: the Le object `96 02 00 00`, "the whole file" (read files in one extended command). */
export function smReadBinaryCommandData(): Uint8Array {
  return Uint8Array.of(LE_TAG, 0x02, 0x00, 0x00);
}

function encodeCryptogramObject(suite: CardCipherSuite, ksEnc: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cryptogram = suite.encrypt(ksEnc, padIso7816(plaintext, suite.blockSize));
  return concatBytes(
    Uint8Array.of(CRYPTOGRAM_TAG),
    encodeBerLength(1 + cryptogram.length),
    Uint8Array.of(PADDING_INDICATOR_ISO7816),
    cryptogram,
  );
}

function decodeCryptogramObject(suite: CardCipherSuite, ksEnc: Uint8Array, data: Uint8Array): Uint8Array {
  if (data[0] !== CRYPTOGRAM_TAG) throw malformed('cryptogram object 86 expected');
  const { length, valueOffset } = readBerLength(data, 1);
  if (valueOffset + length !== data.length) {
    throw malformed(`object length ${length} does not match the ${data.length - valueOffset} bytes received`);
  }
  if (data[valueOffset] !== PADDING_INDICATOR_ISO7816) throw malformed('padding indicator 01 expected');
  const cryptogram = data.subarray(valueOffset + 1);
  if (cryptogram.length === 0 || cryptogram.length % suite.blockSize !== 0) {
    throw malformed(`cryptogram of ${cryptogram.length} bytes is not a whole number of ${suite.blockSize}-byte blocks`);
  }
  return unpadIso7816(suite.decrypt(ksEnc, cryptogram), suite.blockSize);
}

function malformed(detail: string): KioskError {
  return new KioskError(KioskErrorCode.malformedCardData, `Bad secure-messaging object: ${detail}`);
}
