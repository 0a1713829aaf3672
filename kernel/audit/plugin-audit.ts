import type { PluginSummary } from '../plugins/plugin-record';
import type { AuditRecorder } from './audit-log';

/**
 * Records plugin.disabled once for each plugin that is disabled (at load: invalid, unsigned, a missing dependency)
 * or failed (at run time: activation or a contribution threw). Call the returned check after loading the plugins
 * and whenever a plugin may have been taken out of service; it compares states, so calling it often is harmless.
 */
export function pluginAuditCheck(plugins: { summaries(): readonly PluginSummary[] }, audit: AuditRecorder): () => void {
  const recorded = new Set<string>();
  return () => {
    for (const plugin of plugins.summaries()) {
      if ((plugin.state !== 'disabled' && plugin.state !== 'failed') || recorded.has(plugin.name)) continue;
      recorded.add(plugin.name);
      void audit.record({ event: 'plugin.disabled', plugin: auditPluginName(plugin.name), reason: plugin.state });
    }
  };
}

/**
 * A plugin's name as the audit log takes it: a second plugin of the same name is known as `name@<its folder>`, and
 * a plugin without a readable manifest by its folder's name; only the name goes in, in the log's plain characters.
 */
export function auditPluginName(name: string): string {
  const plain = (name.split('@')[0] || name).replace(/[^A-Za-z0-9_.:\-+ ]/g, '_').slice(0, 64);
  return plain === '' ? '_' : plain;
}
