import { bilevelToRgba } from '../bilevel-to-rgba';
import type { DecodedImage } from '../card-image';
import { decodeG4Strip, g4ScanBudget } from './g4-strip-decoder';
import { readBilevelTiffDirectory } from './tiff-directory';

/** A monochrome MMR (CCITT Group 4) TIFF, as the chips store card faces, names and addresses, to RGBA. */
export function decodeTiffG4(bytes: Uint8Array): DecodedImage {
  const directory = readBilevelTiffDirectory(bytes);
  const stride = Math.ceil(directory.width / 8);
  const packed = new Uint8Array(stride * directory.height);
  const budget = g4ScanBudget();
  let row = 0;
  for (const strip of directory.strips) {
    decodeG4Strip(bytes, strip, directory.width, directory.fillOrder, packed, row * stride, budget);
    row += strip.rows;
  }
  // The decoder sets a bit for each pixel of a "black" run; WhiteIsZero means those pixels are black.
  const rgba = bilevelToRgba(packed, directory.width, directory.height, directory.whiteIsZero ? 1 : 0);
  return { width: directory.width, height: directory.height, rgba };
}
