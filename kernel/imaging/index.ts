/** Card image decoding for the browser: CCITT G4 TIFF (utif2, guarded) and JPEG 2000 (OpenJPEG, WebAssembly). */
export { IMAGE_LIMITS, type CardImageFormat, type DecodedImage, type EncodedCardImage } from './card-image';
export { decodeCardImage } from './decode-card-image';
