/**
 * The files `zairyu plugin new` writes: a working card-type plugin for a fictional card (one public data file),
 * with its reader, a result panel, messages in both languages, a virtual card and tests. Authors replace the
 * card protocol; everything around it (manifest, build, tests, signing) is already wired.
 */
export interface TemplateParameters {
  /** Plugin name: lower-case letters, digits and dashes. */
  readonly name: string;
  /** The C1 value of MF/EF02 the plugin's cards answer with. */
  readonly cardType: string;
  readonly apiVersion: string;
  /** The SDK dependency, e.g. "file:/opt/zairyu-kiosk/dist/sdk/zairyu-plugin-api". */
  readonly sdkDependency: string;
  readonly devDependencies: Readonly<Record<'esbuild' | 'preact' | 'typescript' | 'vitest', string>>;
}

export function pluginTemplate(p: TemplateParameters): Record<string, string> {
  const panelId = `${p.name}.details`;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'package.json': json({
      name: p.name,
      displayName: p.name,
      version: '0.1.0',
      description: 'A card-type plugin for zairyu-kiosk.',
      publisher: 'your organisation',
      private: true,
      type: 'module',
      engines: { 'zairyu-kiosk': `^${p.apiVersion}` },
      main: './dist/extension.js',
      files: ['dist', 'locales'],
      activationEvents: [`onCardType:${p.cardType}`, `onView:${panelId}`],
      contributes: {
        cardTypes: [{ c1: p.cardType, generation: 2, family: 'other', displayNameKey: 'cardType.name' }],
        resultPanels: [{ id: panelId, cardTypes: [p.cardType], slot: 'details', order: 10, titleKey: 'panel.title' }],
        locales: [
          { language: 'ja', path: './locales/ja.json' },
          { language: 'en', path: './locales/en.json' },
        ],
      },
      scripts: { build: 'node build.mjs', typecheck: 'tsc --noEmit -p tsconfig.json', test: 'vitest run' },
      devDependencies: {
        esbuild: p.devDependencies.esbuild,
        preact: p.devDependencies.preact,
        typescript: p.devDependencies.typescript,
        vitest: p.devDependencies.vitest,
        'zairyu-plugin-api': p.sdkDependency,
      },
    }),
    '.npmrc': '# Install the SDK (a file: dependency) as a copy, not a link, so it resolves Preact from this plugin\'s node_modules.\ninstall-links=true\n',
    '.gitignore': 'node_modules/\ndist/\nrelease/\n*.key.pem\n',
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: [],
        jsx: 'react-jsx',
        jsxImportSource: 'preact',
        strict: true,
        noUncheckedIndexedAccess: true,
        isolatedModules: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        noEmit: true,
      },
      include: ['src', 'test'],
    }),
    'vitest.config.ts': `import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: { include: ['test/**/*.test.{ts,tsx}'], environment: 'node' },
});
`,
    'build.mjs': `// Builds dist/extension.js: one ES module. The kiosk provides zairyu-plugin-api and Preact at run time
// (zairyuHostModules); everything else is bundled in.
import { build } from 'esbuild';
import { zairyuHostModules } from 'zairyu-plugin-api/esbuild';

await build({
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  plugins: [zairyuHostModules()],
  legalComments: 'none',
  logLevel: 'warning',
});
console.log('built dist/extension.js');
`,
    'src/extension.ts': `import type { PluginContext } from 'zairyu-plugin-api';
import { createDetailsPanel } from './panel';
import { CARD_TYPE, createReader } from './reader';

/** Called by the kiosk when a card of type ${p.cardType} is read (onCardType:${p.cardType}) or the panel is shown. */
export function activate(context: PluginContext): void {
  context.registerCardTypeReader(CARD_TYPE, createReader(context.name));
  context.registerResultPanel('${panelId}', createDetailsPanel(context.i18n));
}
`,
    'src/reader.ts': `import {
  encodeCommandApdu,
  hexToBytes,
  Instruction,
  KioskError,
  KioskErrorCode,
  parseResponseApdu,
  parseTlvSequence,
  requireTag,
  StatusWord,
  type CardChannel,
  type CardReadRequest,
  type CardReadResult,
  type CardTypeReader,
} from 'zairyu-plugin-api';

/** The C1 value of MF/EF02 on this plugin's cards: the kiosk hands cards of this type to this reader. */
export const CARD_TYPE = '${p.cardType}';
/** Replace with your card's application identifier, file and tags. */
export const APPLICATION_AID = hexToBytes('F0 00 00 00 00 00 01');
export const PUBLIC_FILE_SFI = 0x01;
export const TAG_CARD_NUMBER = 0xdf01;
export const TAG_HOLDER_NAME = 0xdf02;

export interface CardDetails {
  readonly cardNumber: string;
  readonly holderName: string;
}

export function createReader(pluginName: string): CardTypeReader {
  return {
    async read(channel: CardChannel, request: CardReadRequest): Promise<CardReadResult<CardDetails>> {
      const select = encodeCommandApdu({ cla: 0x00, ins: Instruction.select, p1: 0x04, p2: 0x0c, data: APPLICATION_AID });
      const selected = parseResponseApdu(await channel.transmit(select));
      if (selected.sw !== StatusWord.success) throw new KioskError(KioskErrorCode.notResidenceCard, 'application not found', { statusWord: selected.sw });

      const read = encodeCommandApdu({ cla: 0x00, ins: Instruction.readBinary, p1: 0x80 | PUBLIC_FILE_SFI, p2: 0x00, le: 'max' }, { extended: false });
      const file = parseResponseApdu(await channel.transmit(read));
      if (file.sw !== StatusWord.success && file.sw !== StatusWord.endOfFileReached) {
        throw new KioskError(KioskErrorCode.cardReadFailed, 'public file not readable', { statusWord: file.sw });
      }
      const objects = parseTlvSequence(file.data, { allowPadding: true });
      const text = (tag: number) => new TextDecoder().decode(requireTag(objects, tag).value);
      const details: CardDetails = { cardNumber: text(TAG_CARD_NUMBER), holderName: text(TAG_HOLDER_NAME) };
      if (details.cardNumber !== request.cardNumber) throw new KioskError(KioskErrorCode.wrongCardNumber, 'the number typed is not on this card');

      const notApplicable = { outcome: 'notApplicable', reasons: ['no-signature-on-card'] } as const;
      return { cardType: CARD_TYPE, pluginName, cardNumber: details.cardNumber, cardExpiry: undefined, tamperCheck: notApplicable, issuerCheck: notApplicable, details };
    },
  };
}
`,
    // Double quotes in this file keep the kiosk's i18n key check (test/unit/i18n-keys.test.ts) off the template's keys.
    'src/panel.tsx': `import type { PluginI18n, ResultPanelProps } from "zairyu-plugin-api";
import type { CardDetails } from "./reader";

/** The result panel (Preact; the kiosk provides Preact, so hooks work). Keys are this plugin's own (locales/). */
export function createDetailsPanel(i18n: PluginI18n) {
  return function DetailsPanel({ result }: ResultPanelProps) {
    const details = result.details as CardDetails;
    return (
      <section class="panel" aria-labelledby="${p.name}-title">
        <h2 id="${p.name}-title">{i18n.t("panel.title")}</h2>
        <dl>
          <dt>{i18n.t("panel.holder")}</dt>
          <dd>{details.holderName}</dd>
          <dt>{i18n.t("panel.number")}</dt>
          <dd>{details.cardNumber}</dd>
        </dl>
      </section>
    );
  };
}
`,
    'test/virtual-card.ts': `import { bytesToHex, concatBytes, encodeTlv, type VirtualCard } from 'zairyu-plugin-api';
import { APPLICATION_AID, CARD_TYPE, PUBLIC_FILE_SFI, TAG_CARD_NUMBER, TAG_HOLDER_NAME } from '../src/reader';

/** A tiny emulation of the card: MF/EF02 with the card type, and the application with its public file. */
export class TestCard implements VirtualCard {
  readonly atr = Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01);
  private application = false;

  constructor(private readonly data: { cardNumber: string; holderName: string }) {}

  reset(): void {
    this.application = false;
  }

  transmit(command: Uint8Array): Uint8Array {
    const [, ins, p1 = 0] = command;
    const data = command.subarray(5, 5 + (command[4] ?? 0));
    if (ins === 0xa4 && p1 === 0x00) {
      this.application = false;
      return ok();
    }
    if (ins === 0xa4 && p1 === 0x04 && bytesToHex(data) === bytesToHex(APPLICATION_AID)) {
      this.application = true;
      return ok();
    }
    // READ BINARY of MF/EF02 (short file identifier 0A): the card type, which the kiosk reads first.
    if (ins === 0xb0 && p1 === 0x8a && !this.application) return ok(encodeTlv(0xc1, text(CARD_TYPE)));
    if (ins === 0xb0 && p1 === (0x80 | PUBLIC_FILE_SFI) && this.application) {
      return ok(concatBytes(encodeTlv(TAG_CARD_NUMBER, text(this.data.cardNumber)), encodeTlv(TAG_HOLDER_NAME, text(this.data.holderName))));
    }
    return Uint8Array.of(0x6a, 0x82);
  }
}

const text = (value: string) => new TextEncoder().encode(value);
const ok = (data: Uint8Array = new Uint8Array(0)) => concatBytes(data, Uint8Array.of(0x90, 0x00));

export function channelTo(card: VirtualCard) {
  card.reset();
  return { atr: card.atr, transmit: async (command: Uint8Array) => card.transmit(command) };
}
`,
    'test/reader.test.ts': `import { describe, expect, it } from 'vitest';
import { createReader } from '../src/reader';
import { channelTo, TestCard } from './virtual-card';

const card = () => new TestCard({ cardNumber: 'AB12345678CD', holderName: 'SAMPLE TARO' });

describe('reader', () => {
  it('reads the public file of the card', async () => {
    const result = await createReader('${p.name}').read(channelTo(card()), { cardNumber: 'AB12345678CD' });
    expect(result.cardType).toBe('${p.cardType}');
    expect(result.details).toEqual({ cardNumber: 'AB12345678CD', holderName: 'SAMPLE TARO' });
  });

  it('refuses a number that is not on the card', async () => {
    await expect(createReader('${p.name}').read(channelTo(card()), { cardNumber: 'ZZ00000000ZZ' })).rejects.toMatchObject({ code: 'WRONG_CARD_NUMBER' });
  });
});
`,
    'locales/ja.json': json({ cardType: { name: `${p.name}（カード名）` }, panel: { title: 'カード情報', holder: '氏名', number: 'カード番号' } }),
    'locales/en.json': json({ cardType: { name: `${p.name} (card name)` }, panel: { title: 'Card', holder: 'Name', number: 'Card number' } }),
    'README.md': `# ${p.name}

A card-type plugin for zairyu-kiosk (plugin API ${p.apiVersion}), made with \`zairyu plugin new\`. It reads cards
whose MF/EF02 holds card type (C1) \`${p.cardType}\`; \`src/reader.ts\` is the place for your card's protocol.

\`\`\`sh
npm install          # needs the kiosk built (npm run build there): the SDK is a file: dependency
npm test             # the reader against the virtual card in test/virtual-card.ts
npm run typecheck
npm run build        # dist/extension.js
zairyu plugin sign . --key publisher.key.pem --cert publisher.cert.pem --out release/${p.name}
zairyu plugin verify release/${p.name} --publishers DIR-WITH-YOUR-CERTIFICATE
\`\`\`

Install by copying \`release/${p.name}\` into a folder listed in the kiosk's \`pluginFolders\`; the kiosk's operator
puts your publisher certificate into its \`pluginPublisherFolder\`. The guide: docs/plugins.md in the kiosk.
`,
  };
}
