/**
 * DES (FIPS 46-3) and two-key triple DES (EDE, K3 = K1), needed by 1st-generation residence cards.
 * @noble/ciphers has no DES, and the npm DES packages are CommonJS and long unmaintained; this is a small
 * table-driven implementation, checked against OpenSSL in des.test.ts. Parity bits are ignored, as DES does.
 * Table lookups depend on key and data, so this is not hardened against cache-timing attacks; the keys it
 * handles live for one card session.
 */
import { assertLength } from './bytes';
import { cbcDecrypt, cbcEncrypt, type BlockCipher } from './cbc';

export const DES_BLOCK_SIZE = 8;
export const DES_KEY_LENGTH = 8;
export const TWO_KEY_TRIPLE_DES_KEY_LENGTH = 16;

// FIPS 46-3 tables, bit positions numbered 1..n from the most significant bit, exactly as printed.
const INITIAL_PERMUTATION = [
  58, 50, 42, 34, 26, 18, 10,  2,
  60, 52, 44, 36, 28, 20, 12,  4,
  62, 54, 46, 38, 30, 22, 14,  6,
  64, 56, 48, 40, 32, 24, 16,  8,
  57, 49, 41, 33, 25, 17,  9,  1,
  59, 51, 43, 35, 27, 19, 11,  3,
  61, 53, 45, 37, 29, 21, 13,  5,
  63, 55, 47, 39, 31, 23, 15,  7,
];

const PERMUTATION_P = [
  16,  7, 20, 21, 29, 12, 28, 17,
   1, 15, 23, 26,  5, 18, 31, 10,
   2,  8, 24, 14, 32, 27,  3,  9,
  19, 13, 30,  6, 22, 11,  4, 25,
];

const PERMUTED_CHOICE_1 = [
  57, 49, 41, 33, 25, 17,  9,
   1, 58, 50, 42, 34, 26, 18,
  10,  2, 59, 51, 43, 35, 27,
  19, 11,  3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15,
   7, 62, 54, 46, 38, 30, 22,
  14,  6, 61, 53, 45, 37, 29,
  21, 13,  5, 28, 20, 12,  4,
];

const PERMUTED_CHOICE_2 = [
  14, 17, 11, 24,  1,  5,
   3, 28, 15,  6, 21, 10,
  23, 19, 12,  4, 26,  8,
  16,  7, 27, 20, 13,  2,
  41, 52, 31, 37, 47, 55,
  30, 40, 51, 45, 33, 48,
  44, 49, 39, 56, 34, 53,
  46, 42, 50, 36, 29, 32,
];

const KEY_ROTATIONS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

