/**
 * ECDSA signatures come in two encodings: raw r‖s (what WebCrypto wants, and what the chip spec says DC holds)
 * and DER SEQUENCE { INTEGER r, INTEGER s } (X.509 certificates, and what some cards may hold: the spec says
 * "accept DER too").
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/**
 * Converts a DER ECDSA signature to raw r‖s with each half `fieldLength` bytes (48 for P-384). Undefined when
 * the bytes are not exactly one such SEQUENCE or an integer is negative or too long. Redundant leading zero
 * octets are tolerated (BER), since they change nothing about the values.
 */
export function ecdsaDerToRaw(der: Uint8Array, fieldLength: number): Uint8Array<ArrayBuffer> | undefined {
  const sequence = readTlv(der, 0, SEQUENCE);
  if (!sequence || sequence.end !== der.length) return undefined;
  const r = readTlv(der, sequence.valueStart, INTEGER);
  if (!r) return undefined;
  const s = readTlv(der, r.end, INTEGER);
  if (!s || s.end !== sequence.end) return undefined;

  const raw = new Uint8Array(2 * fieldLength);
  for (const [index, integer] of [r, s].entries()) {
    const value = unsignedValue(der.subarray(integer.valueStart, integer.end), fieldLength);
    if (!value) return undefined;
    raw.set(value, (index + 1) * fieldLength - value.length);
  }
  return raw;
}

interface Tlv {
  readonly valueStart: number;
  readonly end: number;
}

function readTlv(bytes: Uint8Array, offset: number, expectedTag: number): Tlv | undefined {
  if (bytes[offset] !== expectedTag) return undefined;
  const first = bytes[offset + 1];
  if (first === undefined) return undefined;
  let length: number;
  let valueStart: number;
  if (first < 0x80) {
    length = first;
    valueStart = offset + 2;
  } else if (first === 0x81) {
    const next = bytes[offset + 2];
    if (next === undefined) return undefined;
    length = next;
    valueStart = offset + 3;
  } else {
    return undefined; // an ECDSA signature never needs more than one length octet
  }
  const end = valueStart + length;
  return end <= bytes.length ? { valueStart, end } : undefined;
}

/** The integer's magnitude without leading zeros; undefined if empty, negative, or wider than the field. */
function unsignedValue(integer: Uint8Array, fieldLength: number): Uint8Array | undefined {
  if (integer.length === 0 || ((integer[0] ?? 0) & 0x80) !== 0) return undefined;
  let start = 0;
  while (start < integer.length - 1 && integer[start] === 0) start++;
  const magnitude = integer.subarray(start);
  return magnitude.length <= fieldLength ? magnitude : undefined;
}
