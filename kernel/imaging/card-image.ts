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
  maxEncodedBytes: 64 * 1024,
} as const;
