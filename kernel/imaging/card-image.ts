/** The two image formats residence-card chips store, as the decoders accept and return them. */
export type CardImageFormat = 'tiff-g4' | 'jp2';

/** An image as read from a card: the file's bytes, undecoded. Plugins' own image types fit this shape. */
export interface EncodedCardImage {
  readonly format: CardImageFormat;
  readonly bytes: Uint8Array;
}

/** Decoded pixels, 8-bit RGBA, row by row, ready for `new ImageData(rgba, width, height)`. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
}

/**
 * Bounds that keep a corrupt or hostile image from exhausting memory or time. Chip images are far smaller:
 * at most 7000 bytes (1st-gen front face) and a few hundred pixels a side.
 */
export const IMAGE_LIMITS = {
  maxSide: 4096,
  /**
   * Pixels (TIFF) or samples (JPEG 2000: pixels × components) an image may declare. Without it a 638-byte TIFF
   * declaring 4096 × 4096 decoded to 66 MB, and a 121-byte JPEG 2000 kept OpenJPEG busy for 2.5 s until it ran out
   * of memory. 2048 × 2048 is well above a card face at 600 dpi (2022 × 1276) and caps the decoded RGBA at 16 MiB.
   */
  maxPixels: 2048 * 2048,
  maxEncodedBytes: 64 * 1024,
} as const;
