import { describe, expect, it } from 'vitest';
import { KioskErrorCode } from '../../../kernel/api';
import { gen1CipherSuite, gen2CipherSuite } from './cipher-suite';
import {
  decodeSmResponse,
  decodeVerifyData,
  encodeSmResponse,
  encodeVerifyData,
  smReadBinaryCommandData,
} from './secure-messaging';

const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();
const malformed = expect.objectContaining({ code: KioskErrorCode.malformedCardData });

const SESSION_KEY = fromHex('C19CF13D3D7FBEE9EA293D834C88952F');

describe.each([gen1CipherSuite, gen2CipherSuite])('secure messaging, generation $generation', (suite) => {
  const encryptRaw = (plaintext: Uint8Array): Uint8Array => suite.encrypt(SESSION_KEY, plaintext);
  /** A DO 86 around a cryptogram of our choosing, to build malformed answers with valid framing. */
  const wrap = (header: string, cryptogram: Uint8Array): Uint8Array =>
    Uint8Array.from([...fromHex(header), ...cryptogram]);

  it('VERIFY data is 86 11 01 and a 16-byte cryptogram (12 characters + 80 00 00 00)', () => {
    const data = encodeVerifyData(suite, SESSION_KEY, 'AA12345678BB');
    expect(toHex(data.subarray(0, 3))).toBe('861101');
    expect(data).toHaveLength(19);
    expect(decodeVerifyData(suite, SESSION_KEY, data)).toBe('AA12345678BB');
  });

  it('VERIFY refuses a malformed card number before encrypting it', () => {
    expect(() => encodeVerifyData(suite, SESSION_KEY, 'aa12345678bb')).toThrow(
      expect.objectContaining({ code: KioskErrorCode.wrongCardNumber }),
    );
  });

  it.each([
    ['short', 0, '86'],
    ['short', 100, '86'],
    ['81 xx', 200, '8681'],
    ['82 xx yy', 5508, '8682'],
  ])('round-trips file contents with %s lengths (%i bytes)', (_, length, header) => {
    const file = Uint8Array.from({ length }, (__, i) => (i * 31) & 0xff);
    const response = encodeSmResponse(suite, SESSION_KEY, file);
    expect(toHex(response).startsWith(header)).toBe(true);
    expect(decodeSmResponse(suite, SESSION_KEY, response)).toEqual(file);
  });

  it('accepts a non-minimal length form (81 xx for a short object)', () => {
    const minimal = encodeSmResponse(suite, SESSION_KEY, fromHex('5A'));
    const nonMinimal = Uint8Array.from([0x86, 0x81, ...minimal.subarray(1)]);
    expect(toHex(decodeSmResponse(suite, SESSION_KEY, nonMinimal))).toBe('5A');
  });

  it('Le object of SM READ BINARY asks for the whole file', () => {
    expect(toHex(smReadBinaryCommandData())).toBe('96020000');
  });

  describe('malformed answers are MALFORMED_CARD_DATA', () => {
    const good = encodeSmResponse(suite, SESSION_KEY, fromHex('C20C414131323334353637384242'));
    const cryptogram = good.subarray(3);
    const lengthByte = (cryptogram.length + 1).toString(16).padStart(2, '0');

    it.each([
      ['empty data', new Uint8Array(0)],
      ['another tag', wrap(`87 ${lengthByte} 01`, cryptogram)],
      ['padding indicator 02', wrap(`86 ${lengthByte} 02`, cryptogram)],
      ['length longer than the data', wrap(`86 ${(cryptogram.length + 2).toString(16)} 01`, cryptogram)],
      ['length shorter than the data', wrap(`86 ${cryptogram.length.toString(16)} 01`, cryptogram)],
      ['bytes after the object', Uint8Array.from([...good, 0x90, 0x00])],
      ['truncated 82 length', fromHex('86 82 15')],
      ['indefinite length', wrap('86 80 01', cryptogram)],
      ['no cryptogram', fromHex('86 01 01')],
      ['no indicator', fromHex('86 00')],
    ])('%s', (_, data) => {
      expect(() => decodeSmResponse(suite, SESSION_KEY, data)).toThrow(malformed);
    });

    it('cryptogram not a whole number of blocks', () => {
      const short = cryptogram.subarray(0, cryptogram.length - 1);
      const response = wrap(`86 ${cryptogram.length.toString(16)} 01`, short);
      expect(() => decodeSmResponse(suite, SESSION_KEY, response)).toThrow(malformed);
    });

    it('bad padding (plaintext not ending in 80 00..)', () => {
      const unpadded = encryptRaw(new Uint8Array(suite.blockSize).fill(0x41));
      const response = wrap(`86 ${(unpadded.length + 1).toString(16)} 01`, unpadded);
      expect(() => decodeSmResponse(suite, SESSION_KEY, response)).toThrow(malformed);
    });

    it('decrypted with the wrong session key', () => {
      const wrongKey = fromHex('00112233445566778899AABBCCDDEEFF');
      expect(() => decodeSmResponse(suite, wrongKey, good)).toThrow(malformed);
    });
  });
});
