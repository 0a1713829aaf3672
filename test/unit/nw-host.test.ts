import { EventEmitter } from 'node:events';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../kernel/api';
import { verifyAuditLog } from '../../kernel/audit/audit-log';
import { validateKioskConfig } from '../../kernel/config/kiosk-config';
import { KioskError } from '../../kernel/errors/kiosk-error';
import { SignedPluginSource } from '../../kernel/plugins/signing/signed-plugin-source';
import type { PcscLiteFactory } from '../../kernel/node/pcsclite-loader';
import { UrlPluginSource } from '../../kernel/plugins/url-plugin-source';
import { builtinPlugins } from '../../plugins/builtin-plugins';
import { createDemoReader, DEMO_READER_NAME } from '../../shell/web/demo-reader';
import { configArgument, createNwHost, findConfigFile, pcscServiceNameFor, type NwHostOptions } from '../../shell/nw/nw-host';
import { SAMPLE_TRUST_STORE } from '../support/builtin-kernel';
import { manifest } from '../support/memory-plugin-source';
import { makePublisher, MemoryPluginFiles, signMemoryPlugin } from '../support/plugin-signing';

const APP = 'chrome-extension://abcdefghijklmnop/';
let work: string;

function logger(): Logger & { warnings: unknown[][] } {
  const warnings: unknown[][] = [];
  const log: Logger & { warnings: unknown[][] } = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => void warnings.push(args),
    error: () => undefined,
    child: () => log,
  };
  return log;
}

function host(overrides: Partial<NwHostOptions> = {}) {
  const log = logger();
  const exitApp = vi.fn();
  const created = createNwHost({
    argv: [],
    env: {},
    platform: 'linux',
    startDir: work,
    configSearchDirs: [join(work, 'exec'), join(work, 'app'), join(work, 'data')],
    dataPath: join(work, 'data'),
    appBaseUrl: APP,
    builtinPlugins,
    nodeRequire: () => {
      throw new Error("Cannot find module 'pcsclite'");
    },
    demoReader: createDemoReader(),
    appVersion: '1.2.3',
    exitApp,
    logger: log,
    ...overrides,
  });
  return { host: created, log, exitApp };
}

