import * as utifModule from 'utif2';
import { malformedImage } from '../malformed-image';
import type { TiffStrip } from './tiff-directory';

/**
 * The parts of utif2 4.1.0's CCITT Group 4 decoder used here. Its `_decodeG4` looks each helper up on
 * `UTIF.decode` at every call, which is what lets the guards below wrap them.
 */
interface Utif2G4Decoder {
  _decodeG4(data: Uint8Array, offset: number, length: number, target: Uint8Array, targetOffset: number, width: number, fillOrder: number): void;
  _addNtimes(line: number[], count: number, colour: number): void;
  _writeBits(line: number[], target: Uint8Array, bitOffset: number): void;
  /** Called twice for every bit read (to find b1 and b2 on the reference line). */
  _findDiff(line: number[], from: number, colour: number): number | undefined;
}

// A bundler gives the CommonJS module's properties as the namespace; Node gives them as its default export.
const utif = ('decode' in utifModule ? utifModule : (utifModule as { default: typeof utifModule }).default) as typeof utifModule;
const g4 = utif.decode as unknown as Utif2G4Decoder;

/**
 * Bits a valid stream can take between two runs: a horizontal-mode code (3 bits) and, for each of its two
 * runs, makeup and terminating codes (13 bits at most each; a run of a 4096-pixel line needs two or three).
 * No T.6 code is longer than 13 bits, so a stream that goes further without a run has lost step.
 */
const MAX_BITS_BETWEEN_RUNS = 128;

/**
 * utif2 finds each reference-line change by scanning the line's change list, twice per bit: dense lines make
 * that slow (a crafted 60 KB image of 4096-pixel lines of alternating pixels takes over 3 s). The budget caps
 * the list entries scanned per image: the sample fronts (640 × 404) need 10–16 million; 250 million is about
 * a quarter of a second.
 */
export function g4ScanBudget(): { remaining: number } {
  return { remaining: 250_000_000 };
}

/**
 * Decodes the rows of one strip into `target` (1 bit per pixel, 1 = a "black" run, rows padded to bytes).
 *
 * utif2 decodes whatever bit stream it is given: after a corrupt code its lines overflow, it keeps going to the
 * end of the data, slows down badly (measured: 1–50 s for a corrupt 6 KB front image) and returns garbage as
 * if it were the picture. The guards make it strict and fast to fail: a run that does not fit the line, or
 * more bits than any T.6 code takes without a run, is malformed data; decoding stops as soon as the strip has
 * all its rows; a strip that ends early is malformed; `budget` bounds the time. They are installed for this
 * synchronous call only.
 */
export function decodeG4Strip(
  data: Uint8Array,
  strip: TiffStrip,
  width: number,
  fillOrder: 1 | 2,
  target: Uint8Array,
  targetOffset: number,
  budget: { remaining: number },
): void {
  const original = { _addNtimes: g4._addNtimes, _writeBits: g4._writeBits, _findDiff: g4._findDiff };
  const stripComplete = new StripComplete();
  let rows = 0;
  let lookupsSinceRun = 0;
  g4._addNtimes = (line, count, colour) => {
    if (!Number.isInteger(count) || count < 0 || line.length + count > width) throw malformedImage('G4 run does not fit the line');
    lookupsSinceRun = 0;
    original._addNtimes(line, count, colour);
  };
  g4._writeBits = (line, bits, bitOffset) => {
    original._writeBits(line, bits, bitOffset);
    rows += 1;
    if (rows === strip.rows) throw stripComplete;
  };
  g4._findDiff = (line, from, colour) => {
    lookupsSinceRun += 1;
    if (lookupsSinceRun > 2 * MAX_BITS_BETWEEN_RUNS) throw malformedImage('G4 code not recognised');
    budget.remaining -= line.length;
    if (budget.remaining < 0) throw malformedImage('G4 image too complex to decode');
    return original._findDiff(line, from, colour);
  };
  try {
    g4._decodeG4(data, strip.offset, strip.byteCount, target, targetOffset, width, fillOrder);
  } catch (error) {
    if (error === stripComplete) return;
    throw error;
  } finally {
    Object.assign(g4, original);
  }
  throw malformedImage(`G4 strip ended after ${rows} of ${strip.rows} rows`);
}

/** Thrown to stop the decoder once the strip has all its rows (what follows is padding or an end-of-block code). */
class StripComplete {}
