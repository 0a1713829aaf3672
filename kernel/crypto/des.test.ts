import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { desDecryptBlock, desEncryptBlock, tripleDesCbcDecrypt, tripleDesCbcEncrypt } from './des';

const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** OpenSSL 3 keeps single DES in the legacy provider; E(K, D(K, E(K, x))) = E(K, x) gives it through des-ede. */
function opensslDes(mode: 'encrypt' | 'decrypt', key: Uint8Array, block: Uint8Array): string {
  const create = mode === 'encrypt' ? createCipheriv : createDecipheriv;
  const cipher = create('des-ede-ecb', Buffer.concat([key, key]), null).setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]).toString('hex');
}

function opensslTripleDesCbc(mode: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array): string {
  const create = mode === 'encrypt' ? createCipheriv : createDecipheriv;
  const cipher = create('des-ede-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]).toString('hex');
}

describe('single DES block', () => {
  it('matches the classic worked example (key 133457799BBCDFF1)', () => {
    const key = fromHex('133457799BBCDFF1');
    expect(toHex(desEncryptBlock(key, fromHex('0123456789ABCDEF')))).toBe('85e813540f0ab405');
    expect(toHex(desDecryptBlock(key, fromHex('85E813540F0AB405')))).toBe('0123456789abcdef');
  });

  it('agrees with OpenSSL on 300 random keys and blocks, both directions', () => {
    for (let i = 0; i < 300; i++) {
      const key = randomBytes(8);
      const block = randomBytes(8);
      const context = `key ${toHex(key)} block ${toHex(block)}`;
      expect(toHex(desEncryptBlock(key, block)), context).toBe(opensslDes('encrypt', key, block));
      expect(toHex(desDecryptBlock(key, block)), context).toBe(opensslDes('decrypt', key, block));
    }
  });

  it('ignores parity bits, as DES does', () => {
    const key = fromHex('133457799BBCDFF1');
    const flippedParity = key.map((byte) => byte ^ 1);
    const block = fromHex('0123456789ABCDEF');
    expect(toHex(desEncryptBlock(flippedParity, block))).toBe(toHex(desEncryptBlock(key, block)));
  });

  it('rejects wrong key and block sizes', () => {
    expect(() => desEncryptBlock(new Uint8Array(7), new Uint8Array(8))).toThrow(RangeError);
    expect(() => desEncryptBlock(new Uint8Array(8), new Uint8Array(16))).toThrow(RangeError);
  });
});

describe('two-key 3DES-CBC', () => {
  it('agrees with OpenSSL des-ede-cbc on 300 random keys, IVs and messages', () => {
    for (let i = 0; i < 300; i++) {
      const key = randomBytes(16);
      const iv = randomBytes(8);
      const data = randomBytes(8 * randomInt(0, 9));
      const context = `key ${toHex(key)} iv ${toHex(iv)} data ${toHex(data)}`;
      const ciphertext = tripleDesCbcEncrypt(key, iv, data);
      expect(toHex(ciphertext), context).toBe(opensslTripleDesCbc('encrypt', key, iv, data));
      expect(toHex(tripleDesCbcDecrypt(key, iv, data)), context).toBe(opensslTripleDesCbc('decrypt', key, iv, data));
      expect(toHex(tripleDesCbcDecrypt(key, iv, ciphertext)), context).toBe(toHex(data));
    }
  });

  it('reproduces E.IFD of the ICAO 9303 Part 11 BAC worked example', () => {
    const kEnc = fromHex('AB94FDECF2674FDFB9B391F85D7F76F2');
    const s = fromHex('781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
    expect(toHex(tripleDesCbcEncrypt(kEnc, new Uint8Array(8), s))).toBe(
      '72c29c2371cc9bdb65b779b8e8d37b29ecc154aa56a8799fae2f498f76ed92f2',
    );
  });

  it('equals single DES when K2 = K1', () => {
    const half = randomBytes(8);
    const block = randomBytes(8);
    const key = new Uint8Array([...half, ...half]);
    expect(toHex(tripleDesCbcEncrypt(key, new Uint8Array(8), block))).toBe(toHex(desEncryptBlock(half, block)));
  });

  it('rejects a 24-byte key, a short IV and unpadded data', () => {
    expect(() => tripleDesCbcEncrypt(new Uint8Array(24), new Uint8Array(8), new Uint8Array(8))).toThrow(RangeError);
    expect(() => tripleDesCbcEncrypt(new Uint8Array(16), new Uint8Array(7), new Uint8Array(8))).toThrow(RangeError);
    expect(() => tripleDesCbcDecrypt(new Uint8Array(16), new Uint8Array(8), new Uint8Array(12))).toThrow(RangeError);
  });
});
