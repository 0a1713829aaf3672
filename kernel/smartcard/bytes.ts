/**
 * Byte helpers for web code: plain Uint8Array, no Node Buffer, so the codec runs in a browser as well.
 */

const HEX_DIGITS = '0123456789ABCDEF';

/** Upper-case hex, the way the specifications print bytes; `separator` goes between bytes (e.g. ' '). */
export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  const pairs: string[] = [];
  for (const byte of bytes) pairs.push(HEX_DIGITS.charAt(byte >> 4) + HEX_DIGITS.charAt(byte & 0x0f));
  return pairs.join(separator);
}

/**
 * Strict hex decoding: whitespace anywhere is ignored, anything else that is not a hex digit is an error, and the
 * digit count must be even. The message names the position, never the text, since the text may be card data.
 */
export function hexToBytes(text: string): Uint8Array<ArrayBuffer> {
  const digits = text.replace(/\s+/g, '');
  const badIndex = digits.search(/[^0-9A-Fa-f]/);
  if (badIndex !== -1) throw new Error(`hexToBytes: not a hex digit at position ${badIndex} (whitespace removed)`);
  if (digits.length % 2 !== 0) throw new Error(`hexToBytes: odd number of hex digits (${digits.length})`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(digits.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

/** One new array holding all parts in order (the parts are copied, never aliased). */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let total = 0;
  for (const part of parts) total += part.length;
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
