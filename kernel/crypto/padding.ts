import { KioskError, KioskErrorCode } from '../errors/kiosk-error';

/**
 * ISO/IEC 7816-4 padding (ISO/IEC 9797-1 padding method 2): append 80, then 00 up to the next block boundary.
 * A full block is added when the data is already aligned, so unpadding is never ambiguous.
 */
export function padIso7816(data: Uint8Array, blockSize: number): Uint8Array {
  const paddedLength = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const padded = new Uint8Array(paddedLength);
  padded.set(data);
  padded[data.length] = 0x80;
  return padded;
}

/**
 * Strict inverse of {@link padIso7816}. Decrypted card data with anything else at its end (no 80, a non-zero byte
 * after it, more than a block of padding, an unaligned length) was decrypted with the wrong key or is damaged.
 */
export function unpadIso7816(padded: Uint8Array, blockSize: number): Uint8Array {
  if (padded.length === 0 || padded.length % blockSize !== 0) {
    throw malformed(`padded data must be a non-empty multiple of ${blockSize} bytes, got ${padded.length}`);
  }
  let markerIndex = padded.length - 1;
  while (markerIndex >= 0 && padded[markerIndex] === 0x00) markerIndex--;
  if (markerIndex < 0 || padded[markerIndex] !== 0x80) throw malformed('padding marker 80 not found');
  if (padded.length - markerIndex > blockSize) throw malformed('padding is longer than one block');
  return padded.slice(0, markerIndex);
}

function malformed(detail: string): KioskError {
  return new KioskError(KioskErrorCode.malformedCardData, `Bad ISO 7816-4 padding: ${detail}`);
}
