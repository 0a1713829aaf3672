import { KioskError, KioskErrorCode } from '../errors/kiosk-error';

/**
 * Strict BER-TLV as the residence card uses it. Everything read from the card is untrusted: a malformed object throws
 * KioskError(MALFORMED_CARD_DATA) with offsets only (never data bytes), every read is bounds-checked, and every
 * loop step consumes at least one byte. Values are views into the input, not copies: zeroing the input zeroes them.
 */

/**
 * How the bytes after a first tag byte ending in 1F are read.
 * - 'residence-card' (default): exactly one more byte. The card's address-image tag is DF D1 (chip spec §4, file size
 *   2505 = 2 + 3 + 2500), although D1 has bit 8 set, which under ISO 7816-4 would announce a third tag byte.
 * - 'iso7816': more bytes follow while bit 8 is set, at most 3 tag bytes in all.
 */
export type TagRule = 'residence-card' | 'iso7816';

export interface ParseTlvOptions {
  /** Skip 00 and FF bytes before, between and after objects (ISO 7816-4 padding; the cards NUL-pad their files). */
  readonly allowPadding?: boolean;
  readonly tagRule?: TagRule;
}

export interface Tlv {
  /** Tag bytes as a big-endian number, e.g. 0xC1 or 0xDFD1. */
  readonly tag: number;
  /** Bit 6 of the first tag byte: the value holds nested objects. */
  readonly constructed: boolean;
  /** View into the parsed input. */
  readonly value: Uint8Array;
}

export interface ParsedTlv {
  readonly tlv: Tlv;
  /** Offset just after the object's value. */
  readonly nextOffset: number;
}

const CONSTRUCTED_BIT = 0x20;
const TAG_NUMBER_MASK = 0x1f;
const MORE_TAG_BYTES_BIT = 0x80;
const MAX_ISO_TAG_BYTES = 3;
const LONG_LENGTH_BIT = 0x80;
/** 81, 82 and 83 forms: up to three length bytes (16 MiB), far beyond any card file. */
const MAX_LENGTH_BYTES = 3;
const MAX_ENCODABLE_LENGTH = 0xffffff;

export function isPaddingByte(byte: number): boolean {
  return byte === 0x00 || byte === 0xff;
}

/** Reads the one object that starts at `offset`. Padding is not skipped here; see parseTlvSequence. */
export function parseTlvAt(bytes: Uint8Array, offset: number, options: ParseTlvOptions = {}): ParsedTlv {
  if (!Number.isInteger(offset) || offset < 0 || offset >= bytes.length) {
    throw malformed(`no object at offset ${offset} of ${bytes.length} bytes`);
  }
  const tagResult = readTag(bytes, offset, options.tagRule ?? 'residence-card');
  if (typeof tagResult === 'string') throw malformed(tagResult);

  const lengthOffset = tagResult.end;
  const lengthResult = readLength(bytes, lengthOffset);
  if (typeof lengthResult === 'string') throw malformed(lengthResult);

  const valueStart = lengthResult.end;
  const remaining = bytes.length - valueStart;
  if (lengthResult.length > remaining) {
    throw malformed(`value at offset ${valueStart} declares ${lengthResult.length} bytes but only ${remaining} remain`);
  }
  const valueEnd = valueStart + lengthResult.length;
  const firstTagByte = bytes[offset] ?? 0;
  return {
    tlv: { tag: tagResult.tag, constructed: (firstTagByte & CONSTRUCTED_BIT) !== 0, value: bytes.subarray(valueStart, valueEnd) },
    nextOffset: valueEnd,
  };
}

/** All objects at one level, in order. Empty input is malformed (a file read never legitimately returns nothing). */
export function parseTlvSequence(bytes: Uint8Array, options: ParseTlvOptions = {}): Tlv[] {
  if (bytes.length === 0) throw malformed('empty input');
  const objects: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (options.allowPadding === true && isPaddingByte(bytes[offset] ?? 0)) {
      offset += 1;
      continue;
    }
    const parsed = parseTlvAt(bytes, offset, options);
    objects.push(parsed.tlv);
    offset = parsed.nextOffset;
  }
  return objects;
}

/** Exactly one object filling the input (apart from padding, when allowed), e.g. a secure-messaging 86 object. */
export function parseTlv(bytes: Uint8Array, options: ParseTlvOptions = {}): Tlv {
  const objects = parseTlvSequence(bytes, options);
  const [only] = objects;
  if (only === undefined) throw malformed('no object, only padding');
  if (objects.length > 1) throw malformed(`expected one object, found ${objects.length}`);
  return only;
}

export function findTag(objects: readonly Tlv[], tag: number): Tlv | undefined {
  return objects.find((object) => object.tag === tag);
}

