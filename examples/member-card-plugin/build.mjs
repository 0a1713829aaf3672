// Builds dist/extension.js: one ES module. The kiosk provides zairyu-plugin-api and Preact at run time
// (zairyuHostModules); everything else is bundled in.
import { build } from 'esbuild';
import { zairyuHostModules } from 'zairyu-plugin-api/esbuild';

await build({
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  plugins: [zairyuHostModules()],
  legalComments: 'none',
  logLevel: 'warning',
});
console.log('built dist/extension.js');
