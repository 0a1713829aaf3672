import { describe, expect, it } from 'vitest';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import { Instruction, describeCommand, encodeCommandApdu, getResponseCommand, parseResponseApdu, type CommandApdu } from './apdu';
import { bytesToHex, concatBytes, hexToBytes } from './bytes';

const hexOf = (command: CommandApdu, extended?: boolean): string =>
  bytesToHex(encodeCommandApdu(command, extended === undefined ? {} : { extended }), ' ');

const readBinary = (p1: number, le?: number | 'max'): CommandApdu => ({ cla: 0x00, ins: Instruction.readBinary, p1, p2: 0x00, le });

describe('encodeCommandApdu: the commands of the chip spec', () => {
  it('SELECT MF (case 3 short)', () => {
    expect(hexOf({ cla: 0x00, ins: Instruction.select, p1: 0x00, p2: 0x00, data: hexToBytes('3F00') })).toBe('00 A4 00 00 02 3F 00');
  });

  it('READ common data with Le 6 and card type with Le 00 (case 2 short)', () => {
    expect(hexOf(readBinary(0x8b, 6))).toBe('00 B0 8B 00 06');
    expect(hexOf(readBinary(0x8a, 'max'))).toBe('00 B0 8A 00 00');
    expect(hexOf(readBinary(0x8a, 256))).toBe('00 B0 8A 00 00');
  });

  it('GET CHALLENGE', () => {
    expect(hexOf({ cla: 0x00, ins: Instruction.getChallenge, p1: 0x00, p2: 0x00, le: 8 })).toBe('00 84 00 00 08');
  });

  it('MUTUAL AUTHENTICATE with 40 bytes and Le 00 (case 4 short)', () => {
    const data = Uint8Array.from({ length: 40 }, (_, index) => index);
    const encoded = encodeCommandApdu({ cla: 0x00, ins: Instruction.mutualAuthenticate, p1: 0x00, p2: 0x00, data, le: 256 });
    expect(encoded).toEqual(concatBytes(hexToBytes('00 82 00 00 28'), data, hexToBytes('00')));
  });

  it('VERIFY under SM and SELECT DF by name (case 3 short)', () => {
    const verifyData = hexToBytes('86 11 01 EE0B31EF877F68D071C56D58C72E6748');
    expect(hexOf({ cla: 0x08, ins: Instruction.verify, p1: 0x00, p2: 0x86, data: verifyData })).toBe(
      '08 20 00 86 13 86 11 01 EE 0B 31 EF 87 7F 68 D0 71 C5 6D 58 C7 2E 67 48',
    );
    const df1 = hexToBytes('D3 92 F0 00 4F 02 00 00 00 00 00 00 00 00 00 00');
    expect(encodeCommandApdu({ cla: 0x00, ins: Instruction.select, p1: 0x04, p2: 0x0c, data: df1 })).toEqual(
      concatBytes(hexToBytes('00 A4 04 0C 10'), df1),
    );
  });

  it('SM READ BINARY of a whole file (case 4 extended)', () => {
    const command: CommandApdu = { cla: 0x08, ins: Instruction.readBinary, p1: 0x84, p2: 0x00, data: hexToBytes('96 02 00 00'), le: 'max' };
    expect(hexOf(command, true)).toBe('08 B0 84 00 00 00 04 96 02 00 00 00 00');
  });

  it('plain READ BINARY of a whole file (case 2 extended)', () => {
    expect(hexOf(readBinary(0x82, 'max'), true)).toBe('00 B0 82 00 00 00 00');
    expect(hexOf(readBinary(0x82, 65536))).toBe('00 B0 82 00 00 00 00');
  });
});

