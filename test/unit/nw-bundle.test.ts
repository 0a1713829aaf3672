// @vitest-environment happy-dom
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fireEvent, waitFor } from '@testing-library/preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type Plugin } from 'esbuild';
import { buildNwApp, emscriptenAsWeb, NW_CHROMIUM_TARGET } from '../../scripts/build-nw.mjs';
import { SAMPLE_TRUST_STORE } from '../support/builtin-kernel';
import { fakeNw, FakeNwApp } from '../support/fake-nw';

/**
 * The built NW.js bundle (dist/nw/app.js) started the way NW.js starts it — a classic script in a page that has
 * Node's `require` and the `nw` object — with a stand-in `nw` (the binary cannot run here): the kiosk comes up
 * on the demo reader, the window policy holds, a second start is refused, crashes recover, then quit.
 */
let work: string;
let appDir: string;
let bundle: string;
const savedRuntimeDir = process.env.XDG_RUNTIME_DIR;
const globals = globalThis as Record<string, unknown>;
const savedFetch = globalThis.fetch;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zairyu-nw-bundle-'));
  appDir = join(work, 'app');
  await buildNwApp({ root: process.cwd(), outDir: appDir, minify: false });
  bundle = await readFile(join(appDir, 'app.js'), 'utf8');
  await mkdir(join(work, 'run'));
  await writeFile(
    join(work, 'kiosk.config.json'),
    JSON.stringify({ reader: { name: 'auto', demo: 'auto' }, trustStoreFolder: SAMPLE_TRUST_STORE, trustStoreProfile: 'test' }),
  );
  process.env.XDG_RUNTIME_DIR = join(work, 'run');
  // The page's own files, as NW.js serves them from the app folder.
  globalThis.fetch = async (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    try {
      return new Response(await readFile(join(appDir, decodeURIComponent(url.pathname))), { status: 200 });
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}, 30_000);

afterAll(async () => {
  window.dispatchEvent(new Event('pagehide'));
  globalThis.fetch = savedFetch;
  if (savedRuntimeDir === undefined) delete process.env.XDG_RUNTIME_DIR;
  else process.env.XDG_RUNTIME_DIR = savedRuntimeDir;
  delete globals.nw;
  delete globals.require;
  await rm(work, { recursive: true, force: true });
});

/** Waits for the element with this test id. */
function byTestId(id: string): Promise<HTMLElement> {
  return waitFor(() => {
    const element = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    expect(element, id).not.toBeNull();
    return element!;
  });
}

/** Runs app.js as NW.js would: globals `nw` and `require` (resolving from the app folder). */
function startBundle(nw: unknown): void {
  globals.nw = nw;
  globals.require = createRequire(join(appDir, 'index.html'));
  new Function(bundle)();
}

