import { join } from 'node:path';
import type { PluginModule } from '../api/plugin';
import type { KioskConfig } from '../config/kiosk-config';
import type { PluginSource } from '../plugins/plugin-source';
import type { PluginPublishers } from '../plugins/signing/publisher-certificates';
import { FsPluginSource, listPluginFolders, type FsPluginSourceOptions } from './fs-plugin-source';
import { loadPluginPublishers, signedFolderPluginSource } from './plugin-folder-files';

/**
 * The built-in plugins (files under `builtinRoot`, code bundled) followed by every plugin folder found in the
 * configured plugin folders, each checked against its signature before it loads (see SignedPluginSource). A
 * configured folder that cannot be read is reported, not fatal. `options`: how verified code is imported
 * (the host's `import()`: Node's by default, the page's in NW.js).
 */
export async function nodePluginSources(
  builtinRoot: string,
  builtinModules: Readonly<Record<string, () => Promise<PluginModule>>>,
  config: KioskConfig,
  onFolderError: (folder: string, error: unknown) => void,
  options: FsPluginSourceOptions = {},
): Promise<PluginSource[]> {
  const sources: PluginSource[] = Object.entries(builtinModules).map(
    ([name, load]) => new FsPluginSource(join(builtinRoot, name), true, load),
  );
  // External plugins load only when signed by one of the operator's publishers (read once, when first needed).
  let publishers: Promise<PluginPublishers> | undefined;
  const trusted = () => (publishers ??= loadPluginPublishers(config.pluginPublisherFolder));
  for (const root of config.pluginFolders) {
    try {
      for (const folder of await listPluginFolders(root)) sources.push(signedFolderPluginSource(folder, trusted, options));
    } catch (error) {
      onFolderError(root, error);
    }
  }
  return sources;
}
