/**
 * The modules an external plugin imports at run time, provided by the host, as VS Code provides the `vscode`
 * module: one kernel API and one Preact for the whole kiosk (two Preacts would break hooks and rendering). The
 * SDK's esbuild plugin (sdk/zairyu-plugin-api/esbuild.mjs) compiles `import … from 'zairyu-plugin-api'` and
 * `'preact'`, `'preact/hooks'`, `'preact/jsx-runtime'` into reads of this table, so a built plugin is one
 * self-contained file. Built-in plugins are bundled with the kiosk and do not need it.
 */
export const PLUGIN_RUNTIME_KEY = Symbol.for('zairyu.pluginRuntime');

/** Module specifiers the host provides; everything else a plugin imports is bundled into it. */
export const HOST_MODULE_SPECIFIERS = ['zairyu-plugin-api', 'preact', 'preact/hooks', 'preact/jsx-runtime'] as const;
export type HostModuleSpecifier = (typeof HOST_MODULE_SPECIFIERS)[number];

export type PluginRuntime = Readonly<Record<HostModuleSpecifier, Readonly<Record<string, unknown>>>>;

let installing: Promise<PluginRuntime> | undefined;

/** Publishes the host modules on `globalThis` (once); called before an external plugin's code is imported. */
export function installPluginRuntime(): Promise<PluginRuntime> {
  installing ??= (async () => {
    const [api, preact, hooks, jsxRuntime] = await Promise.all([
      import('../api'),
      import('preact'),
      import('preact/hooks'),
      import('preact/jsx-runtime'),
    ]);
    const runtime: PluginRuntime = Object.freeze({
      'zairyu-plugin-api': api,
      preact,
      'preact/hooks': hooks,
      'preact/jsx-runtime': jsxRuntime,
    });
    // Not a security boundary (plugins share the page with the kiosk); read-only against accidents.
    Object.defineProperty(globalThis, PLUGIN_RUNTIME_KEY, { value: runtime, writable: false, configurable: true, enumerable: false });
    return runtime;
  })();
  return installing;
}
