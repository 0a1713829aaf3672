import type { PluginModule } from '../api/plugin';
import type { Disposable } from '../api/disposable';
import type { PluginManifest } from './manifest';
import type { PluginSource } from './plugin-source';

/**
 * - disabled: never enabled (invalid manifest, missing or disabled dependency, unreadable resources)
 * - enabled: contributions registered, code not yet loaded (waiting for an activation event)
 * - active: activate() returned
 * - failed: activate() threw, or a component of it kept failing; its contributions are withdrawn
 */
export type PluginState = 'disabled' | 'enabled' | 'activating' | 'active' | 'failed';

export interface PluginRecord {
  readonly name: string;
  readonly location: string;
  readonly builtin: boolean;
  readonly source: PluginSource;
  manifest: PluginManifest | undefined;
  state: PluginState;
  /** Why the plugin is disabled or failed, readable by an operator. */
  reason: string | undefined;
  warnings: string[];
  /** Validated, qualified contributions by point name. */
  contributions: Map<string, unknown>;
  module: PluginModule | undefined;
  exports: unknown;
  subscriptions: Disposable[];
  activation: Promise<void> | undefined;
}

export interface PluginSummary {
  readonly name: string;
  readonly version: string | undefined;
  readonly location: string;
  readonly builtin: boolean;
  readonly state: PluginState;
  readonly reason: string | undefined;
  readonly warnings: readonly string[];
  readonly activationEvents: readonly string[];
  readonly dependencies: readonly string[];
  readonly contributions: Readonly<Record<string, number>>;
}

export function summarise(record: PluginRecord): PluginSummary {
  const contributions: Record<string, number> = {};
  for (const [point, value] of record.contributions) {
    contributions[point] = Array.isArray(value) ? value.length : Object.keys(value as object).length;
  }
  return {
    name: record.name,
    version: record.manifest?.version,
    location: record.location,
    builtin: record.builtin,
    state: record.state,
    reason: record.reason,
    warnings: record.warnings,
    activationEvents: record.manifest?.activationEvents ?? [],
    dependencies: record.manifest?.extensionDependencies ?? [],
    contributions,
  };
}
