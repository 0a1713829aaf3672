import fc from 'fast-check';

/**
 * Mutations of valid inputs. Random bytes rarely get past a parser's first check; a real file with a few bits
 * flipped, a length rewritten or a tag swapped reaches the code behind it. Mutations are plain data, so a shrunk
 * counterexample reads as "sample X with these edits" and replays exactly.
 */

/** Where a tag, a length or a declared number sits in a valid input: the places worth corrupting on purpose. */
export interface Field {
  readonly offset: number;
  readonly size: number;
  readonly kind: 'tag' | 'ber-length' | 'number';
  /** For 'number' fields. */
  readonly littleEndian?: boolean;
}

export type Mutation =
  | { readonly kind: 'flip-bit'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set-byte'; readonly at: number; readonly value: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly from: number; readonly count: number; readonly to: number }
  /** Replaces a field with a value picked by `choice` from the interesting ones for its kind, or with `random`. */
  | { readonly kind: 'rewrite-field'; readonly field: number; readonly choice: number; readonly random: Uint8Array }
  /** Exchanges the bytes of two fields of the same kind (two tags: objects change meaning). */
  | { readonly kind: 'swap-fields'; readonly first: number; readonly second: number };

/** Bytes that steer parsers into their branches: padding, length forms, multi-byte tags, ASN.1 and SM tags. */
export const TRICKY_BYTES = [
  0x00, 0x01, 0x02, 0x1f, 0x20, 0x30, 0x3f, 0x5f, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x8e, 0x96, 0x99, 0xc1, 0xd0,
  0xd1, 0xdf, 0xfe, 0xff,
] as const;

export const trickyByte: fc.Arbitrary<number> = fc.oneof(fc.constantFrom(...TRICKY_BYTES), fc.integer({ min: 0, max: 255 }));

/** Random bytes, half of them drawn from TRICKY_BYTES. */
export function noise(maxLength: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength }),
    fc.array(trickyByte, { maxLength }).map((bytes) => Uint8Array.from(bytes)),
  );
}

const position = fc.nat({ max: 0x7fff_ffff });

export function mutationArbitrary(hasFields: boolean): fc.Arbitrary<Mutation> {
  const raw: fc.Arbitrary<Mutation>[] = [
    fc.record({ kind: fc.constant('flip-bit' as const), at: position, bit: fc.nat({ max: 7 }) }),
    fc.record({ kind: fc.constant('set-byte' as const), at: position, value: trickyByte }),
    fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 24 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: position }),
    fc.record({ kind: fc.constant('duplicate' as const), from: position, count: fc.integer({ min: 1, max: 64 }), to: position }),
  ];
  if (!hasFields) return fc.oneof(...raw);
  const structural: fc.Arbitrary<Mutation>[] = [
    fc.record({ kind: fc.constant('rewrite-field' as const), field: position, choice: fc.nat({ max: 63 }), random: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('swap-fields' as const), first: position, second: position }),
  ];
  // Structural edits weigh as much as all raw ones together: they are what gets deep.
  return fc.oneof(...raw.map((arbitrary) => ({ arbitrary, weight: 1 })), ...structural.map((arbitrary) => ({ arbitrary, weight: 3 })));
}

export function mutationsArbitrary(fields: readonly Field[], maxMutations = 4): fc.Arbitrary<Mutation[]> {
  return fc.array(mutationArbitrary(fields.length > 0), { minLength: 1, maxLength: maxMutations });
}

/**
 * Applies `mutations` to a copy of `base`. Structural edits refer to `fields` of the base and are applied first
 * (from the end backwards, so earlier offsets stay valid); byte edits then take positions modulo the current length.
 */
