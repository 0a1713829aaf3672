import type { PluginModule } from '../kernel/api';

/**
 * The plugins shipped with the kiosk. Their code is bundled (each behind a dynamic import, so it loads only on
 * activation); their manifests and resources are read from their folders like any other plugin's.
 */
export const builtinPlugins: Readonly<Record<string, () => Promise<PluginModule>>> = {
  'residence-card': () => import('./residence-card/extension'),
  'special-permanent': () => import('./special-permanent/extension'),
  revocation: () => import('./revocation/extension'),
};
