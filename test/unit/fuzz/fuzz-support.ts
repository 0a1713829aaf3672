import fc from 'fast-check';
import { expect } from 'vitest';
import { isKioskError, KioskErrorCode, type KioskError } from '../../../kernel/errors/kiosk-error';

/**
 * How the fuzz properties run. Every property has a default number of runs sized so that the whole folder stays
 * well under a minute; the environment scales and replays them:
 *
 * - `FUZZ_RUNS=<factor>` multiplies every property's runs (and its test timeout), for a long local campaign:
 *   `FUZZ_RUNS=50 npx vitest run --project unit test/unit/fuzz`.
 * - `FUZZ_SEED=<seed>` fixes fast-check's seed (otherwise random); `FUZZ_PATH=<path>` with it replays one
 *   counterexample directly (select its test with `-t`). A failure prints both.
 */
export const FUZZ_RUN_FACTOR = positiveNumber('FUZZ_RUNS', process.env.FUZZ_RUNS) ?? 1;
const FUZZ_SEED = integer('FUZZ_SEED', process.env.FUZZ_SEED);
const FUZZ_PATH = process.env.FUZZ_PATH?.trim() || undefined;

/** Runs of a property: its default times FUZZ_RUNS. */
export function runs(defaultRuns: number): number {
  return Math.max(1, Math.ceil(defaultRuns * FUZZ_RUN_FACTOR));
}

/** A vitest timeout for a test whose runs scale with FUZZ_RUNS. */
export function testTimeout(defaultMilliseconds: number): number {
  return Math.ceil(defaultMilliseconds * FUZZ_RUN_FACTOR);
}

export interface PropertyOptions {
  /** Runs before FUZZ_RUNS scaling. */
  readonly numRuns: number;
  /**
   * Longest one run may take. Async runs that never settle are cut off here by fast-check; sync runs are measured
   * (a sync loop cannot be interrupted, but a slow one fails the property instead of passing unnoticed).
   */
  readonly runTimeLimitMs: number;
}

/** fc.assert with the folder's seed, run count and time limit; a failure says how to replay it. */
export async function assertProperty<Ts>(property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>, options: PropertyOptions): Promise<void> {
  const details = await fc.check(property as fc.IRawProperty<Ts>, {
    numRuns: runs(options.numRuns),
    ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }),
    ...(FUZZ_SEED !== undefined && FUZZ_PATH !== undefined ? { path: FUZZ_PATH } : {}),
    plugins: [fc.timeout(options.runTimeLimitMs)],
  });
  if (!details.failed) return;
  const report = shortenLongLines((await fc.asyncDefaultReportMessage(details)) ?? 'property failed');
  const testName = (expect.getState().currentTestName ?? '').replaceAll(' > ', ' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const replay = `Replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''} npx vitest run --project unit test/unit/fuzz -t '${testName}'`;
  throw new Error(`${report}\n${replay}`, { cause: details.errorInstance });
}

/** A counterexample of 100 KB would drown the report: long lines are cut (the seed and path replay it whole). */
function shortenLongLines(text: string, limit = 3000): string {
  return text
    .split('\n')
    .map((line) => (line.length > limit ? `${line.slice(0, limit)}… (${line.length - limit} more characters)` : line))
    .join('\n');
}

/** Fails the run when `action` takes longer than `limitMs` (for synchronous code fast-check cannot time out). */
export function withinTime<T>(limitMs: number, action: () => T): T {
  const started = performance.now();
  const result = action();
  const elapsed = performance.now() - started;
  if (elapsed > limitMs) throw new Error(`took ${Math.round(elapsed)} ms, more than ${limitMs} ms`);
  return result;
}

export async function withinTimeAsync<T>(limitMs: number, action: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await action();
  const elapsed = performance.now() - started;
  if (elapsed > limitMs) throw new Error(`took ${Math.round(elapsed)} ms, more than ${limitMs} ms`);
  return result;
}

/** What card data can legitimately fail with: each has a message and a recovery on screen. */
export const CARD_DATA_ERRORS: ReadonlySet<KioskErrorCode> = new Set([KioskErrorCode.malformedCardData]);

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: KioskError };

/**
 * Runs `action` and returns its value or the mapped KioskError it threw. Anything else — another error type, or a
 * KioskError with a code outside `allowed` (INTERNAL is how a wrapped crash looks) — fails the run, naming it.
 */
export function outcomeOf<T>(action: () => T, allowed: ReadonlySet<KioskErrorCode> = CARD_DATA_ERRORS): Outcome<T> {
  try {
    return { ok: true, value: action() };
  } catch (error) {
    return { ok: false, error: requireMapped(error, allowed) };
  }
}

export async function outcomeOfAsync<T>(action: () => Promise<T>, allowed: ReadonlySet<KioskErrorCode> = CARD_DATA_ERRORS): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    return { ok: false, error: requireMapped(error, allowed) };
  }
}

export function requireMapped(error: unknown, allowed: ReadonlySet<KioskErrorCode>): KioskError {
  if (isKioskError(error) && allowed.has(error.code)) return error;
  const what = isKioskError(error) ? `KioskError ${error.code}: ${error.message}` : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  throw new Error(`not a mapped card-data error (${[...allowed].join(', ')}): ${what}`, { cause: error });
}

function positiveNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${text}"`);
  return value;
}

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${text}"`);
  return value;
}

/** Byte equality without vitest's per-element deep comparison, which is slow on image-sized arrays. */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

type TypedArrayName = 'Uint8Array' | 'Uint8ClampedArray' | 'Uint16Array' | 'Int32Array';
const TRACKED: readonly TypedArrayName[] = ['Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Int32Array'];

/**
 * Runs synchronous `action` with the global typed-array constructors replaced by subclasses that record sizes,
 * and returns the largest one made. Code that refuses a hostile size before allocating shows a small number.
 * Only what `action` does synchronously is seen (an async function's part up to its first await).
 */
export function largestTypedArrayDuring<T>(action: () => T): { result: T; largestBytes: number } {
  const globals = globalThis as unknown as Record<TypedArrayName, new (...args: never[]) => ArrayBufferView>;
  const originals = TRACKED.map((name) => globals[name]);
  let largestBytes = 0;
  TRACKED.forEach((name, index) => {
    const Original = originals[index]! as unknown as new (...args: unknown[]) => ArrayBufferView;
    globals[name] = class extends Original {
      constructor(...args: unknown[]) {
        super(...args);
        largestBytes = Math.max(largestBytes, this.byteLength);
      }
    } as unknown as (typeof globals)[TypedArrayName];
  });
  try {
    return { result: action(), largestBytes };
  } finally {
    TRACKED.forEach((name, index) => {
      globals[name] = originals[index]!;
    });
  }
}
