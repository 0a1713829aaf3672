import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskErrorCode } from '../../kernel/errors/kiosk-error';
import { kernelWithBuiltinPlugins, PLUGINS_ROOT } from '../support/builtin-kernel';

/** Literal keys passed to t(...) / i18n.t(...) in a source file. */
const T_CALL = /\bt\(\s*'([^'$`]+)'/g;
/** Template keys such as t(`reader.${state}`): each must be listed in DYNAMIC_KEYS below. */
const T_TEMPLATE = /\bt\(\s*`([^`]*\$\{[^`]*)`/g;

/** The values every template key can take (so that the test can check them all). */
const DYNAMIC_KEYS: Record<string, string[]> = {
  'reader.${status.state}': ['reader.none', 'reader.ready', 'reader.cardPresent'],
  'result.${check}': ['result.tamper', 'result.issuer'],
  'result.${outcome}': ['result.ok', 'result.ng', 'result.notApplicable'],
  "result.summaryOk.${cardType?.family ?? 'other'}": ['result.summaryOk.residenceCard', 'result.summaryOk.specialPermanentResident', 'result.summaryOk.other'],
};

async function sourceFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test.tsx'))
    .map((entry) => join(entry.parentPath, entry.name));
}

async function keysUsedIn(files: string[]): Promise<{ keys: string[]; unknownTemplates: string[] }> {
  const keys: string[] = [];
  const unknownTemplates: string[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(T_CALL)) keys.push(match[1]!);
    for (const match of text.matchAll(T_TEMPLATE)) {
      const expansion = DYNAMIC_KEYS[match[1]!];
      if (expansion) keys.push(...expansion);
      else unknownTemplates.push(`${relative(process.cwd(), file)}: ${match[1]}`);
    }
  }
  return { keys, unknownTemplates };
}

function flatten(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flatten(value as Record<string, unknown>, `${prefix}${key}.`),
  );
}

describe('i18n', () => {
  it('every key the shell and kernel use exists in ja and en', async () => {
    const kernel = await kernelWithBuiltinPlugins();
    const files = [...(await sourceFiles(join(process.cwd(), 'shell'))), ...(await sourceFiles(join(process.cwd(), 'kernel')))];
    const { keys, unknownTemplates } = await keysUsedIn(files);
    expect(unknownTemplates).toEqual([]);
    expect(keys.length).toBeGreaterThan(30);
    for (const code of Object.values(KioskErrorCode)) keys.push(`errors.${code}.message`);
    const missing = [...new Set(keys)].flatMap((key) =>
      (['ja', 'en'] as const).filter((language) => !kernel.i18n.exists(key, language)).map((language) => `${language}: ${key}`),
    );
    expect(missing).toEqual([]);
  });

  it('every key a plugin uses in code or names in its manifest exists in ja and en', async () => {
    const kernel = await kernelWithBuiltinPlugins();
    const missing: string[] = [];
    for (const summary of kernel.plugins.summaries()) {
      const { keys, unknownTemplates } = await keysUsedIn(await sourceFiles(join(PLUGINS_ROOT, summary.name)));
      expect(unknownTemplates).toEqual([]);
      const qualified = keys.map((key) => (key.includes(':') ? key : `${summary.name}:${key}`));
      // Keys named by manifests were qualified by the host when the plugin loaded.
      const manifestKeys = JSON.stringify(
        ['cardTypes', 'numberPositionHelp', 'resultPanels', 'views', 'errorMappings', 'settings'].map((point) =>
          kernel.contributions.entries(point).filter((entry) => entry.pluginName === summary.name),
        ),
      ).match(/"(?:[a-zA-Z]*Key)":"([^"]+)"/g) ?? [];
      qualified.push(...manifestKeys.map((pair) => pair.split('":"')[1]!.replace(/"$/, '')));
      for (const key of new Set(qualified)) {
        for (const language of ['ja', 'en'] as const) if (!kernel.i18n.exists(key, language)) missing.push(`${language}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('ja and en define the same keys, for the shell and for each plugin', async () => {
    const pairs: [string, string][] = [[join(process.cwd(), 'locales/ja/kiosk.json'), join(process.cwd(), 'locales/en/kiosk.json')]];
    for (const name of ['residence-card', 'special-permanent', 'revocation']) {
      pairs.push([join(PLUGINS_ROOT, name, 'locales/ja.json'), join(PLUGINS_ROOT, name, 'locales/en.json')]);
    }
    for (const [ja, en] of pairs) {
      const jaKeys = flatten(JSON.parse(await readFile(ja, 'utf8'))).sort();
      const enKeys = flatten(JSON.parse(await readFile(en, 'utf8'))).sort();
      expect(enKeys, relative(process.cwd(), en)).toEqual(jaKeys);
    }
  });

  it("the manual's exact error messages are the Japanese texts", async () => {
    const kernel = await kernelWithBuiltinPlugins();
    const ja = (code: string) => kernel.i18n.t(`errors.${code}.message`, { lng: 'ja' });
    expect(ja('ALREADY_RUNNING')).toBe('既にアプリケーションが起動しています');
    expect(ja('INTERNAL')).toBe('異常が発生したためトップ画面に戻ります');
    expect(ja('READER_NOT_FOUND')).toBe('カードリーダー/ライタを確認してください');
    expect(ja('WRONG_CARD_NUMBER')).toBe('在留カード等番号が間違っています');
    expect(ja('PCSC_SERVICE_DOWN')).toBe('Smart Card サービスを起動してください');
    expect(ja('NOT_RESIDENCE_CARD')).toBe('カードの読取中にエラーが発生しました 在留カード以外のカードをかざしている可能性がありますのでカードをご確認ください');
  });
});
