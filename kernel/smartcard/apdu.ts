import { KioskError, KioskErrorCode } from '../errors/kiosk-error';

/**
 * ISO 7816-4 command and response APDUs. Encoding is pure; the transport (PC/SC) lives elsewhere.
 */

/** Instruction bytes the kiosk sends; the names also make log lines readable. */
export const Instruction = {
  verify: 0x20,
  mutualAuthenticate: 0x82,
  getChallenge: 0x84,
  internalAuthenticate: 0x88,
  select: 0xa4,
  setSessionKey: 0xae,
  readBinary: 0xb0,
  getResponse: 0xc0,
} as const;

const INSTRUCTION_NAMES: Readonly<Record<number, string>> = {
  [Instruction.verify]: 'VERIFY',
  [Instruction.mutualAuthenticate]: 'MUTUAL AUTHENTICATE',
  [Instruction.getChallenge]: 'GET CHALLENGE',
  [Instruction.internalAuthenticate]: 'INTERNAL AUTHENTICATE',
  [Instruction.select]: 'SELECT',
  [Instruction.setSessionKey]: 'SET SESSION KEY',
  [Instruction.readBinary]: 'READ BINARY',
  [Instruction.getResponse]: 'GET RESPONSE',
};

/** Largest Ne in short form (Le byte 00) and in extended form (Le bytes 00 00). */
export const MAX_SHORT_LE = 256;
export const MAX_EXTENDED_LE = 65536;
/** Largest Nc in short form (Lc byte FF) and in extended form (Lc bytes FF FF). */
export const MAX_SHORT_LC = 255;
export const MAX_EXTENDED_LC = 65535;

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data; an empty array is the same as none (there is no Lc of zero). */
  readonly data?: Uint8Array;
  /**
   * Ne, the most response bytes expected: 1..256 short, 1..65536 extended. 'max' means "as much as the form allows"
   * (256 short, 65536 extended), which is how whole files are read. Omitted: no Le field, no response data expected.
   */
  readonly le?: number | 'max';
}

export interface EncodeCommandOptions {
  /** true: always extended length; false: always short (and throw if it cannot be); omitted: extended only when needed. */
  readonly extended?: boolean;
}

export interface ResponseApdu {
  /** View into the received bytes, without the status word. */
  readonly data: Uint8Array;
  /** SW1 << 8 | SW2, e.g. 0x9000. */
  readonly sw: number;
  readonly sw1: number;
  readonly sw2: number;
}

/**
 * Encodes ISO 7816-4 cases 1-4. Short: Lc = 1 byte, Le = 1 byte (00 = 256). Extended: Lc = 00 XX XX; Le = XX XX after
 * Lc or 00 XX XX without it (00 00 = 65536). Bad values are programming errors and throw a RangeError.
 */
export function encodeCommandApdu(command: CommandApdu, options: EncodeCommandOptions = {}): Uint8Array<ArrayBuffer> {
  assertByte('CLA', command.cla);
  assertByte('INS', command.ins);
  assertByte('P1', command.p1);
  assertByte('P2', command.p2);
  const data = command.data ?? new Uint8Array(0);
  if (data.length > MAX_EXTENDED_LC) {
    throw new RangeError(`APDU command data is ${data.length} bytes; at most ${MAX_EXTENDED_LC} fit in one command`);
  }
  const le = command.le;
  if (le !== undefined && le !== 'max' && !(Number.isInteger(le) && le >= 1 && le <= MAX_EXTENDED_LE)) {
    throw new RangeError(`APDU Le must be an integer 1..${MAX_EXTENDED_LE} or 'max' (got ${String(le)}); omit it for no response data`);
  }

  const needsExtended = data.length > MAX_SHORT_LC || (typeof le === 'number' && le > MAX_SHORT_LE);
  const extended = options.extended ?? needsExtended;
  if (needsExtended && !extended) {
    throw new RangeError(`APDU needs extended length (Lc ${data.length}, Le ${String(le)}) but short form was forced`);
  }
  return extended ? encodeExtended(command, data, le) : encodeShort(command, data, le);
}

