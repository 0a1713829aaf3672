import { execFile } from 'node:child_process';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Stands in for `npm install` in a plugin project outside the kiosk (tests have no network): the kiosk's own
 * esbuild, vitest, Preact, TypeScript and happy-dom are linked into the project's node_modules, and the SDK is
 * built into it as a real folder, as `install-links=true` installs it.
 */
export const REPO = process.cwd();
const LINKED_PACKAGES = ['esbuild', 'vitest', 'preact', 'typescript', 'happy-dom'];

export async function installPluginDependencies(project: string, sdk: { build: true } | { linkTo: string }): Promise<void> {
  const modules = join(project, 'node_modules');
  await mkdir(modules, { recursive: true });
  for (const name of LINKED_PACKAGES) await symlink(join(REPO, 'node_modules', name), join(modules, name), 'dir');
  if ('linkTo' in sdk) await symlink(sdk.linkTo, join(modules, 'zairyu-plugin-api'), 'dir');
  else await run(process.execPath, [join(REPO, 'scripts', 'build-sdk.mjs'), '--out', join(modules, 'zairyu-plugin-api'), '--quiet'], REPO);
}

/** A copy of a plugin project without what a build or an install leaves behind. */
export async function copyProject(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true, filter: (path) => !/[\\/](node_modules|dist|release)$/.test(path) });
}

export async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  // A vitest started from inside a test must not think it is a worker of this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'));
  try {
    const { stdout, stderr } = await promisify(execFile)(command, [...args], { cwd, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 60_000 });
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${[command, ...args].join(' ')} failed in ${cwd}:\n${failed.stdout ?? ''}${failed.stderr ?? ''}${failed.message}`);
  }
}

/** `npm run build`, `npm test`, `npm run typecheck` of a plugin project, without npm. */
export const projectScripts = {
  build: (project: string) => run(process.execPath, ['build.mjs'], project),
  test: (project: string) => run(process.execPath, [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', project], project),
  typecheck: (project: string) => run(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(project, 'tsconfig.json')], project),
};
