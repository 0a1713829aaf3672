// Builds the plugin SDK package `zairyu-plugin-api` (dist/sdk/zairyu-plugin-api by default, or --out DIR):
// - types/: the declarations of kernel/api, the public plugin API (tsc --emitDeclarationOnly);
// - index.js: kernel/api as one ES module, for a plugin's own tests (in the kiosk, the host provides the API);
// - esbuild.mjs + runtime-exports.json: the esbuild plugin that compiles a plugin's imports of the API and of
//   Preact into reads of the modules the kiosk provides at run time (kernel/plugins/plugin-runtime.ts).
// Run by scripts/build.mjs; tests run it with --out and --no-types.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sdkSource = join(root, 'sdk', 'zairyu-plugin-api');
/** What the kiosk provides to plugins; must match HOST_MODULE_SPECIFIERS in kernel/plugins/plugin-runtime.ts. */
const PREACT_MODULES = ['preact', 'preact/hooks', 'preact/jsx-runtime'];

/** OpenJPEG's Emscripten glue require()s 'fs' and 'path' on a branch the bundle never takes (see build.mjs). */
const emscriptenNodeBuiltinsAsEmpty = {
  name: 'emscripten-node-builtins-as-empty',
  setup(build) {
    const glue = `${sep}@cornerstonejs${sep}codec-openjpeg${sep}`;
    build.onResolve({ filter: /^(fs|path)$/ }, (args) => (args.importer.includes(glue) ? { path: args.path, namespace: 'empty-node-builtin' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'empty-node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

export async function buildSdk({ outDir = join(root, 'dist', 'sdk', 'zairyu-plugin-api'), types = true } = {}) {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const versionSource = await readFile(join(root, 'kernel', 'api', 'version.ts'), 'utf8');
  const apiVersion = /KERNEL_API_VERSION = '([^']+)'/.exec(versionSource)?.[1];
  if (!apiVersion) throw new Error('kernel/api/version.ts: KERNEL_API_VERSION not found');

  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const result = await build({
    entryPoints: [join(root, 'kernel', 'api', 'index.ts')],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(root, 'tsconfig.json'),
    external: PREACT_MODULES,
    plugins: [emscriptenNodeBuiltinsAsEmpty],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const apiExports = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.exports ?? [];
  const modules = { 'zairyu-plugin-api': [...apiExports].sort() };
  for (const specifier of PREACT_MODULES) modules[specifier] = Object.keys(await import(specifier)).sort();
  await writeFile(join(outDir, 'runtime-exports.json'), `${JSON.stringify({ apiVersion, preact: pkg.dependencies.preact, modules }, null, 2)}\n`);

  if (types) {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', join(sdkSource, 'tsconfig.json'), '--outDir', join(outDir, 'types')], { cwd: root }).catch((error) => {
      throw new Error(`SDK declarations: ${error.stdout || error.message}`);
    });
  }

  for (const file of ['README.md', 'esbuild.mjs']) await cp(join(sdkSource, file), join(outDir, file));
  const typesEntry = './types/kernel/api/index.d.ts';
  const manifest = {
    name: 'zairyu-plugin-api',
    version: apiVersion,
    description: 'Types, test runtime and esbuild plugin for zairyu-kiosk plugins (the kiosk provides the API at run time).',
    license: pkg.license,
    type: 'module',
    ...(types ? { types: typesEntry } : {}),
    exports: {
      '.': { ...(types ? { types: typesEntry } : {}), default: './index.js' },
      './esbuild': './esbuild.mjs',
      './package.json': './package.json',
    },
    peerDependencies: { preact: pkg.dependencies.preact },
    // What `zairyu plugin new` puts in a new plugin's devDependencies: the versions the kiosk itself is built with.
    zairyuPluginDevDependencies: {
      esbuild: pkg.devDependencies.esbuild,
      preact: pkg.dependencies.preact,
      typescript: pkg.devDependencies.typescript,
      vitest: pkg.devDependencies.vitest,
    },
  };
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, apiVersion };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? '') : undefined;
  const built = await buildSdk({ ...(outDir ? { outDir } : {}), types: !process.argv.includes('--no-types') });
  if (!process.argv.includes('--quiet')) console.log(`built ${relative(process.cwd(), built.outDir) || built.outDir}: zairyu-plugin-api ${built.apiVersion}`);
}