function encodeShort(command: CommandApdu, data: Uint8Array, le: number | 'max' | undefined): Uint8Array<ArrayBuffer> {
  const hasData = data.length > 0;
  const bytes = new Uint8Array(4 + (hasData ? 1 + data.length : 0) + (le === undefined ? 0 : 1));
  bytes.set([command.cla, command.ins, command.p1, command.p2]);
  let offset = 4;
  if (hasData) {
    bytes[offset] = data.length;
    bytes.set(data, offset + 1);
    offset += 1 + data.length;
  }
  if (le !== undefined) {
    const ne = le === 'max' ? MAX_SHORT_LE : le;
    bytes[offset] = ne === MAX_SHORT_LE ? 0 : ne;
  }
  return bytes;
}

function encodeExtended(command: CommandApdu, data: Uint8Array, le: number | 'max' | undefined): Uint8Array<ArrayBuffer> {
  const hasData = data.length > 0;
  // Without Lc, the extended Le carries the 00 marker itself; after an extended Lc it is just two bytes.
  const leFieldLength = le === undefined ? 0 : hasData ? 2 : 3;
  const bytes = new Uint8Array(4 + (hasData ? 3 + data.length : 0) + leFieldLength);
  bytes.set([command.cla, command.ins, command.p1, command.p2]);
  let offset = 4;
  if (hasData) {
    bytes.set([0x00, data.length >> 8, data.length & 0xff], offset);
    bytes.set(data, offset + 3);
    offset += 3 + data.length;
  }
  if (le !== undefined) {
    const ne = le === 'max' ? MAX_EXTENDED_LE : le;
    const encoded = ne === MAX_EXTENDED_LE ? 0 : ne;
    if (!hasData) bytes[offset++] = 0x00;
    bytes.set([encoded >> 8, encoded & 0xff], offset);
  }
  return bytes;
}

/** Splits SW1 SW2 off a card answer. The data is a view, not a copy. */
export function parseResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) {
    // An empty answer is what PC/SC gives when the card leaves mid-exchange: the manual's "card could not be read".
    throw new KioskError(KioskErrorCode.cardReadFailed, `Card answer too short for a status word (${bytes.length} bytes)`);
  }
  const sw1 = bytes[bytes.length - 2] ?? 0;
  const sw2 = bytes[bytes.length - 1] ?? 0;
  return { data: bytes.subarray(0, bytes.length - 2), sw: (sw1 << 8) | sw2, sw1, sw2 };
}

/** GET RESPONSE for a 61XX answer: fetches `length` waiting bytes (1..256). */
export function getResponseCommand(length: number): CommandApdu {
  return { cla: 0x00, ins: Instruction.getResponse, p1: 0x00, p2: 0x00, le: length };
}

/**
 * Log-safe summary: 'READ BINARY CLA=08 P1=84 P2=00 Lc=4 Le=max'. Lengths only, never the data bytes, which can be
 * card numbers, keys or cryptograms.
 */
export function describeCommand(command: CommandApdu): string {
  const name = INSTRUCTION_NAMES[command.ins] ?? `INS=${hexByte(command.ins)}`;
  const parts = [name, `CLA=${hexByte(command.cla)}`, `P1=${hexByte(command.p1)}`, `P2=${hexByte(command.p2)}`];
  const dataLength = command.data?.length ?? 0;
  if (dataLength > 0) parts.push(`Lc=${dataLength}`);
  if (command.le !== undefined) parts.push(`Le=${String(command.le)}`);
  return parts.join(' ');
}

function hexByte(value: number): string {
  return Number.isInteger(value) && value >= 0 && value <= 0xff ? value.toString(16).toUpperCase().padStart(2, '0') : '??';
}

function assertByte(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new RangeError(`APDU ${field} must be a byte 0..255 (got ${String(value)})`);
  }
}
