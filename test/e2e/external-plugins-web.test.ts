import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'esbuild';
import { emscriptenAsWeb, NW_CHROMIUM_TARGET } from '../../scripts/build-nw.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateKioskConfig } from '../../kernel/config/kiosk-config';
import { nodePluginSources } from '../../kernel/node/node-plugin-sources';
import { ExternalPluginFolders } from '../../kernel/node/external-plugin-folders';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';
import type { VirtualCard } from '../../kernel/smartcard/virtual-card';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { signPlugin } from '../../shell/cli/commands/plugin-sign-command';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { launchChromium, screenshot } from '../support/browser';
import { startPcscd, VIRTUAL_READER, type RunningPcscd } from '../support/pcscd';
import { VirtualReaderSlot } from '../support/virtual-reader-slot';
import { copyProject, installPluginDependencies, projectScripts, REPO } from '../support/plugin-projects';
import '../support/nw-page-probe-types';

const EXAMPLE = join(REPO, 'examples', 'member-card-plugin');
const webRoot = join(REPO, 'dist', 'web');

/**
 * The web kiosk (Chromium → the loopback web host) with a plugin folder: the host only lists and serves the
 * folder's files; the page checks each signature against the operator's publishers and loads the good one.
 * The example member-card plugin then reads its own card over pcscd, next to the built-in residence cards;
 * a tampered copy in the same folder is refused with its reason and changes nothing.
 */