// Each S-box as printed: 4 rows of 16, the row chosen by the outer input bits, the column by the inner four.
const S_BOXES = [
  [
    14,  4, 13,  1,  2, 15, 11,  8,  3, 10,  6, 12,  5,  9,  0,  7,
     0, 15,  7,  4, 14,  2, 13,  1, 10,  6, 12, 11,  9,  5,  3,  8,
     4,  1, 14,  8, 13,  6,  2, 11, 15, 12,  9,  7,  3, 10,  5,  0,
    15, 12,  8,  2,  4,  9,  1,  7,  5, 11,  3, 14, 10,  0,  6, 13,
  ],
  [
    15,  1,  8, 14,  6, 11,  3,  4,  9,  7,  2, 13, 12,  0,  5, 10,
     3, 13,  4,  7, 15,  2,  8, 14, 12,  0,  1, 10,  6,  9, 11,  5,
     0, 14,  7, 11, 10,  4, 13,  1,  5,  8, 12,  6,  9,  3,  2, 15,
    13,  8, 10,  1,  3, 15,  4,  2, 11,  6,  7, 12,  0,  5, 14,  9,
  ],
  [
    10,  0,  9, 14,  6,  3, 15,  5,  1, 13, 12,  7, 11,  4,  2,  8,
    13,  7,  0,  9,  3,  4,  6, 10,  2,  8,  5, 14, 12, 11, 15,  1,
    13,  6,  4,  9,  8, 15,  3,  0, 11,  1,  2, 12,  5, 10, 14,  7,
     1, 10, 13,  0,  6,  9,  8,  7,  4, 15, 14,  3, 11,  5,  2, 12,
  ],
  [
     7, 13, 14,  3,  0,  6,  9, 10,  1,  2,  8,  5, 11, 12,  4, 15,
    13,  8, 11,  5,  6, 15,  0,  3,  4,  7,  2, 12,  1, 10, 14,  9,
    10,  6,  9,  0, 12, 11,  7, 13, 15,  1,  3, 14,  5,  2,  8,  4,
     3, 15,  0,  6, 10,  1, 13,  8,  9,  4,  5, 11, 12,  7,  2, 14,
  ],
  [
     2, 12,  4,  1,  7, 10, 11,  6,  8,  5,  3, 15, 13,  0, 14,  9,
    14, 11,  2, 12,  4,  7, 13,  1,  5,  0, 15, 10,  3,  9,  8,  6,
     4,  2,  1, 11, 10, 13,  7,  8, 15,  9, 12,  5,  6,  3,  0, 14,
    11,  8, 12,  7,  1, 14,  2, 13,  6, 15,  0,  9, 10,  4,  5,  3,
  ],
  [
    12,  1, 10, 15,  9,  2,  6,  8,  0, 13,  3,  4, 14,  7,  5, 11,
    10, 15,  4,  2,  7, 12,  9,  5,  6,  1, 13, 14,  0, 11,  3,  8,
     9, 14, 15,  5,  2,  8, 12,  3,  7,  0,  4, 10,  1, 13, 11,  6,
     4,  3,  2, 12,  9,  5, 15, 10, 11, 14,  1,  7,  6,  0,  8, 13,
  ],
  [
     4, 11,  2, 14, 15,  0,  8, 13,  3, 12,  9,  7,  5, 10,  6,  1,
    13,  0, 11,  7,  4,  9,  1, 10, 14,  3,  5, 12,  2, 15,  8,  6,
     1,  4, 11, 13, 12,  3,  7, 14, 10, 15,  6,  8,  0,  5,  9,  2,
     6, 11, 13,  8,  1,  4, 10,  7,  9,  5,  0, 15, 14,  2,  3, 12,
  ],
  [
    13,  2,  8,  4,  6, 15, 11,  1, 10,  9,  3, 14,  5,  0, 12,  7,
     1, 15, 13,  8, 10,  3,  7,  4, 12,  5,  6, 11,  0, 14,  9,  2,
     7, 11,  4,  1,  9, 12, 14,  2,  0,  6, 10, 13, 15,  3,  5,  8,
     2,  1, 14,  7,  4, 10,  8, 13, 15, 12,  9,  0,  3,  5,  6, 11,
  ],
];

const ROUNDS = 16;
const SUBKEY_CHUNKS = 8; // a 48-bit round key, kept as eight 6-bit S-box inputs

/** The final permutation is the inverse of the initial one; deriving it avoids typing a second table. */
const FINAL_PERMUTATION = (() => {
  const inverse = new Array<number>(64);
  INITIAL_PERMUTATION.forEach((source, target) => (inverse[source - 1] = target + 1));
  return inverse;
})();

/** Bit `position` (1 = most significant) of the 64-bit value `high || low`. */
function bitAt(high: number, low: number, position: number): number {
  return position <= 32 ? (high >>> (32 - position)) & 1 : (low >>> (64 - position)) & 1;
}

function permute64(table: readonly number[], high: number, low: number): [number, number] {
  let outHigh = 0;
  let outLow = 0;
  for (let i = 0; i < 32; i++) outHigh = (outHigh << 1) | bitAt(high, low, table[i] ?? 0);
  for (let i = 32; i < 64; i++) outLow = (outLow << 1) | bitAt(high, low, table[i] ?? 0);
  return [outHigh >>> 0, outLow >>> 0];
}

/**
 * S-box output already passed through P, one table per S-box indexed by its raw 6-bit input: the round function
 * then needs eight lookups and ORs instead of bit-by-bit permutations.
 */
const SP_BOXES: readonly Uint32Array[] = S_BOXES.map((box, boxIndex) => {
  const table = new Uint32Array(64);
  for (let input = 0; input < 64; input++) {
    const row = ((input >>> 4) & 0b10) | (input & 1);
    const column = (input >>> 1) & 0b1111;
    const substituted = ((box[row * 16 + column] ?? 0) << (28 - 4 * boxIndex)) >>> 0;
    let permuted = 0;
    for (const source of PERMUTATION_P) permuted = (permuted << 1) | ((substituted >>> (32 - source)) & 1);
    table[input] = permuted >>> 0;
  }
  return table;
});

function readUint32(bytes: Uint8Array, offset: number): number {
  const b0 = bytes[offset] ?? 0;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  return ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
}

function writeUint32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = value >>> 16;
  bytes[offset + 2] = value >>> 8;
  bytes[offset + 3] = value;
}

