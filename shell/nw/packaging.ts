import { spawn } from 'node:child_process';
import { copyFile, link, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, win32 } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * `npm run package`: packages the NW.js app folder (dist/nw) with nw-builder 4.18 into a runnable kiosk for
 * Windows, Linux or macOS — the normal flavor of NW.js (no DevTools) — optionally from a local mirror of
 * dl.nwjs.io for build machines without internet access. See docs/packaging.md.
 */

export type NwPlatform = 'win' | 'linux' | 'osx';
export type NwArch = 'x64' | 'arm64' | 'ia32';

export const DEFAULT_DOWNLOAD_URL = 'https://dl.nwjs.io';
export const DEFAULT_MANIFEST_URL = 'https://nwjs.io/versions.json';
export const APP_NAME = 'zairyu-kiosk';

export interface PackageOptions {
  readonly platform: NwPlatform;
  readonly arch: NwArch;
  /** NW.js version, e.g. "0.117.0". */
  readonly nwVersion: string;
  /** The app folder (dist/nw). */
  readonly srcDir: string;
  readonly outDir: string;
  /** Where NW.js archives are kept and unpacked. */
  readonly cacheDir: string;
  /** A mirror of dl.nwjs.io: file:///path (offline) or https://host/path. Default: dl.nwjs.io itself. */
  readonly mirror?: string;
  /** The versions list, when it is not `<mirror>/versions.json`. https:// or file:// (nw-builder accepts no http://). */
  readonly manifestUrl?: string;
  /** Linux: where the package will be installed, for the .desktop entry (Exec, Path, Icon). */
  readonly installDir?: string;
  /** Compress the result: zip (Windows, macOS) or tgz (Linux). */
  readonly zip?: false | 'zip' | 'tgz';
  /** Build pcsclite's native module for NW.js's Node (only for the platform and architecture of this machine). */
  readonly rebuildNative?: boolean;
  readonly logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** The project's package.json fields shown in the executable's metadata. */
  readonly project: { readonly version: string; readonly description?: string; readonly license?: string };
}

/** Archive name on dl.nwjs.io: nwjs[-sdk]-v<version>-<platform>-<arch>.tar.gz (Linux) or .zip. */
export function nwArchiveName(version: string, platform: NwPlatform, arch: NwArch, flavor: 'normal' | 'sdk' = 'normal'): string {
  return `nwjs${flavor === 'sdk' ? '-sdk' : ''}-v${version}-${platform}-${arch}.${platform === 'linux' ? 'tar.gz' : 'zip'}`;
}

/** The Node headers archive for native modules: node-v<version>.tar.gz from NW.js 0.111.3 on, nw-headers-v<version>.tar.gz before. */
export function nwHeadersName(version: string): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  const fromNodePrefix = major > 0 || minor > 111 || (minor === 111 && patch >= 3);
  return `${fromNodePrefix ? 'node' : 'nw-headers'}-v${version}.tar.gz`;
}

/**
 * A `file://` URL in the form nw-builder's downloader (@nwutils/getter 0.2.x) reads: it takes the text after
 * "file://" as a path, so on Windows the drive letter must follow at once (file://C:/...).
 */
export function getterFileUrl(dir: string, hostPlatform: string = process.platform): string {
  return hostPlatform === 'win32' ? `file://${win32.resolve(dir).replace(/\\/g, '/')}` : pathToFileURL(resolve(dir)).href;
}

export interface StagedMirror {
  readonly downloadUrl: string;
  readonly manifestUrl: string;
  readonly cacheDir: string;
}

/**
 * Prepares a local mirror for nw-builder 4.18.0. The mirror has dl.nwjs.io's layout:
 *
 *     <mirror>/versions.json
 *     <mirror>/v<version>/SHASUMS256.txt
 *     <mirror>/v<version>/nwjs-v<version>-<platform>-<arch>.(tar.gz|zip)
 *     <mirror>/v<version>/node-v<version>.tar.gz          (only for --rebuild-native)
 *
 * nw-builder's downloader cannot download from file:// URLs: with a file:// downloadUrl it instead uses that
 * folder as its cache, expects the archive at its top level and the checksums at shasum/<version>.txt, and
 * unpacks there. So the archive and checksums are staged into `cacheDir` in that shape (the mirror itself
 * stays read-only), and nw-builder then verifies the archive against the mirror's SHASUMS256.txt as usual.
 */
