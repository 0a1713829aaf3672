import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPluginFolders } from '../../kernel/node/fs-plugin-source';
import { builtinPlugins } from '../../plugins/builtin-plugins';
import { kernelWithBuiltinPlugins, PLUGINS_ROOT } from '../support/builtin-kernel';

describe('built-in plugins', () => {
  it('every plugin folder is registered as built-in, and every built-in has a folder', async () => {
    const folders = (await listPluginFolders(PLUGINS_ROOT)).map((folder) => folder.split('/').pop());
    expect(folders).toEqual(['residence-card', 'revocation', 'special-permanent']);
    expect(Object.keys(builtinPlugins).sort()).toEqual(folders);
  });

  it('all three load and enable, with their contributions', async () => {
    const kernel = await kernelWithBuiltinPlugins();
    const states = Object.fromEntries(kernel.plugins.summaries().map((summary) => [summary.name, summary.state]));
    expect(states).toEqual({ 'residence-card': 'enabled', 'special-permanent': 'enabled', revocation: 'enabled' });
    expect(kernel.contributions.cardTypes().map((entry) => entry.value.c1).sort()).toEqual(['05', '06', '07', '08', '1', '2']);
    expect(kernel.contributions.helpPages().map((page) => page.id)).toEqual(['help.gen1', 'help.gen2', 'help.specific']);
    expect(kernel.contributions.codeTable('nationality')?.VNM).toEqual({ ja: 'ベトナム', en: 'Viet Nam' });
    expect(kernel.contributions.views().map((entry) => entry.value.id)).toEqual(['revocation.inquiry']);
  });

  it('a special permanent resident card activates its plugin, which receives the residence-card API', async () => {
    const kernel = await kernelWithBuiltinPlugins();
    await kernel.plugins.activateByEvent('onCardType:06');
    expect(kernel.plugins.stateOf('residence-card')).toBe('active');
    expect(kernel.plugins.stateOf('special-permanent')).toBe('active');
    expect(kernel.plugins.exportsOf('special-permanent')).toEqual({ residenceCardApiVersion: 1 });
    expect(kernel.plugins.stateOf('revocation')).toBe('enabled');
    // The residence-card plugin registered its panels on activation.
    expect([...kernel.implementations.resultPanels.keys()].sort()).toEqual(['residence-card.address', 'residence-card.card-face', 'residence-card.work-permission']);
  });

  it('every file a manifest names exists in the plugin folder', async () => {
    for (const name of Object.keys(builtinPlugins)) {
      const folder = join(PLUGINS_ROOT, name);
      const manifest = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'));
      const paths: string[] = [manifest.main];
      const contributes = manifest.contributes ?? {};
      for (const page of contributes.numberPositionHelp ?? []) paths.push(page.image);
      for (const file of contributes.locales ?? []) paths.push(file.path);
      for (const table of contributes.codeTables ?? []) paths.push(table.path);
      for (const path of paths) await expect(access(join(folder, path)), `${name}: ${path}`).resolves.toBeUndefined();
    }
  });
});
