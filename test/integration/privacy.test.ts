import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { SAMPLE_PROFILES, type Gen2Profile } from '../../plugins/residence-card/emulator/profiles';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { SAMPLE_ASSETS } from '../../plugins/residence-card/emulator/samples.generated';
import { CHROMIUM } from '../support/browser';
import { sleep, startPcscd, VIRTUAL_READER, type RunningPcscd } from '../support/pcscd';
import { VirtualReaderSlot } from '../support/virtual-reader-slot';

const CLI = join(process.cwd(), 'dist', 'cli.mjs');
const SAMPLE_CARDS = join(process.cwd(), 'test', 'fixtures', 'sample-cards');

/** A 2nd-generation card: its name is only on the chip as an image, next to the photo. */
const PROFILE = SAMPLE_PROFILES.find((entry): entry is Gen2Profile => entry.id === 'gen2-residence-comprehensive-28h')!;
/** What a person might mistype: the kiosk must not keep that either. */
const MISTYPED_NUMBER = `${PROFILE.cardNumber.slice(0, 11)}Z`;

interface Needle {
  readonly label: string;
  readonly bytes: Buffer;
}

/**
 * The card's number (ASCII and UTF-16LE, as a browser stores strings), and a 32-byte slice from the middle of the
 * name image and of the photo as stored on the chip: raw, as hex, and as base64 at each of the three alignments
 * an embedding base64 text can have (every 30-byte run of the slice that starts on a 3-byte boundary of it).
 */
async function personalNeedles(): Promise<Needle[]> {
  const needles: Needle[] = [];
  for (const number of [PROFILE.cardNumber, MISTYPED_NUMBER]) {
    needles.push({ label: `card number ${number}`, bytes: Buffer.from(number, 'ascii') });
    needles.push({ label: `card number ${number} (UTF-16LE)`, bytes: Buffer.from(number, 'utf16le') });
  }
  const assets = SAMPLE_ASSETS.cards[PROFILE.id]!;
  const images = [
    { label: 'name image', file: join(SAMPLE_CARDS, 'images', `${assets.nameImage!}.tif`) },
    { label: 'photo', file: join(SAMPLE_CARDS, 'images', `${assets.faceImage!}.jp2`) },
  ];
  for (const image of images) {
    const bytes = await readFile(image.file);
    const offset = Math.floor(bytes.length / 2);
    const slice = bytes.subarray(offset, offset + 32);
    // A slice of padding or a run of one value would be no evidence of anything.
    expect(new Set(slice).size, `${image.label} slice is distinctive`).toBeGreaterThan(20);
    needles.push({ label: `${image.label} bytes`, bytes: Buffer.from(slice) });
    needles.push({ label: `${image.label} hex`, bytes: Buffer.from(slice.toString('hex')) });
    needles.push({ label: `${image.label} HEX`, bytes: Buffer.from(slice.toString('hex').toUpperCase()) });
    for (let shift = 0; shift < 3; shift += 1) {
      const run = slice.subarray(shift, shift + 30);
      needles.push({ label: `${image.label} base64 (+${shift})`, bytes: Buffer.from(run.toString('base64')) });
      needles.push({ label: `${image.label} base64url (+${shift})`, bytes: Buffer.from(run.toString('base64url')) });
    }
  }
  return needles;
}

/** Every regular file under `roots` (symlinks, sockets and the like are not followed or read). */
async function filesUnder(roots: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (path: string): Promise<void> => {
    const info = await lstat(path).catch(() => undefined);
    if (!info) return;
    if (info.isDirectory()) {
      for (const entry of await readdir(path).catch(() => [])) await walk(join(path, entry));
    } else if (info.isFile()) {
      files.push(path);
    }
  };
  for (const root of roots) await walk(root);
  return files;
}

/** "file: what was found" for each needle in each file; files that vanish while being read are skipped. */
async function findTraces(roots: readonly string[], needles: readonly Needle[], excluded: ReadonlySet<string> = new Set()): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(roots)) {
    if (excluded.has(file)) continue;
    const content = await readFile(file).catch(() => undefined);
    if (!content) continue;
    for (const needle of needles) if (content.includes(needle.bytes)) found.push(`${file}: ${needle.label}`);
  }
  return found;
}

