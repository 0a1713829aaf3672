import { assertBlockMultiple, assertLength } from './bytes';

/** A block cipher keyed once; each call transforms exactly one block. */
export interface BlockCipher {
  readonly blockSize: number;
  encryptBlock(block: Uint8Array): Uint8Array;
  decryptBlock(block: Uint8Array): Uint8Array;
}

/** CBC without padding: the caller pads, because card protocols pick their own padding (ISO 7816-4). */
export function cbcEncrypt(cipher: BlockCipher, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const { blockSize } = cipher;
  assertLength('CBC IV', iv, blockSize);
  assertBlockMultiple('CBC plaintext', plaintext, blockSize);
  const ciphertext = new Uint8Array(plaintext.length);
  let previous = iv;
  for (let offset = 0; offset < plaintext.length; offset += blockSize) {
    const mixed = new Uint8Array(blockSize);
    for (let i = 0; i < blockSize; i++) mixed[i] = (plaintext[offset + i] ?? 0) ^ (previous[i] ?? 0);
    previous = cipher.encryptBlock(mixed);
    ciphertext.set(previous, offset);
  }
  return ciphertext;
}

export function cbcDecrypt(cipher: BlockCipher, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const { blockSize } = cipher;
  assertLength('CBC IV', iv, blockSize);
  assertBlockMultiple('CBC ciphertext', ciphertext, blockSize);
  const plaintext = new Uint8Array(ciphertext.length);
  let previous = iv;
  for (let offset = 0; offset < ciphertext.length; offset += blockSize) {
    const block = ciphertext.subarray(offset, offset + blockSize);
    const decrypted = cipher.decryptBlock(block);
    for (let i = 0; i < blockSize; i++) plaintext[offset + i] = (decrypted[i] ?? 0) ^ (previous[i] ?? 0);
    previous = block;
  }
  return plaintext;
}
