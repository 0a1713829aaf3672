import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gen1CipherSuite, gen2CipherSuite } from './cipher-suite';
import { deriveAccessKey, deriveSessionKey } from './keys';
import {
  answerMutualAuthentication,
  buildMutualAuthentication,
  verifyCardAuthentication,
} from './mutual-authentication';
import {
  decodeSmResponse,
  decodeVerifyData,
  encodeSmResponse,
  encodeVerifyData,
  smReadBinaryCommandData,
} from './secure-messaging';

/** Walks the test vectors of residence-card-chip.md §5 from top to bottom, terminal side and card side. */

const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();
const join = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

const CARD_NUMBER = 'AA12345678BB';
const RND_IFD = fromHex('1122334455667788');
const K_IFD = fromHex('404142434445464748494A4B4C4D4E4F');
const RND_ICC = fromHex('921CE277323DA057');
const K_ICC = fromHex('2CC6AF9B8B607C662FDCAD27B401D08B');
const ACCESS_KEY = '6522B4E171195BB218223A976C040111';
const SESSION_KEY = 'C19CF13D3D7FBEE9EA293D834C88952F';

describe('official 2nd-generation vectors (001460711 Appendix 2)', () => {
  const suite = gen2CipherSuite;
  const expected = {
    eIfd: '4AD3C7B6BB484A52771977DED618B41DF841FA0476A05FBE041DEAD6109E773B',
    mIfd: 'AC854617634F5397',
    eIcc: '289A96B1DA6AE3DA87770419BFD14F0BDAD15F36432B5A946C188C7221759A62',
    mIcc: 'FA942EC51E62FF5F',
  };

  it('derives Kenc = Kmac from SHA-1 of the card number', () => {
    expect(toHex(createHash('sha1').update(CARD_NUMBER, 'ascii').digest())).toBe(
      '6522B4E171195BB218223A976C040111BDC4AA25',
    );
    expect(toHex(deriveAccessKey(CARD_NUMBER))).toBe(ACCESS_KEY);
  });

  it('terminal side: builds E.IFD, M.IFD and the 40-byte command data', () => {
    const command = buildMutualAuthentication(suite, fromHex(ACCESS_KEY), RND_ICC, RND_IFD, K_IFD);
    expect(toHex(command.eIfd)).toBe(expected.eIfd);
    expect(toHex(command.mIfd)).toBe(expected.mIfd);
    expect(toHex(command.commandData)).toBe(expected.eIfd + expected.mIfd);
  });

  it('terminal side: accepts E.ICC || M.ICC and recovers K.ICC', () => {
    expect(toHex(suite.decrypt(fromHex(ACCESS_KEY), fromHex(expected.eIcc)))).toBe(
      '921CE277323DA057' + '1122334455667788' + '2CC6AF9B8B607C662FDCAD27B401D08B',
    );
    const response = fromHex(expected.eIcc + expected.mIcc);
    const kIcc = verifyCardAuthentication(suite, fromHex(ACCESS_KEY), response, RND_ICC, RND_IFD);
    expect(toHex(kIcc)).toBe(toHex(K_ICC));
  });

  it('derives K.IFD xor K.ICC and KSenc', () => {
    expect(toHex(K_IFD.map((byte, i) => byte ^ (K_ICC[i] ?? 0)))).toBe('6C87EDD8CF253A216795E76CF84C9EC4');
    expect(toHex(deriveSessionKey(K_IFD, K_ICC))).toBe(SESSION_KEY);
  });

  it('terminal side: builds the VERIFY command', () => {
    const data = encodeVerifyData(suite, fromHex(SESSION_KEY), CARD_NUMBER);
    expect(data).toHaveLength(0x13);
    const officialApdu = fromHex('08 20 00 86 13 86 11 01 EE0B31EF877F68D071C56D58C72E6748');
    expect(toHex(join(fromHex('08 20 00 86 13'), data))).toBe(toHex(officialApdu));
  });

  it('card side: the emulator answers the official command with the official E.ICC || M.ICC', () => {
    const command = fromHex(expected.eIfd + expected.mIfd);
    const answer = answerMutualAuthentication(suite, fromHex(ACCESS_KEY), command, RND_ICC, K_ICC);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(toHex(answer.response)).toBe(expected.eIcc + expected.mIcc);
    expect(toHex(answer.kIfd)).toBe(toHex(K_IFD));
    expect(toHex(deriveSessionKey(answer.kIfd, K_ICC))).toBe(SESSION_KEY);
  });

  it('card side: the emulator reads the card number out of the official VERIFY data', () => {
    const verifyData = fromHex('861101 EE0B31EF877F68D071C56D58C72E6748');
    expect(decodeVerifyData(suite, fromHex(SESSION_KEY), verifyData)).toBe(CARD_NUMBER);
  });

  it('SM READ BINARY of DF1/EF03: command data, and the 86 82 15 91 01 answer for 2500 + 3000 bytes of images', () => {
    expect(toHex(join(fromHex('08B08400 000004'), smReadBinaryCommandData(), fromHex('0000')))).toBe(
      '08B0840000000496020000' + '0000',
    );
    const nameImage = Uint8Array.from({ length: 2500 }, (_, i) => i & 0xff);
    const face = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
    const file = join(fromHex('D08209C4'), nameImage, fromHex('D1820BB8'), face);
    const response = encodeSmResponse(suite, fromHex(SESSION_KEY), file);
    expect(toHex(response.subarray(0, 5))).toBe('8682159101');
    expect(response).toHaveLength(5 + 5520);
    const plain = suite.decrypt(fromHex(SESSION_KEY), response.subarray(5));
    expect(toHex(plain.subarray(5508))).toBe('80' + '00'.repeat(11));
    expect(toHex(decodeSmResponse(suite, fromHex(SESSION_KEY), response))).toBe(toHex(file));
  });
});

