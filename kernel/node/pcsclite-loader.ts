import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';

/** The part of the `pcsclite` module's factory the transport uses; typed here because the package has no types. */
export type PcscLiteFactory = () => EventEmitter & { close(): void };

export const PCSCLITE_MISSING_HINT =
  'the PC/SC module "pcsclite" is not installed or not built: install libpcsclite-dev (Debian/Ubuntu) and run "npm rebuild pcsclite"';

/**
 * Loads the native `pcsclite` module on first use. It is an optional dependency (it cannot build where
 * libpcsclite-dev is missing), so its absence is a clear, mapped error at the moment a reader is needed,
 * never a crash at start-up.
 */
export function loadPcscLite(load: (id: string) => unknown = createRequire(import.meta.url)): PcscLiteFactory {
  let factory: unknown;
  try {
    factory = load('pcsclite');
  } catch (error) {
    throw new KioskError(KioskErrorCode.readerNotFound, `${PCSCLITE_MISSING_HINT} (${(error as Error).message.split('\n')[0]})`, {
      cause: error,
    });
  }
  if (typeof factory !== 'function') throw new KioskError(KioskErrorCode.readerNotFound, `${PCSCLITE_MISSING_HINT} (unexpected export)`);
  return factory as PcscLiteFactory;
}
