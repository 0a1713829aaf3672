import { readdir, readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import type { TrustStoreFile, TrustStoreFiles } from '../trust/trust-store';

/** File endings the ISA archives and common tools use for certificates; anything else in the folder is ignored. */
export const TRUST_STORE_FILE_EXTENSIONS: readonly string[] = ['.cer', '.crt', '.der', '.pem'];

/**
 * The trust-store folder the operator fills from the ISA pages. Only reads: whether a file is trusted is the
 * TrustStore's decision (pinning), not this adapter's. Files are listed in name order so reports are stable.
 */
export function trustStoreFolder(folder: string): TrustStoreFiles {
  const location = resolve(folder);
  return {
    async list(): Promise<TrustStoreFile[]> {
      let entries;
      try {
        entries = await readdir(location, { withFileTypes: true });
      } catch (error) {
        throw new KioskError(KioskErrorCode.invalidConfig, `trust store folder ${location} cannot be read (${(error as Error).message})`, {
          cause: error,
        });
      }
      const names = entries
        .filter((entry) => !entry.isDirectory() && TRUST_STORE_FILE_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
        .map((entry) => entry.name)
        .sort();
      return Promise.all(names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(location, name))) })));
    },
  };
}
