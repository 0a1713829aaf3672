import { describe, expect, it } from 'vitest';
import { KioskErrorCode } from '../../../kernel/api';
import { gen1CipherSuite, gen2CipherSuite } from './cipher-suite';
import { randomBytes } from '../../../kernel/api';
import { deriveAccessKey } from './keys';
import {
  answerMutualAuthentication,
  buildMutualAuthentication,
  MUTUAL_AUTHENTICATION_DATA_LENGTH,
  verifyCardAuthentication,
} from './mutual-authentication';

const malformedCardData = expect.objectContaining({ code: KioskErrorCode.malformedCardData });
const cardReadFailed = expect.objectContaining({ code: KioskErrorCode.cardReadFailed });

function flipLastByte(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x01;
  return copy;
}

describe.each([gen1CipherSuite, gen2CipherSuite])('MUTUAL AUTHENTICATE, generation $generation', (suite) => {
  const accessKey = deriveAccessKey('AB98765432CD');
  const rndIcc = randomBytes(8);
  const rndIfd = randomBytes(8);
  const kIfd = randomBytes(16);
  const kIcc = randomBytes(16);
  const command = buildMutualAuthentication(suite, accessKey, rndIcc, rndIfd, kIfd);

  function cardAnswer(commandData: Uint8Array, challenge = rndIcc, key = accessKey) {
    return answerMutualAuthentication(suite, key, commandData, challenge, kIcc);
  }

  it('round-trips: the card recovers K.IFD, the terminal recovers K.ICC', () => {
    expect(command.commandData).toHaveLength(MUTUAL_AUTHENTICATION_DATA_LENGTH);
    const answer = cardAnswer(command.commandData);
    if (!answer.ok) throw new Error(`card refused: ${answer.failure}`);
    expect(answer.kIfd).toEqual(kIfd);
    expect(verifyCardAuthentication(suite, accessKey, answer.response, rndIcc, rndIfd)).toEqual(kIcc);
  });

  describe('card side (emulator)', () => {
    it('refuses command data of the wrong length', () => {
      expect(cardAnswer(command.commandData.subarray(0, 39))).toEqual({ ok: false, failure: 'malformed-command' });
    });

    it('refuses a wrong M.IFD', () => {
      expect(cardAnswer(flipLastByte(command.commandData))).toEqual({ ok: false, failure: 'bad-mac' });
    });

    it('refuses a terminal that derived its keys from another card number', () => {
      expect(cardAnswer(command.commandData, rndIcc, deriveAccessKey('AB98765432CE'))).toEqual({
        ok: false,
        failure: 'bad-mac',
      });
    });

    it('refuses an answer to an earlier challenge', () => {
      expect(cardAnswer(command.commandData, randomBytes(8))).toEqual({ ok: false, failure: 'wrong-challenge' });
    });
  });

  describe('terminal side', () => {
    const answer = cardAnswer(command.commandData);
    const response = answer.ok ? answer.response : new Uint8Array(0);

    it('reports an answer of the wrong length as malformed card data', () => {
      expect(() => verifyCardAuthentication(suite, accessKey, response.subarray(0, 39), rndIcc, rndIfd)).toThrow(
        malformedCardData,
      );
      expect(() => verifyCardAuthentication(suite, accessKey, new Uint8Array(41), rndIcc, rndIfd)).toThrow(
        malformedCardData,
      );
    });

    it('reports a wrong M.ICC as a failed read', () => {
      expect(() => verifyCardAuthentication(suite, accessKey, flipLastByte(response), rndIcc, rndIfd)).toThrow(
        cardReadFailed,
      );
    });

    it('reports an answer made with other keys as a failed read', () => {
      const otherKey = deriveAccessKey('AB98765432CE');
      expect(() => verifyCardAuthentication(suite, otherKey, response, rndIcc, rndIfd)).toThrow(cardReadFailed);
    });

    it('reports a correctly MACed answer for another RND.IFD or RND.ICC as a failed read', () => {
      const verify = (challenge: Uint8Array, ownNonce: Uint8Array) => () =>
        verifyCardAuthentication(suite, accessKey, response, challenge, ownNonce);
      expect(verify(rndIcc, randomBytes(8))).toThrow(cardReadFailed);
      expect(verify(randomBytes(8), rndIfd)).toThrow(cardReadFailed);
    });

    it('treats wrong nonce or key sizes as programming errors', () => {
      expect(() => buildMutualAuthentication(suite, accessKey, new Uint8Array(16), rndIfd, kIfd)).toThrow(RangeError);
      expect(() => buildMutualAuthentication(suite, accessKey, rndIcc, rndIfd, new Uint8Array(8))).toThrow(RangeError);
      expect(() => verifyCardAuthentication(suite, new Uint8Array(24), response, rndIcc, rndIfd)).toThrow(RangeError);
    });
  });
});
