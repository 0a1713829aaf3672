// Builds the kiosk: the browser bundle with the built-in plugins' files (dist/web) and the Node CLI (dist/cli.mjs).
import { build } from 'esbuild';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

await writeFile(join(dist, 'web', 'licenses.txt'), await licenceText());

if (!quiet) console.log(`built ${relative(process.cwd(), dist) || 'dist'}: web bundle, built-in plugins, CLI`);

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
