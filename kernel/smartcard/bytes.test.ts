import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from './bytes';

describe('bytesToHex', () => {
  it('prints upper-case hex with an optional separator', () => {
    expect(bytesToHex(Uint8Array.of(0x00, 0xb0, 0x8a, 0x0f))).toBe('00B08A0F');
    expect(bytesToHex(Uint8Array.of(0x90, 0x00), ' ')).toBe('90 00');
    expect(bytesToHex(new Uint8Array(0))).toBe('');
  });
});

describe('hexToBytes', () => {
  it('accepts either case and whitespace anywhere', () => {
    expect(hexToBytes('00 b0 8A 00\n00')).toEqual(Uint8Array.of(0x00, 0xb0, 0x8a, 0x00, 0x00));
    expect(hexToBytes('  ')).toEqual(new Uint8Array(0));
    expect(hexToBytes('6522B4E1 71195BB2')).toEqual(Uint8Array.of(0x65, 0x22, 0xb4, 0xe1, 0x71, 0x19, 0x5b, 0xb2));
  });

  it('rejects an odd digit count and non-hex characters without echoing the text', () => {
    expect(() => hexToBytes('ABC')).toThrow(/odd number of hex digits \(3\)/);
    expect(() => hexToBytes('0x00')).toThrow(/not a hex digit at position 1/);
    expect(() => hexToBytes('AA12345678BG')).toThrow(/position 11/);
    expect(() => hexToBytes('AA12345678BG')).not.toThrow(/AA12/);
  });

  it('round-trips with bytesToHex', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    expect(hexToBytes(bytesToHex(bytes, ' '))).toEqual(bytes);
  });
});

describe('concatBytes', () => {
  it('joins parts into a new array', () => {
    const first = Uint8Array.of(1, 2);
    const joined = concatBytes(first, new Uint8Array(0), Uint8Array.of(3));
    expect(joined).toEqual(Uint8Array.of(1, 2, 3));
    joined[0] = 9;
    expect(first[0]).toBe(1);
    expect(concatBytes()).toEqual(new Uint8Array(0));
  });
});
