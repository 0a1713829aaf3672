import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseOperatorCodeTables } from '../../kernel/code-tables/operator-code-tables';
import { loadOperatorCodeTables } from '../../kernel/node/code-table-folder';
import { kernelWithBuiltinPlugins, SAMPLE_CODE_TABLES } from '../support/builtin-kernel';
import { manifest, MemoryPluginSource } from '../support/memory-plugin-source';
import { testKernel } from '../support/kernel';

describe('operator code tables (config codeTableFolder)', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'zairyu-code-tables-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('lays the operator entries over the plugin table: a corrected name wins, a new code appears, the rest stays', async () => {
    await writeFile(join(folder, 'nationality.json'), JSON.stringify({ VNM: { ja: 'ベトナム（運用者の表）', en: 'Viet Nam (operator)' }, XKX: { ja: 'コソボ', en: 'Kosovo' } }));
    const kernel = await kernelWithBuiltinPlugins({ codeTableFolder: folder });
    expect(kernel.codeTables.lookup('nationality', 'VNM')).toEqual({ ja: 'ベトナム（運用者の表）', en: 'Viet Nam (operator)' });
    expect(kernel.codeTables.lookup('nationality', 'XKX')?.en).toBe('Kosovo');
    expect(kernel.codeTables.lookup('nationality', 'CHN')?.ja).toBe('中国');
    expect(kernel.codeTables.lookup('nationality', 'QQQ')).toBeUndefined();
    expect(kernel.codeTables.lookup('noSuchTable', 'VNM')).toBeUndefined();
  });

  it('adds tables no plugin has (the tests name the sample cards’ permission type this way)', async () => {
    const kernel = await kernelWithBuiltinPlugins({ codeTableFolder: SAMPLE_CODE_TABLES });
    expect(kernel.codeTables.lookup('permissionType', '02')?.ja).toBe('在留期間更新許可（見本）');
  });

  it('refuses a broken file with its reason, keeps the good ones, and logs the refusal', async () => {
    await writeFile(join(folder, 'nationality.json'), '{ "VNM": ');
    await writeFile(join(folder, 'statusOfResidence.json'), JSON.stringify({ X1: { ja: '' , en: 'empty Japanese' } }));
    await writeFile(join(folder, 'permissionType.json'), JSON.stringify({ '02': { ja: '在留期間更新許可', en: 'Extension' } }));
    await writeFile(join(folder, 'Not A Table.json'), '{}');
    await mkdir(join(folder, 'sub.json'));
    const tables = await loadOperatorCodeTables(folder);
    expect(Object.keys(tables.tables)).toEqual(['permissionType']);
    expect(tables.problems).toHaveLength(3);
    expect(tables.problems.find((problem) => problem.startsWith('nationality.json'))).toMatch(/not JSON/);
    expect(tables.problems.find((problem) => problem.startsWith('statusOfResidence.json'))).toMatch(/X1\.ja/);
    expect(tables.problems.find((problem) => problem.startsWith('Not A Table.json'))).toMatch(/not a code table file name/);

    const kernel = await testKernel({ codeTableFolder: folder });
    const refusals = kernel.logger.recent().filter((record) => record.message === 'code table file refused');
    expect(refusals).toHaveLength(3);
    // The plugins' tables stay in force for a refused file.
    expect(kernel.codeTables.lookup('permissionType', '02')?.en).toBe('Extension');
  });

  it('treats a missing folder as no tables, without a problem', async () => {
    const tables = await loadOperatorCodeTables(join(folder, 'absent'));
    expect(tables).toMatchObject({ tables: {}, problems: [] });
  });

  it('reaches plugins through context.codeTables', async () => {
    await writeFile(join(folder, 'colour.json'), JSON.stringify({ R: { ja: '赤', en: 'red' } }));
    const seen: unknown[] = [];
    const kernel = await testKernel({ codeTableFolder: folder });
    await kernel.plugins.load([
      new MemoryPluginSource('reader-of-codes', { 'package.json': manifest('reader-of-codes', { activationEvents: ['onStartup'] }) }, {
        activate: (context) => void seen.push(context.codeTables.lookup('colour', 'R'), context.codeTables.lookup('colour', 'G')),
      }),
    ]);
    expect(seen).toEqual([{ ja: '赤', en: 'red' }, undefined]);
  });

  it('parses files handed over by a host that read them (the web kiosk page)', () => {
    const parsed = parseOperatorCodeTables('served', [{ name: 'nationality.json', text: JSON.stringify({ ZZZ: { ja: 'ゼット', en: 'Zed' } }) }]);
    expect(parsed).toEqual({ source: 'served', tables: { nationality: { ZZZ: { ja: 'ゼット', en: 'Zed' } } }, problems: [] });
  });
});
