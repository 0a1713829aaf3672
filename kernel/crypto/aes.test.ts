import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac } from './aes';

const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function opensslAesCbc(mode: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array): string {
  const create = mode === 'encrypt' ? createCipheriv : createDecipheriv;
  const cipher = create('aes-128-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]).toString('hex');
}

/** RFC 4493 written out over OpenSSL's AES-128-ECB, independent of @noble/ciphers. */
function referenceCmac(key: Uint8Array, message: Uint8Array): string {
  const encryptBlock = (block: Uint8Array): Buffer =>
    createCipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(block);
  const double = (block: Uint8Array): Buffer => {
    const result = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) result[i] = ((block[i] ?? 0) << 1) | ((block[i + 1] ?? 0) >>> 7);
    if (((block[0] ?? 0) & 0x80) !== 0) result[15] = (result[15] ?? 0) ^ 0x87;
    return result;
  };
  const k1 = double(encryptBlock(Buffer.alloc(16)));
  const k2 = double(k1);
  const complete = message.length > 0 && message.length % 16 === 0;
  const blocks = complete ? message.length / 16 : Math.floor(message.length / 16) + 1;
  const last = Buffer.alloc(16);
  last.set(message.subarray((blocks - 1) * 16));
  if (!complete) last[message.length - (blocks - 1) * 16] = 0x80;
  const subkey = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] = (last[i] ?? 0) ^ (subkey[i] ?? 0);
  let state: Buffer = Buffer.alloc(16);
  for (let b = 0; b < blocks; b++) {
    const block = b === blocks - 1 ? last : message.subarray(b * 16, b * 16 + 16);
    state = encryptBlock(state.map((byte, i) => byte ^ (block[i] ?? 0)));
  }
  return state.toString('hex');
}

describe('AES-128-CBC without padding', () => {
  it('agrees with OpenSSL aes-128-cbc on 300 random keys, IVs and messages', () => {
    for (let i = 0; i < 300; i++) {
      const key = randomBytes(16);
      const iv = randomBytes(16);
      const data = randomBytes(16 * randomInt(0, 9));
      const context = `key ${toHex(key)} iv ${toHex(iv)} data ${toHex(data)}`;
      const ciphertext = aesCbcEncrypt(key, iv, data);
      expect(toHex(ciphertext), context).toBe(opensslAesCbc('encrypt', key, iv, data));
      expect(toHex(aesCbcDecrypt(key, iv, data)), context).toBe(opensslAesCbc('decrypt', key, iv, data));
      expect(toHex(aesCbcDecrypt(key, iv, ciphertext)), context).toBe(toHex(data));
    }
  });

  it('rejects AES-256 keys, short IVs and unaligned data instead of padding with PKCS#7', () => {
    expect(() => aesCbcEncrypt(new Uint8Array(32), new Uint8Array(16), new Uint8Array(16))).toThrow(RangeError);
    expect(() => aesCbcEncrypt(new Uint8Array(16), new Uint8Array(8), new Uint8Array(16))).toThrow(RangeError);
    expect(() => aesCbcEncrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(12))).toThrow(RangeError);
    expect(() => aesCbcDecrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(17))).toThrow(RangeError);
  });
});

describe('AES-CMAC', () => {
  // RFC 4493 section 4, examples 1-4 (key 2b7e1516..., message prefixes of 0, 16, 40 and 64 bytes).
  const rfcKey = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
  const rfcMessage = fromHex(`
    6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
    30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710`);
  it.each([
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ])('matches RFC 4493 for a %i-byte message', (length, tag) => {
    expect(toHex(aesCmac(rfcKey, rfcMessage.subarray(0, length)))).toBe(tag);
    expect(referenceCmac(rfcKey, rfcMessage.subarray(0, length))).toBe(tag);
  });

  it('agrees with an RFC 4493 reference over OpenSSL AES on 300 random keys and messages', () => {
    for (let i = 0; i < 300; i++) {
      const key = randomBytes(16);
      const message = randomBytes(randomInt(0, 80));
      expect(toHex(aesCmac(key, message)), `key ${toHex(key)} message ${toHex(message)}`).toBe(
        referenceCmac(key, message),
      );
    }
  });

  it('rejects a key that is not 16 bytes', () => {
    expect(() => aesCmac(new Uint8Array(32), new Uint8Array(0))).toThrow(RangeError);
  });
});
