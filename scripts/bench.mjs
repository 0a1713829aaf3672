// `npm run bench`: builds the kiosk (the start-up figure loads dist/web), bundles the benchmark with esbuild and
// runs it (needs pcscd, vsmartcard-vpcd, pcsc-tools and chromium: `bash scripts/test.sh` installs them).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);
const outfile = join(root, 'dist', 'bench', 'read-bench.mjs');
await build({
  entryPoints: [join(root, 'test', 'bench', 'read-bench.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(root, 'tsconfig.json'),
  external: ['pcsclite', 'playwright-core'],
  logLevel: 'warning',
  banner: { js: "import { createRequire as __zairyuCreateRequire } from 'node:module'; const require = __zairyuCreateRequire(import.meta.url);" },
});
const result = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