describe('web kiosk: signed external plugins from the configured folders', () => {
  let work: string;
  let example: string;
  let pcscd: RunningPcscd;
  let transport: PcscTransport;
  let server: RunningServer;
  let browser: Browser;
  let reader: VirtualReaderSlot;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'zairyu-web-plugins-'));
    example = join(work, 'member-card-plugin');
    await copyProject(EXAMPLE, example);
    await installPluginDependencies(example, { build: true });
    await projectScripts.build(example);
    const publishers = join(work, 'plugin-publishers');
    await mkdir(publishers);
    await cp(join(EXAMPLE, 'test-publisher', 'publisher.cert.pem'), join(publishers, 'example-publisher.pem'));
    const pluginsRoot = join(work, 'plugins');
    const installed = join(pluginsRoot, 'example-member-card');
    await signPlugin({
      folder: example,
      keyFile: join(EXAMPLE, 'test-publisher', 'publisher.key.pem'),
      certFile: join(EXAMPLE, 'test-publisher', 'publisher.cert.pem'),
      out: installed,
    });
    const tampered = join(pluginsRoot, 'tampered-copy');
    await cp(installed, tampered, { recursive: true });
    const main = await readFile(join(tampered, 'dist', 'extension.js'));
    main[100] = main[100]! ^ 0x01;
    await writeFile(join(tampered, 'dist', 'extension.js'), main);

    pcscd = await startPcscd();
    transport = new PcscTransport({ reconnectDelayMs: 200 });
    reader = new VirtualReaderSlot(transport);
    server = await startWebKioskServer({
      webRoot,
      configText: async () => JSON.stringify({ reader: { name: VIRTUAL_READER, demo: 'never' }, trustStoreProfile: 'test' }),
      trustStore: () => readTrustStoreDocument(join(REPO, 'test', 'fixtures', 'sample-cards', 'trust-store'), 'test'),
      cardService: { transport, token: 'e2e-plugins-token-0123456789abcdef0123456789' },
      externalPlugins: new ExternalPluginFolders(async () => ({ pluginFolders: [pluginsRoot], pluginPublisherFolder: publishers })),
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await reader?.close();
    await browser?.close();
    await server?.close();
    await transport?.close();
    await pcscd?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  }, 30_000);

  const insert = (virtualCard: VirtualCard) => reader.insert(virtualCard);

  async function read(page: Page, cardNumber: string): Promise<void> {
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    for (const key of cardNumber) await page.click(`[data-key="${key}"]`);
    await page.click('[data-testid="start-reading"]');
    await page.waitForSelector('[data-screen="result"], [data-testid="error-dialog"]', { timeout: 30_000 });
    // An error dialog instead of the result: name its code, so that a failure says what the kiosk saw.
    const dialog = await page.$('[data-testid="error-dialog"]');
    expect(await dialog?.getAttribute('data-code')).toBeUndefined();
  }

  it('loads the signed plugin, reads its card with its panel, refuses the tampered copy, and still reads residence cards', async () => {
    const { MemberCardEmulator } = (await import(/* @vite-ignore */ pathToFileURL(join(example, 'test', 'member-card-emulator.ts')).href)) as {
      MemberCardEmulator: new () => VirtualCard;
    };
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    page.on('console', (message) => consoleLines.push(message.text()));
    await insert(new MemberCardEmulator());
    await page.goto(server.kioskUrl);
    await page.waitForSelector('#app[data-ready="true"]');

    await read(page, 'MB12345678JP');
    const text = await page.textContent('[data-screen="result"]');
    expect(text).toContain('会員情報');
    expect(text).toContain('ゴールド');
    expect(text).toContain('2025/04/01 から 2030/03/31 まで');
    // Not one of the ISA's cards: no revocation inquiry (its number must not go to the ISA) and no ISA wording.
    expect(await page.$('[data-testid="verify-number"]')).toBeNull();
    expect(await page.textContent('[data-testid="verification-summary"]')).toBe('このカードには電子署名がないため、改ざん検証・発行元検証の対象外です。');
    await screenshot(page, 'result-external-plugin-ja');
    expect(consoleLines.some((line) => line.includes('plugin disabled') && line.includes('file changed: dist/extension.js'))).toBe(true);

    await page.click('[data-testid="back-to-top"]');
    await page.waitForSelector('[data-screen="top"]');
    await insert(createSampleCard('gen2-residence-comprehensive-28h'));
    await read(page, 'CD23456789EF');
    expect(await page.getAttribute('[data-testid="tamper-check"]', 'data-outcome')).toBe('ok');
    await page.close();
  });

  it('in the NW.js host: the same signed folder checked in Node, its verified main imported through blob: under the NW.js page’s CSP', async () => {
    // The NW.js host's check and import path, with the page's import() stood in by a capture of the bytes.
    let verified: Uint8Array | undefined;
    const [source] = await nodePluginSources('', {}, validateKioskConfig({ pluginFolders: [join(work, 'plugins')], pluginPublisherFolder: join(work, 'plugin-publishers') }), () => undefined, {
      importModule: async (bytes) => {
        verified = bytes;
        return {};
      },
    });
    expect(await source!.refusal?.()).toBeUndefined();
    await source!.loadMain('./dist/extension.js');
    expect(Buffer.from(verified!).equals(await readFile(join(example, 'dist', 'extension.js')))).toBe(true);

    // A page with the CSP of the NW.js app's index.html (as built), running the NW.js host's importer.
    const nwIndex = await readFile(join(REPO, 'dist', 'nw', 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(nwIndex)![1]!;
    const probe = await build({
      entryPoints: [join(REPO, 'test', 'support', 'nw-page-probe.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      target: NW_CHROMIUM_TARGET,
      plugins: [emscriptenAsWeb],
    });
    const pages = createServer((request, response) => {
      if (request.url === '/probe.js') response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(probe.outputFiles[0]!.contents);
      else if (request.url === '/') response.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><script src="/probe.js"></script>`);
      else if (request.url === '/without-csp') response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>control</title>');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${(pages.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => typeof window.importVerifiedPlugin === 'function');
      const base64 = Buffer.from(verified!).toString('base64');
      expect(await page.evaluate((bytes) => window.importVerifiedPlugin(bytes), base64)).toEqual({ exports: ['activate'] });
      // The CSP is in force: code from anywhere but the page itself and its own blobs is refused — the same
      // import loads on a page of the same server without it. (A string, so that vitest's transform leaves the
      // page's own import() alone.)
      const dataImport = "import('data:text/javascript,export default 1').then(() => 'loaded', () => 'refused')";
      expect(await page.evaluate(dataImport)).toBe('refused');
      await page.goto(`http://127.0.0.1:${(pages.address() as AddressInfo).port}/without-csp`);
      expect(await page.evaluate(dataImport)).toBe('loaded');
    } finally {
      await page.close();
      await new Promise((resolve) => pages.close(resolve));
    }
  });

  it('serves only the files it listed, and nothing outside the plugin folders', async () => {
    const catalogue = (await (await fetch(`${server.url}external-plugins.json`)).json()) as { plugins: { folder: string; files?: string[] }[] };
    expect(catalogue.plugins.map((plugin) => plugin.files?.includes('package.json'))).toEqual([true, true]);
    expect((await fetch(`${server.url}external-plugins/0/package.json`)).status).toBe(200);
    for (const path of ['external-plugins/0/../../../../etc/passwd', 'external-plugins/0/%2e%2e/%2e%2e/package.json', 'external-plugins/0/not-listed.js', 'external-plugins/7/package.json']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});
