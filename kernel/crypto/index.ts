/**
 * Crypto primitives for card protocols: synchronous, browser-safe, Uint8Array in and out.
 * `concatBytes` stays internal: kernel/smartcard already publishes one, and two under one name would clash in
 * kernel/api.
 */
export { assertBlockMultiple, assertLength, xorBytes } from './bytes';
export { cbcDecrypt, cbcEncrypt, type BlockCipher } from './cbc';
export {
  DES_BLOCK_SIZE,
  DES_KEY_LENGTH,
  TWO_KEY_TRIPLE_DES_KEY_LENGTH,
  createDes,
  createTwoKeyTripleDes,
  desDecryptBlock,
  desEncryptBlock,
  tripleDesCbcDecrypt,
  tripleDesCbcEncrypt,
} from './des';
export { RETAIL_MAC_KEY_LENGTH, RETAIL_MAC_LENGTH, retailMac } from './retail-mac';
export { AES_128_KEY_LENGTH, AES_BLOCK_SIZE, AES_CMAC_LENGTH, aesCbcDecrypt, aesCbcEncrypt, aesCmac } from './aes';
export { sha1, sha256 } from './hash';
export { padIso7816, unpadIso7816 } from './padding';
export { randomBytes } from './random';
export { constantTimeEqual } from './constant-time';
