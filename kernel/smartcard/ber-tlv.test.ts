import { describe, expect, it } from 'vitest';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import {
  encodeLength,
  encodeTlv,
  findTag,
  formatTag,
  parseTlv,
  parseTlvAt,
  parseTlvSequence,
  requireTag,
  type ParseTlvOptions,
} from './ber-tlv';
import { bytesToHex, concatBytes, hexToBytes } from './bytes';

const filled = (length: number, byte: number): Uint8Array => new Uint8Array(length).fill(byte);
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

/** Asserts MALFORMED_CARD_DATA whose message matches `reason` and contains no value bytes. */
function expectMalformed(action: () => unknown, reason: RegExp): void {
  const error = caught(action);
  expect(error).toBeInstanceOf(KioskError);
  expect((error as KioskError).code).toBe(KioskErrorCode.malformedCardData);
  expect((error as KioskError).message).toMatch(reason);
  expect((error as KioskError).message).not.toMatch(/A5A5|A5 A5|ZZ/);
}

describe('parseTlvSequence: the chip spec examples', () => {
  it('card type C1 on both generations', () => {
    const first = parseTlvSequence(hexToBytes('C1 01 31'));
    expect(first).toEqual([{ tag: 0xc1, constructed: false, value: ascii('1') }]);
    const second = parseTlvSequence(hexToBytes('C1 02 30 35'));
    expect(second).toEqual([{ tag: 0xc1, constructed: false, value: ascii('05') }]);
  });

  it('common data C0', () => {
    expect(requireTag(parseTlvSequence(hexToBytes('C0 04 30 30 30 31')), 0xc0).value).toEqual(ascii('0001'));
  });

  it('2nd gen name image and face D0 82 09 C4 <2500> D1 82 0B B8 <3000>', () => {
    const plain = concatBytes(hexToBytes('D0 82 09 C4'), filled(2500, 0xa5), hexToBytes('D1 82 0B B8'), filled(3000, 0x5a));
    const objects = parseTlvSequence(plain);
    expect(objects.map((object) => object.tag)).toEqual([0xd0, 0xd1]);
    expect(requireTag(objects, 0xd0).value).toEqual(filled(2500, 0xa5));
    expect(requireTag(objects, 0xd1).value).toEqual(filled(3000, 0x5a));
  });

  it('the secure-messaging answer 86 82 15 91 01 <5520> is one object', () => {
    const answer = concatBytes(hexToBytes('86 82 15 91 01'), filled(5520, 0x11));
    const cryptogram = parseTlv(answer);
    expect(cryptogram.tag).toBe(0x86);
    expect(cryptogram.value.length).toBe(5521);
    expect(cryptogram.value[0]).toBe(0x01);
  });

  it('the 2-byte address-image tag DF D1 (file size 2505)', () => {
    const file = concatBytes(hexToBytes('DF D1 82 09 C4'), filled(2500, 0xa5));
    expect(file.length).toBe(2505);
    const address = requireTag(parseTlvSequence(file, { allowPadding: true }), 0xdfd1);
    expect(address.constructed).toBe(false);
    expect(address.value.length).toBe(2500);
    // Under the ISO 7816-4 rule D1 announces a third tag byte, so the same file does not parse.
    expectMalformed(() => parseTlvSequence(file, { tagRule: 'iso7816' }), /tag longer than 3 bytes/);
  });

  it('DF3 signature file DC 60 <96> DD 82 02 56 <598> 00 00 00 00 (704 bytes)', () => {
    const file = concatBytes(hexToBytes('DC 60'), filled(96, 0x01), hexToBytes('DD 82 02 56'), filled(598, 0x30), filled(4, 0x00));
    expect(file.length).toBe(704);
    const objects = parseTlvSequence(file, { allowPadding: true });
    expect(objects.map((object) => [formatTag(object.tag), object.value.length])).toEqual([
      ['DC', 96],
      ['DD', 598],
    ]);
    expectMalformed(() => parseTlvSequence(file), /padding byte where a tag was expected at offset 700/);
  });

  it('1st gen address file: D2 D3 D4 then NUL padding to 342 bytes', () => {
    const address = new TextEncoder().encode('東京都千代田区霞が関１－２－３');
    const content = concatBytes(encodeTlv(0xd2, ascii('20240315')), encodeTlv(0xd3, ascii('131016')), encodeTlv(0xd4, address));
    const file = concatBytes(content, filled(342 - content.length, 0x00));
    const objects = parseTlvSequence(file, { allowPadding: true });
    expect(objects.map((object) => object.tag)).toEqual([0xd2, 0xd3, 0xd4]);
    expect(requireTag(objects, 0xd4).value).toEqual(address);
  });
});