/** pcsclite stand-in: one reader with a card on it. */
function fakePcscFactory(): () => PcscLiteFactory {
  return () => () => {
    const pcsc = Object.assign(new EventEmitter(), { close: () => undefined });
    setTimeout(() => {
      const reader = Object.assign(new EventEmitter(), {
        name: 'ACS ACR1252 1S CL Reader PICC 0',
        SCARD_STATE_PRESENT: 0x20,
        SCARD_SHARE_EXCLUSIVE: 1,
        SCARD_PROTOCOL_T0: 1,
        SCARD_PROTOCOL_T1: 2,
        SCARD_LEAVE_CARD: 0,
        SCARD_RESET_CARD: 1,
        connect: () => undefined,
        disconnect: () => undefined,
        transmit: () => undefined,
        close: () => undefined,
      });
      pcsc.emit('reader', reader);
      reader.emit('status', { state: 0x20 | 0x02, atr: Buffer.from([0x3b, 0x88]) });
    }, 5);
    return pcsc;
  };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zairyu-nw-host-'));
  for (const dir of ['exec', 'app', 'data', 'conf/extra-plugins/my-plugin', 'conf/extra-plugins/not-a-plugin']) await mkdir(join(work, dir), { recursive: true });
  await cp(SAMPLE_TRUST_STORE, join(work, 'conf', 'trust'), { recursive: true });
  await writeFile(join(work, 'conf', 'extra-plugins', 'my-plugin', 'package.json'), JSON.stringify({ name: 'my-plugin', version: '1.0.0' }));
  await writeFile(
    join(work, 'conf', 'kiosk.json'),
    JSON.stringify({ trustStoreFolder: 'trust', trustStoreProfile: 'test', pluginFolders: ['extra-plugins', 'missing-folder'], reader: { name: 'auto', demo: 'never' } }),
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('NW.js host: config file', () => {
  it('takes --config from nw.App.argv, relative to where the app was started, and reads it', async () => {
    const { host: nwHost } = host({ argv: ['--config', 'conf/kiosk.json'] });
    const raw = await nwHost.loadConfig();
    expect(raw).toMatchObject({ trustStoreFolder: 'trust', trustStoreProfile: 'test' });
    expect(nwHost.configLocation).toEqual({ path: join(work, 'conf', 'kiosk.json'), required: true, origin: '--config' });
  });

  it('knows --config=FILE, then $ZAIRYU_CONFIG, then kiosk.config.json beside the executable, the app, in app data', async () => {
    expect(configArgument(['--kiosk', '--config=/etc/zairyu/kiosk.json'])).toBe('/etc/zairyu/kiosk.json');
    expect(configArgument(['--other'])).toBeUndefined();
    const search = { argv: [], cwd: work, searchDirs: [join(work, 'exec'), join(work, 'app'), join(work, 'data')] };
    expect(await findConfigFile({ ...search, env: { ZAIRYU_CONFIG: 'conf/kiosk.json' } })).toMatchObject({ path: join(work, 'conf', 'kiosk.json'), origin: 'ZAIRYU_CONFIG', required: true });
    expect(await findConfigFile({ ...search, env: {} })).toBeUndefined();
    await writeFile(join(work, 'data', 'kiosk.config.json'), '{}');
    expect(await findConfigFile({ ...search, env: {} })).toMatchObject({ path: join(work, 'data', 'kiosk.config.json'), required: false });
    await writeFile(join(work, 'app', 'kiosk.config.json'), '{}');
    expect(await findConfigFile({ ...search, env: {} })).toMatchObject({ path: join(work, 'app', 'kiosk.config.json') });
    await writeFile(join(work, 'exec', 'kiosk.config.json'), '{"language":"en"}');
    expect(await findConfigFile({ ...search, env: {} })).toMatchObject({ path: join(work, 'exec', 'kiosk.config.json'), origin: 'search' });
    expect(await host().host.loadConfig()).toEqual({ language: 'en' });
    for (const dir of ['exec', 'app', 'data']) await rm(join(work, dir, 'kiosk.config.json'));
  });

  it('uses the defaults without a config file, with relative paths under the app data folder', async () => {
    const { host: nwHost } = host();
    expect(await nwHost.loadConfig()).toEqual({});
    expect(nwHost.configLocation).toBeUndefined();
    expect(nwHost.resolveConfigPath('trust-store')).toBe(join(work, 'data', 'trust-store'));
  });

  it('reports a broken or missing named file as a config error (shown on the config error screen)', async () => {
    await writeFile(join(work, 'conf', 'broken.json'), '{ "language": ');
    await expect(host({ argv: ['--config', 'conf/broken.json'] }).host.loadConfig()).rejects.toThrow(KioskError);
    await expect(host({ argv: ['--config', 'conf/broken.json'] }).host.loadConfig()).rejects.toThrow(/broken\.json: not valid JSON/);
    await expect(host({ env: { ZAIRYU_CONFIG: join(work, 'nope.json') } }).host.loadConfig()).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});

describe('NW.js host: plugins, trust store, readers', () => {
  async function configured() {
    const created = host({ argv: ['--config', join(work, 'conf', 'kiosk.json')] });
    const config = validateKioskConfig(await created.host.loadConfig());
    return { ...created, config };
  }

  it('loads the built-in plugins from the app’s plugins/ folder, then the configured folders (relative to the config file)', async () => {
    const { host: nwHost, config, log } = await configured();
    const sources = await nwHost.pluginSources(config);
    const builtins = sources.filter((source) => source.builtin);
    expect(builtins.map((source) => source.location)).toEqual(Object.keys(builtinPlugins).map((name) => `${APP}plugins/${name}/`));
    expect(builtins.every((source) => source instanceof UrlPluginSource)).toBe(true);
    const extra = sources.filter((source) => !source.builtin);
    expect(extra).toHaveLength(1);
    expect(extra[0]!.location).toBe(join(work, 'conf', 'extra-plugins', 'my-plugin'));
    // External plugins load only when signed by a configured publisher (pluginPublisherFolder): this one is not.
    expect(extra[0]).toBeInstanceOf(SignedPluginSource);
    expect(await extra[0]!.refusal?.()).toMatch(/unsigned/);
    // An unreadable folder is reported, not fatal.
    expect(log.warnings).toEqual([['plugin folder cannot be read', expect.objectContaining({ folder: join(work, 'conf', 'missing-folder') })]]);
  });

  it('imports a signed plugin from the bytes its signature check read, with the page’s import() (blob:) unless told otherwise', async () => {
    const publisher = makePublisher('NW Host Test Publisher');
    const files = new MemoryPluginFiles({ 'package.json': JSON.stringify(manifest('signed-for-nw', { type: 'module' })), 'main.js': 'export function activate() {}\n' });
    await signMemoryPlugin(files, publisher);
    const folder = join(work, 'nw-signed', 'plugins', 'signed-for-nw');
    for (const [path, bytes] of files.files) {
      await mkdir(dirname(join(folder, path)), { recursive: true });
      await writeFile(join(folder, path), bytes);
    }
    await mkdir(join(work, 'nw-signed', 'publishers'), { recursive: true });
    await writeFile(join(work, 'nw-signed', 'publishers', 'publisher.pem'), publisher.certPem);
    const config = validateKioskConfig({ pluginFolders: [join(work, 'nw-signed', 'plugins')], pluginPublisherFolder: join(work, 'nw-signed', 'publishers') });

    const imported: string[] = [];
    const { host: nwHost } = host({
      importVerifiedModule: async (bytes) => {
        imported.push(new TextDecoder().decode(bytes));
        return { activate: () => undefined };
      },
    });
    const [external] = (await nwHost.pluginSources(config)).filter((source) => !source.builtin);
    expect(await external!.refusal?.()).toBeUndefined();
    // Replaced on disk after the check: what is imported is still what was verified.
    await writeFile(join(folder, 'main.js'), 'export function activate() { globalThis.swapped = true; }\n');
    await external!.loadMain('./main.js');
    expect(imported).toEqual(['export function activate() {}\n']);

    // By default the NW.js host imports through a blob: URL of the page, made from the checked bytes (Node's own
    // import() refuses that scheme; in the NW.js page, and in Chromium under its CSP, it loads: test/e2e).
    const [byDefault] = (await host().host.pluginSources(config)).filter((source) => !source.builtin);
    await writeFile(join(folder, 'main.js'), 'export function activate() {}\n');
    const blobs: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:nodedata:stand-in';
    });
    try {
      await expect(byDefault!.loadMain('./main.js')).rejects.toThrow();
      expect(blobs).toHaveLength(1);
      expect(blobs[0]!.type).toBe('text/javascript');
      expect(await blobs[0]!.text()).toBe('export function activate() {}\n');
    } finally {
      createObjectURL.mockRestore();
    }
  });

  it('reads the trust anchors from trustStoreFolder, relative to the config file', async () => {
    const { host: nwHost, config } = await configured();
    const anchors = await nwHost.loadTrustAnchors(config, logger());
    expect(anchors.isTestProfile).toBe(true);
    expect(anchors.roots.length).toBeGreaterThan(0);
    const defaults = validateKioskConfig({});
    const none = await host().host.loadTrustAnchors(defaults, logger());
    expect(none).toEqual({ isTestProfile: false, roots: [] });
  });

  it('offers the demo reader when pcsclite cannot be loaded and the config allows it', async () => {
    const { host: nwHost } = host();
    const transport = nwHost.cardTransport(validateKioskConfig({ reader: { demo: 'auto' } }));
    expect((await transport.listReaders()).map((reader) => [reader.name, reader.demo])).toEqual([[DEMO_READER_NAME, true]]);
    await transport.close();
  });

  it('reports the missing PC/SC module when the demo reader is off', async () => {
    const { host: nwHost, config } = await configured();
    const transport = nwHost.cardTransport(config);
    await expect(transport.listReaders()).rejects.toMatchObject({ code: 'READER_NOT_FOUND', message: expect.stringMatching(/pcsclite/) });
    await transport.close();
  });

  it('reads real readers through pcsclite in this process (here a stand-in module)', async () => {
    const { host: nwHost, config } = await configured();
    const loaded: string[] = [];
    const factory = fakePcscFactory()();
    const withPcsc = host({
      argv: ['--config', join(work, 'conf', 'kiosk.json')],
      nodeRequire: (id) => {
        loaded.push(id);
        return factory;
      },
    }).host;
    await withPcsc.loadConfig();
    const transport = withPcsc.cardTransport(config);
    expect(await transport.listReaders()).toEqual([{ name: 'ACS ACR1252 1S CL Reader PICC 0', cardPresent: true, demo: false }]);
    expect(loaded).toEqual(['pcsclite']);
    await transport.close();
    expect(nwHost.pcscServiceName).toBe('pcscd');
  });

  it('names the PC/SC service of the platform, and leaves the app through the window', () => {
    expect(pcscServiceNameFor('win32')).toBe('Smart Card service');
    expect(pcscServiceNameFor('linux')).toBe('pcscd');
    expect(pcscServiceNameFor('darwin')).toBe('pcscd');
    const { host: nwHost, exitApp } = host({ platform: 'win32' });
    expect(nwHost.pcscServiceName).toBe('Smart Card service');
    expect(nwHost.appVersion).toBe('1.2.3');
    expect(nwHost.demo?.cards.length).toBeGreaterThan(0);
    nwHost.exitApp();
    expect(exitApp).toHaveBeenCalledTimes(1);
  });
});

describe('NW.js host: audit log', () => {
  it('opens auditLogFile relative to the config file (the folder is made), appending a hash chain', async () => {
    const created = host({ argv: ['--config', join(work, 'conf', 'kiosk.json')] });
    const config = validateKioskConfig(await created.host.loadConfig());
    expect(config.auditLogFile).toBe('audit/zairyu-audit.jsonl');
    const audit = await created.host.openAuditLog!(config, logger());
    await audit!.record({ event: 'app.start' });
    await audit!.record({ event: 'session.wiped', reason: 'cardRemoved' });
    const path = join(work, 'conf', 'audit', 'zairyu-audit.jsonl');
    expect(verifyAuditLog(await readFile(path))).toMatchObject({ ok: true, records: 2 });
  });

  it('keeps none when auditLogFile is null; without a config file the default is under the app data folder', async () => {
    const { host: nwHost } = host();
    expect(await nwHost.openAuditLog!(validateKioskConfig({ auditLogFile: null }), logger())).toBeUndefined();
    const audit = await nwHost.openAuditLog!(validateKioskConfig({}), logger());
    await audit!.record({ event: 'app.start' });
    expect(verifyAuditLog(await readFile(join(work, 'data', 'audit', 'zairyu-audit.jsonl')))).toMatchObject({ ok: true, records: 1 });
  });
});
