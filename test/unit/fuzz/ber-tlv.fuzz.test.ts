import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTlv, parseTlv, parseTlvAt, parseTlvSequence, type ParseTlvOptions, type Tlv } from '../../../kernel/smartcard/ber-tlv';
import { assertProperty, outcomeOf, sameBytes, testTimeout, withinTime } from './fuzz-support';
import { applyMutations, concat, mutationsArbitrary, noise } from './mutation';
import { GEN1_PROFILES, GEN2_PROFILES, sampleFiles } from './samples';
import { tlvFields } from './structure';

const OPTION_SETS: readonly ParseTlvOptions[] = [{}, { allowPadding: true }, { tagRule: 'iso7816' }, { allowPadding: true, tagRule: 'iso7816' }];
const options = fc.constantFrom(...OPTION_SETS);

/** The input inside a larger buffer: a value reaching past it would be an over-read that a plain array hides. */
function embedded(input: Uint8Array): Uint8Array {
  const backing = new Uint8Array(input.length + 16).fill(0xee);
  backing.set(input, 8);
  return backing.subarray(8, 8 + input.length);
}

/**
 * The parser allocates nothing for values: each is a view into the input, inside it, and the objects with their
 * at least two header bytes each add up to no more than the input.
 */
function expectViewsWithin(input: Uint8Array, objects: readonly Tlv[]): void {
  let consumed = 0;
  for (const object of objects) {
    expect(object.value.buffer).toBe(input.buffer);
    expect(object.value.byteOffset).toBeGreaterThanOrEqual(input.byteOffset);
    expect(object.value.byteOffset + object.value.length).toBeLessThanOrEqual(input.byteOffset + input.length);
    consumed += 2 + object.value.length;
  }
  expect(consumed).toBeLessThanOrEqual(input.length);
}

/** Both entry points: objects (views within the input) or MALFORMED_CARD_DATA, within 250 ms. */
function checkParsers(bytes: Uint8Array, parseOptions: ParseTlvOptions): void {
  const input = embedded(bytes);
  withinTime(250, () => {
    const sequence = outcomeOf(() => parseTlvSequence(input, parseOptions));
    if (sequence.ok) expectViewsWithin(input, sequence.value);
    const single = outcomeOf(() => parseTlv(input, parseOptions));
    if (single.ok) {
      expectViewsWithin(input, [single.value]);
      // parseTlv is parseTlvSequence with exactly one object.
      expect(sequence.ok && sequence.value.length === 1).toBe(true);
    }
  });
}

const cardFiles = [...GEN1_PROFILES, ...GEN2_PROFILES].flatMap(sampleFiles);
const cardFileFields = new Map(cardFiles.map((file) => [file.name, tlvFields(file.content)]));

describe('BER-TLV parser, fuzzed', () => {
  it('random bytes give objects inside the input or MALFORMED_CARD_DATA', async () => {
    await assertProperty(fc.property(noise(300), options, checkParsers), { numRuns: 2000, runTimeLimitMs: 1000 });
  }, testTimeout(30_000));

  it('mutated card files give objects inside the input or MALFORMED_CARD_DATA', async () => {
    const mutatedFile = fc
      .constantFrom(...cardFiles.map((file) => file.name))
      .chain((name) => fc.tuple(fc.constant(name), mutationsArbitrary(cardFileFields.get(name)!)));
    await assertProperty(
      fc.property(mutatedFile, options, ([name, mutations], parseOptions) => {
        const file = cardFiles.find((candidate) => candidate.name === name)!;
        checkParsers(applyMutations(file.content, cardFileFields.get(name)!, mutations), parseOptions);
      }),
      { numRuns: 1000, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  it('parseTlvAt at any offset, sane or not, gives an object inside the input or MALFORMED_CARD_DATA', async () => {
    const offset = fc.oneof(fc.integer({ min: -4, max: 320 }), fc.double(), fc.constantFrom(Number.NaN, Infinity, -0, 2 ** 53));
    await assertProperty(
      fc.property(noise(300), offset, options, (bytes, at, parseOptions) => {
        const input = embedded(bytes);
        const parsed = outcomeOf(() => parseTlvAt(input, at, parseOptions));
        if (!parsed.ok) return;
        expectViewsWithin(input.subarray(at), [parsed.value.tlv]);
        expect(parsed.value.nextOffset).toBeLessThanOrEqual(input.length);
        expect(parsed.value.nextOffset).toBeGreaterThan(at);
      }),
      { numRuns: 1000, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  it('a few bytes declaring a value of up to 16 MiB are refused, not allocated for', async () => {
    const header = fc.record({
      tag: fc.constantFrom(Uint8Array.of(0xd0), Uint8Array.of(0xdf, 0xd1), Uint8Array.of(0x86), Uint8Array.of(0x30)),
      form: fc.integer({ min: 1, max: 3 }),
      tail: fc.uint8Array({ maxLength: 12 }),
    });
    await assertProperty(
      fc.property(header, fc.integer({ min: 0, max: 0xff_ffff }), options, ({ tag, form, tail }, declaredSeed, parseOptions) => {
        const lengthBytes = Array.from({ length: form }, (_, index) => (declaredSeed >> (8 * (form - 1 - index))) & 0xff);
        const declared = lengthBytes.reduce((value, byte) => value * 256 + byte, 0);
        fc.pre(declared > tail.length);
        const input = concat(tag, Uint8Array.of(0x80 | form, ...lengthBytes), tail);
        const parsed = outcomeOf(() => parseTlvSequence(input, parseOptions));
        expect(parsed.ok).toBe(false);
      }),
      { numRuns: 500, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  it('parses back what it encodes, with padding scattered between objects', async () => {
    // Residence-card tags: one byte (not padding, low bits not 1F) or xF followed by any second byte (FF is padding).
    const tag = fc.oneof(
      fc.integer({ min: 0x01, max: 0xfe }).filter((byte) => (byte & 0x1f) !== 0x1f),
      fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 255 })).map(([high, second]) => (((high << 5) | 0x1f) << 8) | second),
    );
    const value = fc.oneof({ arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 20 }, { arbitrary: fc.integer({ min: 0x1_0000, max: 0x1_2000 }).map((length) => new Uint8Array(length).fill(0x5a)), weight: 1 });
    const object = fc.record({ tag, value, padding: fc.uint8Array({ maxLength: 3 }).map((bytes) => bytes.map((byte) => (byte & 1 ? 0xff : 0x00))) });
    await assertProperty(
      fc.property(fc.array(object, { minLength: 1, maxLength: 6 }), (objects) => {
        const encoded = concat(...objects.flatMap((entry) => [encodeTlv(entry.tag, entry.value), entry.padding]));
        const parsed = parseTlvSequence(encoded, { allowPadding: true });
        expect(parsed.map((entry) => entry.tag)).toEqual(objects.map((entry) => entry.tag));
        parsed.forEach((entry, index) => expect(sameBytes(entry.value, objects[index]!.value)).toBe(true));
      }),
      { numRuns: 300, runTimeLimitMs: 2000 },
    );
  }, testTimeout(30_000));
});
