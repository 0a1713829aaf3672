import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginModule } from '../api/plugin';
import { installPluginRuntime } from '../plugins/plugin-runtime';
import type { PluginSource, VerifiedMainLoader, VerifiedModule } from '../plugins/plugin-source';

export interface FsPluginSourceOptions {
  /**
   * How a signed plugin's verified main module is imported from its bytes: by default a private temporary file
   * (importModuleBytes, for Node's own `import()`); NW.js, whose `import()` is the page's, passes
   * importModuleFromBlob (kernel/plugins/blob-module-import.ts).
   */
  readonly importModule?: (bytes: Uint8Array) => Promise<unknown>;
  /** Where importModuleBytes makes its private copies (tests); the system's temporary folder by default. */
  readonly tempRoot?: string;
}

/** A plugin folder on disk. Built-in plugins bring their bundled code; others import their built `main`. */
export class FsPluginSource implements PluginSource, VerifiedMainLoader {
  readonly location: string;

  constructor(
    folder: string,
    readonly builtin: boolean,
    private readonly bundledMain?: () => Promise<PluginModule>,
    private readonly options: FsPluginSourceOptions = {},
  ) {
    this.location = resolve(folder);
  }

  async readManifest(): Promise<unknown> {
    return JSON.parse(await this.readText('package.json'));
  }

  readText(relativePath: string): Promise<string> {
    return readFile(this.inside(relativePath), 'utf8');
  }

  async hasFile(relativePath: string): Promise<boolean> {
    return stat(this.inside(relativePath)).then((info) => info.isFile(), () => false);
  }

  assetUrl(relativePath: string): string {
    return pathToFileURL(this.inside(relativePath)).href;
  }

  async loadMain(mainPath: string): Promise<PluginModule> {
    if (this.bundledMain) return this.bundledMain();
    await installPluginRuntime();
    return (await import(pathToFileURL(this.inside(mainPath)).href)) as PluginModule;
  }

  /** A signed plugin's main module, from the bytes its signature check read (never from the folder again). */
  async loadVerifiedMain(main: VerifiedModule): Promise<PluginModule> {
    if (this.bundledMain) return this.bundledMain();
    await installPluginRuntime();
    const importModule = this.options.importModule ?? ((bytes: Uint8Array) => importModuleBytes(bytes, this.options.tempRoot));
    return (await importModule(main.bytes)) as PluginModule;
  }

  private inside(relativePath: string): string {
    const full = resolve(this.location, relativePath);
    if (!full.startsWith(this.location + sep)) throw new Error(`path "${relativePath}" leaves the plugin folder`);
    return full;
  }
}

/**
 * Imports one self-contained ES module (what the SDK's esbuild plugin builds: no imports of its own, the host's
 * modules read from `globalThis`, see kernel/plugins/plugin-runtime.ts) from bytes in memory, by writing them to
 * a private temporary folder, importing that copy and removing the folder once the import has settled.
 *
 * For Node's own `import()` (the CLI): the copy loads exactly as the plugin folder did, and a file gives stack
 * traces a readable name. In NW.js the page's `import()` is Chromium's, which cannot import a `file:` URL from
 * the app's origin, so the NW.js host imports through a `blob:` URL instead (kernel/plugins/blob-module-import.ts).
 * The folder is made by mkdtemp (a fresh, unpredictable name, mode 0700, so no other user can put anything in
 * it) and the file is created exclusively with mode 0600; the name ends in `.mjs`, so Node takes it for an ES
 * module without a package.json beside it. A unique folder per import also gives each import a module-map key
 * of its own.
 */
export async function importModuleBytes(bytes: Uint8Array, tempRoot: string = tmpdir()): Promise<unknown> {
  const folder = await mkdtemp(join(tempRoot, 'zairyu-plugin-'));
  try {
    const file = join(folder, 'main.mjs');
    await writeFile(file, bytes, { flag: 'wx', mode: 0o600 });
    return await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    // The module is one file and has been read once import() settles; nothing refers to the copy after that.
    await rm(folder, { recursive: true, force: true });
  }
}

/** The sub-folders of `root` that hold a package.json, sorted by name. */
export async function listPluginFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const folders: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const folder = join(root, entry.name);
    if (await stat(join(folder, 'package.json')).then(() => true, () => false)) folders.push(folder);
  }
  return folders.sort();
}
