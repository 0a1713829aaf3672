import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_LIMITS, decodeCardImage, type DecodedImage } from '../../../kernel/imaging';
import { decodeJpeg2000 } from '../../../kernel/imaging/jpeg2000/decode-jpeg2000';
import { readJpeg2000Size } from '../../../kernel/imaging/jpeg2000/jpeg2000-size';
import { useOpenJpegWasmFromNodeModules } from '../../../kernel/imaging/jpeg2000/openjpeg-node.test-support';
import { setOpenJpegWasmSource } from '../../../kernel/imaging/jpeg2000/openjpeg-runtime';
import { assertProperty, largestTypedArrayDuring, outcomeOf, outcomeOfAsync, sameBytes, testTimeout, withinTime, withinTimeAsync } from './fuzz-support';
import { applyMutations, concat, mutationsArbitrary, noise, payloadMutated } from './mutation';
import { sampleImages } from './samples';
import { jp2Fields } from './structure';

/**
 * The JPEG 2000 face photo decoder: our size check in front of OpenJPEG (WebAssembly). A fault inside the module
 * must come out as MALFORMED_CARD_DATA, and must not leave the module unable to decode the next photo.
 */

const SAMPLES = sampleImages('.jp2');
const SAMPLE_FIELDS = new Map([...SAMPLES].map(([name, bytes]) => [name, jp2Fields(bytes)]));
const sampleName = fc.constantFrom(...SAMPLES.keys());

/** Where the first tile's compressed data starts (after SOD) and ends (before EOC). */
function tileData(bytes: Uint8Array): { start: number; end: number } {
  for (let index = 0; index + 1 < bytes.length; index++) {
    if (bytes[index] === 0xff && bytes[index + 1] === 0x93) return { start: index + 2, end: bytes.length - 2 };
  }
  throw new Error('no SOD marker');
}

const structurallyMutated = sampleName.chain((name) => mutationsArbitrary(SAMPLE_FIELDS.get(name)!).map((mutations) => applyMutations(SAMPLES.get(name)!, SAMPLE_FIELDS.get(name)!, mutations)));
/** Corrupt entropy-coded data behind intact headers: what reaches OpenJPEG's inner decoding. */
const corruptTileData = sampleName.chain((name) => {
  const bytes = SAMPLES.get(name)!;
  const { start, end } = tileData(bytes);
  return payloadMutated(bytes, start, end);
});

const u16 = (value: number) => [(value >> 8) & 0xff, value & 0xff];
const u32 = (value: number) => [(value >>> 24) & 0xff, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];

interface CodestreamHeader {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly precision: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly levels: number;
}

/** SOC, SIZ, COD, QCD and one tile-part (SOT, SOD) around `data`, then EOC: a complete codestream of any size. */
function codestream(header: CodestreamHeader, data: Uint8Array): Uint8Array {
  const siz = [...u16(0), ...u32(header.width), ...u32(header.height), ...u32(0), ...u32(0), ...u32(header.tileWidth), ...u32(header.tileHeight), ...u32(0), ...u32(0), ...u16(header.components)];
  for (let component = 0; component < header.components; component++) siz.push(header.precision - 1, 1, 1);
  const cod = [0x00, 0x00, ...u16(1), 0x00, header.levels, 0x04, 0x04, 0x00, 0x01];
  const qcd = [0x40, ...new Array<number>(1 + 3 * header.levels).fill(0x48)];
  const segment = (marker: number, body: number[]) => [0xff, marker, ...u16(body.length + 2), ...body];
  const tilePartLength = 12 + 2 + data.length;
  return concat(
    Uint8Array.of(0xff, 0x4f, ...segment(0x51, siz), ...segment(0x52, cod), ...segment(0x5c, qcd), ...segment(0x90, [...u16(0), ...u32(tilePartLength), 0, 1]), 0xff, 0x93),
    data,
    Uint8Array.of(0xff, 0xd9),
  );
}

const side = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constantFrom(1, 2, 144, 180, 1024, IMAGE_LIMITS.maxSide));
const saneHeader: fc.Arbitrary<CodestreamHeader> = fc.record({
  width: side,
  height: side,
  components: fc.integer({ min: 1, max: 4 }),
  precision: fc.integer({ min: 1, max: 16 }),
  tileWidth: fc.oneof(side, fc.constant(IMAGE_LIMITS.maxSide)),
  tileHeight: fc.oneof(side, fc.constant(IMAGE_LIMITS.maxSide)),
  levels: fc.integer({ min: 0, max: 5 }),
});
/** Tiny codestreams declaring anything up to 4096 × 4096 × 4 components × 16 bits, with a few bytes of data. */
const synthesized = fc.tuple(saneHeader, fc.uint8Array({ maxLength: 200 })).map(([header, data]) => codestream(header, data));

const mutatedImage = fc.oneof({ arbitrary: structurallyMutated, weight: 2 }, { arbitrary: corruptTileData, weight: 2 }, { arbitrary: synthesized, weight: 1 });

let pristine: { bytes: Uint8Array; decoded: DecodedImage };

beforeAll(async () => {
  useOpenJpegWasmFromNodeModules();
  const bytes = SAMPLES.values().next().value!;
  pristine = { bytes, decoded: await decodeCardImage({ format: 'jp2', bytes }) };
});