describe('parseTlvSequence: padding', () => {
  const options: ParseTlvOptions = { allowPadding: true };

  it('skips 00 and FF before, between and after objects', () => {
    const bytes = hexToBytes('00 FF C1 01 31 00 FF 00 C0 04 30 30 30 31 00 00 FF');
    expect(parseTlvSequence(bytes, options).map((object) => object.tag)).toEqual([0xc1, 0xc0]);
  });

  it('keeps 00 inside values (padding is only skipped where a tag is expected)', () => {
    expect(parseTlvSequence(hexToBytes('D4 03 41 00 00 00'), options)).toEqual([{ tag: 0xd4, constructed: false, value: hexToBytes('41 00 00') }]);
  });

  it('an all-padding file is an empty list; one object is then required by parseTlv', () => {
    expect(parseTlvSequence(filled(16, 0x00), options)).toEqual([]);
    expectMalformed(() => parseTlv(filled(16, 0x00), options), /only padding/);
  });

  it('rejects padding bytes when padding is not allowed', () => {
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 01 31 00')), /padding byte where a tag was expected at offset 3/);
    expectMalformed(() => parseTlvSequence(hexToBytes('FF C1 01 31')), /offset 0/);
  });
});

describe('parseTlv and parseTlvAt', () => {
  it('parseTlv wants exactly one object', () => {
    expect(parseTlv(hexToBytes('C1 01 31 00 00'), { allowPadding: true }).tag).toBe(0xc1);
    expectMalformed(() => parseTlv(hexToBytes('C1 01 31 C1 01 32')), /expected one object, found 2/);
  });

  it('parseTlvAt reads one object and tells where the next begins', () => {
    const bytes = hexToBytes('C1 01 31 C0 02 30 31');
    const first = parseTlvAt(bytes, 0);
    expect(first.nextOffset).toBe(3);
    const second = parseTlvAt(bytes, first.nextOffset);
    expect(second).toEqual({ tlv: { tag: 0xc0, constructed: false, value: ascii('01') }, nextOffset: 7 });
    expectMalformed(() => parseTlvAt(bytes, 7), /no object at offset 7 of 7 bytes/);
    expectMalformed(() => parseTlvAt(bytes, -1), /no object at offset -1/);
  });

  it('values are views into the input, not copies', () => {
    const bytes = hexToBytes('00 C1 02 30 35');
    const value = parseTlv(bytes, { allowPadding: true }).value;
    expect(value.buffer).toBe(bytes.buffer);
    expect(value.byteOffset).toBe(3);
  });

  it('sets the constructed flag from bit 6 of the first tag byte and nests', () => {
    const outer = parseTlv(hexToBytes('70 06 C1 01 31 C0 01 32'));
    expect(outer.constructed).toBe(true);
    expect(parseTlvSequence(outer.value).map((object) => object.tag)).toEqual([0xc1, 0xc0]);
    expect(parseTlv(hexToBytes('7F 21 00')).constructed).toBe(true);
    expect(parseTlv(hexToBytes('DF D1 00')).constructed).toBe(false);
  });

  it('reads the 81, 82 and 83 length forms, including non-minimal ones', () => {
    expect(parseTlv(concatBytes(hexToBytes('C1 81 80'), filled(128, 1))).value.length).toBe(128);
    expect(parseTlv(concatBytes(hexToBytes('C1 82 01 00'), filled(256, 1))).value.length).toBe(256);
    expect(parseTlv(concatBytes(hexToBytes('C1 83 01 00 00'), filled(65536, 1))).value.length).toBe(65536);
    expect(parseTlv(hexToBytes('C1 81 01 31')).value).toEqual(ascii('1'));
    expect(parseTlv(hexToBytes('C1 00')).value.length).toBe(0);
  });

  it('reads ISO 7816-4 tags of 2 and 3 bytes under the iso7816 rule', () => {
    const iso: ParseTlvOptions = { tagRule: 'iso7816' };
    expect(parseTlv(hexToBytes('5F 20 01 41'), iso).tag).toBe(0x5f20);
    expect(parseTlv(hexToBytes('5F 81 01 01 41'), iso).tag).toBe(0x5f8101);
    expect(parseTlv(hexToBytes('DF 51 00'), iso).tag).toBe(0xdf51);
    expectMalformed(() => parseTlv(hexToBytes('5F 81 81 01 00'), iso), /tag longer than 3 bytes at offset 0/);
  });
});

