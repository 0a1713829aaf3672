import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KioskErrorCode } from '../../../kernel/errors/kiosk-error';
import { detectCardType } from '../../../kernel/session/card-type-detection';
import { encodeTlv } from '../../../kernel/smartcard/ber-tlv';
import type { CardImage, CardSignature, PrintedEntries } from '../../../plugins/residence-card/model';
import {
  parseGen1Address,
  parseGen1FaceImage,
  parseGen1FrontImage,
  parseGen1Signature,
  parseGen1WorkPermission,
  parseRenewalFlag,
} from '../../../plugins/residence-card/parsers/gen1-files';
import {
  parseGen2AddressImage,
  parseGen2CardNumber,
  parseGen2NameAndFace,
  parseGen2Other,
  parseGen2PrintedEntries,
  parseGen2Signature,
  parseGen2WorkPermission,
} from '../../../plugins/residence-card/parsers/gen2-files';
import { Gen1Files, Gen2Files, MF_CARD_TYPE } from '../../../plugins/residence-card/protocol/file-map';
import { assertProperty, outcomeOf, outcomeOfAsync, testTimeout, withinTime } from './fuzz-support';
import { applyMutations, concat, mutationsArbitrary, noise } from './mutation';
import { GEN1_PROFILES, GEN2_PROFILES, sampleFile, type DfName } from './samples';
import { tlvFields } from './structure';

const DIGITS8 = /^\d{8}$/;

/**
 * Values that reach past a parser's TLV layer: digit strings of every length (dates, codes), UTF-8 and
 * Shift_JIS-looking text, NUL padding, noise, and now and then a value far longer than any card field.
 */
const fieldValue: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: noise(40), weight: 6 },
  { arbitrary: fc.stringMatching(/^[0-9]{0,14}$/).map(ascii), weight: 6 },
  { arbitrary: fc.stringMatching(/^[A-Z0-9 ]{0,14}$/).map(ascii), weight: 3 },
  { arbitrary: fc.string({ maxLength: 30, unit: 'grapheme' }).map((text) => new TextEncoder().encode(text)), weight: 3 },
  { arbitrary: fc.tuple(fc.stringMatching(/^[0-9]{1,8}$/), fc.nat({ max: 8 })).map(([text, nuls]) => concat(ascii(text), new Uint8Array(nuls))), weight: 3 },
  { arbitrary: fc.uint8Array({ minLength: 2, maxLength: 30 }).map((bytes) => bytes.map((byte, index) => (index % 2 === 0 ? 0x81 + (byte % 0x1f) : 0x40 + (byte % 0xbc)))), weight: 2 },
  { arbitrary: fc.constantFrom(0x80, 0x100, 0x1_0000, 0x2_0000).chain((length) => fc.constantFrom(new Uint8Array(length).fill(0x30), new Uint8Array(length).fill(0xe3))), weight: 1 },
);

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** A file made of the parser's own tags (and a stray one) with values of every shape, NUL-padded or not. */
function filesOfTags(tags: readonly number[]): fc.Arbitrary<Uint8Array> {
  const object = fc.record({ tag: fc.oneof({ arbitrary: fc.constantFrom(...tags), weight: 8 }, { arbitrary: fc.constantFrom(0xc1, 0xd3, 0xdfd1, 0x5f01), weight: 1 }), value: fieldValue });
  return fc
    .tuple(fc.array(object, { maxLength: 8 }), fc.nat({ max: 40 }))
    .map(([objects, padding]) => concat(...objects.map((entry) => encodeTlv(entry.tag, entry.value)), new Uint8Array(padding)));
}

/** Random bytes, files of the parser's tags, and mutations of the samples' real files. */
function contentFor(tags: readonly number[], samples: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutatedSample = fc
    .nat({ max: samples.length - 1 })
    .chain((index) => mutationsArbitrary(tlvFields(samples[index]!)).map((mutations) => applyMutations(samples[index]!, tlvFields(samples[index]!), mutations)));
  return fc.oneof({ arbitrary: noise(120), weight: 1 }, { arbitrary: filesOfTags(tags), weight: 2 }, { arbitrary: mutatedSample, weight: 3 });
}

