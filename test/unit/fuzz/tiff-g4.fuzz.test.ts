import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_LIMITS, decodeCardImage, type DecodedImage } from '../../../kernel/imaging';
import { decodeTiffG4 } from '../../../kernel/imaging/tiff/decode-tiff-g4';
import { readBilevelTiffDirectory } from '../../../kernel/imaging/tiff/tiff-directory';
import { assertProperty, largestTypedArrayDuring, outcomeOf, outcomeOfAsync, testTimeout, withinTime, withinTimeAsync } from './fuzz-support';
import { applyMutations, mutationsArbitrary, noise, payloadMutated } from './mutation';
import { sampleImages } from './samples';
import { tiffFields } from './structure';

/**
 * The MMR (CCITT G4) TIFF decoder over untrusted chip images: the directory reader (ours, strict) and the whole
 * decode through utif2 behind its guards. Memory is bounded by IMAGE_LIMITS (4096 pixels a side, 64 KiB of
 * input), which the directory reader enforces before anything is allocated for the pixels.
 */

const SAMPLES = sampleImages('.tif');
const SAMPLE_FIELDS = new Map([...SAMPLES].map(([name, bytes]) => [name, tiffFields(bytes)]));
const sampleName = fc.constantFrom(...SAMPLES.keys());
const TAGS = [256, 257, 258, 259, 262, 266, 273, 277, 278, 279, 322];

/** A sample image with a few structural and byte-level edits (most stop at the directory)... */
const mutatedSample = sampleName.chain((name) => mutationsArbitrary(SAMPLE_FIELDS.get(name)!).map((mutations) => applyMutations(SAMPLES.get(name)!, SAMPLE_FIELDS.get(name)!, mutations)));
/** ...or with its G4 strip corrupted behind an intact directory, which is what reaches the G4 decoder. */
const corruptStrip = sampleName.chain((name) => {
  const bytes = SAMPLES.get(name)!;
  const strip = readBilevelTiffDirectory(bytes).strips[0]!;
  return payloadMutated(bytes, strip.offset, strip.offset + strip.byteCount);
});
const mutatedImage = fc.oneof(mutatedSample, corruptStrip);

interface DirectoryEntry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  readonly value: number;
}

/** A TIFF header and one directory of the tags the reader wants, with types, counts and values of every kind. */
function tiffWith(littleEndian: boolean, entries: readonly DirectoryEntry[], payload: Uint8Array): Uint8Array {
  const directory = 8 + payload.length;
  const file = new Uint8Array(directory + 2 + entries.length * 12 + 4);
  const view = new DataView(file.buffer);
  file.set(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d]);
  view.setUint16(2, 42, littleEndian);
  view.setUint32(4, directory, littleEndian);
  file.set(payload, 8);
  view.setUint16(directory, entries.length, littleEndian);
  entries.forEach((entry, index) => {
    const at = directory + 2 + index * 12;
    view.setUint16(at, entry.tag, littleEndian);
    view.setUint16(at + 2, entry.type, littleEndian);
    view.setUint32(at + 4, entry.count, littleEndian);
    if (entry.type === 3 && entry.count <= 2) view.setUint16(at + 8, entry.value & 0xffff, littleEndian);
    else view.setUint32(at + 8, entry.value >>> 0, littleEndian);
  });
  return file;
}

const uint32 = fc.oneof(fc.constantFrom(0, 1, 2, 4, 8, 0xff, 0x1000, 0x1001, 0xffff, 0x1_0000, 0x7fff_ffff, 0xffff_ffff), fc.nat({ max: 600 }), fc.nat());
const synthesizedTiff = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.record({ tag: fc.oneof(fc.constantFrom(...TAGS), fc.nat({ max: 0xffff })), type: fc.constantFrom(3, 4, 3, 4, 1, 5, 0), count: uint32, value: uint32 }), { minLength: 1, maxLength: 14 }),
    fc.uint8Array({ maxLength: 64 }),
  )
  .map(([littleEndian, entries, payload]) => tiffWith(littleEndian, entries, payload));

