import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { options as preactOptions, type VNode } from 'preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardReadResult, VirtualCard } from '../../kernel/api';
import { presentError } from '../../kernel/errors/error-presentation';
import { createCardSessionService } from '../../kernel/session/card-session-service';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { createPluginProject } from '../../shell/cli/commands/plugin-new-command';
import { runPluginCommand } from '../../shell/cli/commands/plugin-command';
import { signPlugin, verifyPlugin } from '../../shell/cli/commands/plugin-sign-command';
import { kernelWithBuiltinPlugins, sampleTrustAnchors } from '../support/builtin-kernel';
import { makePublisher } from '../support/plugin-signing';
import { copyProject, installPluginDependencies, projectScripts, REPO } from '../support/plugin-projects';

/**
 * Third-party plugins end to end: the example plugin (examples/member-card-plugin) and the `zairyu plugin new`
 * template are built, tested and type-checked as projects outside the kiosk, signed with `zairyu plugin sign`,
 * installed into a plugin folder and loaded by a kernel, which reads their cards over a virtual reader. Copies
 * that are tampered with, unsigned or signed by someone else are refused with their reasons, and the kiosk
 * keeps reading residence cards.
 */
const EXAMPLE = join(REPO, 'examples', 'member-card-plugin');
const TEST_PUBLISHER_KEY = join(EXAMPLE, 'test-publisher', 'publisher.key.pem');
const TEST_PUBLISHER_CERT = join(EXAMPLE, 'test-publisher', 'publisher.cert.pem');
const TEST_PUBLISHER_NAME = 'Example Plugin Publisher (THROWAWAY TEST KEY)';

let work: string;
let example: string;
let pluginsRoot: string;
let installed: string;
let publishers: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zairyu-external-plugins-'));
  example = join(work, 'member-card-plugin');
  await copyProject(EXAMPLE, example);
  await installPluginDependencies(example, { build: true });
  await projectScripts.build(example);
  publishers = join(work, 'plugin-publishers');
  await mkdir(publishers);
  await cp(TEST_PUBLISHER_CERT, join(publishers, 'example-publisher.pem'));
  pluginsRoot = join(work, 'plugins');
  installed = join(pluginsRoot, 'example-member-card');
  await signPlugin({ folder: example, keyFile: TEST_PUBLISHER_KEY, certFile: TEST_PUBLISHER_CERT, out: installed });
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function importFromProject<T>(project: string, path: string): Promise<T> {
  return (await import(/* @vite-ignore */ pathToFileURL(join(project, path)).href)) as T;
}

/** The text of a rendered vnode tree, without a DOM. */
function textOf(node: unknown): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(' ');
  const vnode = node as VNode<{ children?: unknown }>;
  if (typeof vnode.type === 'function') return textOf((vnode.type as (props: unknown) => unknown)(vnode.props));
  return textOf(vnode.props.children);
}