describe('malformed data throws MALFORMED_CARD_DATA', () => {
  it('empty input', () => {
    expectMalformed(() => parseTlvSequence(new Uint8Array(0)), /empty input/);
    expectMalformed(() => parseTlvSequence(new Uint8Array(0), { allowPadding: true }), /empty input/);
    expectMalformed(() => parseTlv(new Uint8Array(0)), /empty input/);
  });

  it('missing or truncated length', () => {
    expectMalformed(() => parseTlvSequence(hexToBytes('C1')), /length missing at offset 1/);
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 82 09')), /length truncated at offset 1/);
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 01 31 D0 83 00 01')), /length truncated at offset 4/);
  });

  it('length beyond the buffer', () => {
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 05 A5 A5')), /declares 5 bytes but only 2 remain/);
    expectMalformed(() => parseTlvSequence(concatBytes(hexToBytes('D0 82 09 C4'), filled(2499, 0xa5))), /declares 2500 bytes but only 2499 remain/);
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 83 FF FF FF A5')), /declares 16777215 bytes/);
  });

  it('indefinite length', () => {
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 80 A5 00 00')), /indefinite length \(80\) at offset 1/);
  });

  it('length forms of 4 bytes and more', () => {
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 84 00 00 00 01 A5')), /length form 84 at offset 1 is not supported/);
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 85 00 00 00 00 01 A5')), /length form 85/);
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 FF')), /length form FF/);
  });

  it('truncated multi-byte tag', () => {
    expectMalformed(() => parseTlvSequence(hexToBytes('DF')), /tag truncated at offset 0/);
    expectMalformed(() => parseTlvSequence(hexToBytes('C1 01 31 DF'), { allowPadding: true }), /tag truncated at offset 3/);
    expectMalformed(() => parseTlvSequence(hexToBytes('5F 81'), { tagRule: 'iso7816' }), /tag truncated at offset 0/);
  });

  it('a missing required tag', () => {
    const objects = parseTlvSequence(hexToBytes('C1 01 31'));
    expect(findTag(objects, 0xdfd1)).toBeUndefined();
    expectMalformed(() => requireTag(objects, 0xdfd1), /required tag DFD1 is missing/);
  });
});

describe('findTag', () => {
  it('returns the first object with the tag', () => {
    const objects = parseTlvSequence(hexToBytes('C1 01 31 C1 01 32'));
    expect(findTag(objects, 0xc1)?.value).toEqual(ascii('1'));
  });
});

describe('encodeLength and encodeTlv', () => {
  it('encodes the shortest definite length', () => {
    const cases: [number, string][] = [
      [0, '00'],
      [0x7f, '7F'],
      [0x80, '8180'],
      [0xff, '81FF'],
      [0x100, '820100'],
      [2500, '8209C4'],
      [0xffff, '82FFFF'],
      [0x10000, '83010000'],
      [0xffffff, '83FFFFFF'],
    ];
    for (const [length, hex] of cases) expect(bytesToHex(encodeLength(length))).toBe(hex);
    expect(() => encodeLength(-1)).toThrow(RangeError);
    expect(() => encodeLength(0x1000000)).toThrow(RangeError);
    expect(() => encodeLength(1.5)).toThrow(RangeError);
  });

  it('encodes objects that parse back to the same tag and value', () => {
    expect(bytesToHex(encodeTlv(0xc1, ascii('1')), ' ')).toBe('C1 01 31');
    expect(bytesToHex(encodeTlv(0xc1, ascii('05')), ' ')).toBe('C1 02 30 35');
    const image = filled(2500, 0xa5);
    const encoded = encodeTlv(0xdfd1, image);
    expect(bytesToHex(encoded.subarray(0, 5), ' ')).toBe('DF D1 82 09 C4');
    expect(parseTlv(encoded)).toEqual({ tag: 0xdfd1, constructed: false, value: image });
    expect(bytesToHex(encodeTlv(0x5f8101, ascii('A'), { tagRule: 'iso7816' }), ' ')).toBe('5F 81 01 01 41');
  });

  it('refuses tags that would not parse back', () => {
    expect(() => encodeTlv(0, ascii('A'))).toThrow(RangeError);
    expect(() => encodeTlv(0xff, ascii('A'))).toThrow(RangeError);
    expect(() => encodeTlv(0xdf, ascii('A'))).toThrow(/not a well-formed residence-card tag/);
    expect(() => encodeTlv(0xc1d1, ascii('A'))).toThrow(RangeError);
    expect(() => encodeTlv(0xdfd1, ascii('A'), { tagRule: 'iso7816' })).toThrow(/not a well-formed iso7816 tag/);
    expect(() => encodeTlv(0x1000000, ascii('A'))).toThrow(RangeError);
  });
});