describe('the NW.js bundle with a stand-in nw', () => {
  const nw = fakeNw(new FakeNwApp(['--config', 'kiosk.config.json'], join(tmpdir(), 'zairyu-nw-bundle-data'), ''));
  Object.defineProperty(nw.App, 'startPath', { get: () => work });
  let crashListener: ((error: unknown) => void) | undefined;

  it('starts the kiosk: top screen, demo reader (pcsclite is not built for NW.js here)', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const before = new Set(process.listeners('uncaughtException'));
    startBundle(nw);
    await waitFor(() => expect(document.getElementById('app')!.dataset.ready).toBe('true'), { timeout: 15_000 });
    expect(document.body.textContent).toContain('在留カード等番号を入力してください');
    await waitFor(() => expect(document.querySelector('[data-testid="reader-status"]')!.textContent).toContain('デモ'), { timeout: 5000 });
    crashListener = process.listeners('uncaughtException').find((listener) => !before.has(listener)) as (error: unknown) => void;
    expect(crashListener).toBeTypeOf('function');
  }, 20_000);

  it('reads a sample card on the demo reader, verified against the test trust store', async () => {
    document.querySelector<HTMLButtonElement>('[data-demo-card="gen2-residence-comprehensive-28h"]')!.click();
    await waitFor(() => expect(document.querySelector('[data-testid="reader-status"]')!.getAttribute('data-state')).toBe('cardPresent'));
    fireEvent.input(await byTestId('card-number'), { target: { value: 'CD23456789EF' } });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the bundle's own Preact re-renders on its schedule
    document.querySelector<HTMLButtonElement>('[data-testid="start-reading"]')!.click();
    await waitFor(() => expect(document.querySelector('[data-screen="result"]')).not.toBeNull(), { timeout: 20_000 });
    expect((await byTestId('tamper-check')).dataset.outcome).toBe('ok');
    expect((await byTestId('issuer-check')).dataset.outcome).toBe('ok');
    document.querySelector<HTMLButtonElement>('[data-testid="back-to-top"]')!.click();
    await byTestId('card-number');
  }, 30_000);

  it('holds the window: no close, no zoom, no new windows, no DevTools', () => {
    nw.window.close();
    expect(nw.window.closed).toBe(false);
    nw.window.zoomLevel = 1;
    nw.window.emit('zoom', 1);
    expect(nw.window.zoomLevel).toBe(0);
    nw.window.showDevTools();
    expect(nw.window.showDevToolsSpy).not.toHaveBeenCalled();
    let ignored = false;
    nw.window.emit('new-win-policy', null, 'https://example.com/', { ignore: () => (ignored = true) });
    expect(ignored).toBe(true);
  });

  it('shows 「既にアプリケーションが起動しています」 when NW.js reports a second start', async () => {
    nw.App.emit('open', 'zairyu-kiosk');
    const notice = await byTestId('already-running');
    expect(notice.textContent).toContain('既にアプリケーションが起動しています');
    document.querySelector<HTMLButtonElement>('[data-testid="already-running-ok"]')!.click();
    expect(document.querySelector('[data-testid="already-running"]')).toBeNull();
    expect(nw.App.quit).not.toHaveBeenCalled();
  });

  it('in a second process that runs anyway (another user data dir): shows the message and quits', async () => {
    const second = fakeNw(new FakeNwApp([], join(tmpdir(), 'zairyu-nw-bundle-data-2')));
    startBundle(second);
    // Two notices: the second process's own, and the running kiosk's, which heard the knock.
    await waitFor(() => expect(document.querySelectorAll('[data-testid="already-running"]')).toHaveLength(2));
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="already-running-ok"]')];
    buttons.forEach((button) => button.click());
    expect(second.App.quit).toHaveBeenCalledTimes(1);
    expect(second.window.closed).toBe(true);
    expect(nw.App.quit).not.toHaveBeenCalled();
  });

  it('returns to the top screen with 「異常が発生したためトップ画面に戻ります」 after an uncaught Node error', async () => {
    crashListener!(new Error('pcsclite callback threw'));
    const dialog = await byTestId('error-dialog');
    expect(dialog.dataset.code).toBe('INTERNAL');
    expect(dialog.textContent).toContain('異常が発生したためトップ画面に戻ります');
    document.querySelector<HTMLButtonElement>('[data-testid="error-confirm"]')!.click();
    await waitFor(() => expect(document.querySelector('[data-testid="error-dialog"]')).toBeNull());
    expect(document.body.textContent).toContain('在留カード等番号を入力してください');
    expect(nw.App.quit).not.toHaveBeenCalled();
  });

  it('quits with 「異常が発生したためアプリケーションを終了します」 when crashes repeat', async () => {
    crashListener!(new Error('again'));
    crashListener!(new Error('and again'));
    const notice = await byTestId('crash-quit');
    expect(notice.textContent).toContain('異常が発生したためアプリケーションを終了します');
    document.querySelector<HTMLButtonElement>('[data-testid="crash-quit-ok"]')!.click();
    expect(nw.App.quit).toHaveBeenCalledTimes(1);
    expect(nw.window.closed).toBe(true);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
  });
});

describe('OpenJPEG (JPEG 2000 card images) in a page that also has Node, as in NW.js', () => {
  async function bundleDecoder(plugins: Plugin[]): Promise<string> {
    const result = await build({
      stdin: {
        contents: [
          "import wasm from '@cornerstonejs/codec-openjpeg/decodewasm' with { type: 'bytes' };",
          "import glue from '@cornerstonejs/codec-openjpeg/decodewasmjs';",
          'globalThis.__openjpeg = () => glue({ wasmBinary: wasm, print: () => undefined, printErr: () => undefined });',
        ].join('\n'),
        resolveDir: process.cwd(),
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: NW_CHROMIUM_TARGET,
      external: ['node:*'],
      plugins,
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  }

  it('starts the decoder on its browser path (the build hides `process` from the Emscripten glue)', async () => {
    expect(typeof process.versions.node).toBe('string'); // what makes the glue think it runs under Node
    new Function(await bundleDecoder([emscriptenAsWeb]))();
    const module = (await (globals.__openjpeg as () => Promise<{ J2KDecoder: new () => unknown }>)()) as { J2KDecoder: new () => unknown };
    expect(typeof module.J2KDecoder).toBe('function');
    delete globals.__openjpeg;
  }, 20_000);
});
