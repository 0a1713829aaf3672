import type { J2KDecoder, J2KFrameInfo } from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import { isKioskError } from '../../errors/kiosk-error';
import type { DecodedImage } from '../card-image';
import { malformedImage } from '../malformed-image';
import { readJpeg2000Size } from './jpeg2000-size';
import { freshOpenJpegModule } from './openjpeg-runtime';

/** A JPEG 2000 face photo (JP2 file or bare codestream) to RGBA, with OpenJPEG. */
export async function decodeJpeg2000(bytes: Uint8Array): Promise<DecodedImage> {
  const size = readJpeg2000Size(bytes);
  const openJpeg = await freshOpenJpegModule();
  const decoder = new openJpeg.J2KDecoder();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const frame = decoder.getFrameInfo();
    // OpenJPEG reports a failed decode by leaving the frame empty rather than by throwing.
    if (frame.width !== size.width || frame.height !== size.height || frame.componentCount !== size.components) {
      throw malformedImage('JPEG 2000 codestream could not be decoded');
    }
    return { width: frame.width, height: frame.height, rgba: samplesToRgba(decoder.getDecodedBuffer(), frame) };
  } catch (error) {
    if (isKioskError(error)) throw error;
    throw malformedImage('JPEG 2000 decoder failed', error);
  } finally {
    // The instance itself is dropped with this function (see freshOpenJpegModule).
    releaseDecoder(decoder, bytes.length);
  }
}

/** Zeroes the photo's bytes and pixels in the instance's memory, then frees the decoder. */
function releaseDecoder(decoder: J2KDecoder, encodedLength: number): void {
  try {
    decoder.getEncodedBuffer(encodedLength).fill(0);
    decoder.getDecodedBuffer().fill(0);
    decoder.delete();
  } catch {
    // A decoder that faulted may not give its buffers back; its instance is dropped all the same.
  }
}

/** Interleaved grey, grey+alpha, RGB or RGBA samples of up to 16 bits to 8-bit RGBA. */
function samplesToRgba(samples: Uint8Array, frame: J2KFrameInfo): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, componentCount, bitsPerSample } = frame;
  const bytesPerSample = bitsPerSample > 8 ? 2 : 1;
  if (samples.length < width * height * componentCount * bytesPerSample) throw malformedImage('JPEG 2000 output shorter than the image');
  const scale = 255 / (2 ** bitsPerSample - 1);
  const sample = (index: number) =>
    Math.round((bytesPerSample === 2 ? samples[index * 2]! | (samples[index * 2 + 1]! << 8) : samples[index]!) * scale);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let pixel = 0; pixel < width * height; pixel++) {
    const first = pixel * componentCount;
    const colour = componentCount >= 3;
    const red = sample(first);
    rgba[pixel * 4] = red;
    rgba[pixel * 4 + 1] = colour ? sample(first + 1) : red;
    rgba[pixel * 4 + 2] = colour ? sample(first + 2) : red;
    rgba[pixel * 4 + 3] = componentCount === 2 || componentCount === 4 ? sample(first + componentCount - 1) : 255;
  }
  return rgba;
}