export function applyMutations(base: Uint8Array, fields: readonly Field[], mutations: readonly Mutation[]): Uint8Array {
  const splices: Splice[] = [];
  for (const mutation of mutations) {
    if (mutation.kind === 'rewrite-field' && fields.length > 0) {
      const field = fields[mutation.field % fields.length]!;
      splices.push({ offset: field.offset, removed: field.size, inserted: replacementFor(base, field, mutation.choice, mutation.random, fields) });
    } else if (mutation.kind === 'swap-fields' && fields.length > 0) {
      const first = fields[mutation.first % fields.length]!;
      const sameKind = fields.filter((field) => field.kind === first.kind && field.size === first.size);
      const second = sameKind[mutation.second % sameKind.length]!;
      if (first.offset === second.offset) continue;
      splices.push({ offset: first.offset, removed: first.size, inserted: base.slice(second.offset, second.offset + second.size) });
      splices.push({ offset: second.offset, removed: second.size, inserted: base.slice(first.offset, first.offset + first.size) });
    }
  }
  let bytes = applySplices(base, splices);
  for (const mutation of mutations) bytes = applyRawMutation(bytes, mutation);
  return bytes;
}

interface Splice {
  readonly offset: number;
  readonly removed: number;
  readonly inserted: Uint8Array;
}

function applySplices(base: Uint8Array, splices: readonly Splice[]): Uint8Array {
  // Overlapping edits would be ambiguous: the first one listed wins.
  const kept: Splice[] = [];
  for (const splice of splices) {
    const overlaps = kept.some((other) => splice.offset < other.offset + other.removed && other.offset < splice.offset + splice.removed);
    if (!overlaps) kept.push(splice);
  }
  kept.sort((a, b) => b.offset - a.offset);
  let bytes: Uint8Array = base.slice();
  for (const splice of kept) bytes = concat(bytes.subarray(0, splice.offset), splice.inserted, bytes.subarray(splice.offset + splice.removed));
  return bytes;
}

function applyRawMutation(bytes: Uint8Array, mutation: Mutation): Uint8Array {
  const length = bytes.length;
  switch (mutation.kind) {
    case 'flip-bit': {
      if (length === 0) return bytes;
      const copy = bytes.slice();
      copy[mutation.at % length]! ^= 1 << mutation.bit;
      return copy;
    }
    case 'set-byte': {
      if (length === 0) return bytes;
      const copy = bytes.slice();
      copy[mutation.at % length] = mutation.value;
      return copy;
    }
    case 'insert': {
      const at = mutation.at % (length + 1);
      return concat(bytes.subarray(0, at), mutation.bytes, bytes.subarray(at));
    }
    case 'delete': {
      if (length === 0) return bytes;
      const at = mutation.at % length;
      return concat(bytes.subarray(0, at), bytes.subarray(at + mutation.count));
    }
    case 'truncate':
      return bytes.slice(0, mutation.at % (length + 1));
    case 'duplicate': {
      if (length === 0) return bytes;
      const from = mutation.from % length;
      const to = mutation.to % (length + 1);
      return concat(bytes.subarray(0, to), bytes.subarray(from, from + mutation.count), bytes.subarray(to));
    }
    case 'rewrite-field':
    case 'swap-fields':
      return bytes;
  }
}

/** Values that break parsers at their edges: zero, one, sign bits, powers of two, the image limits, all ones. */
const INTERESTING_NUMBERS = [
  0, 1, 2, 3, 4, 7, 8, 15, 16, 0x7f, 0x80, 0xff, 0x100, 0x3ff, 0x400, 0xfff, 0x1000, 0x1001, 0x7fff, 0x8000, 0xffff, 0x1_0000, 0x7fff_ffff,
  0x8000_0000, 0xffff_ffff,
];

