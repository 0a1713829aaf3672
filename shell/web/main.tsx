import { builtinPlugins } from '../../plugins/builtin-plugins';
import { startKiosk } from '../app/bootstrap';
import { UrlPluginSource } from '../../kernel/plugins/url-plugin-source';
import { StaticReaderMonitor } from '../../kernel/reader/reader-monitor';
import { NoReaderCardReadingService } from '../../kernel/session/card-reading-service';

declare const __APP_VERSION__: string;

/**
 * The web host's page side: config and plugins come from the local web-kiosk server (127.0.0.1), which also
 * serves the built-in plugins' folders under plugins/<name>/.
 */
void startKiosk(document.getElementById('app')!, {
  appVersion: __APP_VERSION__,
  pcscServiceName: 'pcscd',
  async loadConfig() {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
    return response.json();
  },
  async pluginSources() {
    return Object.entries(builtinPlugins).map(([name, load]) => new UrlPluginSource(new URL(`plugins/${name}/`, document.baseURI).href, true, load));
  },
  reader: () => new StaticReaderMonitor(),
  cardReading: () => new NoReaderCardReadingService(),
  exitApp: () => window.location.reload(),
});
