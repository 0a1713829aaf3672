import { render } from 'preact';
import { createKernel } from '../../kernel/container/create-kernel';
import { consoleSink } from '../../kernel/logging/logger-service';
import { isKioskError, KioskError, KioskErrorCode } from '../../kernel/errors/kiosk-error';
import { validateKioskConfig } from '../../kernel/config/kiosk-config';
import type { PluginSource } from '../../kernel/plugins/plugin-source';
import type { ReaderMonitor } from '../../kernel/reader/reader-monitor';
import type { CardReadingService } from '../../kernel/session/card-reading-service';
import type { KioskConfig } from '../../kernel/config/kiosk-config';
import { KioskApp } from './kiosk-app';
import { installLockdown } from './lockdown';
import { ConfigErrorScreen } from './screens/config-error-screen';
import { shellMessages } from './shell-messages';

/** What a host (web kiosk, NW.js) provides to start the shell. */
export interface KioskHost {
  /** The raw config (parsed JSON); the kernel validates it. */
  loadConfig(): Promise<unknown>;
  pluginSources(config: KioskConfig): Promise<PluginSource[]>;
  reader(config: KioskConfig): ReaderMonitor;
  cardReading(config: KioskConfig): CardReadingService;
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
  const kernel = await createKernel({ config, shellMessages, logSinks: [consoleSink] });
  await kernel.plugins.load(await host.pluginSources(config));
  render(
    <KioskApp
      services={{
        kernel,
        reader: host.reader(config),
        cardReading: host.cardReading(config),
        appVersion: host.appVersion,
        pcscServiceName: host.pcscServiceName,
        exitApp: () => host.exitApp(),
      }}
    />,
    root,
  );
  root.dataset.ready = 'true';
}
