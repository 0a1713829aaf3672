import semver from 'semver';
import { z } from 'zod';
import { KERNEL_API_VERSION, KERNEL_ENGINE_NAME } from '../api/version';
import { relativePath } from './points/common-schemas';
import { describeSchemaIssues } from './schema-errors';

export const pluginName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and dashes');

/** `onStartup`, `onCardType:<C1>`, `onView:<view or panel id>`. */
export const activationEvent = z
  .string()
  .regex(/^(onStartup|onCardType:[0-9]{1,2}|onView:[a-z0-9][a-zA-Z0-9.-]*)$/, 'must be onStartup, onCardType:<C1> or onView:<id>');

/**
 * The manifest is the plugin's package.json. Unknown top-level fields are allowed (it is an npm manifest);
 * what the kernel reads is checked strictly.
 */
export const pluginManifestSchema = z.object({
  name: pluginName,
  version: z.string().refine((value) => semver.valid(value) !== null, 'must be a semantic version such as 1.0.0'),
  displayName: z.string().optional(),
  description: z.string().optional(),
  publisher: z.string().optional(),
  engines: z.object({
    [KERNEL_ENGINE_NAME]: z.string().refine((range) => semver.validRange(range) !== null, 'must be a semver range such as ^1.0.0'),
  }),
  main: relativePath.optional(),
  activationEvents: z.array(activationEvent).default([]),
  extensionDependencies: z.array(pluginName).default([]),
  contributes: z.record(z.string(), z.unknown()).default({}),
});

export type PluginManifest = z.infer<typeof pluginManifestSchema>;

export type ManifestCheck = { ok: true; manifest: PluginManifest } | { ok: false; problems: string[] };

export function checkManifest(raw: unknown): ManifestCheck {
  const parsed = pluginManifestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: describeSchemaIssues(parsed.error) };
  const manifest = parsed.data;
  const range = manifest.engines[KERNEL_ENGINE_NAME];
  if (range !== undefined && !semver.satisfies(KERNEL_API_VERSION, range)) {
    return { ok: false, problems: [`engines.${KERNEL_ENGINE_NAME}: needs ${range}, this kiosk provides ${KERNEL_API_VERSION}`] };
  }
  if (manifest.activationEvents.length > 0 && manifest.main === undefined) {
    return { ok: false, problems: ['main: activationEvents are declared but there is no main module to activate'] };
  }
  return { ok: true, manifest };
}
