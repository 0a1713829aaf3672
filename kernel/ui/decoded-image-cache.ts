import { decodeCardImage, type DecodedImage, type EncodedCardImage } from '../imaging';

const decoded = new WeakMap<Uint8Array, Promise<DecodedImage>>();

/**
 * Decodes each image once while its bytes are alive: the same card face is drawn on the result screen and
 * again in the zoom view. Entries go with the read result (keys are held weakly).
 */
export function decodeCardImageOnce(image: EncodedCardImage): Promise<DecodedImage> {
  let pending = decoded.get(image.bytes);
  if (!pending) {
    pending = decodeCardImage(image);
    decoded.set(image.bytes, pending);
  }
  return pending;
}
