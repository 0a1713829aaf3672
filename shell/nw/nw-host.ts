import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Logger, PluginModule, RestrictedBrowser, TrustAnchors } from '../../kernel/api';
import type { KioskConfig } from '../../kernel/config/kiosk-config';
import { KioskError, KioskErrorCode } from '../../kernel/errors/kiosk-error';
import { openAuditFile } from '../../kernel/node/audit-file';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE, readConfigText } from '../../kernel/node/config-file';
import { nodePluginSources } from '../../kernel/node/node-plugin-sources';
import { importModuleFromBlob } from '../../kernel/plugins/blob-module-import';
import { loadTrustAnchors } from '../../kernel/node/node-trust-anchors';
import { loadOperatorCodeTables } from '../../kernel/node/code-table-folder';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { loadPcscLite, type PcscLiteFactory } from '../../kernel/node/pcsclite-loader';
import type { PluginSource } from '../../kernel/plugins/plugin-source';
import { UrlPluginSource } from '../../kernel/plugins/url-plugin-source';
import type { CardTransport } from '../../kernel/smartcard/card-transport';
import { DemoFallbackTransport } from '../../kernel/smartcard/demo-fallback-transport';
import type { KioskHost } from '../app/bootstrap';
import type { DemoReader } from '../app/demo-reader';

/** Where the config file was found, and how. */
export interface ConfigLocation {
  readonly path: string;
  /** An explicitly named file must exist; a file found by searching is optional. */
  readonly required: boolean;
  readonly origin: '--config' | typeof CONFIG_ENV | 'search';
}

/** `--config FILE` or `--config=FILE` among the app's arguments (`nw.App.argv`). */
export function configArgument(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--config') return argv[index + 1];
    if (argument.startsWith('--config=')) return argument.slice('--config='.length);
  }
  return undefined;
}

/**
 * Which config file applies: `--config FILE` in the app's arguments, then $ZAIRYU_CONFIG, then the first
 * kiosk.config.json in `searchDirs` (beside the executable, beside the app's files, the user's app data folder);
 * undefined means defaults.
 */
export async function findConfigFile(options: {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly searchDirs: readonly string[];
}): Promise<ConfigLocation | undefined> {
  const explicit = configArgument(options.argv);
  if (explicit) return { path: resolve(options.cwd, explicit), required: true, origin: '--config' };
  const fromEnv = options.env[CONFIG_ENV];
  if (fromEnv) return { path: resolve(options.cwd, fromEnv), required: true, origin: CONFIG_ENV };
  for (const dir of options.searchDirs) {
    const path = resolve(dir, DEFAULT_CONFIG_FILE);
    if (await stat(path).then((info) => info.isFile(), () => false)) return { path, required: false, origin: 'search' };
  }
  return undefined;
}

export interface NwHostOptions {
  /** `nw.App.argv`. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  /** The directory the app was started from (`nw.App.startPath`): relative `--config` paths resolve against it. */
  readonly startDir: string;
  /** Folders searched for kiosk.config.json, in order. */
  readonly configSearchDirs: readonly string[];
  /** The user's app data folder (`nw.App.dataPath`): the base of relative paths when there is no config file. */
  readonly dataPath: string;
  /** The page's base URL (chrome-extension://<id>/): the built-in plugins' files are read from plugins/ there. */
  readonly appBaseUrl: string;
  readonly builtinPlugins: Readonly<Record<string, () => Promise<PluginModule>>>;
  /** Node's require in NW.js: loads the native pcsclite module. */
  readonly nodeRequire: (id: string) => unknown;
  readonly demoReader: { readonly transport: CardTransport; readonly demo: DemoReader };
  /** The view plugins show outside pages in (the revocation inquiry): shell/nw/restricted-webview.ts. */
  readonly restrictedBrowser?: RestrictedBrowser;
  readonly appVersion: string;
  readonly exitApp: () => void;
  readonly logger: Logger;
  /** Tests: a pcsclite stand-in. */
  readonly pcscFactory?: () => PcscLiteFactory;
  /**
   * How a signed external plugin's verified main module is imported: the page's `import()` through a `blob:` URL
   * (the default; kernel/plugins/blob-module-import.ts). Tests, which run in Node, pass Node's way.
   */
  readonly importVerifiedModule?: (bytes: Uint8Array) => Promise<unknown>;
}

