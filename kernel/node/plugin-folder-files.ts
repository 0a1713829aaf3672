import { constants } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { PluginFiles } from '../plugins/signing/plugin-files';
import { publishersFromFiles, type PluginPublishers, type PublisherFiles } from '../plugins/signing/publisher-certificates';
import { SignedPluginSource } from '../plugins/signing/signed-plugin-source';
import { FsPluginSource, type FsPluginSourceOptions } from './fs-plugin-source';
import { TRUST_STORE_FILE_EXTENSIONS } from './trust-store-folder';

/**
 * Every file of a plugin folder, recursively. Symbolic links and special files are refused (they could point
 * anywhere, so what was signed would not be what runs).
 */
export function pluginFolderFiles(folder: string): PluginFiles {
  const location = resolve(folder);
  const inside = (relativePath: string): string => {
    const full = resolve(location, relativePath);
    if (!full.startsWith(location + sep)) throw new Error(`path "${relativePath}" leaves the plugin folder`);
    return full;
  };
  return {
    location,
    async list() {
      const paths: string[] = [];
      const visit = async (relative: string): Promise<void> => {
        const entries = await readdir(relative ? join(location, relative) : location, { withFileTypes: true });
        for (const entry of entries) {
          const path = relative ? `${relative}/${entry.name}` : entry.name;
          if (entry.isSymbolicLink()) throw new Error(`symbolic link not allowed: ${path}`);
          if (entry.isDirectory()) await visit(path);
          else if (entry.isFile()) paths.push(path);
          else throw new Error(`not a regular file: ${path}`);
        }
      };
      await visit('');
      return paths;
    },
    async read(relativePath) {
      // Not through a symbolic link put in place since the listing (the last path segment; O_NOFOLLOW is 0 on
      // Windows), and only a regular file: what is read is a file of the folder, whatever it holds.
      const handle = await open(inside(relativePath), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      try {
        if (!(await handle.stat()).isFile()) throw new Error(`not a regular file: ${relativePath}`);
        return new Uint8Array(await handle.readFile());
      } finally {
        await handle.close();
      }
    },
  };
}

/**
 * An external plugin folder that loads only when its signature verifies against `publishers`, and then runs
 * the bytes that were verified: its main module is imported from a private copy of them (FsPluginSource's
 * `loadVerifiedMain`), never from the folder; `options` say how (FsPluginSourceOptions).
 */
export function signedFolderPluginSource(folder: string, publishers: () => Promise<PluginPublishers>, options: FsPluginSourceOptions = {}): SignedPluginSource {
  return new SignedPluginSource(new FsPluginSource(folder, false, undefined, options), pluginFolderFiles(folder), publishers);
}

/**
 * The operator's publisher certificates: every .pem, .crt, .cer and .der file of `folder` (not recursive). A
 * missing folder means no publishers, so every external plugin is refused, with that as the reason.
 */
export async function loadPluginPublishers(folder: string): Promise<PluginPublishers> {
  return publishersFromFiles(await readPublisherFiles(folder));
}

/** The certificate files of the publisher folder, unparsed: the web host hands them to the page, which parses them. */
export async function readPublisherFiles(folder: string): Promise<PublisherFiles> {
  const location = resolve(folder);
  let names: string[];
  try {
    const entries = await readdir(location, { withFileTypes: true });
    names = entries
      .filter((entry) => entry.isFile() && TRUST_STORE_FILE_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { source: location, files: [], problem: missing ? `folder ${location} does not exist` : `folder ${location} cannot be read (${(error as Error).message})` };
  }
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(location, name))) })));
  return { source: location, files };
}