function samplesOf(profiles: readonly string[], df: DfName, p1: number): Uint8Array[] {
  return profiles.flatMap((profile) => {
    try {
      return [sampleFile(profile, df, p1)];
    } catch {
      return []; // the file is not on this kind of card
    }
  });
}

function expectImage(image: CardImage | undefined, format: CardImage['format'], content: Uint8Array): void {
  if (!image) return;
  expect(image.format).toBe(format);
  expect(image.bytes.length).toBeLessThanOrEqual(content.length);
}

function expectSignature(signature: CardSignature | undefined, content: Uint8Array): void {
  if (!signature) return;
  expect(signature.signature.length + signature.certificate.length).toBeGreaterThan(0);
  expect(signature.signature.length + signature.certificate.length).toBeLessThanOrEqual(content.length);
}

function expectPrintedEntries(entries: PrintedEntries, content: Uint8Array, residenceCard: boolean): void {
  expect(entries.cardExpiry).toMatch(DIGITS8);
  expect(entries.birthDate).toMatch(DIGITS8);
  expect(['male', 'female', 'unspecified']).toContain(entries.sex);
  expect(entries.periodOfStay).toMatch(/^\d{3,4}$/);
  if (entries.permissionType !== undefined) expect(entries.permissionType).toMatch(/^\d{0,2}$/);
  if (entries.permissionDate !== undefined) expect(entries.permissionDate).toMatch(/^(\d{8})?$/);
  if (entries.periodOfStayExpiry !== undefined) expect(entries.periodOfStayExpiry).toMatch(/^(\d{8})?$/);
  if (residenceCard) expect(['1', '2', '4', '9', '']).toContain(entries.workRestriction);
  expect(entries.signedBytes.length).toBeLessThanOrEqual(content.length);
}

interface ParserCase {
  readonly name: string;
  /** The tags the parser looks for. */
  readonly tags: readonly number[];
  readonly samples: readonly Uint8Array[];
  /** Parses and checks that what came back is well formed. */
  readonly parseAndCheck: (content: Uint8Array) => void;
}

const gen1 = (df: DfName, p1: number) => samplesOf(GEN1_PROFILES, df, p1);
const gen2 = (df: DfName, p1: number) => samplesOf(GEN2_PROFILES, df, p1);