const anyTiff = fc.oneof({ arbitrary: noise(120), weight: 1 }, { arbitrary: synthesizedTiff, weight: 3 }, { arbitrary: mutatedImage, weight: 4 });

/** Complete, within the limits, and only opaque black or white. */
function expectBilevelImage(image: DecodedImage): void {
  expect(image.width).toBeGreaterThanOrEqual(1);
  expect(image.height).toBeGreaterThanOrEqual(1);
  expect(image.width).toBeLessThanOrEqual(IMAGE_LIMITS.maxSide);
  expect(image.height).toBeLessThanOrEqual(IMAGE_LIMITS.maxSide);
  expect(image.rgba.length).toBe(image.width * image.height * 4);
  for (let index = 0; index < image.rgba.length; index += 4) {
    const level = image.rgba[index]!;
    if ((level !== 0 && level !== 255) || image.rgba[index + 1] !== level || image.rgba[index + 2] !== level || image.rgba[index + 3] !== 255) {
      throw new Error(`pixel ${index / 4} is ${image.rgba.slice(index, index + 4).join(',')}, not black or white`);
    }
  }
}

beforeAll(async () => {
  // Loads the decoder chunk, so the first run's time is not the import's.
  await decodeCardImage({ format: 'tiff-g4', bytes: SAMPLES.values().next().value! });
});

