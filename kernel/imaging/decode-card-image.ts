import { isKioskError } from '../errors/kiosk-error';
import { IMAGE_LIMITS, type DecodedImage, type EncodedCardImage } from './card-image';
import { malformedImage } from './malformed-image';

/**
 * Decodes a card image to RGBA. Both decoders load on first use, so the start-up bundle carries neither.
 * Anything wrong with the bytes — truncated, corrupt, oversized, not the format it claims — rejects with
 * `MALFORMED_CARD_DATA`. Memory is bounded by `IMAGE_LIMITS`, time by the decoders' guards: a hostile image fails
 * within a fraction of a second rather than stalling the page.
 */
export async function decodeCardImage(image: EncodedCardImage): Promise<DecodedImage> {
  if (image.bytes.length === 0) throw malformedImage('empty');
  if (image.bytes.length > IMAGE_LIMITS.maxEncodedBytes) throw malformedImage(`${image.bytes.length} bytes is too large`);
  try {
    switch (image.format) {
      case 'tiff-g4':
        return (await import('./tiff/decode-tiff-g4')).decodeTiffG4(image.bytes);
      case 'jp2':
        return await (await import('./jpeg2000/decode-jpeg2000')).decodeJpeg2000(image.bytes);
      default:
        throw malformedImage(`unknown format ${String((image as { format: unknown }).format)}`);
    }
  } catch (error) {
    if (isKioskError(error)) throw error;
    // A decoder's own exception (a RangeError on a hostile offset, say) is still a fault of the card's data.
    throw malformedImage(`${image.format} decoder failed`, error);
  }
}
