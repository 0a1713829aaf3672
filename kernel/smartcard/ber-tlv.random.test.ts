import { describe, expect, it } from 'vitest';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import { encodeTlv, parseTlv, parseTlvSequence, type ParseTlvOptions, type Tlv } from './ber-tlv';
import { bytesToHex, concatBytes } from './bytes';

/** mulberry32: tiny seeded PRNG, so a failure reproduces from the seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes that steer the parser into its interesting branches: padding, multi-byte tags, every length form. */
const TRICKY_BYTES = [0x00, 0xff, 0x1f, 0x5f, 0xdf, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xc1, 0xd1, 0x01, 0x02, 0x05, 0x7f];

const OPTION_SETS: ParseTlvOptions[] = [
  {},
  { allowPadding: true },
  { tagRule: 'iso7816' },
  { allowPadding: true, tagRule: 'iso7816' },
];

function randomByte(random: () => number, tricky: boolean): number {
  if (tricky && random() < 0.5) return TRICKY_BYTES[Math.floor(random() * TRICKY_BYTES.length)] ?? 0;
  return Math.floor(random() * 256);
}

/** A third each: plain noise, noise from tricky bytes, and valid objects with a few bytes changed or cut off. */
function randomInput(random: () => number): Uint8Array {
  const kind = random();
  if (kind < 2 / 3) {
    const tricky = kind >= 1 / 3;
    return Uint8Array.from({ length: Math.floor(random() * 48) }, () => randomByte(random, tricky));
  }
  const parts: Uint8Array[] = [];
  for (let count = 1 + Math.floor(random() * 4); count > 0; count -= 1) {
    const tag = random() < 0.3 ? 0xdfd1 : 0xc1 + Math.floor(random() * 0x1d);
    parts.push(encodeTlv(tag, new Uint8Array(Math.floor(random() * 300)).fill(0x41)), new Uint8Array(Math.floor(random() * 3)));
  }
  const bytes = concatBytes(...parts);
  for (let mutations = Math.floor(random() * 3); mutations > 0 && bytes.length > 0; mutations -= 1) {
    bytes[Math.floor(random() * bytes.length)] = randomByte(random, true);
  }
  return random() < 0.3 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
}

/** The input sits inside a larger buffer, so any value reaching past it would be an over-read. */
function embedded(input: Uint8Array): Uint8Array {
  const backing = new Uint8Array(input.length + 16).fill(0xee);
  backing.set(input, 8);
  return backing.subarray(8, 8 + input.length);
}

function expectWithin(input: Uint8Array, objects: readonly Tlv[]): void {
  for (const object of objects) {
    expect(object.value.buffer).toBe(input.buffer);
    expect(object.value.byteOffset).toBeGreaterThanOrEqual(input.byteOffset);
    expect(object.value.byteOffset + object.value.length).toBeLessThanOrEqual(input.byteOffset + input.length);
  }
}

function expectReturnsOrMalformed(action: () => readonly Tlv[], input: Uint8Array): void {
  let objects: readonly Tlv[];
  try {
    objects = action();
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).code).toBe(KioskErrorCode.malformedCardData);
    return;
  }
  expectWithin(input, objects);
}

describe('BER-TLV parsing of random bytes', () => {
  it('returns or throws MALFORMED_CARD_DATA, never anything else, never past the input', () => {
    const random = seededRandom(0x5eed_2026);
    for (let round = 0; round < 2000; round += 1) {
      const input = embedded(randomInput(random));
      for (const options of OPTION_SETS) {
        expectReturnsOrMalformed(() => parseTlvSequence(input, options), input);
        expectReturnsOrMalformed(() => [parseTlv(input, options)], input);
      }
    }
  });

  it('parses back what it encodes, with padding scattered between objects', () => {
    const random = seededRandom(0x7a17_0001);
    const singleByteTags = [0xc0, 0xc1, 0xd0, 0xd4, 0xdc, 0xdd, 0x86, 0x96, 0x70];
    for (let round = 0; round < 500; round += 1) {
      const expected: { tag: number; value: string }[] = [];
      const parts: Uint8Array[] = [];
      const count = 1 + Math.floor(random() * 5);
      for (let index = 0; index < count; index += 1) {
        const tag = random() < 0.3 ? 0xdf00 | Math.floor(random() * 256) : (singleByteTags[Math.floor(random() * singleByteTags.length)] ?? 0xc1);
        // Mostly short-form lengths, some 81 and 82 forms; the 83 form has its own example test.
        const length = Math.floor(random() * (random() < 0.7 ? 0x80 : 0x300));
        const value = Uint8Array.from({ length }, () => Math.floor(random() * 256));
        expected.push({ tag, value: bytesToHex(value) });
        parts.push(encodeTlv(tag, value), new Uint8Array(Math.floor(random() * 3)).fill(random() < 0.5 ? 0x00 : 0xff));
      }
      const objects = parseTlvSequence(concatBytes(...parts), { allowPadding: true });
      expect(objects.map(({ tag, value }) => ({ tag, value: bytesToHex(value) }))).toEqual(expected);
    }
  });
});
