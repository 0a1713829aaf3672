import { IMAGE_LIMITS } from '../card-image';
import { malformedImage } from '../malformed-image';

/** What the codestream's SIZ marker declares, checked before the decoder allocates anything for it. */
export interface Jpeg2000Size {
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const MARKER_SOC = 0xff4f;
const MARKER_SIZ = 0xff51;
const MAX_BOXES = 32;
const MAX_COMPONENTS = 4;
const MAX_PRECISION = 16;
const MAX_TILES = 4096;

/**
 * Reads the image size of a JPEG 2000 file (JP2 boxes or a bare codestream) and refuses what no card photo
 * can be: too large, more than four components, signed or deeper than 16-bit samples, absurd tiling.
 */
export function readJpeg2000Size(bytes: Uint8Array): Jpeg2000Size {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const codestream = JP2_SIGNATURE.every((value, index) => bytes[index] === value) ? findCodestreamBox(view) : 0;
  if (codestream + 4 > bytes.length || view.getUint16(codestream) !== MARKER_SOC || view.getUint16(codestream + 2) !== MARKER_SIZ) {
    throw malformedImage('JPEG 2000 codestream does not start with SOC, SIZ');
  }
  const siz = codestream + 4;
  if (siz + 38 > bytes.length) throw malformedImage('JPEG 2000 SIZ cut short');
  const field = (offset: number) => view.getUint32(siz + offset);
  const [xsiz, ysiz, xosiz, yosiz, xtsiz, ytsiz, xtosiz, ytosiz] = [4, 8, 12, 16, 20, 24, 28, 32].map(field) as [number, number, number, number, number, number, number, number];
  const components = view.getUint16(siz + 36);
  if (view.getUint16(siz) !== 38 + 3 * components || siz + 38 + 3 * components > bytes.length) throw malformedImage('JPEG 2000 SIZ length');

  const width = xsiz - xosiz;
  const height = ysiz - yosiz;
  if (width < 1 || height < 1 || width > IMAGE_LIMITS.maxSide || height > IMAGE_LIMITS.maxSide) {
    throw malformedImage(`JPEG 2000 size ${width}×${height} out of bounds`);
  }
  if (components < 1 || components > MAX_COMPONENTS) throw malformedImage(`JPEG 2000 with ${components} components`);
  // OpenJPEG keeps every sample, not every pixel, as a 32-bit integer.
  if (width * height * components > IMAGE_LIMITS.maxPixels) throw malformedImage(`JPEG 2000 of ${width}×${height}×${components} samples is too large`);
  if (xtsiz < 1 || ytsiz < 1 || xtosiz > xosiz || ytosiz > yosiz) throw malformedImage('JPEG 2000 tiling');
  if (Math.ceil((xsiz - xtosiz) / xtsiz) * Math.ceil((ysiz - ytosiz) / ytsiz) > MAX_TILES) throw malformedImage('JPEG 2000 tile count');
  for (let index = 0; index < components; index++) {
    const at = siz + 38 + index * 3;
    const ssiz = bytes[at]!;
    if (ssiz & 0x80 || (ssiz & 0x7f) + 1 > MAX_PRECISION) throw malformedImage('JPEG 2000 sample format');
    if (bytes[at + 1]! < 1 || bytes[at + 2]! < 1) throw malformedImage('JPEG 2000 subsampling');
  }
  return { width, height, components };
}

/** Walks the top-level boxes of a JP2 file to the contiguous codestream box ('jp2c'). */
function findCodestreamBox(view: DataView): number {
  let offset = 0;
  for (let count = 0; count < MAX_BOXES && offset + 8 <= view.byteLength; count++) {
    let length = view.getUint32(offset);
    const type = view.getUint32(offset + 4);
    let header = 8;
    if (length === 1) {
      if (offset + 16 > view.byteLength || view.getUint32(offset + 8) !== 0) throw malformedImage('JP2 box too long');
      length = view.getUint32(offset + 12);
      header = 16;
    } else if (length === 0) {
      length = view.byteLength - offset;
    }
    if (type === 0x6a703263 /* jp2c */) return offset + header;
    if (length < header || offset + length > view.byteLength) throw malformedImage('JP2 box outside the file');
    offset += length;
  }
  throw malformedImage('JP2 file without a codestream');
}