interface Folders {
  readonly root: string;
  readonly home: string;
  readonly xdg: { readonly config: string; readonly cache: string; readonly data: string; readonly state: string; readonly runtime: string };
  readonly tmp: string;
  readonly config: string;
  readonly logs: string;
  readonly audit: string;
  readonly bin: string;
}

async function makeFolders(): Promise<Folders> {
  const root = await mkdtemp(join(tmpdir(), 'zairyu-privacy-'));
  const folders: Folders = {
    root,
    home: join(root, 'home'),
    xdg: { config: join(root, 'xdg-config'), cache: join(root, 'xdg-cache'), data: join(root, 'xdg-data'), state: join(root, 'xdg-state'), runtime: join(root, 'xdg-runtime') },
    tmp: join(root, 'tmp'),
    config: join(root, 'config'),
    logs: join(root, 'logs'),
    audit: join(root, 'audit'),
    bin: join(root, 'bin'),
  };
  for (const folder of [folders.home, ...Object.values(folders.xdg), folders.tmp, folders.config, folders.logs, folders.audit, folders.bin]) {
    await mkdir(folder, { recursive: true, mode: 0o700 });
  }
  return folders;
}

/** Everything a process of this test may write to; each is searched. */
function searchedFolders(folders: Folders): string[] {
  return [folders.home, ...Object.values(folders.xdg), folders.tmp, folders.config, folders.logs, folders.audit];
}

/** The environment of the kiosk and CLI processes: home, XDG folders and temp all inside this test's folder. */
function processEnv(folders: Folders, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: folders.home,
    XDG_CONFIG_HOME: folders.xdg.config,
    XDG_CACHE_HOME: folders.xdg.cache,
    XDG_DATA_HOME: folders.xdg.data,
    XDG_STATE_HOME: folders.xdg.state,
    XDG_RUNTIME_DIR: folders.xdg.runtime,
    TMPDIR: folders.tmp,
    ...extra,
  };
}

interface Finished {
  readonly code: number | null;
}

