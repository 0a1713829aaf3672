import { normalisePluginPath } from '../plugins/plugin-source';
import type { ExternalPluginCatalogue, ExternalPluginEntry } from '../plugins/signing/external-plugin-catalogue';
import { listPluginFolders } from './fs-plugin-source';
import { pluginFolderFiles, readPublisherFiles } from './plugin-folder-files';

export interface ExternalPluginSettings {
  readonly pluginFolders: readonly string[];
  readonly pluginPublisherFolder: string;
}

/**
 * The web host's side of external plugins: lists the configured plugin folders and publisher certificates for
 * the page (which verifies the signatures), and serves exactly the files it listed — nothing else on the disk,
 * however a request is spelled.
 */
export class ExternalPluginFolders {
  private listed: { folder: string; files: ReadonlySet<string> }[] = [];

  constructor(private readonly settings: () => Promise<ExternalPluginSettings>) {}

  async catalogue(): Promise<ExternalPluginCatalogue> {
    const settings = await this.settings();
    const plugins: ExternalPluginEntry[] = [];
    const listed: { folder: string; files: ReadonlySet<string> }[] = [];
    for (const root of settings.pluginFolders) {
      let folders: string[];
      try {
        folders = await listPluginFolders(root);
      } catch (error) {
        plugins.push({ folder: root, problem: `plugin folder cannot be read: ${(error as Error).message}` });
        listed.push({ folder: root, files: new Set() });
        continue;
      }
      for (const folder of folders) {
        try {
          const files = await pluginFolderFiles(folder).list();
          plugins.push({ folder, files });
          listed.push({ folder, files: new Set(files) });
        } catch (error) {
          plugins.push({ folder, problem: (error as Error).message });
          listed.push({ folder, files: new Set() });
        }
      }
    }
    this.listed = listed;
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

  /** A file of the `index`th plugin of the last catalogue, or undefined when it was not listed there. */
  async read(index: number, relativePath: string): Promise<Uint8Array | undefined> {
    const plugin = this.listed[index];
    let path: string;
    try {
      path = normalisePluginPath(relativePath);
    } catch {
      return undefined;
    }
    if (!plugin?.files.has(path)) return undefined;
    return pluginFolderFiles(plugin.folder).read(path);
  }
}