describe('1st-generation self-consistency vector (§5, not official)', () => {
  const suite = gen1CipherSuite;
  const expected = {
    eIfd: '937745C20883A1BA9177E9C2567B13544CA99D9C5E60880BE93A36E58B43B0B5',
    mIfd: '9F1FC140E78FE2E5',
    eIcc: 'EF303A943DBC6EDD9DB47A31EF1B721190388B958AEE74CB987719AC99BB5DD2',
    mIcc: 'CEB690C94F6065C7',
    verifyCryptogram: '0E862D464F58087002FE1D2CC67EBE6F',
  };

  /** The same values from OpenSSL: des-ede-cbc, and the retail MAC assembled from des-ede-cbc calls. */
  const openssl = {
    encrypt(key: Uint8Array, data: Uint8Array): string {
      return toHex(createCipheriv('des-ede-cbc', key, Buffer.alloc(8)).setAutoPadding(false).update(data));
    },
    retailMac(key: Uint8Array, message: Uint8Array): string {
      const padded = Buffer.alloc((Math.floor(message.length / 8) + 1) * 8);
      padded.set(message);
      padded[message.length] = 0x80;
      const k1 = key.subarray(0, 8);
      const chained = createCipheriv('des-ede-cbc', Buffer.concat([k1, k1]), Buffer.alloc(8))
        .setAutoPadding(false)
        .update(padded.subarray(0, -8));
      const last = createCipheriv('des-ede-cbc', key, chained.subarray(-8)).setAutoPadding(false);
      return toHex(last.update(padded.subarray(-8)));
    },
  };

  it('OpenSSL reproduces the vector', () => {
    const key = fromHex(ACCESS_KEY);
    expect(openssl.encrypt(key, join(RND_IFD, RND_ICC, K_IFD))).toBe(expected.eIfd);
    expect(openssl.retailMac(key, fromHex(expected.eIfd))).toBe(expected.mIfd);
    expect(openssl.encrypt(key, join(RND_ICC, RND_IFD, K_ICC))).toBe(expected.eIcc);
    expect(openssl.retailMac(key, fromHex(expected.eIcc))).toBe(expected.mIcc);
    expect(openssl.encrypt(fromHex(SESSION_KEY), join(Buffer.from(CARD_NUMBER, 'ascii'), fromHex('80000000')))).toBe(
      expected.verifyCryptogram,
    );
  });

  it('terminal side reproduces it', () => {
    const key = fromHex(ACCESS_KEY);
    const command = buildMutualAuthentication(suite, key, RND_ICC, RND_IFD, K_IFD);
    expect(toHex(command.commandData)).toBe(expected.eIfd + expected.mIfd);
    const kIcc = verifyCardAuthentication(suite, key, fromHex(expected.eIcc + expected.mIcc), RND_ICC, RND_IFD);
    expect(toHex(kIcc)).toBe(toHex(K_ICC));
    const sessionKey = deriveSessionKey(K_IFD, kIcc);
    expect(toHex(sessionKey)).toBe(SESSION_KEY);
    expect(toHex(encodeVerifyData(suite, sessionKey, CARD_NUMBER))).toBe('861101' + expected.verifyCryptogram);
  });

  it('card side reproduces it', () => {
    const command = fromHex(expected.eIfd + expected.mIfd);
    const answer = answerMutualAuthentication(suite, fromHex(ACCESS_KEY), command, RND_ICC, K_ICC);
    expect(answer.ok && toHex(answer.response)).toBe(expected.eIcc + expected.mIcc);
    const verifyData = fromHex('861101' + expected.verifyCryptogram);
    expect(decodeVerifyData(suite, fromHex(SESSION_KEY), verifyData)).toBe(CARD_NUMBER);
  });
});