describe('encodeCommandApdu: cases and boundaries', () => {
  const header = { cla: 0x00, ins: Instruction.select, p1: 0x00, p2: 0x00 } as const;

  it('case 1 is the bare header in both forms', () => {
    expect(hexOf(header)).toBe('00 A4 00 00');
    expect(hexOf(header, true)).toBe('00 A4 00 00');
  });

  it('treats empty data as no data', () => {
    expect(hexOf({ ...header, data: new Uint8Array(0) })).toBe('00 A4 00 00');
    expect(hexOf({ ...header, data: new Uint8Array(0), le: 4 }, true)).toBe('00 A4 00 00 00 00 04');
  });

  it('case 2: Le 1..256 short, 257 switches to extended, 65536 is 00 00', () => {
    expect(hexOf(readBinary(0x81, 1))).toBe('00 B0 81 00 01');
    expect(hexOf(readBinary(0x81, 255))).toBe('00 B0 81 00 FF');
    expect(hexOf(readBinary(0x81, 256))).toBe('00 B0 81 00 00');
    expect(hexOf(readBinary(0x81, 257))).toBe('00 B0 81 00 00 01 01');
    expect(hexOf(readBinary(0x81, 300))).toBe('00 B0 81 00 00 01 2C');
    expect(hexOf(readBinary(0x81, 65535))).toBe('00 B0 81 00 00 FF FF');
    expect(hexOf(readBinary(0x81, 65536))).toBe('00 B0 81 00 00 00 00');
    expect(hexOf(readBinary(0x81, 1), true)).toBe('00 B0 81 00 00 00 01');
    expect(hexOf(readBinary(0x81, 256), true)).toBe('00 B0 81 00 00 01 00');
  });

  it("'max' is 256 in short form and 65536 in extended form", () => {
    expect(hexOf(readBinary(0x81, 'max'))).toBe('00 B0 81 00 00');
    expect(hexOf(readBinary(0x81, 'max'), false)).toBe('00 B0 81 00 00');
    expect(hexOf(readBinary(0x81, 'max'), true)).toBe('00 B0 81 00 00 00 00');
  });

  it('case 3: Lc up to 255 short, 256 switches to extended', () => {
    const data255 = new Uint8Array(255).fill(0xaa);
    const data256 = new Uint8Array(256).fill(0xbb);
    expect(encodeCommandApdu({ ...header, data: data255 })).toEqual(concatBytes(hexToBytes('00 A4 00 00 FF'), data255));
    expect(encodeCommandApdu({ ...header, data: data256 })).toEqual(concatBytes(hexToBytes('00 A4 00 00 00 01 00'), data256));
    expect(encodeCommandApdu({ ...header, data: Uint8Array.of(1) }, { extended: true })).toEqual(hexToBytes('00 A4 00 00 00 00 01 01'));
    const data65535 = new Uint8Array(65535);
    const encoded = encodeCommandApdu({ ...header, data: data65535 });
    expect(encoded.length).toBe(4 + 3 + 65535);
    expect(bytesToHex(encoded.subarray(0, 7))).toBe('00A4000000FFFF');
  });

  it('case 4: short, extended, and extended because of data or Le alone', () => {
    const data = Uint8Array.of(1, 2, 3);
    expect(hexOf({ ...header, data, le: 256 })).toBe('00 A4 00 00 03 01 02 03 00');
    expect(hexOf({ ...header, data, le: 16 })).toBe('00 A4 00 00 03 01 02 03 10');
    expect(hexOf({ ...header, data, le: 256 }, true)).toBe('00 A4 00 00 00 00 03 01 02 03 01 00');
    expect(hexOf({ ...header, data, le: 65536 })).toBe('00 A4 00 00 00 00 03 01 02 03 00 00');
    expect(hexOf({ ...header, data, le: 'max' }, true)).toBe('00 A4 00 00 00 00 03 01 02 03 00 00');
    const data256 = new Uint8Array(256);
    const encoded = encodeCommandApdu({ ...header, data: data256, le: 8 });
    expect(encoded.length).toBe(4 + 3 + 256 + 2);
    expect(bytesToHex(encoded.subarray(encoded.length - 2))).toBe('0008');
  });

  it('throws a RangeError for values out of range', () => {
    expect(() => encodeCommandApdu({ ...header, cla: 256 })).toThrow(/CLA must be a byte/);
    expect(() => encodeCommandApdu({ ...header, ins: -1 })).toThrow(/INS must be a byte/);
    expect(() => encodeCommandApdu({ ...header, p1: 1.5 })).toThrow(/P1 must be a byte/);
    expect(() => encodeCommandApdu({ ...header, p2: Number.NaN })).toThrow(/P2 must be a byte/);
    expect(() => encodeCommandApdu(readBinary(0x81, 0))).toThrow(/Le must be an integer 1\.\.65536/);
    expect(() => encodeCommandApdu(readBinary(0x81, 65537))).toThrow(RangeError);
    expect(() => encodeCommandApdu(readBinary(0x81, 2.5))).toThrow(RangeError);
    expect(() => encodeCommandApdu({ ...header, data: new Uint8Array(65536) })).toThrow(/at most 65535/);
  });

  it('throws when short form is forced but the command needs extended length', () => {
    expect(() => encodeCommandApdu(readBinary(0x81, 257), { extended: false })).toThrow(/short form was forced/);
    expect(() => encodeCommandApdu({ ...header, data: new Uint8Array(256) }, { extended: false })).toThrow(/short form was forced/);
  });
});

