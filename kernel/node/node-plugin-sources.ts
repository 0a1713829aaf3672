import { join } from 'node:path';
import type { PluginModule } from '../api/plugin';
import type { KioskConfig } from '../config/kiosk-config';
import type { PluginSource } from '../plugins/plugin-source';
import { FsPluginSource, listPluginFolders } from './fs-plugin-source';

/**
 * The built-in plugins (files under `builtinRoot`, code bundled) followed by every plugin folder found in the
 * configured plugin folders. A configured folder that cannot be read is reported, not fatal.
 */
export async function nodePluginSources(
  builtinRoot: string,
  builtinModules: Readonly<Record<string, () => Promise<PluginModule>>>,
  config: KioskConfig,
  onFolderError: (folder: string, error: unknown) => void,
): Promise<PluginSource[]> {
  const sources: PluginSource[] = Object.entries(builtinModules).map(
    ([name, load]) => new FsPluginSource(join(builtinRoot, name), true, load),
  );
  for (const root of config.pluginFolders) {
    try {
      for (const folder of await listPluginFolders(root)) sources.push(new FsPluginSource(folder, false));
    } catch (error) {
      onFolderError(root, error);
    }
  }
  return sources;
}
