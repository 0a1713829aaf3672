/** Card images for result panels: decode a chip's TIFF G4 or JPEG 2000 image to RGBA pixels. */
export { decodeCardImage, IMAGE_LIMITS, type CardImageFormat, type DecodedImage, type EncodedCardImage } from '../imaging';
