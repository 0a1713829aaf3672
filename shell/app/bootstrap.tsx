import { render } from 'preact';
import type { Logger, RestrictedBrowser, TrustAnchors } from '../../kernel/api';
import { loggingAuditRecorder, type AuditRecorder } from '../../kernel/audit/audit-log';
import { pluginAuditCheck } from '../../kernel/audit/plugin-audit';
import { validateKioskConfig, type KioskConfig } from '../../kernel/config/kiosk-config';
import { createKernel } from '../../kernel/container/create-kernel';
import { isKioskError, KioskError, KioskErrorCode } from '../../kernel/errors/kiosk-error';
import { consoleSink } from '../../kernel/logging/logger-service';
import type { PluginSource } from '../../kernel/plugins/plugin-source';
import type { OperatorCodeTables } from '../../kernel/code-tables/operator-code-tables';
import { TransportReaderMonitor } from '../../kernel/reader/transport-reader-monitor';
import { createCardSessionService } from '../../kernel/session/card-session-service';
import type { CardTransport } from '../../kernel/smartcard/card-transport';
import type { DemoReader } from './demo-reader';
import { KioskApp } from './kiosk-app';
import type { SessionWipeReason } from '../../kernel/audit/audit-record';
import { installLockdown } from './lockdown';
import { ConfigErrorScreen } from './screens/config-error-screen';
import { shellMessages } from './shell-messages';

/** What a host (web kiosk, NW.js) provides to start the shell. */
export interface KioskHost {
  /** The raw config (parsed JSON); the kernel validates it. */
  loadConfig(): Promise<unknown>;
  pluginSources(config: KioskConfig): Promise<PluginSource[]>;
  /** Readers: real ones (PC/SC directly or through the card service) and, by config, the demo reader. */
  cardTransport(config: KioskConfig): CardTransport;
  loadTrustAnchors(config: KioskConfig, logger: Logger): Promise<TrustAnchors>;
  /** The operator's code tables (config codeTableFolder); none when omitted. */
  loadCodeTables?(config: KioskConfig): Promise<OperatorCodeTables>;
  readonly demo?: DemoReader;
  /** The host's restricted browser view for plugins (e.g. the revocation inquiry); none when omitted. */
  readonly restrictedBrowser?: RestrictedBrowser;
  /**
   * The kiosk's audit log (config auditLogFile, kernel/audit): the start, every read's outcome, every wipe and every
   * plugin taken out of service, without personal data. Undefined, or omitted: this kiosk keeps none (the web
   * page without the card service's token, the demo only).
   */
  openAuditLog?(config: KioskConfig, logger: Logger): Promise<AuditRecorder | undefined>;
  readonly appVersion: string;
  readonly pcscServiceName: string;
  exitApp(): void;
}

/** Starts the kiosk in `root`; a bad config shows the config error screen instead of the kiosk. */
export async function startKiosk(root: HTMLElement, host: KioskHost): Promise<void> {
  installLockdown(window);
  let config: KioskConfig;
  try {
    config = validateKioskConfig(await host.loadConfig(), 'kiosk config');
  } catch (error) {
    const kioskError = isKioskError(error) ? error : new KioskError(KioskErrorCode.invalidConfig, String(error));
    render(<ConfigErrorScreen error={kioskError} />, root);
    return;
  }
  // Plugins are taken out of service with an error in the log: that is when the audit looks at their states.
  let checkPlugins: (() => void) | undefined;
  const kernel = await createKernel({
    config,
    shellMessages,
    logSinks: [
      consoleSink,
      (record) => {
        if (record.level === 'error') checkPlugins?.();
      },
    ],
    trustAnchors: (logger) => host.loadTrustAnchors(config, logger),
    ...(host.loadCodeTables ? { operatorCodeTables: await host.loadCodeTables(config) } : {}),
    ...(host.restrictedBrowser ? { restrictedBrowser: host.restrictedBrowser } : {}),
  });
  const audit = await openAudit(host, config, kernel.logger);
  if (audit) {
    void audit.record({ event: 'app.start' });
    checkPlugins = pluginAuditCheck(kernel.plugins, audit);
  }
  await kernel.plugins.load(await host.pluginSources(config));
  checkPlugins?.();
  const transport = host.cardTransport(config);
  const anchors = await kernel.trustAnchors();
  render(
    <KioskApp
      services={{
        kernel,
        reader: new TransportReaderMonitor(transport, config.reader.name),
        cardReading: createCardSessionService(kernel, transport, config.reader.name, audit),
        appVersion: host.appVersion,
        pcscServiceName: host.pcscServiceName,
        exitApp: () => host.exitApp(),
        ...(host.demo && config.reader.demo !== 'never' ? { demo: host.demo } : {}),
        testTrustStore: anchors.isTestProfile,
      }}
      {...(audit ? { onWipe: (reason: SessionWipeReason) => void audit.record({ event: 'session.wiped', reason }) } : {})}
    />,
    root,
  );
  root.dataset.ready = 'true';
}

/** The host's audit log, wrapped so that its failures are logged and never fail the kiosk; undefined: none. */
async function openAudit(host: KioskHost, config: KioskConfig, logger: Logger): Promise<AuditRecorder | undefined> {
  let recorder: AuditRecorder | undefined;
  try {
    recorder = await host.openAuditLog?.(config, logger);
  } catch (error) {
    logger.error('audit log cannot be opened', { reason: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
  if (!recorder) {
    logger.info('no audit log', { reason: config.auditLogFile === null ? 'auditLogFile is null' : 'this host keeps none' });
    return undefined;
  }
  return loggingAuditRecorder(recorder, logger);
}
