import { describe, expect, it } from 'vitest';
import { KioskErrorCode } from '../../../kernel/api';
import { encodeBerLength, readBerLength } from './ber-length';

const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const malformed = expect.objectContaining({ code: KioskErrorCode.malformedCardData });

describe('BER-TLV lengths', () => {
  it.each([
    [0, '00'],
    [0x7f, '7f'],
    [0x80, '8180'],
    [0xff, '81ff'],
    [0x100, '820100'],
    [0x1591, '821591'],
    [0xffff, '82ffff'],
  ])('encodes %i in the shortest form and reads it back', (length, encoded) => {
    expect(toHex(encodeBerLength(length))).toBe(encoded);
    const bytes = Uint8Array.from(Buffer.from(`86${encoded}`, 'hex'));
    expect(readBerLength(bytes, 1)).toEqual({ length, valueOffset: 1 + encoded.length / 2 });
  });

  it('reads non-minimal forms, which BER allows', () => {
    expect(readBerLength(Uint8Array.of(0x81, 0x05), 0)).toEqual({ length: 5, valueOffset: 2 });
    expect(readBerLength(Uint8Array.of(0x82, 0x00, 0x05), 0)).toEqual({ length: 5, valueOffset: 3 });
  });

  it('refuses missing, truncated, indefinite and over-long lengths', () => {
    expect(() => readBerLength(Uint8Array.of(0x86), 1)).toThrow(malformed);
    expect(() => readBerLength(Uint8Array.of(0x82, 0x15), 0)).toThrow(malformed);
    expect(() => readBerLength(Uint8Array.of(0x80), 0)).toThrow(malformed);
    expect(() => readBerLength(Uint8Array.of(0x83, 0x00, 0x00, 0x01), 0)).toThrow(malformed);
  });

  it('refuses to encode what the card cannot carry', () => {
    expect(() => encodeBerLength(0x10000)).toThrow(RangeError);
    expect(() => encodeBerLength(-1)).toThrow(RangeError);
  });
});