/** The 16 round keys, each as eight 6-bit chunks in S-box order. */
function expandKey(key: Uint8Array): Uint8Array {
  const high = readUint32(key, 0);
  const low = readUint32(key, 4);
  let c = 0;
  let d = 0;
  for (let i = 0; i < 28; i++) c = (c << 1) | bitAt(high, low, PERMUTED_CHOICE_1[i] ?? 0);
  for (let i = 28; i < 56; i++) d = (d << 1) | bitAt(high, low, PERMUTED_CHOICE_1[i] ?? 0);

  const subkeys = new Uint8Array(ROUNDS * SUBKEY_CHUNKS);
  KEY_ROTATIONS.forEach((rotation, round) => {
    c = ((c << rotation) | (c >>> (28 - rotation))) & 0x0fffffff;
    d = ((d << rotation) | (d >>> (28 - rotation))) & 0x0fffffff;
    PERMUTED_CHOICE_2.forEach((position, bitIndex) => {
      const bit = position <= 28 ? (c >>> (28 - position)) & 1 : (d >>> (56 - position)) & 1;
      const chunk = round * SUBKEY_CHUNKS + Math.floor(bitIndex / 6);
      subkeys[chunk] = ((subkeys[chunk] ?? 0) << 1) | bit;
    });
  });
  return subkeys;
}

/** f(R, K) = P(S(E(R) xor K)). */
function feistel(right: number, subkeys: Uint8Array, round: number): number {
  // E starts with bit 32 then 1..5: after rotating right by one, chunk i is simply bits 4i+1..4i+6.
  const rotated = ((right >>> 1) | (right << 31)) >>> 0;
  const base = round * SUBKEY_CHUNKS;
  let output = 0;
  for (let box = 0; box < 7; box++) {
    const input = ((rotated >>> (26 - 4 * box)) & 0x3f) ^ (subkeys[base + box] ?? 0);
    output |= SP_BOXES[box]?.[input] ?? 0;
  }
  const lastInput = (((rotated << 2) | (rotated >>> 30)) & 0x3f) ^ (subkeys[base + 7] ?? 0); // wraps to bit 1
  output |= SP_BOXES[7]?.[lastInput] ?? 0;
  return output >>> 0;
}

function cryptBlock(subkeys: Uint8Array, block: Uint8Array, decrypt: boolean): Uint8Array {
  assertLength('DES block', block, DES_BLOCK_SIZE);
  let [left, right] = permute64(INITIAL_PERMUTATION, readUint32(block, 0), readUint32(block, 4));
  for (let i = 0; i < ROUNDS; i++) {
    const next = (left ^ feistel(right, subkeys, decrypt ? ROUNDS - 1 - i : i)) >>> 0;
    left = right;
    right = next;
  }
  // The last round does not swap halves, hence R16 || L16.
  const [high, low] = permute64(FINAL_PERMUTATION, right, left);
  const output = new Uint8Array(DES_BLOCK_SIZE);
  writeUint32(output, 0, high);
  writeUint32(output, 4, low);
  return output;
}

/** Single DES with an 8-byte key; the key schedule is computed once. */
export function createDes(key: Uint8Array): BlockCipher {
  assertLength('DES key', key, DES_KEY_LENGTH);
  const subkeys = expandKey(key);
  return {
    blockSize: DES_BLOCK_SIZE,
    encryptBlock: (block) => cryptBlock(subkeys, block, false),
    decryptBlock: (block) => cryptBlock(subkeys, block, true),
  };
}

/** Two-key triple DES, EDE: E(K1, D(K2, E(K1, x))) with the 16-byte key K1 || K2. */
export function createTwoKeyTripleDes(key: Uint8Array): BlockCipher {
  assertLength('3DES key', key, TWO_KEY_TRIPLE_DES_KEY_LENGTH);
  const first = createDes(key.subarray(0, 8));
  const second = createDes(key.subarray(8, 16));
  return {
    blockSize: DES_BLOCK_SIZE,
    encryptBlock: (block) => first.encryptBlock(second.decryptBlock(first.encryptBlock(block))),
    decryptBlock: (block) => first.decryptBlock(second.encryptBlock(first.decryptBlock(block))),
  };
}

export function desEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return createDes(key).encryptBlock(block);
}

export function desDecryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return createDes(key).decryptBlock(block);
}

/** Two-key 3DES-CBC without padding (OpenSSL `des-ede-cbc`). */
export function tripleDesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return cbcEncrypt(createTwoKeyTripleDes(key), iv, plaintext);
}

export function tripleDesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return cbcDecrypt(createTwoKeyTripleDes(key), iv, ciphertext);
}
