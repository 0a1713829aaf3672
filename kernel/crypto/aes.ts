import { cbc, cmac } from '@noble/ciphers/aes.js';
import { assertBlockMultiple, assertLength } from './bytes';

export const AES_BLOCK_SIZE = 16;
export const AES_128_KEY_LENGTH = 16;
export const AES_CMAC_LENGTH = 16;

/** AES-128-CBC without padding: card protocols pad themselves (ISO 7816-4), never PKCS#7. */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  checkInputs(key, iv, plaintext);
  return cbc(key, iv, { disablePadding: true }).encrypt(plaintext);
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  checkInputs(key, iv, ciphertext);
  return cbc(key, iv, { disablePadding: true }).decrypt(ciphertext);
}

/** AES-CMAC (RFC 4493 / NIST SP 800-38B), full 16-byte tag; CMAC pads internally. */
export function aesCmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  assertLength('AES-128 key', key, AES_128_KEY_LENGTH);
  return cmac(message, key);
}

function checkInputs(key: Uint8Array, iv: Uint8Array, data: Uint8Array): void {
  assertLength('AES-128 key', key, AES_128_KEY_LENGTH);
  assertLength('AES-CBC IV', iv, AES_BLOCK_SIZE);
  assertBlockMultiple('AES-CBC data', data, AES_BLOCK_SIZE);
}
