import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cipherSuiteForGeneration, gen1CipherSuite, gen2CipherSuite } from './cipher-suite';
import { aesCmac, retailMac } from '../../../kernel/api';

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('card cipher suites', () => {
  it('1st generation: 3DES-CBC with a zero IV, 8-byte blocks, retail MAC', () => {
    const key = randomBytes(16);
    const data = randomBytes(32);
    const openssl = createCipheriv('des-ede-cbc', key, Buffer.alloc(8)).setAutoPadding(false).update(data);
    expect(gen1CipherSuite.blockSize).toBe(8);
    expect(toHex(gen1CipherSuite.encrypt(key, data))).toBe(openssl.toString('hex'));
    expect(toHex(gen1CipherSuite.decrypt(key, openssl))).toBe(toHex(data));
    expect(toHex(gen1CipherSuite.mac(key, data))).toBe(toHex(retailMac(key, data)));
  });

  it('2nd generation: AES-128-CBC with a zero IV, 16-byte blocks, CMAC cut to 8 bytes', () => {
    const key = randomBytes(16);
    const data = randomBytes(32);
    const openssl = createCipheriv('aes-128-cbc', key, Buffer.alloc(16)).setAutoPadding(false).update(data);
    expect(gen2CipherSuite.blockSize).toBe(16);
    expect(toHex(gen2CipherSuite.encrypt(key, data))).toBe(openssl.toString('hex'));
    expect(toHex(gen2CipherSuite.decrypt(key, openssl))).toBe(toHex(data));
    expect(gen2CipherSuite.mac(key, data)).toHaveLength(8);
    expect(toHex(gen2CipherSuite.mac(key, data))).toBe(toHex(aesCmac(key, data).subarray(0, 8)));
  });

  it('is chosen by generation', () => {
    expect(cipherSuiteForGeneration(1)).toBe(gen1CipherSuite);
    expect(cipherSuiteForGeneration(2)).toBe(gen2CipherSuite);
  });
});
