import { join } from 'node:path';
import type { KioskConfig } from '../../kernel/config/kiosk-config';
import type { TrustAnchors } from '../../kernel/api';
import { TrustStore } from '../../kernel/trust/trust-store';
import { trustStoreFolder } from '../../kernel/node/trust-store-folder';
import { nodePluginSources } from '../../kernel/node/node-plugin-sources';
import { builtinPlugins } from '../../plugins/builtin-plugins';
import { testKernel } from './kernel';

export const PLUGINS_ROOT = join(process.cwd(), 'plugins');

/** A kernel with the three built-in plugins loaded from their source folders. */
export async function kernelWithBuiltinPlugins(config: Partial<KioskConfig> = {}, trustAnchors?: () => Promise<TrustAnchors>) {
  const kernel = await testKernel(config, trustAnchors);
  const sources = await nodePluginSources(PLUGINS_ROOT, builtinPlugins, kernel.config, (folder, error) => {
    throw new Error(`${folder}: ${String(error)}`);
  });
  await kernel.plugins.load(sources);
  return kernel;
}

/** The operator code-table folder of the tests: names the sample cards' fictional 許可の種類 code. */
export const SAMPLE_CODE_TABLES = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'code-tables');

export const SAMPLE_TRUST_STORE = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');

/** The throwaway CAs that signed the sample cards, as an explicit test trust store. */
export async function sampleTrustAnchors(): Promise<TrustAnchors> {
  return TrustStore.forTesting(await trustStoreFolder(SAMPLE_TRUST_STORE).list());
}
