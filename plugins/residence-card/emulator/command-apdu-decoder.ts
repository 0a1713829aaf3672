/**
 * The card's reading of a command APDU (ISO 7816-4 cases 1-4, short and extended). The terminal side encodes
 * with kernel/api's encodeCommandApdu; this is its inverse, so the emulator sees exactly what a chip would.
 */

export interface DecodedCommand {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data; empty when there is no Lc field. */
  readonly data: Uint8Array;
  /** Ne: 0 when there is no Le field, else 1..256 (short) or 1..65536 (extended). */
  readonly ne: number;
  readonly extended: boolean;
}

const HEADER_LENGTH = 4;

/** Returns undefined when the lengths do not add up, which a card answers with 67 00. */
export function decodeCommandApdu(bytes: Uint8Array): DecodedCommand | undefined {
  if (bytes.length < HEADER_LENGTH) return undefined;
  const header = { cla: bytes[0] ?? 0, ins: bytes[1] ?? 0, p1: bytes[2] ?? 0, p2: bytes[3] ?? 0 };
  const body = bytes.subarray(HEADER_LENGTH);
  const none = new Uint8Array(0);

  if (body.length === 0) return { ...header, data: none, ne: 0, extended: false };
  const first = body[0] ?? 0;
  if (body.length === 1) return { ...header, data: none, ne: first === 0 ? 256 : first, extended: false };

  if (first !== 0) {
    // Short Lc: the data, then optionally one Le byte.
    const data = body.subarray(1, 1 + first);
    if (body.length === 1 + first) return { ...header, data, ne: 0, extended: false };
    if (body.length === 2 + first) {
      const le = body[1 + first] ?? 0;
      return { ...header, data, ne: le === 0 ? 256 : le, extended: false };
    }
    return undefined;
  }

  // Extended: 00 then two length bytes.
  if (body.length < 3) return undefined;
  const length = ((body[1] ?? 0) << 8) | (body[2] ?? 0);
  if (body.length === 3) return { ...header, data: none, ne: length === 0 ? 65536 : length, extended: true };
  if (length === 0) return undefined;
  const data = body.subarray(3, 3 + length);
  if (body.length === 3 + length) return { ...header, data, ne: 0, extended: true };
  if (body.length === 5 + length) {
    const le = ((body[3 + length] ?? 0) << 8) | (body[4 + length] ?? 0);
    return { ...header, data, ne: le === 0 ? 65536 : le, extended: true };
  }
  return undefined;
}
