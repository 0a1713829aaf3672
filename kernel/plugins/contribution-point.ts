import type { z } from 'zod';

/**
 * A contribution point: a name under `contributes`, the schema its value must satisfy, and how the kernel
 * qualifies it for one plugin (e.g. namespacing i18n keys). Points are bound in the container under
 * ContributionPointToken, so a kernel module can add one without touching the plugin host.
 */
export interface ContributionPoint<Value = unknown> {
  readonly name: string;
  readonly schema: z.ZodType<Value>;
  /** Plugin-relative paths of files the point needs read at load time (checked before the plugin is enabled). */
  resourcePaths?(value: Value): readonly string[];
  /** Rewrites plugin-local references (message keys, asset paths) into kernel-global ones. */
  qualify?(value: Value, plugin: QualifyContext): Value;
}

export interface QualifyContext {
  readonly pluginName: string;
  /** `key` → `plugin:key` unless it already names a namespace. */
  messageKey(key: string): string;
}

export const ContributionPointToken = Symbol.for('zairyu.ContributionPoint');

export function qualifyContext(pluginName: string): QualifyContext {
  return {
    pluginName,
    messageKey: (key) => (key.includes(':') ? key : `${pluginName}:${key}`),
  };
}
