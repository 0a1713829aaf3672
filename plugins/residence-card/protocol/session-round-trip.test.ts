import { describe, expect, it } from 'vitest';
import { gen1CipherSuite, gen2CipherSuite } from './cipher-suite';
import { randomBytes } from '../../../kernel/api';
import { deriveAccessKey, deriveSessionKey } from './keys';
import {
  answerMutualAuthentication,
  buildMutualAuthentication,
  verifyCardAuthentication,
} from './mutual-authentication';
import { decodeSmResponse, decodeVerifyData, encodeSmResponse, encodeVerifyData } from './secure-messaging';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function randomCardNumber(): string {
  const [a, b, c, d, ...digits] = randomBytes(12);
  const letter = (byte = 0): string => LETTERS[byte % 26] ?? 'A';
  const numberPart = digits.map((byte) => String(byte % 10)).join('');
  return letter(a) + letter(b) + numberPart + letter(c) + letter(d);
}

/** Terminal functions against card-side functions, as the kiosk will talk to the card emulator. */
describe.each([gen1CipherSuite, gen2CipherSuite])('whole session, generation $generation', (suite) => {
  it('authenticates, verifies the number and reads a file for 50 random cards', () => {
    for (let i = 0; i < 50; i++) {
      const cardNumber = randomCardNumber();
      const accessKey = deriveAccessKey(cardNumber);
      const rndIcc = randomBytes(8);
      const kIcc = randomBytes(16);
      const rndIfd = randomBytes(8);
      const kIfd = randomBytes(16);

      const command = buildMutualAuthentication(suite, accessKey, rndIcc, rndIfd, kIfd);
      const answer = answerMutualAuthentication(suite, accessKey, command.commandData, rndIcc, kIcc);
      if (!answer.ok) throw new Error(`card ${cardNumber} refused: ${answer.failure}`);
      const kIccSeenByTerminal = verifyCardAuthentication(suite, accessKey, answer.response, rndIcc, rndIfd);
      const terminalSessionKey = deriveSessionKey(kIfd, kIccSeenByTerminal);
      const cardSessionKey = deriveSessionKey(answer.kIfd, kIcc);
      expect(terminalSessionKey).toEqual(cardSessionKey);

      const verifyData = encodeVerifyData(suite, terminalSessionKey, cardNumber);
      expect(decodeVerifyData(suite, cardSessionKey, verifyData)).toBe(cardNumber);

      const file = randomBytes(1 + (i * 97) % 600);
      expect(decodeSmResponse(suite, terminalSessionKey, encodeSmResponse(suite, cardSessionKey, file))).toEqual(file);
    }
  });
});
