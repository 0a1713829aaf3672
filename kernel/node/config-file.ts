import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultKioskConfig, parseKioskConfigText, type KioskConfig } from '../config/kiosk-config';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';

export const CONFIG_ENV = 'ZAIRYU_CONFIG';
export const DEFAULT_CONFIG_FILE = 'kiosk.config.json';

/** Which config file applies: --config, then $ZAIRYU_CONFIG, then ./kiosk.config.json if present. */
export function configPathFrom(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): { path: string; required: boolean } {
  if (explicit) return { path: resolve(explicit), required: true };
  if (env[CONFIG_ENV]) return { path: resolve(env[CONFIG_ENV]), required: true };
  return { path: resolve(DEFAULT_CONFIG_FILE), required: false };
}

/** Reads the config text, or undefined when an optional file is absent. */
export async function readConfigText(path: string, required: boolean): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined;
    throw new KioskError(KioskErrorCode.invalidConfig, `${path}: cannot be read (${(error as Error).message})`);
  }
}

export async function loadKioskConfigFile(path: string, required: boolean): Promise<KioskConfig> {
  const text = await readConfigText(path, required);
  return text === undefined ? defaultKioskConfig : parseKioskConfigText(text, path);
}