function replacementFor(base: Uint8Array, field: Field, choice: number, random: Uint8Array, fields: readonly Field[]): Uint8Array {
  const original = base.subarray(field.offset, field.offset + field.size);
  if (field.kind === 'tag') {
    // Another tag of the same input (BER tags may change size: DF D1 becomes D1), a tricky first byte, or noise.
    const tags = fields.filter((candidate) => candidate.kind === 'tag');
    const other = tags[choice % tags.length]!;
    if (choice % 3 === 0) return base.slice(other.offset, other.offset + other.size);
    if (choice % 3 === 1) {
      const tricky = original.slice();
      tricky[0] = TRICKY_BYTES[choice % TRICKY_BYTES.length]!;
      return tricky;
    }
    return padTo(random, field.size);
  }
  if (field.kind === 'ber-length') {
    const declared = readBerLengthValue(original);
    const remaining = base.length - field.offset - field.size;
    const candidates = [
      Uint8Array.of(0x00),
      Uint8Array.of(0x7f),
      Uint8Array.of(0x80), // indefinite
      Uint8Array.of(0x84, 0, 0, 0, 1),
      Uint8Array.of(0x85, 0, 0, 0, 0, 1),
      Uint8Array.of(0xff),
      Uint8Array.of(0x81, 0x00),
      Uint8Array.of(0x82, 0x00, 0x05), // a non-minimal form
      Uint8Array.of(0x82, 0xff, 0xff),
      Uint8Array.of(0x83, 0xff, 0xff, 0xff),
      Uint8Array.of(0x83, 0x01, 0x00, 0x00),
      Uint8Array.of(0x81), // the length bytes cut off
      encodeLengthLoosely(declared + 1),
      encodeLengthLoosely(Math.max(0, declared - 1)),
      encodeLengthLoosely(declared * 2),
      encodeLengthLoosely(remaining),
      encodeLengthLoosely(remaining + 1),
      encodeLengthLoosely(0x1_0000),
    ];
    return choice < candidates.length * 2 ? candidates[choice % candidates.length]! : random.slice();
  }
  const fileRelative = [base.length - 1, base.length, base.length + 1, field.offset, readNumber(original, field.littleEndian === true) + 1];
  const values = [...INTERESTING_NUMBERS, ...fileRelative];
  if (choice >= values.length) return padTo(random, field.size);
  return writeNumber(values[choice]! >>> 0, field.size, field.littleEndian === true);
}

function padTo(bytes: Uint8Array, size: number): Uint8Array {
  const padded = new Uint8Array(size);
  padded.set(bytes.subarray(0, size));
  return padded;
}

function readBerLengthValue(field: Uint8Array): number {
  const first = field[0] ?? 0;
  if (first < 0x80) return first;
  let value = 0;
  for (const byte of field.subarray(1)) value = value * 256 + byte;
  return value;
}

/** Shortest BER length for any non-negative number up to 2^32 - 1. */
function encodeLengthLoosely(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function readNumber(bytes: Uint8Array, littleEndian: boolean): number {
  let value = 0;
  const ordered = littleEndian ? [...bytes].reverse() : [...bytes];
  for (const byte of ordered) value = value * 256 + byte;
  return value;
}

function writeNumber(value: number, size: number, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(size);
  let rest = value;
  for (let index = size - 1; index >= 0; index--) {
    bytes[index] = rest & 0xff;
    rest = Math.floor(rest / 256);
  }
  return littleEndian ? bytes.reverse() : bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/**
 * In-place edits confined to `[start, end)` of `base` (an image's compressed data): the headers stay valid, so the
 * decoder's inner loops, not its header checks, meet the corruption.
 */
export function payloadMutated(base: Uint8Array, start: number, end: number): fc.Arbitrary<Uint8Array> {
  const span = Math.max(1, end - start);
  const edit = fc.oneof(
    fc.record({ at: fc.nat({ max: span - 1 }), bit: fc.nat({ max: 7 }) }).map(({ at, bit }) => (bytes: Uint8Array) => {
      bytes[start + at]! ^= 1 << bit;
    }),
    fc.record({ at: fc.nat({ max: span - 1 }), value: trickyByte }).map(({ at, value }) => (bytes: Uint8Array) => {
      bytes[start + at] = value;
    }),
    fc.record({ at: fc.nat({ max: span - 1 }), run: fc.uint8Array({ minLength: 1, maxLength: 32 }) }).map(({ at, run }) => (bytes: Uint8Array) => {
      bytes.set(run.subarray(0, Math.max(0, end - start - at)), start + at);
    }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    const bytes = base.slice();
    for (const apply of edits) apply(bytes);
    return bytes;
  });
}
