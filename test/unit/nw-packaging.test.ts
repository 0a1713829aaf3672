import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildNwApp } from '../../scripts/build-nw.mjs';
import { kioskManifestProblems, nwManifestProblems } from '../../shell/nw/manifest';
import {
  getterFileUrl,
  nwBuildOptions,
  nwHeadersName,
  packageNwApp,
  parsePackageArgs,
  type PackageOptions,
} from '../../shell/nw/packaging';
import { FAKE_NW_VERSION, STUB_NW_OUTPUT, writeFakeNwMirror } from '../support/fake-nwjs-mirror';

/**
 * A packaging dry run, offline: the real NW.js app folder (scripts/build-nw.mjs) packaged by the real
 * nw-builder 4.18.0 from a stand-in local mirror of dl.nwjs.io (versions.json, SHASUMS256.txt, an NW.js archive
 * for linux-x64 with a stub `nw`).
 */
let work: string;
let appDir: string;
let mirrorDir: string;

const project = { version: '0.1.0', description: 'test', license: 'Apache-2.0' };

function options(overrides: Partial<PackageOptions> = {}): PackageOptions {
  return {
    platform: 'linux',
    arch: 'x64',
    nwVersion: FAKE_NW_VERSION,
    srcDir: appDir,
    outDir: join(work, 'out', 'linux-x64'),
    cacheDir: join(work, 'cache'),
    mirror: pathToFileURL(mirrorDir).href,
    logLevel: 'error',
    project,
    ...overrides,
  };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zairyu-nw-package-'));
  appDir = join(work, 'app');
  mirrorDir = join(work, 'mirror');
  await buildNwApp({ root: process.cwd(), outDir: appDir, minify: false });
  await writeFakeNwMirror(mirrorDir);
}, 30_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await rm(work, { recursive: true, force: true });
});

describe('NW.js app folder (dist/nw)', () => {
  it('has a manifest NW.js accepts, with the kiosk window and Chromium switches', async () => {
    const manifest = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8'));
    expect(nwManifestProblems(manifest)).toEqual([]);
    expect(kioskManifestProblems(manifest)).toEqual([]);
    expect(manifest.main).toBe('index.html');
    await expect(stat(join(appDir, manifest.main))).resolves.toBeTruthy();
    await expect(stat(join(appDir, manifest.window.icon))).resolves.toBeTruthy();
  });

  it('holds the page, the bundle (a classic script reaching Node through require), plugins, locales and pcsclite', async () => {
    const html = await readFile(join(appDir, 'index.html'), 'utf8');
    expect(html).toContain('<script src="app.js"></script>');
    expect(html).not.toContain('type="module"');
    const bundle = await readFile(join(appDir, 'app.js'), 'utf8');
    expect(bundle).toMatch(/require\("node:net"\)|"node:net"/);
    expect(bundle).not.toMatch(/^\s*import\s/m);
    for (const file of ['plugins/residence-card/package.json', 'locales/ja/kiosk.json', 'styles.css', 'nw.css', 'icons/zairyu-kiosk.ico', 'icons/zairyu-kiosk.icns']) {
      await expect(stat(join(appDir, file)), file).resolves.toBeTruthy();
    }
    await expect(stat(join(appDir, 'plugins/residence-card/extension.ts'))).rejects.toThrow();
    await expect(stat(join(appDir, 'node_modules/pcsclite/binding.gyp'))).resolves.toBeTruthy();
    await expect(stat(join(appDir, 'node_modules/bindings/bindings.js'))).resolves.toBeTruthy();
    // A pcsclite binary built for this Node would not load in NW.js: packaging builds it for NW.js.
    await expect(stat(join(appDir, 'node_modules/pcsclite/build'))).rejects.toThrow();
  });
});

