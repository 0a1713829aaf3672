import { render } from 'preact';
import type { Logger, RestrictedBrowser, TrustAnchors } from '../../kernel/api';
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
  const kernel = await createKernel({
    config,
    shellMessages,
    logSinks: [consoleSink],
    trustAnchors: (logger) => host.loadTrustAnchors(config, logger),
    ...(host.loadCodeTables ? { operatorCodeTables: await host.loadCodeTables(config) } : {}),
    ...(host.restrictedBrowser ? { restrictedBrowser: host.restrictedBrowser } : {}),
  });
  await kernel.plugins.load(await host.pluginSources(config));
  const transport = host.cardTransport(config);
  const anchors = await kernel.trustAnchors();
  render(
    <KioskApp
      services={{
        kernel,
        reader: new TransportReaderMonitor(transport, config.reader.name),
        cardReading: createCardSessionService(kernel, transport, config.reader.name),
        appVersion: host.appVersion,
        pcscServiceName: host.pcscServiceName,
        exitApp: () => host.exitApp(),
        ...(host.demo && config.reader.demo !== 'never' ? { demo: host.demo } : {}),
        testTrustStore: anchors.isTestProfile,
      }}
    />,
    root,
  );
  root.dataset.ready = 'true';
}
