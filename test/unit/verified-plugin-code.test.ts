import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importModuleBytes } from '../../kernel/node/fs-plugin-source';
import { signedFolderPluginSource } from '../../kernel/node/plugin-folder-files';
import { kernelWithBuiltinPlugins } from '../support/builtin-kernel';
import { manifest } from '../support/memory-plugin-source';
import { makePublisher, MemoryPluginFiles, publishersOf, signMemoryPlugin } from '../support/plugin-signing';

/**
 * Time of check vs time of use on the Node hosts (CLI, NW.js): a signed plugin's main module is imported from
 * the bytes its signature check read, so replacing the file on disk after the check changes nothing that runs.
 */
const publisher = makePublisher('Verified Code Publisher');
const MARKER = '__zairyuVerifiedCodeTest';

/** Sets the marker when activated, and reports where it was imported from and with which permissions. */
const VERIFIED_MAIN = `
const { statSync } = await import('node:fs');
export const origin = 'verified';
export const url = import.meta.url;
export const folderMode = statSync(new URL('.', import.meta.url)).mode & 0o777;
export const fileMode = statSync(new URL(import.meta.url)).mode & 0o777;
export function activate() { globalThis.${MARKER} = 'verified'; }
`;
const SWAPPED_MAIN = `export const origin = 'swapped';\nexport function activate() { globalThis.${MARKER} = 'swapped'; }\n`;

let work: string;
let publishers: string;
let tempRoot: string;

async function installPlugin(folder: string, name: string): Promise<void> {
  const files = new MemoryPluginFiles({ 'package.json': JSON.stringify(manifest(name, { type: 'module' })), 'main.js': VERIFIED_MAIN });
  await signMemoryPlugin(files, publisher);
  for (const [path, bytes] of files.files) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), bytes);
  }
}

const trusted = async () => publishersOf(publisher);
const marker = () => (globalThis as Record<string, unknown>)[MARKER];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zairyu-verified-code-'));
  publishers = join(work, 'publishers');
  await mkdir(publishers);
  await writeFile(join(publishers, 'publisher.pem'), publisher.certPem);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

beforeEach(async () => {
  delete (globalThis as Record<string, unknown>)[MARKER];
  tempRoot = await mkdtemp(join(work, 'temp-'));
});

describe('signed plugins on the Node hosts run the verified bytes', () => {
  it('imports a private copy of the verified main, not the file that replaced it on disk, and removes the copy', async () => {
    const folder = join(work, 'plugins', 'swapped-after-check');
    await installPlugin(folder, 'swapped-after-check');
    const source = signedFolderPluginSource(folder, trusted, { tempRoot });
    expect(await source.refusal()).toBeUndefined();

    await writeFile(join(folder, 'main.js'), SWAPPED_MAIN);
    const module = (await source.loadMain('./main.js')) as { origin: string; url: string; folderMode: number; fileMode: number; activate(): void };
    expect(module.origin).toBe('verified');
    module.activate();
    expect(marker()).toBe('verified');

    // The copy was in a fresh folder of the temporary root, readable by the kiosk's user only, and is gone.
    const copy = fileURLToPath(module.url);
    expect(dirname(dirname(copy))).toBe(tempRoot);
    expect(copy.startsWith(folder)).toBe(false);
    if (process.platform !== 'win32') expect([module.folderMode, module.fileMode]).toEqual([0o700, 0o600]);
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('still runs the verified main when the file was deleted after the check', async () => {
    const folder = join(work, 'plugins', 'deleted-after-check');
    await installPlugin(folder, 'deleted-after-check');
    const source = signedFolderPluginSource(folder, trusted, { tempRoot });
    expect(await source.refusal()).toBeUndefined();
    await rm(join(folder, 'main.js'));
    expect(((await source.loadMain('main.js')) as unknown as { origin: string }).origin).toBe('verified');
  });

  it('refuses a main replaced before the check', async () => {
    const folder = join(work, 'plugins', 'swapped-before-check');
    await installPlugin(folder, 'swapped-before-check');
    await writeFile(join(folder, 'main.js'), SWAPPED_MAIN);
    const source = signedFolderPluginSource(folder, trusted, { tempRoot });
    expect(await source.refusal()).toBe('file changed: main.js');
    await expect(source.loadMain('main.js')).rejects.toThrow('file changed: main.js');
  });

  it('through the kernel: a plugin loaded at start-up activates with its verified code after the file is swapped', async () => {
    const root = join(work, 'kernel-plugins');
    const folder = join(root, 'late-swap');
    await installPlugin(folder, 'late-swap');
    const kernel = await kernelWithBuiltinPlugins({ pluginFolders: [root], pluginPublisherFolder: publishers });
    expect(kernel.plugins.stateOf('late-swap')).toBe('enabled');

    await writeFile(join(folder, 'main.js'), SWAPPED_MAIN);
    expect(await kernel.plugins.activate('late-swap')).toBe(true);
    expect(marker()).toBe('verified');
  });

  it('removes the private copy also when the module fails to import', async () => {
    await expect(importModuleBytes(new TextEncoder().encode('export const = ;'), tempRoot)).rejects.toThrow();
    expect(await readdir(tempRoot)).toEqual([]);
    const module = (await importModuleBytes(new TextEncoder().encode('export const answer = 42;\n'), tempRoot)) as { answer: number };
    expect(module.answer).toBe(42);
    expect(await readdir(tempRoot)).toEqual([]);
  });
});
