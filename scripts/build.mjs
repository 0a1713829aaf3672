// Builds the kiosk: the browser bundle with the built-in plugins' files (dist/web), the Node CLI (dist/cli.mjs)
// and the NW.js app folder (dist/nw, see scripts/build-nw.mjs).
import { build } from 'esbuild';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNwApp } from './build-nw.mjs';
import { buildSdk } from './build-sdk.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const quiet = process.argv.includes('--quiet');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(root, 'tsconfig.json'),
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * OpenJPEG's Emscripten glue (the JPEG 2000 decoder) also runs under Node, where it require()s 'fs' and 'path'.
 * In the page that branch never runs — the WebAssembly is handed to it as bytes — so they resolve to nothing.
 */
const emscriptenNodeBuiltinsAsEmpty = {
  name: 'emscripten-node-builtins-as-empty',
  setup(build) {
    const glue = `${sep}@cornerstonejs${sep}codec-openjpeg${sep}`;
    build.onResolve({ filter: /^(fs|path)$/ }, (args) => (args.importer.includes(glue) ? { path: args.path, namespace: 'empty-node-builtin' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'empty-node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'web'), { recursive: true });

await build({
  ...common,
  entryPoints: { app: join(root, 'shell/web/main.tsx') },
  outdir: join(dist, 'web'),
  splitting: true,
  platform: 'browser',
  minify: true,
  sourcemap: false,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [emscriptenNodeBuiltinsAsEmpty],
});

await build({
  ...common,
  entryPoints: [join(root, 'shell/cli/main.ts')],
  outfile: join(dist, 'cli.mjs'),
  platform: 'node',
  external: ['pcsclite', 'playwright-core', 'nw-builder'],
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __zairyuCreateRequire } from 'node:module'; const require = __zairyuCreateRequire(import.meta.url);" },
});

// `npm run package`: packages dist/nw with nw-builder (kept external, like in the CLI).
await build({
  ...common,
  entryPoints: [join(root, 'scripts/package-nw.ts')],
  outfile: join(dist, 'package.mjs'),
  platform: 'node',
  external: ['nw-builder'],
});

for (const file of ['index.html', 'styles.css', 'favicon.svg']) await cp(join(root, 'shell/web', file), join(dist, 'web', file));

// Built-in plugins: manifests and resources are served as files, exactly like a third-party plugin's;
// their code is already in the bundle.
const pluginsRoot = join(root, 'plugins');
for (const entry of await readdir(pluginsRoot, { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  await cp(join(pluginsRoot, entry.name), join(dist, 'web', 'plugins', entry.name), {
    recursive: true,
    filter: (source) => {
      const path = relative(join(pluginsRoot, entry.name), source);
      return !(path === 'src' || path.startsWith('src/') || /\.(ts|tsx)$/.test(path) || path.includes('__'));
    },
  });
}

const licences = await licenceText();
await writeFile(join(dist, 'web', 'licenses.txt'), licences);

await buildNwApp({ root, outDir: join(dist, 'nw'), licenceText: licences });

// The plugin SDK for third-party plugins (types, test runtime, esbuild plugin): docs/plugins.md.
await buildSdk({ outDir: join(dist, 'sdk', 'zairyu-plugin-api') });

if (!quiet) console.log(`built ${relative(process.cwd(), dist) || 'dist'}: web bundle, built-in plugins, CLI, NW.js app (dist/nw), plugin SDK (dist/sdk)`);

/** The licences of what the kiosk ships, for the licence link on the top screen. */
async function licenceText() {
  const lines = [`${pkg.name} ${pkg.version} — ${pkg.license}`, '', 'Third-party software:'];
  const seen = new Set();
  const visit = async (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    let manifest;
    try {
      manifest = JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    } catch {
      return;
    }
    lines.push(`- ${manifest.name} ${manifest.version}: ${manifest.license ?? 'see package'}`);
    for (const dependency of Object.keys(manifest.dependencies ?? {})) await visit(dependency);
  };
  for (const dependency of Object.keys(pkg.dependencies)) await visit(dependency);
  return `${lines.join('\n')}\n`;
}
