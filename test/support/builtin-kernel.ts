import { join } from 'node:path';
import type { KioskConfig } from '../../kernel/config/kiosk-config';
import { nodePluginSources } from '../../kernel/node/node-plugin-sources';
import { builtinPlugins } from '../../plugins/builtin-plugins';
import { testKernel } from './kernel';

export const PLUGINS_ROOT = join(process.cwd(), 'plugins');

/** A kernel with the three built-in plugins loaded from their source folders. */
export async function kernelWithBuiltinPlugins(config: Partial<KioskConfig> = {}) {
  const kernel = await testKernel(config);
  const sources = await nodePluginSources(PLUGINS_ROOT, builtinPlugins, kernel.config, (folder, error) => {
    throw new Error(`${folder}: ${String(error)}`);
  });
  await kernel.plugins.load(sources);
  return kernel;
}
