import { Container, type ContainerModule } from 'inversify';
import type { Language } from '../api/plugin';
import type { Logger } from '../api/logger';
import { NO_TRUST_ANCHORS, type TrustAnchors } from '../api/trust';
import type { RestrictedBrowser } from '../api/restricted-browser';
import type { KioskConfig } from '../config/kiosk-config';
import { I18nService, type MessageTree } from '../i18n/i18n-service';
import { LoggerService, type LogSink } from '../logging/logger-service';
import { ContributionRegistry } from '../plugins/contribution-registry';
import { ImplementationRegistry } from '../plugins/implementation-registry';
import { PluginHost } from '../plugins/plugin-host';
import { CodeTableService } from '../code-tables/code-table-service';
import type { OperatorCodeTables } from '../code-tables/operator-code-tables';
import { kernelModule } from './kernel-module';

export interface KernelOptions {
  readonly config: KioskConfig;
  readonly shellMessages: Record<Language, MessageTree>;
  readonly logSinks?: LogSink[];
  /** Host-specific bindings (card transports, file access, clocks). */
  readonly modules?: readonly ContainerModule[];
  /** Loads the trust anchors for issuer checks (once; the result is cached). Defaults to none. */
  readonly trustAnchors?: (logger: Logger) => Promise<TrustAnchors>;
  /** The host's restricted browser view for plugins (PluginContext.host.restrictedBrowser()); none by default. */
  readonly restrictedBrowser?: RestrictedBrowser;
  /** The operator's code tables (config codeTableFolder), laid over the plugins' tables. None by default. */
  readonly operatorCodeTables?: OperatorCodeTables;
}

/** The running kernel: the container and the services every host needs at hand. */
export interface Kernel {
  readonly container: Container;
  readonly config: KioskConfig;
  readonly logger: LoggerService;
  readonly i18n: I18nService;
  readonly plugins: PluginHost;
  readonly contributions: ContributionRegistry;
  readonly implementations: ImplementationRegistry;
  /** The trust anchors issuers are verified against (loaded on first use, then cached). */
  readonly trustAnchors: () => Promise<TrustAnchors>;
  readonly codeTables: CodeTableService;
}

export async function createKernel(options: KernelOptions): Promise<Kernel> {
  const logger = new LoggerService({ level: options.config.logLevel, capacity: 500, sinks: options.logSinks ?? [] });
  const i18n = new I18nService();
  await i18n.init(options.config.language, options.shellMessages);
  const container = new Container({ defaultScope: 'Singleton' });
  let anchors: Promise<TrustAnchors> | undefined;
  const trustAnchors = () => (anchors ??= options.trustAnchors ? options.trustAnchors(logger.child('trust')) : Promise.resolve(NO_TRUST_ANCHORS));
  const hostServices = options.restrictedBrowser ? { restrictedBrowser: options.restrictedBrowser } : {};
  const operatorCodeTables = options.operatorCodeTables;
  for (const problem of operatorCodeTables?.problems ?? []) logger.child('code-tables').warn('code table file refused', { source: operatorCodeTables?.source, problem });
  await container.load(
    kernelModule(container, { config: options.config, logger, i18n, trustAnchors, hostServices, ...(operatorCodeTables ? { operatorCodeTables } : {}) }),
    ...(options.modules ?? []),
  );
  return {
    container,
    config: options.config,
    logger,
    i18n,
    plugins: container.get(PluginHost),
    contributions: container.get(ContributionRegistry),
    implementations: container.get(ImplementationRegistry),
    trustAnchors,
    codeTables: container.get(CodeTableService),
  };
}
