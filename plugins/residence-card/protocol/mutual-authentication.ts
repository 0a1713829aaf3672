import { KioskError, KioskErrorCode } from '../../../kernel/api';
import { CARD_KEY_LENGTH, CARD_MAC_LENGTH, type CardCipherSuite } from './cipher-suite';
import { assertLength, concatBytes, constantTimeEqual } from '../../../kernel/api';

/**
 * MUTUAL AUTHENTICATE (00 82 00 00 28 ..), the same message layout for both generations:
 *   terminal -> card  E.IFD = ENC(Kenc, RND.IFD || RND.ICC || K.IFD), M.IFD = MAC(Kmac, E.IFD)
 *   card -> terminal  E.ICC = ENC(Kenc, RND.ICC || RND.IFD || K.ICC), M.ICC = MAC(Kmac, E.ICC)
 * Kenc = Kmac is the access key derived from the card number.
 */

export const NONCE_LENGTH = 8;
export const KEY_SEED_LENGTH = CARD_KEY_LENGTH;
const CRYPTOGRAM_LENGTH = 2 * NONCE_LENGTH + KEY_SEED_LENGTH;
/** Lc of the command and length of the card's answer: a 32-byte cryptogram and an 8-byte MAC. */
export const MUTUAL_AUTHENTICATION_DATA_LENGTH = CRYPTOGRAM_LENGTH + CARD_MAC_LENGTH;

export interface MutualAuthenticationCommand {
  readonly eIfd: Uint8Array;
  readonly mIfd: Uint8Array;
  /** E.IFD || M.IFD, the 40-byte command data. */
  readonly commandData: Uint8Array;
}

/** Terminal side: the command data answering the card's challenge RND.ICC. */
export function buildMutualAuthentication(
  suite: CardCipherSuite,
  accessKey: Uint8Array,
  rndIcc: Uint8Array,
  rndIfd: Uint8Array,
  kIfd: Uint8Array,
): MutualAuthenticationCommand {
  assertLength('Access key', accessKey, CARD_KEY_LENGTH);
  assertLength('RND.ICC', rndIcc, NONCE_LENGTH);
  assertLength('RND.IFD', rndIfd, NONCE_LENGTH);
  assertLength('K.IFD', kIfd, KEY_SEED_LENGTH);
  const eIfd = suite.encrypt(accessKey, concatBytes(rndIfd, rndIcc, kIfd));
  const mIfd = suite.mac(accessKey, eIfd);
  return { eIfd, mIfd, commandData: concatBytes(eIfd, mIfd) };
}

/**
 * Terminal side: checks the card's answer and returns K.ICC. A MAC or nonce mismatch means the card did not
 * compute with our keys or our session (a wrong card number is normally refused earlier, with 63 00, by the card
 * itself); it is reported as CARD_READ_FAILED so the person is asked to try again.
 */
export function verifyCardAuthentication(
  suite: CardCipherSuite,
  accessKey: Uint8Array,
  response: Uint8Array,
  rndIcc: Uint8Array,
  rndIfd: Uint8Array,
): Uint8Array {
  assertLength('Access key', accessKey, CARD_KEY_LENGTH);
  assertLength('RND.ICC', rndIcc, NONCE_LENGTH);
  assertLength('RND.IFD', rndIfd, NONCE_LENGTH);
  if (response.length !== MUTUAL_AUTHENTICATION_DATA_LENGTH) {
    throw new KioskError(
      KioskErrorCode.malformedCardData,
      `MUTUAL AUTHENTICATE answer must be ${MUTUAL_AUTHENTICATION_DATA_LENGTH} bytes, got ${response.length}`,
    );
  }
  const eIcc = response.subarray(0, CRYPTOGRAM_LENGTH);
  const mIcc = response.subarray(CRYPTOGRAM_LENGTH);
  if (!constantTimeEqual(suite.mac(accessKey, eIcc), mIcc)) {
    throw new KioskError(KioskErrorCode.cardReadFailed, 'MUTUAL AUTHENTICATE: the card MAC (M.ICC) does not verify');
  }
  const decrypted = suite.decrypt(accessKey, eIcc);
  const echoedRndIcc = decrypted.subarray(0, NONCE_LENGTH);
  const echoedRndIfd = decrypted.subarray(NONCE_LENGTH, 2 * NONCE_LENGTH);
  if (!constantTimeEqual(echoedRndIcc, rndIcc) || !constantTimeEqual(echoedRndIfd, rndIfd)) {
    throw new KioskError(KioskErrorCode.cardReadFailed, 'MUTUAL AUTHENTICATE: the card answered for another challenge');
  }
  return decrypted.slice(2 * NONCE_LENGTH);
}

/**
 * Why a card refuses MUTUAL AUTHENTICATE. A card emulator answers `malformed-command` with 67 00 and the others
 * with 63 00, as real cards do.
 */
export type CardAuthenticationFailure = 'malformed-command' | 'bad-mac' | 'wrong-challenge';

export type CardAuthenticationAnswer =
  | { readonly ok: true; readonly response: Uint8Array; readonly kIfd: Uint8Array }
  | { readonly ok: false; readonly failure: CardAuthenticationFailure };

/**
 * Card side, for the card emulator: checks the terminal's M.IFD and its echo of the challenge RND.ICC, then
 * answers E.ICC || M.ICC. The returned K.IFD and the card's own K.ICC give the session key.
 */
export function answerMutualAuthentication(
  suite: CardCipherSuite,
  accessKey: Uint8Array,
  commandData: Uint8Array,
  rndIcc: Uint8Array,
  kIcc: Uint8Array,
): CardAuthenticationAnswer {
  assertLength('Access key', accessKey, CARD_KEY_LENGTH);
  assertLength('RND.ICC', rndIcc, NONCE_LENGTH);
  assertLength('K.ICC', kIcc, KEY_SEED_LENGTH);
  if (commandData.length !== MUTUAL_AUTHENTICATION_DATA_LENGTH) return { ok: false, failure: 'malformed-command' };
  const eIfd = commandData.subarray(0, CRYPTOGRAM_LENGTH);
  const mIfd = commandData.subarray(CRYPTOGRAM_LENGTH);
  if (!constantTimeEqual(suite.mac(accessKey, eIfd), mIfd)) return { ok: false, failure: 'bad-mac' };
  const decrypted = suite.decrypt(accessKey, eIfd);
  const rndIfd = decrypted.subarray(0, NONCE_LENGTH);
  if (!constantTimeEqual(decrypted.subarray(NONCE_LENGTH, 2 * NONCE_LENGTH), rndIcc)) {
    return { ok: false, failure: 'wrong-challenge' };
  }
  const eIcc = suite.encrypt(accessKey, concatBytes(rndIcc, rndIfd, kIcc));
  return {
    ok: true,
    response: concatBytes(eIcc, suite.mac(accessKey, eIcc)),
    kIfd: decrypted.slice(2 * NONCE_LENGTH),
  };
}
