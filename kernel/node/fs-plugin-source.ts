import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginModule } from '../api/plugin';
import { installPluginRuntime } from '../plugins/plugin-runtime';
import type { PluginSource } from '../plugins/plugin-source';

/** A plugin folder on disk. Built-in plugins bring their bundled code; others import their built `main`. */
export class FsPluginSource implements PluginSource {
  readonly location: string;

  constructor(
    folder: string,
    readonly builtin: boolean,
    private readonly bundledMain?: () => Promise<PluginModule>,
  ) {
    this.location = resolve(folder);
  }

  async readManifest(): Promise<unknown> {
    return JSON.parse(await this.readText('package.json'));
  }

  readText(relativePath: string): Promise<string> {
    return readFile(this.inside(relativePath), 'utf8');
  }

  assetUrl(relativePath: string): string {
    return pathToFileURL(this.inside(relativePath)).href;
  }

  async loadMain(mainPath: string): Promise<PluginModule> {
    if (this.bundledMain) return this.bundledMain();
    await installPluginRuntime();
    return (await import(pathToFileURL(this.inside(mainPath)).href)) as PluginModule;
  }

  private inside(relativePath: string): string {
    const full = resolve(this.location, relativePath);
    if (!full.startsWith(this.location + sep)) throw new Error(`path "${relativePath}" leaves the plugin folder`);
    return full;
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