describe('parseResponseApdu', () => {
  it('splits data and status word, the data being a view', () => {
    const bytes = hexToBytes('C1 01 31 90 00');
    const response = parseResponseApdu(bytes);
    expect(response).toEqual({ data: hexToBytes('C1 01 31'), sw: 0x9000, sw1: 0x90, sw2: 0x00 });
    expect(response.data.buffer).toBe(bytes.buffer);
  });

  it('accepts a bare status word', () => {
    expect(parseResponseApdu(hexToBytes('6A 82'))).toEqual({ data: new Uint8Array(0), sw: 0x6a82, sw1: 0x6a, sw2: 0x82 });
  });

  it('rejects fewer than two bytes as a communication error', () => {
    for (const bytes of [new Uint8Array(0), Uint8Array.of(0x90)]) {
      const error: unknown = (() => {
        try {
          parseResponseApdu(bytes);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(KioskError);
      expect((error as KioskError).code).toBe(KioskErrorCode.cardReadFailed);
    }
  });
});

describe('describeCommand', () => {
  it('names the instruction and gives lengths, never data bytes', () => {
    const cardNumberBlock = hexToBytes('41 41 31 32 33 34 35 36 37 38 42 42');
    const text = describeCommand({ cla: 0x08, ins: Instruction.verify, p1: 0x00, p2: 0x86, data: cardNumberBlock });
    expect(text).toBe('VERIFY CLA=08 P1=00 P2=86 Lc=12');
    expect(text).not.toMatch(/4141|41 41|AA12/);
    expect(describeCommand({ cla: 0x08, ins: Instruction.readBinary, p1: 0x84, p2: 0x00, data: hexToBytes('96020000'), le: 'max' })).toBe(
      'READ BINARY CLA=08 P1=84 P2=00 Lc=4 Le=max',
    );
    expect(describeCommand({ cla: 0x00, ins: Instruction.getChallenge, p1: 0, p2: 0, le: 8 })).toBe('GET CHALLENGE CLA=00 P1=00 P2=00 Le=8');
    expect(describeCommand({ cla: 0x80, ins: 0xca, p1: 0x01, p2: 0x02 })).toBe('INS=CA CLA=80 P1=01 P2=02');
  });
});

describe('getResponseCommand', () => {
  it('builds GET RESPONSE for a 61XX answer', () => {
    expect(hexOf(getResponseCommand(0x28))).toBe('00 C0 00 00 28');
    expect(hexOf(getResponseCommand(256))).toBe('00 C0 00 00 00');
  });
});