describe('the example plugin', () => {
  it('builds, passes its own tests and type-checks against the SDK, outside the kiosk', async () => {
    expect(await readFile(join(example, 'dist', 'extension.js'), 'utf8')).toContain("Symbol.for(\"zairyu.pluginRuntime\")");
    const [tests] = await Promise.all([projectScripts.test(example), projectScripts.typecheck(example)]);
    expect(tests).toMatch(/Tests\s+\d+ passed/);
  }, 60_000);

  it('signed, loads from the plugin folder, activates on onCardType:90 and reads its card through the card session', async () => {
    const kernel = await kernelWithBuiltinPlugins({ pluginFolders: [pluginsRoot], pluginPublisherFolder: publishers }, sampleTrustAnchors);
    const summary = kernel.plugins.summaries().find((entry) => entry.name === 'example-member-card');
    expect(summary).toMatchObject({ state: 'enabled', builtin: false, location: installed, reason: undefined });
    expect(summary?.contributions).toEqual({ cardTypes: 1, resultPanels: 1, errorMappings: 1, locales: 2, settings: 1 });
    expect(kernel.i18n.t(kernel.contributions.cardType('90')!.value.displayNameKey, { lng: 'ja' })).toBe('サンプル会員証（架空）');

    const { MemberCardEmulator, SAMPLE_MEMBER } = await importFromProject<{ MemberCardEmulator: new (profile?: object) => VirtualCard; SAMPLE_MEMBER: object }>(
      example,
      'test/member-card-emulator.ts',
    );
    const transport = new VirtualTransport();
    transport.insert(new MemberCardEmulator());
    const session = createCardSessionService(kernel, transport, 'auto');
    const outcome = await session.readWithStats({ cardNumber: 'MB12345678JP' });
    expect(kernel.plugins.stateOf('example-member-card')).toBe('active');
    expect(outcome.result).toMatchObject({
      cardType: '90',
      pluginName: 'example-member-card',
      cardNumber: 'MB12345678JP',
      tamperCheck: { outcome: 'notApplicable' },
      details: { holderName: 'SAMPLE HANAKO / 見本 花子', tier: 'gold' },
    });
    // SELECT MF, READ BINARY EF02 (the kernel's card type detection), then the plugin's SELECT and READ BINARY.
    expect(outcome.transfer.apduCount).toBe(4);

    // The panel renders with the kiosk's own Preact (the host runtime), in the kiosk's language.
    const Panel = kernel.implementations.resultPanels.get('example-member-card.details')?.value;
    expect(Panel).toBeDefined();
    const created: VNode[] = [];
    const previous = preactOptions.vnode;
    preactOptions.vnode = (vnode) => {
      created.push(vnode);
      previous?.(vnode);
    };
    let text: string;
    try {
      const rendered = (Panel as (props: { result: CardReadResult }) => VNode)({ result: outcome.result });
      expect(created).toContain(rendered);
      text = textOf(rendered);
    } finally {
      preactOptions.vnode = previous;
    }
    expect(text).toContain('会員情報');
    expect(text).toContain('ゴールド');
    expect(text).toContain('2025/04/01 から 2030/03/31 まで');

    // The plugin's status-word mapping applies to its card type.
    transport.insert(new MemberCardEmulator({ ...SAMPLE_MEMBER, withoutApplication: true }));
    const error = await session.read({ cardNumber: 'MB12345678JP' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NOT_RESIDENCE_CARD', statusWord: 0x6a82, cardType: '90' });
    expect(presentError(error, kernel.contributions, '90')).toMatchObject({ messageKey: 'example-member-card:errors.noMemberApplication', action: 'returnToTop' });
  });
});

describe('time of check vs time of use', () => {
  it('a main module replaced on disk after start-up never runs: the kiosk activates the verified one', async () => {
    const root = join(work, 'swapped-plugins');
    await cp(installed, join(root, 'example-member-card'), { recursive: true });
    const kernel = await kernelWithBuiltinPlugins({ pluginFolders: [root], pluginPublisherFolder: publishers }, sampleTrustAnchors);
    expect(kernel.plugins.stateOf('example-member-card')).toBe('enabled');
    // After the signature check at start-up, before activation (the first card of type 90) imports main.
    await writeFile(join(root, 'example-member-card', 'dist', 'extension.js'), 'export function activate() { throw new Error("swapped code ran"); }\n');

    const { MemberCardEmulator } = await importFromProject<{ MemberCardEmulator: new () => VirtualCard }>(example, 'test/member-card-emulator.ts');
    const transport = new VirtualTransport();
    transport.insert(new MemberCardEmulator());
    const result = await createCardSessionService(kernel, transport, 'auto').read({ cardNumber: 'MB12345678JP' });
    expect(result).toMatchObject({ cardType: '90', pluginName: 'example-member-card', details: { tier: 'gold' } });
    expect(kernel.plugins.stateOf('example-member-card')).toBe('active');
  });
});

describe('refused plugins', () => {
  it('tampered, unsigned, foreign and padded copies are refused with their reasons, and the kiosk still works', async () => {
    const refusedRoot = join(work, 'refused-plugins');
    await mkdir(refusedRoot);
    const copy = async (name: string) => {
      await cp(installed, join(refusedRoot, name), { recursive: true });
      return join(refusedRoot, name);
    };
    const tampered = await copy('tampered');
    const main = await readFile(join(tampered, 'dist', 'extension.js'));
    main[100] = main[100]! ^ 0x01;
    await writeFile(join(tampered, 'dist', 'extension.js'), main);
    await rm(join(await copy('unsigned'), 'signature'), { recursive: true });
    await writeFile(join(await copy('extra-file'), 'extra.js'), 'export const x = 1;\n');
    await symlink(join(REPO, 'package.json'), join(await copy('symlinked'), 'linked.json'));
    const stranger = makePublisher('Unknown Publisher Ltd');
    await writeFile(join(work, 'stranger.key.pem'), stranger.keyPem);
    await writeFile(join(work, 'stranger.cert.pem'), stranger.certPem);
    await signPlugin({ folder: example, keyFile: join(work, 'stranger.key.pem'), certFile: join(work, 'stranger.cert.pem'), out: join(refusedRoot, 'foreign') });

    const kernel = await kernelWithBuiltinPlugins({ pluginFolders: [refusedRoot], pluginPublisherFolder: publishers }, sampleTrustAnchors);
    const external = kernel.plugins.summaries().filter((entry) => !entry.builtin);
    expect(Object.fromEntries(external.map((entry) => [basename(entry.location), [entry.state, entry.reason]]))).toEqual({
      tampered: ['disabled', 'file changed: dist/extension.js'],
      unsigned: ['disabled', 'unsigned (signature/files.json.p7s missing)'],
      'extra-file': ['disabled', 'file not signed: extra.js'],
      symlinked: ['disabled', 'plugin folder cannot be checked: symbolic link not allowed: linked.json'],
      foreign: ['disabled', 'publisher not trusted: Unknown Publisher Ltd'],
    });
    expect(kernel.contributions.cardType('90')).toBeUndefined();
    for (const builtin of ['residence-card', 'special-permanent', 'revocation']) expect(kernel.plugins.stateOf(builtin)).toBe('enabled');

    const transport = new VirtualTransport();
    const session = createCardSessionService(kernel, transport, 'auto');
    transport.insert(createSampleCard('gen1-residence-work-permitted'));
    expect(await session.read({ cardNumber: 'AB12345678CD' })).toMatchObject({ cardType: '1', tamperCheck: { outcome: 'ok' }, issuerCheck: { outcome: 'ok' } });
    const { MemberCardEmulator } = await importFromProject<{ MemberCardEmulator: new () => VirtualCard }>(example, 'test/member-card-emulator.ts');
    transport.insert(new MemberCardEmulator());
    await expect(session.read({ cardNumber: 'MB12345678JP' })).rejects.toMatchObject({ code: 'NOT_RESIDENCE_CARD', cardType: '90' });
  });

  it('without publisher certificates every external plugin is refused, saying so', async () => {
    const missing = join(work, 'no-such-folder');
    const kernel = await kernelWithBuiltinPlugins({ pluginFolders: [pluginsRoot], pluginPublisherFolder: missing });
    expect(kernel.plugins.summaries().find((entry) => !entry.builtin)?.reason).toBe(
      `publisher not trusted: ${TEST_PUBLISHER_NAME} (no publisher certificates: folder ${missing} does not exist)`,
    );
  });
});

describe('zairyu plugin sign / verify', () => {
  it('verify reports what the kiosk would decide', async () => {
    expect(await verifyPlugin(installed, publishers)).toMatchObject({ ok: true, name: 'example-member-card', version: '1.0.0', publisher: TEST_PUBLISHER_NAME, files: 4 });
    const lines: string[] = [];
    const context = { sdkFolder: '', config: async () => ({ pluginPublisherFolder: publishers }) as never, log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    expect(await runPluginCommand('verify', [installed], {}, context)).toBe(0);
    expect(lines.pop()).toBe(`${installed}: example-member-card 1.0.0 signed by "${TEST_PUBLISHER_NAME}", 4 files intact`);
    expect(await runPluginCommand('verify', [installed], { publishers: join(work, 'empty') }, context)).toBe(1);
    expect(lines.pop()).toMatch(/REFUSED: publisher not trusted/);
    expect(await runPluginCommand('sign', [installed], {}, context)).toBe(2);
  });

  it('sign refuses a key that is not the certificate\'s, and a development folder without --out', async () => {
    const stranger = makePublisher('Mismatch');
    await writeFile(join(work, 'mismatch.key.pem'), stranger.keyPem);
    await expect(signPlugin({ folder: example, keyFile: join(work, 'mismatch.key.pem'), certFile: TEST_PUBLISHER_CERT, out: join(work, 'never') })).rejects.toThrow(
      /is not the key of the certificate/,
    );
    await expect(signPlugin({ folder: example, keyFile: TEST_PUBLISHER_KEY, certFile: TEST_PUBLISHER_CERT })).rejects.toThrow(/holds node_modules: sign an installable copy with --out/);
    await expect(signPlugin({ folder: example, keyFile: TEST_PUBLISHER_KEY, certFile: TEST_PUBLISHER_CERT, out: installed })).rejects.toThrow(/exists and is not empty/);
  });
});

describe('zairyu plugin new', () => {
  it('writes a template that builds, passes its own tests, type-checks, and loads signed into the kiosk', async () => {
    const sdkFolder = join(example, 'node_modules', 'zairyu-plugin-api');
    const project = join(work, 'my-card');
    const created = await createPluginProject({ folder: project, name: 'my-card', cardType: '91', sdkFolder });
    expect(created.files).toContain('src/reader.ts');
    const kioskPackage = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8'));
    const projectPackage = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    expect(projectPackage.devDependencies).toEqual({
      esbuild: kioskPackage.devDependencies.esbuild,
      preact: kioskPackage.dependencies.preact,
      typescript: kioskPackage.devDependencies.typescript,
      vitest: kioskPackage.devDependencies.vitest,
      'zairyu-plugin-api': `file:${sdkFolder}`,
    });
    await expect(createPluginProject({ folder: project, sdkFolder })).rejects.toThrow(/exists and is not empty/);
    await expect(createPluginProject({ folder: join(work, 'Bad Name'), sdkFolder })).rejects.toThrow(/plugin name "Bad Name"/);
    await expect(createPluginProject({ folder: join(work, 'x'), cardType: '05', sdkFolder })).rejects.toThrow(/belongs to a built-in plugin/);

    await installPluginDependencies(project, { linkTo: sdkFolder });
    await projectScripts.build(project);
    const [tests] = await Promise.all([projectScripts.test(project), projectScripts.typecheck(project)]);
    expect(tests).toMatch(/Tests\s+2 passed/);

    const root = join(work, 'template-plugins');
    await signPlugin({ folder: project, keyFile: TEST_PUBLISHER_KEY, certFile: TEST_PUBLISHER_CERT, out: join(root, 'my-card') });
    const kernel = await kernelWithBuiltinPlugins({ pluginFolders: [root], pluginPublisherFolder: publishers });
    expect(kernel.plugins.stateOf('my-card')).toBe('enabled');
    const { TestCard } = await importFromProject<{ TestCard: new (data: object) => VirtualCard }>(project, 'test/virtual-card.ts');
    const transport = new VirtualTransport();
    transport.insert(new TestCard({ cardNumber: 'AB12345678CD', holderName: 'SAMPLE TARO' }));
    const result = await createCardSessionService(kernel, transport, 'auto').read({ cardNumber: 'AB12345678CD' });
    expect(result).toMatchObject({ cardType: '91', pluginName: 'my-card', details: { holderName: 'SAMPLE TARO' } });
  }, 60_000);
});
