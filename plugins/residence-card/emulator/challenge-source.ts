import { concatBytes, randomBytes, sha256 } from '../../../kernel/api';

/** Where the emulated chip gets RND.ICC and K.ICC from. */
export interface ChallengeSource {
  next(length: number): Uint8Array;
}

/** A real chip: fresh random bytes every time. */
export const randomChallengeSource: ChallengeSource = { next: (length) => randomBytes(length) };

/**
 * Replayable sessions for benchmarks and recorded traces: SHA-256(seed || counter) blocks. Not random in any
 * security sense, which is fine for fictional cards; never use it for anything else.
 */
export function seededChallengeSource(seed: string): ChallengeSource {
  const seedBytes = new TextEncoder().encode(seed);
  let counter = 0;
  return {
    next(length: number): Uint8Array {
      const output = new Uint8Array(length);
      for (let offset = 0; offset < length; offset += 32) {
        const block = sha256(concatBytes(seedBytes, Uint8Array.of(counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff)));
        counter += 1;
        output.set(block.subarray(0, Math.min(32, length - offset)), offset);
      }
      return output;
    },
  };
}
