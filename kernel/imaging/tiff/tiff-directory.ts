import { IMAGE_LIMITS } from '../card-image';
import { malformedImage } from '../malformed-image';

/** One strip of compressed rows, inside the file. */
export interface TiffStrip {
  readonly offset: number;
  readonly byteCount: number;
  readonly rows: number;
}

/** What decoding a bilevel CCITT Group 4 TIFF needs from its first image file directory. */
export interface BilevelTiffDirectory {
  readonly width: number;
  readonly height: number;
  /** PhotometricInterpretation 0 (WhiteIsZero, as on the cards) or 1 (BlackIsZero). */
  readonly whiteIsZero: boolean;
  /** FillOrder 1: most significant bit first; 2: least significant bit first. */
  readonly fillOrder: 1 | 2;
  readonly strips: readonly TiffStrip[];
}

const TAG = {
  imageWidth: 256,
  imageLength: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  fillOrder: 266,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  tileWidth: 322,
} as const;
const WANTED_TAGS = new Set<number>(Object.values(TAG));

const TYPE_SHORT = 3;
const TYPE_LONG = 4;
const COMPRESSION_CCITT_G4 = 4;
const MAX_DIRECTORY_ENTRIES = 64;

/**
 * Reads the first image file directory of a TIFF strictly: only what a chip's bilevel G4 image can be is
 * accepted, every offset is checked against the file, and nothing else in the file is followed (no next
 * directories, no sub-directories), so a hostile file can neither loop nor point outside itself.
 */
export function readBilevelTiffDirectory(bytes: Uint8Array): BilevelTiffDirectory {
  if (bytes.length < 8) throw malformedImage('TIFF shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = String.fromCharCode(bytes[0]!, bytes[1]!);
  if (order !== 'II' && order !== 'MM') throw malformedImage('not a TIFF (byte order)');
  const littleEndian = order === 'II';
  if (view.getUint16(2, littleEndian) !== 42) throw malformedImage('not a TIFF (version)');

  const directoryOffset = view.getUint32(4, littleEndian);
  if (directoryOffset < 8 || directoryOffset + 2 > bytes.length) throw malformedImage('TIFF directory outside the file');
  const entryCount = view.getUint16(directoryOffset, littleEndian);
  if (entryCount === 0 || entryCount > MAX_DIRECTORY_ENTRIES) throw malformedImage(`TIFF directory with ${entryCount} entries`);
  if (directoryOffset + 2 + entryCount * 12 > bytes.length) throw malformedImage('TIFF directory runs past the file');

  const fields = new Map<number, number[]>();
  for (let index = 0; index < entryCount; index++) {
    const entry = directoryOffset + 2 + index * 12;
    const tag = view.getUint16(entry, littleEndian);
    const type = view.getUint16(entry + 2, littleEndian);
    const count = view.getUint32(entry + 4, littleEndian);
    if (!WANTED_TAGS.has(tag)) continue;
    if (type !== TYPE_SHORT && type !== TYPE_LONG) throw malformedImage(`TIFF tag ${tag} of type ${type}`);
    fields.set(tag, readNumbers(view, entry, type, count, littleEndian));
  }

  const single = (tag: number, fallback?: number): number => {
    const values = fields.get(tag);
    if (values === undefined) {
      if (fallback === undefined) throw malformedImage(`TIFF tag ${tag} missing`);
      return fallback;
    }
    if (values.length !== 1) throw malformedImage(`TIFF tag ${tag} has ${values.length} values`);
    return values[0]!;
  };

  const width = single(TAG.imageWidth);
  const height = single(TAG.imageLength);
  if (width < 1 || height < 1 || width > IMAGE_LIMITS.maxSide || height > IMAGE_LIMITS.maxSide || width * height > IMAGE_LIMITS.maxPixels) {
    throw malformedImage(`TIFF size ${width}×${height} out of bounds`);
  }
  if (single(TAG.compression, 1) !== COMPRESSION_CCITT_G4) throw malformedImage('TIFF compression is not CCITT Group 4');
  if (single(TAG.bitsPerSample, 1) !== 1 || single(TAG.samplesPerPixel, 1) !== 1) throw malformedImage('TIFF is not bilevel');
  if (fields.has(TAG.tileWidth)) throw malformedImage('tiled TIFF');
  const photometric = single(TAG.photometric);
  if (photometric !== 0 && photometric !== 1) throw malformedImage(`TIFF photometric interpretation ${photometric}`);
  const fillOrder = single(TAG.fillOrder, 1);
  if (fillOrder !== 1 && fillOrder !== 2) throw malformedImage(`TIFF fill order ${fillOrder}`);

  const rowsPerStrip = Math.min(single(TAG.rowsPerStrip, height), height);
  if (rowsPerStrip < 1) throw malformedImage('TIFF rows per strip is 0');
  const offsets = fields.get(TAG.stripOffsets);
  const byteCounts = fields.get(TAG.stripByteCounts);
  const stripCount = Math.ceil(height / rowsPerStrip);
  if (!offsets || !byteCounts || offsets.length !== stripCount || byteCounts.length !== stripCount) {
    throw malformedImage('TIFF strips do not match the image height');
  }
  const strips = offsets.map((offset, index): TiffStrip => {
    const byteCount = byteCounts[index]!;
    if (byteCount < 1 || offset + byteCount > bytes.length) throw malformedImage('TIFF strip outside the file');
    return { offset, byteCount, rows: Math.min(rowsPerStrip, height - index * rowsPerStrip) };
  });

  return { width, height, whiteIsZero: photometric === 0, fillOrder, strips };
}

function readNumbers(view: DataView, entry: number, type: number, count: number, littleEndian: boolean): number[] {
  const size = type === TYPE_SHORT ? 2 : 4;
  // Values of up to four bytes sit in the entry itself; longer ones elsewhere in the file.
  const start = count * size <= 4 ? entry + 8 : view.getUint32(entry + 8, littleEndian);
  if (count > view.byteLength || start + count * size > view.byteLength) throw malformedImage('TIFF field outside the file');
  const values: number[] = [];
  for (let index = 0; index < count; index++) {
    const at = start + index * size;
    values.push(type === TYPE_SHORT ? view.getUint16(at, littleEndian) : view.getUint32(at, littleEndian));
  }
  return values;
}
