import { createHash, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1, sha256 } from './hash';

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const abc = new TextEncoder().encode('abc');

describe('hashes', () => {
  it('match the FIPS 180 "abc" examples', () => {
    expect(toHex(sha1(abc))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(toHex(sha256(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('agree with OpenSSL on random inputs', () => {
    for (let i = 0; i < 100; i++) {
      const data = randomBytes(randomInt(0, 300));
      expect(toHex(sha1(data))).toBe(createHash('sha1').update(data).digest('hex'));
      expect(toHex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});
