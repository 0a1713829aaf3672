import { describe, expect, it } from 'vitest';
import { randomBytes } from './random';

describe('randomBytes', () => {
  it('returns the requested number of bytes', () => {
    expect(randomBytes(0)).toHaveLength(0);
    expect(randomBytes(8)).toHaveLength(8);
  });

  it('fills buffers larger than one getRandomValues call', () => {
    const bytes = randomBytes(70_000);
    expect(bytes).toHaveLength(70_000);
    // The tail comes from the second call: a zero tail would mean it was never filled.
    expect(bytes.subarray(65_536).some((byte) => byte !== 0)).toBe(true);
  });

  it('differs between calls', () => {
    expect(Buffer.from(randomBytes(16)).equals(Buffer.from(randomBytes(16)))).toBe(false);
  });
});
