/**
 * Expands a 1-bit image (rows padded to whole bytes, most significant bit first) to opaque black and white RGBA.
 * `blackBit` is the bit value that means black: 1 for TIFF WhiteIsZero, 0 for BlackIsZero.
 */
export function bilevelToRgba(packed: Uint8Array, width: number, height: number, blackBit: 0 | 1): Uint8ClampedArray<ArrayBuffer> {
  const stride = Math.ceil(width / 8);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = (packed[y * stride + (x >> 3)]! >> (7 - (x & 7))) & 1;
      const level = bit === blackBit ? 0 : 255;
      const index = (y * width + x) * 4;
      rgba[index] = level;
      rgba[index + 1] = level;
      rgba[index + 2] = level;
      rgba[index + 3] = 255;
    }
  }
  return rgba;
}
