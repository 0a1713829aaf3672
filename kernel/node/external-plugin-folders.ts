import { createHash } from 'node:crypto';
import { normalisePluginPath } from '../plugins/plugin-source';
import type { ExternalPluginCatalogue, ExternalPluginEntry } from '../plugins/signing/external-plugin-catalogue';
import { listPluginFolders } from './fs-plugin-source';
import { pluginFolderFiles, readPublisherFiles } from './plugin-folder-files';

export interface ExternalPluginSettings {
  readonly pluginFolders: readonly string[];
  readonly pluginPublisherFolder: string;
}

/** One file as it was when the catalogue was made. */
interface SnapshotFile {
  readonly bytes: Uint8Array;
  /** SHA-256 of `bytes`, lower-case hex. */
  readonly sha256: string;
}

interface PluginSnapshot {
  readonly folder: string;
  readonly files: ReadonlyMap<string, SnapshotFile>;
}

/**
 * The web host's side of external plugins: lists the configured plugin folders and publisher certificates for
 * the page (which verifies the signatures), and serves exactly the files it listed — nothing else on the disk,
 * however a request is spelled.
 *
 * Every listed file is read into memory when the catalogue is made, and served from that snapshot afterwards:
 * the disk is never read again for it. So the bytes the page verifies and the bytes it then imports are the
 * same, whatever happens to the folder in between; a later catalogue (the page loaded again) takes a new
 * snapshot. The page asks for its verified main module with the digest it verified (`read`'s `sha256`), and a
 * snapshot that has since been replaced by one with other bytes answers nothing rather than those bytes.
 */
export class ExternalPluginFolders {
  private snapshot: readonly PluginSnapshot[] = [];

  constructor(private readonly settings: () => Promise<ExternalPluginSettings>) {}

  async catalogue(): Promise<ExternalPluginCatalogue> {
    const settings = await this.settings();
    const plugins: ExternalPluginEntry[] = [];
    const snapshot: PluginSnapshot[] = [];
    for (const root of settings.pluginFolders) {
      let folders: string[];
      try {
        folders = await listPluginFolders(root);
      } catch (error) {
        plugins.push({ folder: root, problem: `plugin folder cannot be read: ${(error as Error).message}` });
        snapshot.push({ folder: root, files: new Map() });
        continue;
      }
      for (const folder of folders) {
        try {
          const { paths, files } = await snapshotOf(folder);
          plugins.push({ folder, files: paths });
          snapshot.push({ folder, files });
        } catch (error) {
          plugins.push({ folder, problem: (error as Error).message });
          snapshot.push({ folder, files: new Map() });
        }
      }
    }
    this.snapshot = snapshot;
    const publishers = await readPublisherFiles(settings.pluginPublisherFolder);
    return {
      plugins,
      publishers: {
        source: publishers.source,
        files: publishers.files.map((file) => ({ name: file.name, base64: Buffer.from(file.bytes).toString('base64') })),
        ...(publishers.problem !== undefined ? { problem: publishers.problem } : {}),
      },
    };
  }

  /**
   * A file of the `index`th plugin of the last catalogue, as it was read then; undefined when it was not listed
   * there, or when `sha256` is given and the snapshot's bytes do not have that digest.
   */
  async read(index: number, relativePath: string, sha256?: string): Promise<Uint8Array | undefined> {
    const plugin = this.snapshot[index];
    let path: string;
    try {
      path = normalisePluginPath(relativePath);
    } catch {
      return undefined;
    }
    const file = plugin?.files.get(path);
    if (!file || (sha256 !== undefined && sha256 !== file.sha256)) return undefined;
    return file.bytes.slice();
  }
}

/** Every file of a plugin folder, read now (symbolic links and special files refused, as in the listing). */
async function snapshotOf(folder: string): Promise<{ paths: string[]; files: Map<string, SnapshotFile> }> {
  const source = pluginFolderFiles(folder);
  const paths = await source.list();
  const files = new Map<string, SnapshotFile>();
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      bytes = await source.read(path);
    } catch (error) {
      throw new Error(`file cannot be read: ${path} (${(error as Error).message})`);
    }
    files.set(path, { bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return { paths, files };
}