export function requireTag(objects: readonly Tlv[], tag: number): Tlv {
  const found = findTag(objects, tag);
  if (found === undefined) throw malformed(`required tag ${formatTag(tag)} is missing`);
  return found;
}

/** 'DFD1', for messages. */
export function formatTag(tag: number): string {
  if (!Number.isInteger(tag) || tag < 0) return '??';
  const hex = tag.toString(16).toUpperCase();
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

/** Shortest definite length: 00..7F, 81 XX, 82 XX XX, 83 XX XX XX. */
export function encodeLength(length: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(length) || length < 0 || length > MAX_ENCODABLE_LENGTH) {
    throw new RangeError(`BER-TLV length must be an integer 0..${MAX_ENCODABLE_LENGTH} (got ${String(length)})`);
  }
  if (length < LONG_LENGTH_BIT) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  if (length <= 0xffff) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
}

/** Tag, length and value in one new array. The tag must be well formed under the chosen rule (else RangeError). */
export function encodeTlv(tag: number, value: Uint8Array, options: Pick<ParseTlvOptions, 'tagRule'> = {}): Uint8Array<ArrayBuffer> {
  const tagBytes = encodeTag(tag, options.tagRule ?? 'residence-card');
  const lengthBytes = encodeLength(value.length);
  const encoded = new Uint8Array(tagBytes.length + lengthBytes.length + value.length);
  encoded.set(tagBytes, 0);
  encoded.set(lengthBytes, tagBytes.length);
  encoded.set(value, tagBytes.length + lengthBytes.length);
  return encoded;
}

function encodeTag(tag: number, rule: TagRule): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffff) {
    throw new RangeError(`BER-TLV tag must be 1 to 3 bytes (got ${String(tag)})`);
  }
  const tagBytes = tag > 0xffff ? Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff) : tag > 0xff ? Uint8Array.of(tag >> 8, tag & 0xff) : Uint8Array.of(tag);
  // A tag is well formed when reading it back consumes exactly its own bytes.
  const readBack = readTag(tagBytes, 0, rule);
  if (typeof readBack === 'string' || readBack.end !== tagBytes.length) {
    throw new RangeError(`BER-TLV tag ${formatTag(tag)} is not a well-formed ${rule} tag`);
  }
  return tagBytes;
}

interface TagRead {
  readonly tag: number;
  readonly end: number;
}

interface LengthRead {
  readonly length: number;
  readonly end: number;
}

/** Returns the tag or a reason it is malformed (a string), so encoding and parsing can raise their own error types. */
function readTag(bytes: Uint8Array, offset: number, rule: TagRule): TagRead | string {
  const first = bytes[offset];
  if (first === undefined) return `tag missing at offset ${offset}`;
  if (isPaddingByte(first)) return `padding byte where a tag was expected at offset ${offset}`;
  if ((first & TAG_NUMBER_MASK) !== TAG_NUMBER_MASK) return { tag: first, end: offset + 1 };

  if (rule === 'residence-card') {
    const second = bytes[offset + 1];
    if (second === undefined) return `tag truncated at offset ${offset}`;
    return { tag: (first << 8) | second, end: offset + 2 };
  }

  let tag = first;
  let position = offset + 1;
  for (;;) {
    const next = bytes[position];
    if (next === undefined) return `tag truncated at offset ${offset}`;
    if (position - offset + 1 > MAX_ISO_TAG_BYTES) return `tag longer than ${MAX_ISO_TAG_BYTES} bytes at offset ${offset}`;
    tag = (tag << 8) | next;
    position += 1;
    if ((next & MORE_TAG_BYTES_BIT) === 0) return { tag, end: position };
  }
}

function readLength(bytes: Uint8Array, offset: number): LengthRead | string {
  const first = bytes[offset];
  if (first === undefined) return `length missing at offset ${offset}`;
  if ((first & LONG_LENGTH_BIT) === 0) return { length: first, end: offset + 1 };
  const lengthByteCount = first & ~LONG_LENGTH_BIT;
  if (lengthByteCount === 0) return `indefinite length (80) at offset ${offset} is not allowed`;
  if (lengthByteCount > MAX_LENGTH_BYTES) return `length form ${formatTag(first)} at offset ${offset} is not supported`;
  if (offset + 1 + lengthByteCount > bytes.length) return `length truncated at offset ${offset}`;
  let length = 0;
  for (let index = 1; index <= lengthByteCount; index += 1) length = length * 256 + (bytes[offset + index] ?? 0);
  return { length, end: offset + 1 + lengthByteCount };
}

function malformed(reason: string): KioskError {
  return new KioskError(KioskErrorCode.malformedCardData, `Malformed BER-TLV card data: ${reason}`);
}