export async function stageFileMirror(options: {
  readonly mirrorDir: string;
  readonly cacheDir: string;
  readonly version: string;
  readonly files: readonly string[];
  readonly hostPlatform?: string;
}): Promise<StagedMirror> {
  const versionDir = join(options.mirrorDir, `v${options.version}`);
  await mkdir(join(options.cacheDir, 'shasum'), { recursive: true });
  // Always the mirror's current checksums: nw-builder keeps using a stale shasum file if one is there.
  await copyFile(join(versionDir, 'SHASUMS256.txt'), join(options.cacheDir, 'shasum', `${options.version}.txt`));
  for (const file of options.files) {
    const from = join(versionDir, file);
    const to = join(options.cacheDir, file);
    if (!(await stat(from).then((info) => info.isFile(), () => false))) {
      throw new Error(`local NW.js mirror: ${from} is missing`);
    }
    await rm(to, { force: true });
    await link(from, to).catch(() => copyFile(from, to));
  }
  return {
    downloadUrl: getterFileUrl(options.cacheDir, options.hostPlatform),
    manifestUrl: pathToFileURL(join(options.mirrorDir, 'versions.json')).href,
    cacheDir: options.cacheDir,
  };
}

/** Where nw-builder puts the app's files inside the package. */
export function packagedAppDir(outDir: string, platform: NwPlatform): string {
  return platform === 'osx' ? join(outDir, `${APP_NAME}.app`, 'Contents', 'Resources', 'app.nw') : join(outDir, 'package.nw');
}

/** nw-builder's platform-specific `app` options: names, icons, version metadata. */
export function appOptions(options: Pick<PackageOptions, 'platform' | 'srcDir' | 'installDir' | 'project'>): Record<string, unknown> {
  const icons = resolve(options.srcDir, 'icons');
  const description = '在留カード等読取キオスク (residence card reader kiosk)';
  switch (options.platform) {
    case 'win':
      return {
        name: APP_NAME,
        icon: join(icons, `${APP_NAME}.ico`),
        version: options.project.version,
        fileDescription: description,
        productName: APP_NAME,
        internalName: APP_NAME,
        originalFilename: `${APP_NAME}.exe`,
        ...(options.project.license ? { legalCopyright: `Licensed under ${options.project.license}` } : {}),
      };
    case 'osx':
      return {
        name: APP_NAME,
        icon: join(icons, `${APP_NAME}.icns`),
        LSApplicationCategoryType: 'public.app-category.utilities',
        CFBundleIdentifier: 'org.zairyu-kiosk.kiosk',
        CFBundleName: APP_NAME,
        CFBundleDisplayName: APP_NAME,
        CFBundleSpokenName: 'zairyu kiosk',
        CFBundleVersion: options.project.version,
        CFBundleShortVersionString: options.project.version,
        NSHumanReadableCopyright: options.project.license ? `Licensed under ${options.project.license}` : APP_NAME,
      };
    case 'linux': {
      const installDir = options.installDir ?? `/opt/${APP_NAME}`;
      return {
        name: APP_NAME,
        genericName: 'Residence card reader',
        comment: description,
        icon: `${installDir}/package.nw/icons/${APP_NAME}.png`,
        exec: `${installDir}/${APP_NAME}`,
        path: installDir,
        categories: ['Utility'],
        terminal: false,
        singleMainWindow: 'true',
      };
    }
  }
}

export interface NwBuildRunner {
  (options: Record<string, unknown>): Promise<unknown>;
}

async function defaultNwBuild(options: Record<string, unknown>): Promise<unknown> {
  const { default: nwbuild } = await import('nw-builder');
  return nwbuild(options as unknown as Parameters<typeof nwbuild>[0]);
}

/** The options nw-builder gets: mode build, normal flavor (no DevTools), no globbing, checksums enforced. */
export async function nwBuildOptions(options: PackageOptions): Promise<Record<string, unknown>> {
  const source = await resolveSource(options, [nwArchiveName(options.nwVersion, options.platform, options.arch)]);
  return {
    mode: 'build',
    flavor: 'normal',
    version: options.nwVersion,
    platform: options.platform,
    arch: options.arch,
    srcDir: resolve(options.srcDir),
    outDir: resolve(options.outDir),
    glob: false,
    cache: true,
    shaSum: true,
    ffmpeg: false,
    zip: options.zip ?? false,
    logLevel: options.logLevel ?? 'info',
    app: appOptions(options),
    ...source,
  };
}

