// esbuild plugin for zairyu-kiosk plugins: the kernel API and Preact are provided by the kiosk at run time (one
// instance for the whole kiosk), so `import … from 'zairyu-plugin-api'` and the Preact modules compile into reads
// of the table the kiosk publishes before it imports a plugin (kernel/plugins/plugin-runtime.ts). Everything else
// the plugin imports is bundled into it.
import { readFileSync } from 'node:fs';

const runtimeExports = JSON.parse(readFileSync(new URL('./runtime-exports.json', import.meta.url), 'utf8'));
const NAMESPACE = 'zairyu-host-module';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The specifiers the kiosk provides, e.g. ['zairyu-plugin-api', 'preact', 'preact/hooks', 'preact/jsx-runtime']. */
export const hostModules = Object.keys(runtimeExports.modules);

export function zairyuHostModules() {
  const escaped = hostModules.map((specifier) => specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return {
    name: 'zairyu-host-modules',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${escaped.join('|')})$`) }, (args) => ({ path: args.path, namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: hostModuleShim(args.path), loader: 'js' }));
    },
  };
}

function hostModuleShim(specifier) {
  const names = runtimeExports.modules[specifier].filter((name) => IDENTIFIER.test(name) && name !== 'default');
  return [
    `const runtime = globalThis[Symbol.for('zairyu.pluginRuntime')];`,
    `if (!runtime) throw new Error(${JSON.stringify(`${specifier}: this plugin runs inside zairyu-kiosk only (kiosk API ${runtimeExports.apiVersion})`)});`,
    `const host = runtime[${JSON.stringify(specifier)}];`,
    names.length > 0 ? `export const { ${names.join(', ')} } = host;` : '',
  ].join('\n');
}