const PARSERS: readonly ParserCase[] = [
  {
    name: 'gen1 front image (DF1/EF01)',
    tags: [0xd0],
    samples: gen1('DF1', Gen1Files.frontImage),
    parseAndCheck: (content) => expectImage(parseGen1FrontImage(content), 'tiff-g4', content),
  },
  {
    name: 'gen1 face image (DF1/EF02)',
    tags: [0xd1],
    samples: gen1('DF1', Gen1Files.faceImage),
    parseAndCheck: (content) => {
      const face = parseGen1FaceImage(content);
      expectImage(face, 'jp2', content);
      if (face) expect(face.bytes.some((byte) => byte !== 0)).toBe(true);
    },
  },
  {
    name: 'gen1 address history (DF2/EF01)',
    tags: [0xd2, 0xd3, 0xd4],
    samples: gen1('DF2', Gen1Files.address),
    parseAndCheck: (content) => {
      for (const entry of parseGen1Address(content)) {
        expect(entry.date).toMatch(DIGITS8);
        expect(entry.municipalityCode).toMatch(/^\d{0,6}$/);
        expect(typeof entry.address).toBe('string');
      }
    },
  },
  {
    name: 'gen1 work permission (DF2/EF02, EF03)',
    tags: [0xd5, 0xd6],
    samples: [...gen1('DF2', Gen1Files.comprehensivePermission), ...gen1('DF2', Gen1Files.individualPermission)],
    parseAndCheck: (content) => {
      const permission = parseGen1WorkPermission(content, content);
      expect(permission?.generation).toBe(1);
      expect(typeof permission?.comprehensive).toBe('string');
      expect(typeof permission?.individual).toBe('string');
    },
  },
  {
    name: 'gen1 renewal application (DF2/EF04)',
    tags: [0xd7],
    samples: gen1('DF2', Gen1Files.renewalApplication),
    parseAndCheck: (content) => expect([true, false, undefined]).toContain(parseRenewalFlag(content, 0xd7)),
  },
  {
    name: 'gen1 signature (DF3/EF01)',
    tags: [0xda, 0xdb],
    samples: gen1('DF3', Gen1Files.signature),
    parseAndCheck: (content) => expectSignature(parseGen1Signature(content), content),
  },
  {
    name: 'gen2 card number (DF1/EF01)',
    tags: [0xc2],
    samples: gen2('DF1', Gen2Files.cardNumber),
    parseAndCheck: (content) => expect(parseGen2CardNumber(content)).toMatch(/^[A-Z]{2}\d{8}[A-Z]{2}$/),
  },
  {
    name: 'gen2 printed entries of a residence card (DF1/EF02)',
    tags: [0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce],
    samples: gen2('DF1', Gen2Files.printedEntries),
    parseAndCheck: (content) => expectPrintedEntries(parseGen2PrintedEntries(content, true), content, true),
  },
  {
    name: 'gen2 printed entries of a special permanent resident certificate (DF1/EF02)',
    tags: [0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce],
    samples: gen2('DF1', Gen2Files.printedEntries),
    parseAndCheck: (content) => expectPrintedEntries(parseGen2PrintedEntries(content, false), content, false),
  },
  {
    name: 'gen2 name and face images (DF1/EF03)',
    tags: [0xd0, 0xd1],
    samples: gen2('DF1', Gen2Files.nameAndFace),
    parseAndCheck: (content) => {
      const { nameImage, faceImage } = parseGen2NameAndFace(content);
      expectImage(nameImage, 'tiff-g4', content);
      expectImage(faceImage, 'jp2', content);
    },
  },
  {
    name: 'gen2 address image (DF1/EF04)',
    tags: [0xdfd1],
    samples: gen2('DF1', Gen2Files.addressImage),
    parseAndCheck: (content) => expectImage(parseGen2AddressImage(content), 'tiff-g4', content),
  },
  {
    name: 'gen2 work permission (DF2/EF01)',
    tags: [0xd5, 0xd6, 0xd7],
    samples: samplesOf(['gen2-residence-comprehensive-28h', 'gen2-residence-individual'], 'DF2', Gen2Files.workPermission),
    parseAndCheck: (content) => {
      const permission = parseGen2WorkPermission(content);
      expect(['0', '1', '2']).toContain(permission?.comprehensive);
      expect(permission?.comprehensiveExpiry).toMatch(/^(\d{8})?$/);
      expect(['0', '1']).toContain(permission?.individual);
    },
  },
  {
    name: 'gen2 renewal application (DF2/EF02)',
    tags: [0xd8],
    samples: samplesOf(['gen2-residence-comprehensive-28h', 'gen2-residence-individual'], 'DF2', Gen2Files.renewalApplication),
    parseAndCheck: (content) => expect([true, false, undefined]).toContain(parseRenewalFlag(content, 0xd8)),
  },
  {
    name: 'gen2 other information (DF2)',
    tags: [0xd9, 0xde],
    samples: [...samplesOf(['gen2-residence-comprehensive-28h'], 'DF2', Gen2Files.otherResidence), ...samplesOf(['gen2-special-permanent'], 'DF2', Gen2Files.otherSpecialPermanent)],
    parseAndCheck: (content) => {
      const other = parseGen2Other(content);
      expect(other?.noteFlag).toMatch(/^\d?$/);
      expect(typeof other?.reservedText).toBe('string');
    },
  },
  {
    name: 'gen2 signature (DF3/EF01)',
    tags: [0xdc, 0xdd],
    samples: gen2('DF3', Gen2Files.signature),
    parseAndCheck: (content) => expectSignature(parseGen2Signature(content), content),
  },
];

