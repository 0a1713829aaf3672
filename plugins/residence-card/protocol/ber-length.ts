import { KioskError, KioskErrorCode } from '../../../kernel/api';

/**
 * BER-TLV lengths as the residence card writes them: one byte 00..7F, `81 xx` or `82 xx yy`. Longer forms and the
 * indefinite form (80) cannot occur in files of at most a few kilobytes. Non-minimal forms (`81 05`) are accepted
 * when reading, as BER allows them; writing always uses the shortest form.
 */

export interface BerLength {
  readonly length: number;
  /** Offset of the first value byte. */
  readonly valueOffset: number;
}

export function readBerLength(data: Uint8Array, offset: number): BerLength {
  const first = data[offset];
  if (first === undefined) throw malformed('length missing');
  if (first < 0x80) return { length: first, valueOffset: offset + 1 };
  const lengthBytes = first & 0x7f;
  if (lengthBytes < 1 || lengthBytes > 2) throw malformed(`unsupported length form ${first.toString(16)}`);
  if (offset + 1 + lengthBytes > data.length) throw malformed('length truncated');
  let length = 0;
  for (let i = 1; i <= lengthBytes; i++) length = (length << 8) | (data[offset + i] ?? 0);
  return { length, valueOffset: offset + 1 + lengthBytes };
}

export function encodeBerLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) {
    throw new RangeError(`BER length out of range: ${length}`);
  }
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >>> 8, length & 0xff);
}

function malformed(detail: string): KioskError {
  return new KioskError(KioskErrorCode.malformedCardData, `Bad BER-TLV length: ${detail}`);
}
