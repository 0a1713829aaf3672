/** getRandomValues fills at most 65,536 bytes per call. */
const MAX_BYTES_PER_CALL = 65_536;

/** Cryptographically strong random bytes (nonces and key seeds for mutual authentication). */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += MAX_BYTES_PER_CALL) {
    globalThis.crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + MAX_BYTES_PER_CALL, length)));
  }
  return bytes;
}