describe('packaging with nw-builder from a local mirror', () => {
  it('produces a runnable Linux package: the renamed NW.js executable, package.nw with the app, a .desktop entry', async () => {
    const { outDir, appDir: packagedApp } = await packageNwApp(options());

    expect(packagedApp).toBe(join(outDir, 'package.nw'));
    const manifest = JSON.parse(await readFile(join(packagedApp, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('zairyu-kiosk');
    expect(manifest.window.kiosk).toBe(true);
    for (const file of ['index.html', 'app.js', 'styles.css', 'plugins/residence-card/package.json', 'node_modules/pcsclite/package.json']) {
      await expect(stat(join(packagedApp, file)), file).resolves.toBeTruthy();
    }
    expect(await readFile(join(packagedApp, 'app.js'), 'utf8')).toBe(await readFile(join(appDir, 'app.js'), 'utf8'));

    // nw-builder renames `nw` to the app's name; it is the stub from the mirror's archive.
    await expect(stat(join(outDir, 'nw'))).rejects.toThrow();
    const executable = join(outDir, 'zairyu-kiosk');
    expect((await stat(executable)).mode & 0o111).not.toBe(0);
    expect(execFileSync(executable, ['--check'], { encoding: 'utf8' })).toContain(STUB_NW_OUTPUT);
    await expect(stat(join(outDir, 'credits.html'))).resolves.toBeTruthy();

    const desktop = await readFile(join(outDir, 'zairyu-kiosk.desktop'), 'utf8');
    expect(desktop).toContain('Exec=/opt/zairyu-kiosk/zairyu-kiosk');
    expect(desktop).toContain('Icon=/opt/zairyu-kiosk/package.nw/icons/zairyu-kiosk.png');
    expect(desktop).toContain('Path=/opt/zairyu-kiosk');

    // The mirror itself is only read: nw-builder unpacked into the cache.
    await expect(stat(join(mirrorDir, `nwjs-v${FAKE_NW_VERSION}-linux-x64`))).rejects.toThrow();
    await expect(stat(join(work, 'cache', `nwjs-v${FAKE_NW_VERSION}-linux-x64`, 'nw'))).resolves.toBeTruthy();
  }, 30_000);

  it('refuses an archive whose checksum does not match the mirror SHASUMS256.txt', async () => {
    const tampered = join(work, 'tampered-mirror');
    await writeFakeNwMirror(tampered);
    const sums = join(tampered, `v${FAKE_NW_VERSION}`, 'SHASUMS256.txt');
    await writeFile(sums, (await readFile(sums, 'utf8')).replace(/^[0-9a-f]{64}(?= {2}nwjs-v)/m, 'f'.repeat(64)));
    vi.spyOn(console, 'error').mockImplementation(() => undefined); // nw-builder prints the error before rethrowing it
    await expect(
      packageNwApp(options({ mirror: pathToFileURL(tampered).href, cacheDir: join(work, 'cache-tampered'), outDir: join(work, 'out-tampered') })),
    ).rejects.toThrow(/SHA256 checksums do not match/);
  }, 30_000);

  it('says which file is missing from an incomplete mirror', async () => {
    await expect(
      packageNwApp(options({ platform: 'win', outDir: join(work, 'out-win'), cacheDir: join(work, 'cache-win') })),
    ).rejects.toThrow(/nwjs-v0\.117\.0-win-x64\.zip is missing/);
  });
});

describe('packaging options', () => {
  it('uses the normal flavor (no DevTools), no globbing, enforced checksums, and the staged mirror', async () => {
    const built = await nwBuildOptions(options({ cacheDir: join(work, 'cache-options') }));
    expect(built).toMatchObject({ mode: 'build', flavor: 'normal', glob: false, shaSum: true, platform: 'linux', arch: 'x64', version: FAKE_NW_VERSION });
    expect(built.downloadUrl).toBe(pathToFileURL(join(work, 'cache-options')).href);
    expect(built.cacheDir).toBe(join(work, 'cache-options'));
    expect(built.manifestUrl).toBe(pathToFileURL(join(mirrorDir, 'versions.json')).href);
    expect(await readFile(join(work, 'cache-options', 'shasum', `${FAKE_NW_VERSION}.txt`), 'utf8')).toContain(`nwjs-v${FAKE_NW_VERSION}-linux-x64.tar.gz`);
  });

  it('gives Windows and macOS the icons and metadata nw-builder requires', async () => {
    const win = await nwBuildOptions(options({ platform: 'win', mirror: undefined }));
    expect(win.app).toMatchObject({ name: 'zairyu-kiosk', icon: join(appDir, 'icons', 'zairyu-kiosk.ico'), version: '0.1.0' });
    expect(win.downloadUrl).toBe('https://dl.nwjs.io');
    const osx = await nwBuildOptions(options({ platform: 'osx', arch: 'arm64', mirror: undefined }));
    expect(osx.app).toMatchObject({ icon: join(appDir, 'icons', 'zairyu-kiosk.icns'), LSApplicationCategoryType: 'public.app-category.utilities' });
    for (const key of ['CFBundleIdentifier', 'NSHumanReadableCopyright', 'CFBundleVersion']) expect(typeof (osx.app as Record<string, unknown>)[key]).toBe('string');
  });

  it('rejects an http versions list (nw-builder reads it over https or from a file only)', async () => {
    await expect(nwBuildOptions(options({ mirror: 'http://mirror.local/nwjs' }))).rejects.toThrow(/--manifest-url/);
    const https = await nwBuildOptions(options({ mirror: 'https://mirror.example/nwjs/' }));
    expect(https).toMatchObject({ downloadUrl: 'https://mirror.example/nwjs', manifestUrl: 'https://mirror.example/nwjs/versions.json' });
  });

  it('parses the command line against package.json', () => {
    const parsed = parsePackageArgs(['--platform', 'win', '--arch', 'x64', '--mirror', 'file:///srv/nwjs'], { ...project, devDependencies: { nw: '0.117.0' } }, '/repo');
    expect(parsed).toMatchObject({ platform: 'win', arch: 'x64', nwVersion: '0.117.0', srcDir: join('/repo', 'dist', 'nw'), mirror: 'file:///srv/nwjs', zip: false });
    expect(parsed.outDir).toBe(join('/repo', 'out', 'win-x64'));
    expect(() => parsePackageArgs(['--platform', 'beos'], project, '/repo')).toThrow(/--platform/);
    expect(parsePackageArgs(['--platform', 'linux', '--zip'], { ...project, devDependencies: { nw: '^0.117.0' } }, '/repo').zip).toBe('tgz');
  });

  it('writes file URLs the way nw-builder 4.18 reads them, also for Windows paths', () => {
    expect(getterFileUrl('/srv/nwjs cache', 'linux')).toBe('file:///srv/nwjs%20cache');
    expect(getterFileUrl('C:\\nwjs\\cache', 'win32')).toBe('file://C:/nwjs/cache');
    expect(nwHeadersName('0.117.0')).toBe('node-v0.117.0.tar.gz');
    expect(nwHeadersName('0.107.0')).toBe('nw-headers-v0.107.0.tar.gz');
  });
});