/** Runs a command with its stdout and stderr written to files in the logs folder. */
function runLogged(folders: Folders, name: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  const stdoutFile = join(folders.logs, `${name}.stdout`);
  const stderrFile = join(folders.logs, `${name}.stderr`);
  const child = spawn('node', args, { cwd: folders.home, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stdout.pipe(createWriteStream(stdoutFile));
  child.stderr.pipe(createWriteStream(stderrFile));
  const finished = new Promise<Finished>((resolve) => child.once('close', (code) => resolve({ code })));
  return { child, stdoutFile, stderrFile, stdout: () => stdout, finished };
}

/**
 * Stands in for /usr/bin/chromium behind `zairyu kiosk`'s own launcher (ZAIRYU_CHROMIUM): the same browser with
 * the launcher's flags, headless, with a DevTools port for this test, and every log line (the page's console
 * included) appended to the logs folder. ZAIRYU_TEST_KEEP_PROFILE drops --incognito: a browser that keeps its
 * profile on disk, as NW.js does, must not find anything there either.
 */
const CHROMIUM_WRAPPER = `#!/bin/sh
for arg; do
  shift
  if [ "$arg" = "--incognito" ] && [ -n "$ZAIRYU_TEST_KEEP_PROFILE" ]; then continue; fi
  set -- "$@" "$arg"
done
exec "$ZAIRYU_TEST_REAL_CHROMIUM" --headless --no-sandbox --disable-gpu --remote-debugging-port=0 --enable-logging=stderr --v=0 "$@" \\
  >>"$ZAIRYU_TEST_LOGS/chromium.stdout" 2>>"$ZAIRYU_TEST_LOGS/chromium.stderr"
`;

describe('privacy: after full sessions, no card data in the logs, config, profile, home or temp folders, or the audit log', () => {
  let pcscd: RunningPcscd;
  let watcher: PcscTransport;
  let reader: VirtualReaderSlot;
  let folders: Folders;
  let configFile: string;
  let needles: Needle[];
  const resultDocuments = new Set<string>();

  /** A fresh card on the reader, in place of the last one. */
  const insertCard = () => reader.insert(createSampleCard(PROFILE.id));

  beforeAll(async () => {
    needles = await personalNeedles();
    folders = await makeFolders();
    // The operator's folder: the config and the trust store it names, side by side.
    await cp(join(SAMPLE_CARDS, 'trust-store'), join(folders.config, 'trust-store'), { recursive: true });
    configFile = join(folders.config, 'kiosk.config.json');
    await writeFile(
      configFile,
      JSON.stringify({
        reader: { name: VIRTUAL_READER, demo: 'never' },
        trustStoreFolder: join(folders.config, 'trust-store'),
        trustStoreProfile: 'test',
        cardRemovalGraceSeconds: 1,
        // Everything the kiosk can log, so that everything it logs is searched.
        logLevel: 'debug',
      }),
    );
    await writeFile(join(folders.bin, 'chromium'), CHROMIUM_WRAPPER);
    await chmod(join(folders.bin, 'chromium'), 0o755);
    pcscd = await startPcscd();
    watcher = new PcscTransport({ reconnectDelayMs: 200 });
    reader = new VirtualReaderSlot(watcher);
    await insertCard();
  }, 60_000);

  afterAll(async () => {
    await reader?.close();
    await watcher?.close();
    await pcscd?.stop();
    if (folders) await rm(folders.root, { recursive: true, force: true });
  }, 30_000);

  it('zairyu read --json --audit-log, then a mistyped number: nothing outside the result document', { timeout: 60_000 }, async () => {
    await insertCard();
    const auditLog = join(folders.audit, 'audit.jsonl');
    const env = processEnv(folders);
    const read = runLogged(folders, 'cli-read', [CLI, 'read', '--config', configFile, '--card-number', PROFILE.cardNumber, '--audit-log', auditLog, '--json'], env);
    expect((await read.finished).code).toBe(0);
    type ImageField = { format: string; bytes: { byteLength: number } };
    const result = JSON.parse(read.stdout()) as { fields: { cardNumber: string; nameImage: ImageField; faceImage: ImageField } };
    // The caller asked for the card's data: the result document on stdout is the one place it belongs, and the
    // one file not searched (here and in the kiosk tests, which share the logs folder).
    resultDocuments.add(read.stdoutFile);
    expect(result.fields.cardNumber).toBe(PROFILE.cardNumber);
    expect(result.fields.nameImage.format).toBe('tiff-g4');
    expect(result.fields.faceImage.format).toBe('jp2');

    // The error path: a line on stderr in text mode, the error document with --json. Neither may echo the number.
    const mistyped = runLogged(folders, 'cli-read-mistyped', [CLI, 'read', '--config', configFile, '--card-number', MISTYPED_NUMBER, '--audit-log', auditLog], env);
    expect((await mistyped.finished).code).toBe(1);
    const mistypedJson = runLogged(folders, 'cli-read-mistyped-json', [CLI, 'read', '--config', configFile, '--card-number', MISTYPED_NUMBER, '--audit-log', auditLog, '--json'], env);
    expect((await mistypedJson.finished).code).toBe(1);
    expect(JSON.parse(mistypedJson.stdout())).toMatchObject({ error: { code: 'WRONG_CARD_NUMBER' } });

    // The search finds the card where it is: the images' own bytes, in base64, in a document that includes them.
    const withImages = runLogged(folders, 'cli-read-with-images', [CLI, 'read', '--config', configFile, '--card-number', PROFILE.cardNumber, '--json', '--include-images'], env);
    expect((await withImages.finished).code).toBe(0);
    resultDocuments.add(withImages.stdoutFile);
    const control = (await findTraces([withImages.stdoutFile], needles)).map((trace) => trace.slice(withImages.stdoutFile.length + 2));
    expect(control).toEqual(expect.arrayContaining([`card number ${PROFILE.cardNumber}`, expect.stringMatching(/^name image base64 /), expect.stringMatching(/^photo base64 /)]));

    const audit = await readFile(auditLog, 'utf8');
    expect(audit.trim().split('\n').map((line) => (JSON.parse(line) as { event: string }).event)).toEqual(['card.read', 'card.error', 'card.error']);
    expect(await findTraces(searchedFolders(folders), needles, resultDocuments)).toEqual([]);
  });

  describe.each([
    { variant: 'as launched (incognito profile)', keepProfile: false },
    { variant: 'in a browser that keeps its profile', keepProfile: true },
  ])('zairyu kiosk in Chromium, $variant', ({ variant, keepProfile }) => {
    it('a read, back to top, the window closed: nothing on disk while it runs or after, nothing in the logs', { timeout: 120_000 }, async () => {
      await insertCard();
      const name = keepProfile ? 'kiosk-kept-profile' : 'kiosk';
      const env = processEnv(folders, {
        // The launcher opens a window only where there is a display; the wrapper runs Chromium headless.
        DISPLAY: ':99',
        ZAIRYU_CHROMIUM: join(folders.bin, 'chromium'),
        ZAIRYU_TEST_REAL_CHROMIUM: CHROMIUM,
        ZAIRYU_TEST_LOGS: folders.logs,
        ...(keepProfile ? { ZAIRYU_TEST_KEEP_PROFILE: '1' } : {}),
      });
      const kiosk = runLogged(folders, name, [CLI, 'kiosk', '--config', configFile], env);
      let browser: Browser | undefined;
      try {
        const profileFolder = await launcherProfile(folders.tmp, kiosk.stdout);
        const port = (await waitForFile(join(profileFolder, 'DevToolsActivePort'))).split('\n')[0];
        browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
        const page = await kioskPage(browser);
        await readAndReturnToTop(page);
        expect(await page.content()).not.toContain(PROFILE.cardNumber);

        // While the kiosk runs: a crash or a power cut now must not leave the card behind either.
        expect(await findTraces(searchedFolders(folders), needles, resultDocuments), `${variant}, while running`).toEqual([]);

        // The person closes the window; the kiosk stops with it.
        const session = await browser.newBrowserCDPSession();
        await session.send('Browser.close').catch(() => undefined);
        expect((await kiosk.finished).code).toBe(0);
        expect(await findTraces(searchedFolders(folders), needles, resultDocuments), `${variant}, after closing`).toEqual([]);
        // Each launch's profile is its own and goes with the window.
        expect(await readdir(folders.tmp)).not.toContain(profileFolder.split('/').pop());
      } finally {
        await browser?.close().catch(() => undefined);
        if (kiosk.child.exitCode === null) kiosk.child.kill('SIGTERM');
        await kiosk.finished;
      }
    });
  });

  /** The profile folder `zairyu kiosk` made for its Chromium, once the window is open. */
  async function launcherProfile(tmp: string, stdout: () => string): Promise<string> {
    for (let tries = 0; tries < 200; tries += 1) {
      if (stdout().includes('Opened full screen in Chromium')) {
        const entry = (await readdir(tmp)).find((candidate) => candidate.startsWith('zairyu-kiosk-profile-'));
        if (entry) return join(tmp, entry);
      }
      await sleep(50);
    }
    throw new Error(`the kiosk did not open Chromium: ${stdout()}`);
  }

  async function waitForFile(path: string): Promise<string> {
    for (let tries = 0; tries < 200; tries += 1) {
      const text = await readFile(path, 'utf8').catch(() => '');
      if (text.includes('\n')) return text;
      await sleep(50);
    }
    throw new Error(`${path} never appeared`);
  }

  async function kioskPage(browser: Browser): Promise<Page> {
    for (let tries = 0; tries < 100; tries += 1) {
      const page = browser.contexts().flatMap((context) => context.pages())[0];
      if (page) {
        await page.locator('#app[data-ready="true"]').waitFor({ timeout: 30_000 });
        return page;
      }
      await sleep(50);
    }
    throw new Error('no kiosk window');
  }

  async function readAndReturnToTop(page: Page): Promise<void> {
    await page.locator('[data-testid="reader-status"][data-state="cardPresent"]').waitFor({ timeout: 20_000 });
    await page.focus('[data-testid="card-number"]');
    await page.keyboard.type(PROFILE.cardNumber);
    await page.keyboard.press('Enter');
    await page.locator('[data-screen="result"] [data-testid="tamper-check"][data-outcome="ok"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => {
      const images = document.querySelectorAll('[data-screen="result"] [data-image-kind]');
      return images.length > 0 && [...images].every((image) => image.getAttribute('data-state') === 'ready');
    });
    await page.click('[data-testid="back-to-top"]');
    await page.locator('[data-screen="top"]').waitFor();
  }
});
