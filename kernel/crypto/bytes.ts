/** Byte-array helpers shared by the crypto primitives. Web code: Uint8Array only, never Buffer. */

export { concatBytes } from '../smartcard/bytes';

export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) throw new RangeError(`xorBytes: lengths differ (${a.length} and ${b.length})`);
  const result = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) result[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return result;
}

/** Throws a RangeError (a programming error, not a card error) when a key, IV or block has the wrong size. */
export function assertLength(what: string, value: Uint8Array, expected: number): void {
  if (value.length !== expected) throw new RangeError(`${what} must be ${expected} bytes, got ${value.length}`);
}

export function assertBlockMultiple(what: string, value: Uint8Array, blockSize: number): void {
  if (value.length % blockSize !== 0) {
    throw new RangeError(`${what} must be a multiple of ${blockSize} bytes, got ${value.length}`);
  }
}
