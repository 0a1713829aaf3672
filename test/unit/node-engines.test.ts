import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * Packages whose `engines.node` excludes the Node this kiosk supports (20.19+), each proven to work below. A new
 * one fails the first test: prove it too, or pin its previous major.
 */
const PROVEN_ON_NODE_20 = {
  // Pulled by nw and nw-builder (their command-line entry points only; packaging uses nw-builder's library API).
  'node_modules/commander': 'asks for >=22.12.0',
};

describe('dependencies on Node 20', () => {
  it(`every installed package accepts Node ${process.version}, or is listed as proven`, async () => {
    const lock = JSON.parse(await readFile(join(process.cwd(), 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !Array.isArray(entry.engines) && entry.engines?.node !== undefined)
      .filter(([, entry]) => !semver.satisfies(process.version, (entry.engines as { node: string }).node, { includePrerelease: true }))
      .map(([path]) => path)
      .sort();
    expect(refusing).toEqual(Object.keys(PROVEN_ON_NODE_20).sort());
  });

  it('commander 15 parses the command lines of nw-builder and nw on this Node', async () => {
    for (const cli of [join('node_modules', 'nw-builder', 'src', 'cli.js'), join('node_modules', 'nw', 'src', 'cli.js')]) {
      const { stdout } = await run(process.execPath, [cli, '--help'], { timeout: 20_000 });
      expect(stdout, cli).toMatch(/^Usage: /);
      expect(stdout, cli).toMatch(/--platform/);
    }
    // The same parsing nw-builder's CLI does, in process: options with values, flags and arguments.
    const { Command } = await import('commander');
    const program = new Command().argument('<string>').option('--mode <mode>').option('--glob <boolean>').exitOverride();
    program.parse(['node', 'cli', './app', '--mode', 'build', '--glob', 'false']);
    expect(program.args).toEqual(['./app']);
    expect(program.opts()).toEqual({ mode: 'build', glob: 'false' });
  });
});
