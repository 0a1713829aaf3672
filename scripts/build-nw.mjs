// Builds the NW.js app folder (dist/nw): what NW.js runs and what nw-builder packages.
//
//   package.json        the NW.js manifest (kiosk window, Chromium switches), from shell/nw/manifest.ts
//   index.html, app.js  the page and its bundle: a classic script for NW.js's Chromium that reaches Node
//                       (fs, net, pcsclite) through NW.js's global require()
//   styles.css, nw.css, favicon.svg, icons/, licenses.txt
//   plugins/<name>/     the built-in plugins' manifests and resources (their code is in the bundle)
//   locales/            the shell's messages (also bundled; kept as files for operators and translators)
//   node_modules/       pcsclite's JavaScript and sources, with its runtime dependencies; its native part must
//                       be built for NW.js's Node (docs/packaging.md, "PC/SC in the packaged app")
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { icnsIcon, icoIcon, pngIcon } from './nw-icons.mjs';

/** NW.js 0.117's Chromium is far newer; this only bounds the syntax esbuild may leave as it is. */
export const NW_CHROMIUM_TARGET = 'chrome120';

/** Node modules the NW.js app needs at run time, with the files of each to copy. */
const NODE_RUNTIME_MODULES = {
  pcsclite: ['package.json', 'index.js', 'lib', 'binding.gyp', 'src', 'LICENSE'],
  bindings: ['package.json', 'bindings.js', 'LICENSE.md'],
  'file-uri-to-path': ['package.json', 'index.js', 'LICENSE'],
};

/**
 * OpenJPEG's Emscripten glue thinks it runs under Node wherever `process.versions.node` exists, which in NW.js
 * is also the page. Inside the glue, `process` is hidden so that it takes its browser path (the WebAssembly is
 * handed over as bytes); its Node-only require('fs') / require('path') resolve to nothing.
 */
export const emscriptenAsWeb = {
  name: 'emscripten-as-web',
  setup(build) {
    const glue = `${sep}@cornerstonejs${sep}codec-openjpeg${sep}`;
    build.onResolve({ filter: /^(fs|path)$/ }, (args) => (args.importer.includes(glue) ? { path: args.path, namespace: 'empty-node-builtin' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'empty-node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    build.onLoad({ filter: /codec-openjpeg[\\/]dist[\\/].*\.js$/ }, async (args) => ({
      contents: `var process = undefined;\n${await readFile(args.path, 'utf8')}`,
      loader: 'js',
    }));
  },
};

/** Loads shell/nw/manifest.ts (TypeScript) through esbuild, so the build and the tests share one definition. */
export async function loadManifestModule(root) {
  const result = await build({
    entryPoints: [join(root, 'shell/nw/manifest.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}

/**
 * Builds the app folder at `outDir` (removed first).
 * @param {{ root: string, outDir: string, licenceText?: string, minify?: boolean }} options
 */
export async function buildNwApp({ root, outDir, licenceText, minify = true }) {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const { nwManifest, kioskManifestProblems } = await loadManifestModule(root);
  const manifest = nwManifest(pkg);
  const problems = kioskManifestProblems(manifest);
  if (problems.length > 0) throw new Error(`NW.js manifest: ${problems.join('; ')}`);
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  await build({
    entryPoints: [join(root, 'shell/nw/main.tsx')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: NW_CHROMIUM_TARGET,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(root, 'tsconfig.json'),
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    // Node's modules come from NW.js at run time: esbuild turns these imports into require() calls.
    external: ['node:*', 'pcsclite'],
    // pcsclite-loader's createRequire(import.meta.url) default is never used here: the host passes NW.js's require.
    logOverride: { 'empty-import-meta': 'silent' },
    plugins: [emscriptenAsWeb],
    minify,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });

  for (const [from, file] of [
    ['shell/nw', 'index.html'],
    ['shell/nw', 'nw.css'],
    ['shell/web', 'styles.css'],
    ['shell/web', 'favicon.svg'],
  ]) {
    await cp(join(root, from, file), join(outDir, file));
  }
  if (licenceText !== undefined) await writeFile(join(outDir, 'licenses.txt'), licenceText);

  await mkdir(join(outDir, 'icons'), { recursive: true });
  await writeFile(join(outDir, manifest.window.icon), pngIcon(256));
  await writeFile(join(outDir, 'icons', 'zairyu-kiosk.ico'), icoIcon());
  await writeFile(join(outDir, 'icons', 'zairyu-kiosk.icns'), icnsIcon());

  const pluginsRoot = join(root, 'plugins');
  for (const entry of await readdir(pluginsRoot, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    await cp(join(pluginsRoot, entry.name), join(outDir, 'plugins', entry.name), {
      recursive: true,
      filter: (source) => {
        const path = relative(join(pluginsRoot, entry.name), source);
        return !(path === 'src' || path.startsWith(`src${sep}`) || /\.(ts|tsx)$/.test(path) || path.includes('__'));
      },
    });
  }
  await cp(join(root, 'locales'), join(outDir, 'locales'), { recursive: true });

  const copied = [];
  for (const [name, files] of Object.entries(NODE_RUNTIME_MODULES)) {
    const from = join(root, 'node_modules', name);
    try {
      await readFile(join(from, 'package.json'));
    } catch {
      continue; // pcsclite is optional: without it the kiosk offers the demo reader only.
    }
    for (const file of files) {
      await cp(join(from, file), join(outDir, 'node_modules', name, file), { recursive: true }).catch((error) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    copied.push(name);
  }
  return { manifest, nodeModules: copied };
}