export interface NwKioskHost extends KioskHost {
  /** The config file in use, known after `loadConfig`. */
  readonly configLocation: ConfigLocation | undefined;
  /** Resolves a path from the config: against the config file's folder, else the app data folder. */
  resolveConfigPath(path: string): string;
}

/** The Windows name of the PC/SC service, for the "start the Smart Card service" message; pcscd elsewhere. */
export function pcscServiceNameFor(platform: string): string {
  return platform === 'win32' ? 'Smart Card service' : 'pcscd';
}

/**
 * The KioskHost of NW.js: the config file from disk, the built-in plugins from the app's plugins/ folder plus
 * the configured plugin folders, the trust anchors from the configured folder, readers through the native
 * pcsclite module in this process (with the demo reader as the config allows), and the audit log file.
 */
export function createNwHost(options: NwHostOptions): NwKioskHost {
  let configLocation: ConfigLocation | undefined;
  let located = false;
  const resolveConfigPath = (path: string) => resolve(configLocation ? dirname(configLocation.path) : options.dataPath, path);

  return {
    appVersion: options.appVersion,
    pcscServiceName: pcscServiceNameFor(options.platform),
    demo: options.demoReader.demo,
    ...(options.restrictedBrowser ? { restrictedBrowser: options.restrictedBrowser } : {}),
    get configLocation() {
      return configLocation;
    },
    resolveConfigPath,

    async loadConfig() {
      if (!located) {
        configLocation = await findConfigFile({ argv: options.argv, env: options.env, cwd: options.startDir, searchDirs: options.configSearchDirs });
        located = true;
      }
      if (!configLocation) {
        options.logger.info('no config file: using the defaults', { searched: options.configSearchDirs.join(', ') });
        return {};
      }
      options.logger.info('config file', { path: configLocation.path, origin: configLocation.origin });
      const text = await readConfigText(configLocation.path, configLocation.required);
      if (text === undefined) return {};
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new KioskError(KioskErrorCode.invalidConfig, `${configLocation.path}: not valid JSON (${(error as Error).message})`);
      }
    },

    async pluginSources(config: KioskConfig): Promise<PluginSource[]> {
      const builtins: PluginSource[] = Object.entries(options.builtinPlugins).map(
        ([name, load]) => new UrlPluginSource(new URL(`plugins/${name}/`, options.appBaseUrl).href, true, load),
      );
      // Plugins from the configured folders, each loaded only when signed by one of the configured publishers:
      // the Node host's own list (kernel/node), with the config's relative paths resolved here.
      const external = await nodePluginSources(
        '',
        {},
        {
          ...config,
          pluginFolders: config.pluginFolders.map(resolveConfigPath),
          pluginPublisherFolder: resolveConfigPath(config.pluginPublisherFolder),
        },
        (folder, error) => options.logger.warn('plugin folder cannot be read', { folder, reason: error instanceof Error ? error.message : String(error) }),
        { importModule: options.importVerifiedModule ?? importModuleFromBlob },
      );
      return [...builtins, ...external];
    },

    cardTransport(config: KioskConfig): CardTransport {
      const real = new PcscTransport({
        factory: options.pcscFactory ?? (() => loadPcscLite(options.nodeRequire)),
        logger: options.logger.child('pcsc'),
        transmitTimeoutMs: config.reader.transmitTimeoutSeconds * 1000,
      });
      return new DemoFallbackTransport(real, options.demoReader.transport, config.reader.demo);
    },

    loadTrustAnchors(config: KioskConfig, logger: Logger): Promise<TrustAnchors> {
      return loadTrustAnchors(resolveConfigPath(config.trustStoreFolder), config.trustStoreProfile, logger);
    },

    loadCodeTables(config: KioskConfig) {
      return loadOperatorCodeTables(resolveConfigPath(config.codeTableFolder));
    },

    // The audit log file (auditLogFile, relative to the config file like the folders), written in this process.
    async openAuditLog(config: KioskConfig, logger: Logger) {
      if (config.auditLogFile === null) return undefined;
      const path = resolveConfigPath(config.auditLogFile);
      logger.info('audit log', { path });
      return openAuditFile(path, { logger });
    },

    exitApp: () => options.exitApp(),
  };
}
