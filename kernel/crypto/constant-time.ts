/**
 * Compares MACs and nonces without an early exit, so the time taken does not reveal how many leading bytes
 * matched. Lengths are public (they are fixed by the protocol), so a length mismatch returns at once.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