async function resolveSource(options: PackageOptions, files: readonly string[]): Promise<StagedMirror> {
  const cacheDir = resolve(options.cacheDir);
  const mirror = options.mirror?.replace(/\/+$/, '');
  if (!mirror) return { downloadUrl: DEFAULT_DOWNLOAD_URL, manifestUrl: options.manifestUrl ?? DEFAULT_MANIFEST_URL, cacheDir };
  if (mirror.startsWith('file:')) {
    const staged = await stageFileMirror({ mirrorDir: fileURLToPath(mirror), cacheDir, version: options.nwVersion, files });
    return options.manifestUrl ? { ...staged, manifestUrl: options.manifestUrl } : staged;
  }
  if (!/^https?:\/\//.test(mirror)) throw new Error(`--mirror must be a file://, http:// or https:// URL: ${mirror}`);
  const manifestUrl = options.manifestUrl ?? `${mirror}/versions.json`;
  if (!/^(https|file):/.test(manifestUrl)) {
    throw new Error('nw-builder reads the versions list only over https:// or from file://: give --manifest-url');
  }
  // Note: for an http(s) mirror, nw-builder takes the checksums from https://dl.nwjs.io (by design).
  return { downloadUrl: mirror, manifestUrl, cacheDir };
}

/** Packages the app; returns where it is. */
export async function packageNwApp(options: PackageOptions, nwbuild: NwBuildRunner = defaultNwBuild): Promise<{ outDir: string; appDir: string }> {
  const manifest = JSON.parse(await readFile(join(options.srcDir, 'package.json'), 'utf8')) as { name?: unknown };
  if (manifest.name !== APP_NAME) throw new Error(`${options.srcDir} is not the NW.js app folder: run npm run build first`);
  if (options.rebuildNative && options.zip) throw new Error('--rebuild-native cannot be combined with --zip (the module is built into the unpacked app)');
  const buildOptions = await nwBuildOptions(options);
  await nwbuild(buildOptions);
  const outDir = resolve(options.outDir);
  const appDir = packagedAppDir(outDir, options.platform);
  if (options.rebuildNative) await rebuildNativeModules(options, appDir, nwbuild);
  return { outDir, appDir };
}

/**
 * Builds pcsclite's native module for NW.js's Node: nw-builder fetches NW.js's Node headers (from the mirror
 * too), then node-gyp builds against them in the packaged app. Native code is built for this machine only.
 */
async function rebuildNativeModules(options: PackageOptions, appDir: string, nwbuild: NwBuildRunner): Promise<void> {
  const hostPlatform = ({ win32: 'win', linux: 'linux', darwin: 'osx' } as Record<string, NwPlatform>)[process.platform];
  if (options.platform !== hostPlatform || options.arch !== process.arch) {
    throw new Error(`--rebuild-native builds for this machine (${process.platform}-${process.arch}) only; package on a ${options.platform}-${options.arch} machine`);
  }
  const moduleDir = join(appDir, 'node_modules', 'pcsclite');
  if (!(await stat(join(moduleDir, 'binding.gyp')).then(() => true, () => false))) {
    throw new Error(`${moduleDir}: pcsclite's sources are not in the app folder (is pcsclite installed?)`);
  }
  const headers = nwHeadersName(options.nwVersion);
  const source = await resolveSource(options, [nwArchiveName(options.nwVersion, options.platform, options.arch), headers]);
  await nwbuild({
    mode: 'get',
    // nw-builder reads the app's manifest in every mode.
    srcDir: resolve(options.srcDir),
    glob: false,
    flavor: 'normal',
    version: options.nwVersion,
    platform: options.platform,
    arch: options.arch,
    nativeAddon: true,
    shaSum: true,
    cache: true,
    logLevel: options.logLevel ?? 'info',
    ...source,
  });
  const nodeDir = await findNodeHeaders(source.cacheDir);
  const nodeGyp = process.env.npm_config_node_gyp ?? npmBundledNodeGyp();
  await run(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`, `--arch=${options.arch}`], {
    cwd: moduleDir,
    // pcsclite's binding.gyp finds nan's headers with require('nan'): the project's node_modules has it.
    env: { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules') },
  });
  // Keep the module only: build/Release/pcsclite.node is where pcsclite's `bindings` looks for it.
  const buildDir = join(moduleDir, 'build');
  for (const entry of await readdir(buildDir)) if (entry !== 'Release') await rm(join(buildDir, entry), { recursive: true, force: true });
  for (const entry of await readdir(join(buildDir, 'Release'))) {
    if (!entry.endsWith('.node')) await rm(join(buildDir, 'Release', entry), { recursive: true, force: true });
  }
}

/** The folder of the unpacked headers archive: the one with include/node/node.h. */
async function findNodeHeaders(cacheDir: string): Promise<string> {
  for (const entry of await readdir(cacheDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('nwjs')) continue;
    const dir = join(cacheDir, entry.name);
    if (await stat(join(dir, 'include', 'node', 'node.h')).then(() => true, () => false)) return dir;
  }
  throw new Error(`NW.js Node headers not found in ${cacheDir}`);
}

function npmBundledNodeGyp(): string {
  const nodeDir = dirname(process.execPath);
  return process.platform === 'win32'
    ? join(nodeDir, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
    : join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${args[0]} ${args[1]} failed (exit ${code})`))));
  });
}

