import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pluginName } from '../../../kernel/plugins/manifest';
import { cardTypeCode } from '../../../kernel/plugins/points/common-schemas';
import { pluginTemplate } from './plugin-template';

export interface NewPluginOptions {
  readonly folder: string;
  /** Defaults to the folder's name. */
  readonly name?: string;
  /** C1 of the plugin's cards; "99" (no real card type) when absent. */
  readonly cardType?: string;
  /** The built SDK package folder (dist/sdk/zairyu-plugin-api of the kiosk). */
  readonly sdkFolder: string;
}

/** Card types of the built-in plugins: a new plugin must not claim them. */
const BUILTIN_CARD_TYPES = ['1', '2', '05', '06', '07', '08'];

/** `zairyu plugin new`: writes the template plugin into a new (or empty) folder; returns the files written. */
export async function createPluginProject(options: NewPluginOptions): Promise<{ folder: string; name: string; files: string[] }> {
  const folder = resolve(options.folder);
  const name = options.name ?? basename(folder);
  if (!pluginName.safeParse(name).success) throw new Error(`plugin name "${name}": use lower-case letters, digits and dashes (--name)`);
  const cardType = options.cardType ?? '99';
  if (!cardTypeCode.safeParse(cardType).success) throw new Error(`card type "${cardType}": one or two digits, the C1 value of MF/EF02`);
  if (BUILTIN_CARD_TYPES.includes(cardType)) throw new Error(`card type ${cardType} belongs to a built-in plugin`);

  const sdkFolder = resolve(options.sdkFolder);
  let sdk: { version?: string; zairyuPluginDevDependencies?: Record<'esbuild' | 'preact' | 'typescript' | 'vitest', string> };
  try {
    sdk = JSON.parse(await readFile(join(sdkFolder, 'package.json'), 'utf8'));
  } catch {
    throw new Error(`the plugin SDK is not built at ${sdkFolder}: run \`npm run build\` in the kiosk first`);
  }
  if (!sdk.version || !sdk.zairyuPluginDevDependencies) throw new Error(`${sdkFolder}/package.json is not the zairyu-plugin-api SDK`);

  const existing = await readdir(folder).catch(() => undefined);
  if (existing && existing.length > 0) throw new Error(`${folder} exists and is not empty`);

  const files = pluginTemplate({
    name,
    cardType,
    apiVersion: sdk.version,
    sdkDependency: `file:${sdkFolder}`,
    devDependencies: sdk.zairyuPluginDevDependencies,
  });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), content);
  }
  return { folder, name, files: Object.keys(files).sort() };
}