afterAll(useOpenJpegWasmFromNodeModules);

describe('JPEG 2000 decoding, fuzzed', () => {
  it('the size check gives a size inside the limits or MALFORMED_CARD_DATA', async () => {
    await assertProperty(
      fc.property(fc.oneof(noise(120), mutatedImage), (bytes) => {
        const size = withinTime(250, () => outcomeOf(() => readJpeg2000Size(bytes)));
        if (!size.ok) return;
        expect(size.value.width).toBeGreaterThanOrEqual(1);
        expect(size.value.height).toBeGreaterThanOrEqual(1);
        expect(size.value.width).toBeLessThanOrEqual(IMAGE_LIMITS.maxSide);
        expect(size.value.height).toBeLessThanOrEqual(IMAGE_LIMITS.maxSide);
        expect([1, 2, 3, 4]).toContain(size.value.components);
      }),
      { numRuns: 2000, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  it('mutated and synthesized photos decode to a complete image or MALFORMED_CARD_DATA, and the next photo still decodes', async () => {
    await assertProperty(
      fc.asyncProperty(mutatedImage, async (bytes) => {
        const decoded = await withinTimeAsync(3000, () => outcomeOfAsync(() => decodeCardImage({ format: 'jp2', bytes })));
        if (decoded.ok) {
          const { width, height, rgba } = decoded.value;
          expect(width).toBeLessThanOrEqual(IMAGE_LIMITS.maxSide);
          expect(height).toBeLessThanOrEqual(IMAGE_LIMITS.maxSide);
          expect(rgba.length).toBe(width * height * 4);
        }
        // Whatever happened inside the module, a good photo still decodes to the same pixels.
        const again = await decodeCardImage({ format: 'jp2', bytes: pristine.bytes });
        expect(sameBytes(again.rgba, pristine.decoded.rgba)).toBe(true);
      }),
      { numRuns: 150, runTimeLimitMs: 5000 },
    );
  }, testTimeout(60_000));

  it('a tiny codestream declaring over 4096 pixels a side, 2048 × 2048 samples, 4 components, 16 bits or 4096 tiles is refused before OpenJPEG loads', async () => {
    let wasmRequests = 0;
    setOpenJpegWasmSource(async () => {
      wasmRequests++;
      throw new Error('OpenJPEG must not be needed for a refused photo');
    });
    const oversized = fc.integer({ min: IMAGE_LIMITS.maxSide + 1, max: 0xffff_ffff });
    const hostile = fc.oneof(
      fc.tuple(saneHeader, oversized, fc.boolean()).map(([header, huge, wide]) => ({ ...header, ...(wide ? { width: huge } : { height: huge }) })),
      fc.tuple(saneHeader, fc.integer({ min: 5, max: 0x3fff })).map(([header, components]) => ({ ...header, components })),
      fc.tuple(saneHeader, fc.integer({ min: 17, max: 128 })).map(([header, precision]) => ({ ...header, precision })),
      // Sides allowed, but more samples than OpenJPEG may hold.
      fc
        .tuple(saneHeader, fc.integer({ min: 512, max: IMAGE_LIMITS.maxSide }), fc.integer({ min: 512, max: IMAGE_LIMITS.maxSide }))
        .map(([header, width, height]) => ({ ...header, width, height }))
        .filter((header) => header.width * header.height * header.components > IMAGE_LIMITS.maxPixels),
      // Within every size limit, but one-pixel tiles: millions of them.
      saneHeader.map((header) => ({ ...header, width: 2048, height: 2048, components: 1, tileWidth: 1, tileHeight: 1 })),
    );
    await assertProperty(
      fc.asyncProperty(hostile, fc.uint8Array({ maxLength: 64 }), async (header, data) => {
        const bytes = codestream(header, data);
        // The refusal happens before decodeJpeg2000's first await, so the tracker sees everything it allocated.
        const { result, largestBytes } = largestTypedArrayDuring(() => decodeJpeg2000(bytes));
        const decoded = await outcomeOfAsync(() => result);
        expect(decoded.ok, 'a hostile size was accepted').toBe(false);
        expect(largestBytes, 'allocated for a refused photo').toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 500, runTimeLimitMs: 1000 },
    );
    expect(wasmRequests).toBe(0);
    useOpenJpegWasmFromNodeModules();
  }, testTimeout(30_000));

  it('regression: a 121-byte codestream declaring 4096 × 4096 × 4 components took OpenJPEG 2.5 s and all its memory; now refused before it loads', async () => {
    const bytes = codestream({ width: 4096, height: 4096, components: 4, precision: 16, tileWidth: 4096, tileHeight: 4096, levels: 5 }, new Uint8Array(16));
    expect(bytes.length).toBe(121);
    let wasmRequests = 0;
    setOpenJpegWasmSource(async () => {
      wasmRequests++;
      throw new Error('OpenJPEG must not be needed for a refused photo');
    });
    await expect(decodeCardImage({ format: 'jp2', bytes })).rejects.toMatchObject({ code: 'MALFORMED_CARD_DATA', message: 'card image: JPEG 2000 of 4096×4096×4 samples is too large' });
    expect(wasmRequests).toBe(0);
    useOpenJpegWasmFromNodeModules();
  });
});