export const PACKAGE_USAGE = `Usage: npm run package -- --platform win|linux|osx [options]

  --platform win|linux|osx   target system (default: this one)
  --arch x64|arm64|ia32      target architecture (default: this one)
  --mirror URL               a mirror of dl.nwjs.io: file:///path (offline) or https://host/path
  --manifest-url URL         the versions list, if not <mirror>/versions.json (https:// or file://)
  --nw-version X.Y.Z         NW.js version (default: the "nw" devDependency)
  --out DIR                  output folder (default: out/<platform>-<arch>)
  --cache DIR                NW.js archive cache (default: node_modules/.cache/nwjs)
  --install-dir DIR          Linux: install location written into the .desktop entry (default: /opt/zairyu-kiosk)
  --zip                      also compress the result (zip; tgz on Linux)
  --rebuild-native           build pcsclite for NW.js (same platform and architecture as this machine)
`;

/** Parses `npm run package -- ...` arguments against the project's package.json. */
export function parsePackageArgs(
  argv: readonly string[],
  project: { readonly version: string; readonly description?: string; readonly license?: string; readonly devDependencies?: Record<string, string> },
  root: string,
): PackageOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      platform: { type: 'string' },
      arch: { type: 'string' },
      mirror: { type: 'string' },
      'manifest-url': { type: 'string' },
      'nw-version': { type: 'string' },
      out: { type: 'string' },
      cache: { type: 'string' },
      'install-dir': { type: 'string' },
      zip: { type: 'boolean', default: false },
      'rebuild-native': { type: 'boolean', default: false },
    },
  });
  const hostPlatform = ({ win32: 'win', linux: 'linux', darwin: 'osx' } as Record<string, NwPlatform>)[process.platform] ?? 'linux';
  const platform = values.platform ?? hostPlatform;
  if (platform !== 'win' && platform !== 'linux' && platform !== 'osx') throw new Error(`--platform must be win, linux or osx: ${platform}`);
  const arch = values.arch ?? process.arch;
  if (arch !== 'x64' && arch !== 'arm64' && arch !== 'ia32') throw new Error(`--arch must be x64, arm64 or ia32: ${arch}`);
  const nwVersion = values['nw-version'] ?? project.devDependencies?.nw?.replace(/^[^\d]*/, '');
  if (!nwVersion || !/^\d+\.\d+\.\d+$/.test(nwVersion)) throw new Error('NW.js version unknown: give --nw-version X.Y.Z');
  return {
    platform,
    arch,
    nwVersion,
    srcDir: join(root, 'dist', 'nw'),
    outDir: resolve(values.out ?? join(root, 'out', `${platform}-${arch}`)),
    cacheDir: resolve(values.cache ?? join(root, 'node_modules', '.cache', 'nwjs')),
    ...(values.mirror ? { mirror: values.mirror } : {}),
    ...(values['manifest-url'] ? { manifestUrl: values['manifest-url'] } : {}),
    ...(values['install-dir'] ? { installDir: values['install-dir'] } : {}),
    zip: values.zip ? (platform === 'linux' ? 'tgz' : 'zip') : false,
    rebuildNative: values['rebuild-native'],
    project: { version: project.version, description: project.description, license: project.license },
  };
}
