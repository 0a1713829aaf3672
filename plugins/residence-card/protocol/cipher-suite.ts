import {
  aesCbcDecrypt,
  aesCbcEncrypt,
  aesCmac,
  AES_BLOCK_SIZE,
  DES_BLOCK_SIZE,
  retailMac,
  tripleDesCbcDecrypt,
  tripleDesCbcEncrypt,
} from '../../../kernel/api';

/** Every MAC on the card is 8 bytes: the retail MAC natively, AES-CMAC truncated. */
export const CARD_MAC_LENGTH = 8;

/** Access keys and session keys are 16 bytes for both generations (2-key 3DES or AES-128). */
export const CARD_KEY_LENGTH = 16;

/**
 * What differs between card generations: the block cipher and the MAC. Everything else (key derivation,
 * message layout, secure messaging) is shared and written once against this interface.
 * `encrypt`/`decrypt` are CBC with an all-zero IV and no padding; `mac` pads internally.
 */
export interface CardCipherSuite {
  readonly generation: 1 | 2;
  readonly blockSize: number;
  encrypt(key: Uint8Array, plaintext: Uint8Array): Uint8Array;
  decrypt(key: Uint8Array, ciphertext: Uint8Array): Uint8Array;
  /** An 8-byte MAC. */
  mac(key: Uint8Array, message: Uint8Array): Uint8Array;
}

const ZERO_DES_IV = new Uint8Array(DES_BLOCK_SIZE);
const ZERO_AES_IV = new Uint8Array(AES_BLOCK_SIZE);

/** 1st generation (card types '1' and '2'): 2-key 3DES-CBC and the ISO 9797-1 retail MAC. */
export const gen1CipherSuite: CardCipherSuite = {
  generation: 1,
  blockSize: DES_BLOCK_SIZE,
  encrypt: (key, plaintext) => tripleDesCbcEncrypt(key, ZERO_DES_IV, plaintext),
  decrypt: (key, ciphertext) => tripleDesCbcDecrypt(key, ZERO_DES_IV, ciphertext),
  mac: (key, message) => retailMac(key, message),
};

/** 2nd generation (card types 05 and 06): AES-128-CBC and AES-CMAC truncated to its first 8 bytes. */
export const gen2CipherSuite: CardCipherSuite = {
  generation: 2,
  blockSize: AES_BLOCK_SIZE,
  encrypt: (key, plaintext) => aesCbcEncrypt(key, ZERO_AES_IV, plaintext),
  decrypt: (key, ciphertext) => aesCbcDecrypt(key, ZERO_AES_IV, ciphertext),
  mac: (key, message) => aesCmac(key, message).slice(0, CARD_MAC_LENGTH),
};

export function cipherSuiteForGeneration(generation: 1 | 2): CardCipherSuite {
  return generation === 1 ? gen1CipherSuite : gen2CipherSuite;
}
