import { builtinPlugins } from '../../../plugins/builtin-plugins';
import { createKernel } from '../../../kernel/container/create-kernel';
import type { KioskConfig } from '../../../kernel/config/kiosk-config';
import { nodePluginSources } from '../../../kernel/node/node-plugin-sources';
import type { PluginSummary } from '../../../kernel/plugins/plugin-record';
import { shellMessages } from '../../app/shell-messages';

/** Loads the plugins as the kiosk would (without activating on card events) and reports each one. */
export async function listPlugins(builtinRoot: string, config: KioskConfig): Promise<PluginSummary[]> {
  const kernel = await createKernel({ config, shellMessages });
  const sources = await nodePluginSources(builtinRoot, builtinPlugins, config, (folder, error) =>
    kernel.logger.error('plugin folder cannot be read', { folder, reason: (error as Error).message }),
  );
  await kernel.plugins.load(sources);
  return kernel.plugins.summaries();
}

export function formatPluginTable(plugins: readonly PluginSummary[]): string {
  const lines: string[] = [];
  for (const plugin of plugins) {
    lines.push(`${plugin.name} ${plugin.version ?? '?'}  [${plugin.state}]${plugin.builtin ? '  built-in' : ''}`);
    lines.push(`  location: ${plugin.location}`);
    if (plugin.reason) lines.push(`  reason: ${plugin.reason}`);
    for (const warning of plugin.warnings) lines.push(`  warning: ${warning}`);
    if (plugin.activationEvents.length) lines.push(`  activation: ${plugin.activationEvents.join(', ')}`);
    if (plugin.dependencies.length) lines.push(`  depends on: ${plugin.dependencies.join(', ')}`);
    const contributions = Object.entries(plugin.contributions).map(([point, count]) => `${point} (${count})`);
    if (contributions.length) lines.push(`  contributes: ${contributions.join(', ')}`);
  }
  return lines.join('\n');
}
