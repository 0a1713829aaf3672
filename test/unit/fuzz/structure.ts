import { parseTlvAt, parseTlvSequence, type TagRule } from '../../../kernel/smartcard/ber-tlv';
import type { Field } from './mutation';

/** The fields of valid inputs that mutations aim at: TLV tags and lengths, TIFF directories, JPEG 2000 headers. */

const MAX_DEPTH = 8;

/**
 * Tags and lengths of every BER-TLV object, nested ones included. With `encapsulated`, DER inside OCTET STRINGs
 * and BIT STRINGs is walked too (certificate extensions and keys).
 */
export function tlvFields(bytes: Uint8Array, options: { tagRule?: TagRule; encapsulated?: boolean } = {}): Field[] {
  const fields: Field[] = [];
  const tagRule = options.tagRule ?? 'residence-card';
  const walk = (start: number, end: number, depth: number): void => {
    const region = bytes.subarray(0, end);
    let offset = start;
    while (offset < end) {
      if (bytes[offset] === 0x00 || bytes[offset] === 0xff) {
        offset += 1;
        continue;
      }
      let parsed;
      try {
        parsed = parseTlvAt(region, offset, { tagRule });
      } catch {
        return;
      }
      const tagSize = parsed.tlv.tag > 0xffff ? 3 : parsed.tlv.tag > 0xff ? 2 : 1;
      const valueStart = parsed.tlv.value.byteOffset - bytes.byteOffset;
      fields.push({ offset, size: tagSize, kind: 'tag' }, { offset: offset + tagSize, size: valueStart - offset - tagSize, kind: 'ber-length' });
      if (depth < MAX_DEPTH) {
        if (parsed.tlv.constructed) walk(valueStart, parsed.nextOffset, depth + 1);
        else if (options.encapsulated === true && (parsed.tlv.tag === 0x04 || parsed.tlv.tag === 0x03)) {
          const inner = parsed.tlv.tag === 0x03 ? valueStart + 1 : valueStart;
          if (holdsDer(bytes.subarray(inner, parsed.nextOffset))) walk(inner, parsed.nextOffset, depth + 1);
        }
      }
      offset = parsed.nextOffset;
    }
  };
  walk(0, bytes.length, 0);
  return fields;
}

function holdsDer(bytes: Uint8Array): boolean {
  if (bytes.length < 2 || bytes[0] !== 0x30) return false;
  try {
    return parseTlvSequence(bytes, { tagRule: 'iso7816' }).length === 1;
  } catch {
    return false;
  }
}

/** TIFF header, the first directory's entries and their out-of-line values. */
export function tiffFields(bytes: Uint8Array): Field[] {
  if (bytes.length < 8) return [];
  const littleEndian = bytes[0] === 0x49;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const number = (offset: number, size: number): Field => ({ offset, size, kind: 'number', littleEndian });
  const fields: Field[] = [{ offset: 0, size: 2, kind: 'tag' }, number(2, 2), number(4, 4)];
  const directory = view.getUint32(4, littleEndian);
  if (directory + 2 > bytes.length) return fields;
  fields.push(number(directory, 2));
  const count = Math.min(view.getUint16(directory, littleEndian), 64);
  for (let index = 0; index < count; index++) {
    const entry = directory + 2 + index * 12;
    if (entry + 12 > bytes.length) break;
    fields.push(number(entry, 2), number(entry + 2, 2), number(entry + 4, 4), number(entry + 8, 4));
    const size = view.getUint16(entry + 2, littleEndian) === 3 ? 2 : 4;
    const values = view.getUint32(entry + 4, littleEndian);
    if (values * size <= 4) continue;
    const start = view.getUint32(entry + 8, littleEndian);
    for (let value = 0; value < Math.min(values, 16) && start + (value + 1) * size <= bytes.length; value++) fields.push(number(start + value * size, size));
  }
  return fields;
}

const JP2_SUPERBOXES = new Set(['jp2h', 'res ']);
const MARKER = { soc: 0xff4f, siz: 0xff51, cod: 0xff52, qcd: 0xff5c, sot: 0xff90, sod: 0xff93, eoc: 0xffd9 } as const;

/** JP2 boxes (lengths, types, the image header) and the codestream's markers, SIZ, COD, QCD and SOT fields. */
export function jp2Fields(bytes: Uint8Array): Field[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const number = (offset: number, size: number): Field => ({ offset, size, kind: 'number' });
  const fields: Field[] = [];
  let codestream: number | undefined;
  const boxes = (start: number, end: number, depth: number): void => {
    let offset = start;
    for (let count = 0; count < 32 && offset + 8 <= end; count++) {
      const length = view.getUint32(offset);
      const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
      fields.push(number(offset, 4), { offset: offset + 4, size: 4, kind: 'tag' });
      const boxEnd = length === 0 ? end : offset + length;
      if (type === 'jp2c') codestream = offset + 8;
      if (type === 'ihdr') fields.push(number(offset + 8, 4), number(offset + 12, 4), number(offset + 16, 2), number(offset + 18, 1), number(offset + 19, 1));
      if (JP2_SUPERBOXES.has(type) && depth < 2) boxes(offset + 8, Math.min(boxEnd, end), depth + 1);
      if (length < 8 || boxEnd > end) return;
      offset = boxEnd;
    }
  };
  if (bytes.length >= 12 && view.getUint32(4) === 0x6a502020) boxes(0, bytes.length, 0);
  else codestream = 0;
  if (codestream !== undefined) fields.push(...codestreamFields(view, codestream));
  return fields;
}

function codestreamFields(view: DataView, start: number): Field[] {
  const number = (offset: number, size: number): Field => ({ offset, size, kind: 'number' });
  const fields: Field[] = [];
  let offset = start;
  let tilePartStart: number | undefined;
  let tilePartLength = 0;
  for (let count = 0; count < 64 && offset + 2 <= view.byteLength; count++) {
    const marker = view.getUint16(offset);
    fields.push({ offset, size: 2, kind: 'tag' });
    if (marker === MARKER.soc) {
      offset += 2;
      continue;
    }
    if (marker === MARKER.eoc) break;
    if (marker === MARKER.sod) {
      if (tilePartStart === undefined || tilePartLength === 0) break;
      offset = tilePartStart + tilePartLength;
      continue;
    }
    if (offset + 4 > view.byteLength) break;
    const length = view.getUint16(offset + 2);
    fields.push(number(offset + 2, 2));
    const segment = offset + 4;
    if (marker === MARKER.siz && segment + 34 <= view.byteLength) {
      fields.push(number(segment, 2));
      for (let index = 0; index < 8; index++) fields.push(number(segment + 2 + index * 4, 4));
      fields.push(number(segment + 34, 2));
      const components = Math.min(view.getUint16(segment + 34), 4);
      for (let index = 0; index < components * 3 && segment + 36 + index < view.byteLength; index++) fields.push(number(segment + 36 + index, 1));
    }
    if (marker === MARKER.cod && segment + 10 <= view.byteLength) {
      fields.push(number(segment, 1), number(segment + 1, 1), number(segment + 2, 2));
      for (let index = 4; index < 10; index++) fields.push(number(segment + index, 1));
    }
    if (marker === MARKER.qcd && segment + 1 <= view.byteLength) fields.push(number(segment, 1));
    if (marker === MARKER.sot && segment + 8 <= view.byteLength) {
      fields.push(number(segment, 2), number(segment + 2, 4), number(segment + 6, 1), number(segment + 7, 1));
      tilePartStart = offset;
      tilePartLength = view.getUint32(segment + 2);
    }
    offset += 2 + length;
  }
  return fields;
}
