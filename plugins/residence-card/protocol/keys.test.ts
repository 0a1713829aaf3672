import { describe, expect, it } from 'vitest';
import { KioskErrorCode } from '../../../kernel/api';
import { deriveAccessKey, deriveSessionKey } from './keys';

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

describe('deriveAccessKey', () => {
  it('is the first 16 bytes of SHA-1 over the ASCII card number (official vector)', () => {
    expect(toHex(deriveAccessKey('AA12345678BB'))).toBe('6522B4E171195BB218223A976C040111');
  });

  it.each([
    ['lower case', 'aa12345678bb'],
    ['too short', 'AA1234567BB'],
    ['too long', 'AA123456789BB'],
    ['full-width letters', 'ＡＡ12345678BB'],
    ['digit in the suffix', 'AA12345678B1'],
    ['surrounding space', ' AA12345678BB'],
    ['empty', ''],
  ])('refuses a malformed number (%s) with WRONG_CARD_NUMBER', (_, cardNumber) => {
    const wrongCardNumber = expect.objectContaining({ code: KioskErrorCode.wrongCardNumber });
    expect(() => deriveAccessKey(cardNumber)).toThrow(wrongCardNumber);
  });
});

describe('deriveSessionKey', () => {
  const kIfd = Uint8Array.from({ length: 16 }, (_, i) => 0x40 + i);
  const kIcc = Uint8Array.from(Buffer.from('2CC6AF9B8B607C662FDCAD27B401D08B', 'hex'));

  it('is SHA-1((K.IFD xor K.ICC) || 00000001)[0..15] (official vector)', () => {
    expect(toHex(deriveSessionKey(kIfd, kIcc))).toBe('C19CF13D3D7FBEE9EA293D834C88952F');
  });

  it('gives the card and the terminal the same key whichever side computes it', () => {
    expect(toHex(deriveSessionKey(kIcc, kIfd))).toBe(toHex(deriveSessionKey(kIfd, kIcc)));
  });

  it('rejects key seeds that are not 16 bytes', () => {
    expect(() => deriveSessionKey(new Uint8Array(8), kIcc)).toThrow(RangeError);
  });
});
