import { assertLength } from './bytes';
import { cbcEncrypt } from './cbc';
import { createDes, DES_BLOCK_SIZE } from './des';
import { padIso7816 } from './padding';

export const RETAIL_MAC_KEY_LENGTH = 16;
export const RETAIL_MAC_LENGTH = 8;

/**
 * ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") with padding method 2, as used by 1st-generation cards (and ICAO
 * BAC): single-DES CBC with K1 over every block, then D(K2) and E(K1) on the last one. Key = K1 || K2.
 */
export function retailMac(key: Uint8Array, message: Uint8Array): Uint8Array {
  assertLength('Retail MAC key', key, RETAIL_MAC_KEY_LENGTH);
  const k1 = createDes(key.subarray(0, 8));
  const k2 = createDes(key.subarray(8, 16));
  const chained = cbcEncrypt(k1, new Uint8Array(DES_BLOCK_SIZE), padIso7816(message, DES_BLOCK_SIZE));
  const lastBlock = chained.subarray(chained.length - DES_BLOCK_SIZE);
  return k1.encryptBlock(k2.decryptBlock(lastBlock));
}