describe('TIFF G4 decoding, fuzzed', () => {
  it('the directory reader gives a directory inside the file and the limits, or MALFORMED_CARD_DATA', async () => {
    await assertProperty(
      fc.property(anyTiff, (bytes) => {
        const read = withinTime(250, () => outcomeOf(() => readBilevelTiffDirectory(bytes)));
        if (!read.ok) return;
        const directory = read.value;
        expect(directory.width).toBeGreaterThanOrEqual(1);
        expect(directory.height).toBeGreaterThanOrEqual(1);
        expect(directory.width).toBeLessThanOrEqual(IMAGE_LIMITS.maxSide);
        expect(directory.height).toBeLessThanOrEqual(IMAGE_LIMITS.maxSide);
        expect(directory.strips.reduce((rows, strip) => rows + strip.rows, 0)).toBe(directory.height);
        for (const strip of directory.strips) {
          expect(strip.rows).toBeGreaterThanOrEqual(1);
          expect(strip.byteCount).toBeGreaterThanOrEqual(1);
          expect(strip.offset + strip.byteCount).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 2000, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  it('mutated and synthesized images decode to a complete black-and-white image or MALFORMED_CARD_DATA, quickly', async () => {
    await assertProperty(
      fc.asyncProperty(fc.oneof({ arbitrary: synthesizedTiff, weight: 1 }, { arbitrary: mutatedImage, weight: 4 }), async (bytes) => {
        const decoded = await withinTimeAsync(2000, () => outcomeOfAsync(() => decodeCardImage({ format: 'tiff-g4', bytes })));
        if (decoded.ok) expectBilevelImage(decoded.value);
      }),
      { numRuns: 150, runTimeLimitMs: 3000 },
    );
  }, testTimeout(60_000));

  it('a tiny file declaring over 4096 pixels a side, over 2048 × 2048 pixels, or strips beyond the file is refused before anything is allocated', async () => {
    const sample = SAMPLES.get('gen2-name-69ff42ba.tif')!;
    // Positive control: the tracker does see a decode's pixel buffers.
    const control = largestTypedArrayDuring(() => decodeTiffG4(sample));
    expect(control.largestBytes).toBeGreaterThanOrEqual(control.result.width * control.result.height * 4);

    const oversized = fc.oneof(fc.integer({ min: IMAGE_LIMITS.maxSide + 1, max: 0xffff_ffff }), fc.constantFrom(IMAGE_LIMITS.maxSide + 1, 0x1_0000, 0xffff_ffff));
    const minimumSideForArea = Math.floor(IMAGE_LIMITS.maxPixels / IMAGE_LIMITS.maxSide) + 1;
    const sides = fc.oneof(
      // One side too large, the other sane.
      fc.tuple(oversized, fc.integer({ min: 1, max: 600 }), fc.boolean()).map(([huge, sane, wide]): [number, number] => (wide ? [huge, sane] : [sane, huge])),
      // Both sides allowed, but too many pixels together.
      fc
        .tuple(fc.integer({ min: minimumSideForArea, max: IMAGE_LIMITS.maxSide }), fc.integer({ min: minimumSideForArea, max: IMAGE_LIMITS.maxSide }))
        .filter(([width, height]) => width * height > IMAGE_LIMITS.maxPixels),
    );
    const hostile = fc.oneof(
      fc.tuple(fc.boolean(), sides).map(([littleEndian, [width, height]]) =>
        tiffWith(littleEndian, [
          { tag: 256, type: 4, count: 1, value: width },
          { tag: 257, type: 4, count: 1, value: height },
          { tag: 259, type: 3, count: 1, value: 4 },
          { tag: 262, type: 3, count: 1, value: 0 },
          { tag: 273, type: 4, count: 1, value: 8 },
          { tag: 279, type: 4, count: 1, value: 16 },
        ], new Uint8Array(16)),
      ),
      // Sane sides, but counts or strips that point far beyond the few bytes there are.
      fc.tuple(fc.boolean(), oversized, fc.constantFrom(273, 279)).map(([littleEndian, huge, tag]) =>
        tiffWith(littleEndian, [
          { tag: 256, type: 4, count: 1, value: 64 },
          { tag: 257, type: 4, count: 1, value: 64 },
          { tag: 259, type: 3, count: 1, value: 4 },
          { tag: 262, type: 3, count: 1, value: 0 },
          { tag: 273, type: 4, count: tag === 273 ? huge : 1, value: 8 },
          { tag: 279, type: 4, count: 1, value: tag === 279 ? huge : 16 },
        ], new Uint8Array(16)),
      ),
    );
    await assertProperty(
      fc.property(hostile, (bytes) => {
        const { result, largestBytes } = withinTime(250, () => largestTypedArrayDuring(() => outcomeOf(() => decodeTiffG4(bytes))));
        expect(result.ok, 'a hostile size was accepted').toBe(false);
        expect(largestBytes, 'allocated for a refused image').toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 500, runTimeLimitMs: 1000 },
    );
    await expect(decodeCardImage({ format: 'tiff-g4', bytes: new Uint8Array(IMAGE_LIMITS.maxEncodedBytes + 1) })).rejects.toMatchObject({ code: 'MALFORMED_CARD_DATA' });
  }, testTimeout(30_000));

  it('regression: a 638-byte all-white TIFF declaring 4096 × 4096 decoded to 66 MB; now refused unallocated, 2048 × 2048 still decodes', async () => {
    const bomb = whiteG4Tiff(4096, 4096);
    expect(bomb.length).toBe(638);
    const { result, largestBytes } = largestTypedArrayDuring(() => outcomeOf(() => decodeTiffG4(bomb)));
    expect(result.ok ? 'decoded' : result.error.message).toBe('card image: TIFF size 4096×4096 out of bounds');
    expect(largestBytes).toBeLessThanOrEqual(bomb.length);
    const largest = await decodeCardImage({ format: 'tiff-g4', bytes: whiteG4Tiff(2048, 2048) });
    expect(largest.rgba.length).toBe(2048 * 2048 * 4);
  });
});

/** A valid G4 TIFF of blank rows: each row is one vertical-0 code ("1"), so 4096 rows take 512 bytes. */
function whiteG4Tiff(width: number, rows: number): Uint8Array {
  const stripBytes = Math.ceil(rows / 8) + 4;
  return tiffWith(true, [
    { tag: 256, type: 4, count: 1, value: width },
    { tag: 257, type: 4, count: 1, value: rows },
    { tag: 258, type: 3, count: 1, value: 1 },
    { tag: 259, type: 3, count: 1, value: 4 },
    { tag: 262, type: 3, count: 1, value: 0 },
    { tag: 273, type: 4, count: 1, value: 8 },
    { tag: 277, type: 3, count: 1, value: 1 },
    { tag: 278, type: 4, count: 1, value: rows },
    { tag: 279, type: 4, count: 1, value: stripBytes },
  ], new Uint8Array(stripBytes).fill(0xff));
}