describe('field parsers, fuzzed: a well-formed field or MALFORMED_CARD_DATA', () => {
  it('has samples for every parser', () => {
    for (const parser of PARSERS) expect(parser.samples.length, parser.name).toBeGreaterThan(0);
  });

  it.each(PARSERS.map((parser) => [parser.name, parser] as const))('%s', async (_name, parser) => {
    await assertProperty(
      fc.property(contentFor(parser.tags, parser.samples), (content) => {
        // A result of the wrong shape fails its check's expect(), which outcomeOf reports as not mapped.
        withinTime(500, () => outcomeOf(() => parser.parseAndCheck(content)));
      }),
      { numRuns: 400, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  // Found by the properties: 128 KiB of digits spread into String.fromCharCode overflowed the stack (a RangeError).
  it('regression: a 128 KiB digit field is MALFORMED_CARD_DATA, not a stack overflow', () => {
    const longDigits = (tag: number) => concat(Uint8Array.of(tag, 0x83, 0x02, 0x00, 0x00), new Uint8Array(0x2_0000).fill(0x30));
    expect(() => parseRenewalFlag(longDigits(0xd7), 0xd7)).toThrow(expect.objectContaining({ code: KioskErrorCode.malformedCardData }));
    expect(() => parseGen2CardNumber(longDigits(0xc2))).toThrow(expect.objectContaining({ code: KioskErrorCode.malformedCardData }));
  });

  it('regression: a 128 KiB card type value is NOT_RESIDENCE_CARD, not a stack overflow', async () => {
    const answer = concat(Uint8Array.of(0xc1, 0x83, 0x02, 0x00, 0x00), new Uint8Array(0x2_0000).fill(0x30), Uint8Array.of(0x90, 0x00));
    const channel = { atr: new Uint8Array(), transmit: async (command: Uint8Array) => (command[1] === 0xb0 ? answer : Uint8Array.of(0x90, 0x00)) };
    await expect(detectCardType(channel)).rejects.toMatchObject({ code: KioskErrorCode.notResidenceCard });
  });

  it('card type (MF/EF02): a type of one or two digits, or NOT_RESIDENCE_CARD / CARD_READ_FAILED', async () => {
    const samples = [...samplesOf(GEN1_PROFILES, 'MF', MF_CARD_TYPE), ...samplesOf(GEN2_PROFILES, 'MF', MF_CARD_TYPE)];
    const statusWord = fc.oneof({ arbitrary: fc.constantFrom([0x90, 0x00], [0x62, 0x82]), weight: 4 }, { arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })), weight: 1 });
    const answer = fc.oneof(
      { arbitrary: fc.tuple(contentFor([0xc1], samples), statusWord).map(([content, sw]) => concat(content, Uint8Array.from(sw))), weight: 8 },
      { arbitrary: noise(2), weight: 1 },
    );
    const allowed = new Set([KioskErrorCode.notResidenceCard, KioskErrorCode.cardReadFailed]);
    await assertProperty(
      fc.asyncProperty(answer, async (response) => {
        const channel = { atr: new Uint8Array(), transmit: async (command: Uint8Array) => (command[1] === 0xb0 ? response : Uint8Array.of(0x90, 0x00)) };
        const detected = await outcomeOfAsync(() => detectCardType(channel), allowed);
        if (detected.ok) expect(detected.value).toMatch(/^[0-9]{1,2}$/);
      }),
      { numRuns: 600, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));
});
