import { builtinPlugins } from '../../plugins/builtin-plugins';
import { startKiosk } from '../app/bootstrap';
import { UrlPluginSource } from '../../kernel/plugins/url-plugin-source';
import {
  EXTERNAL_PLUGIN_CATALOGUE_PATH,
  pluginSourcesFromCatalogue,
  unavailableCatalogue,
  type ExternalPluginCatalogue,
} from '../../kernel/plugins/signing/external-plugin-catalogue';
import { DemoFallbackTransport } from '../../kernel/smartcard/demo-fallback-transport';
import { WebSocketTransport } from '../../kernel/smartcard/websocket-transport';
import { CARD_SERVICE_PATH } from '../../kernel/smartcard/card-service-protocol';
import { NO_TRUST_ANCHORS } from '../../kernel/api';
import { TrustStore } from '../../kernel/trust/trust-store';
import { reportTrustStore } from '../../kernel/trust/report-trust-store';
import { NO_OPERATOR_CODE_TABLES, parseOperatorCodeTables, type CodeTableFile } from '../../kernel/code-tables/operator-code-tables';
import { createDemoReader } from './demo-reader';
import { createRestrictedFrameBrowser } from './restricted-frame';

declare const __APP_VERSION__: string;

/**
 * The web host's page side: config, plugins and the trust store's files come from the local web-kiosk server
 * (127.0.0.1); readers come through its card service, which needs the token the launcher put in the address's
 * fragment (read once, then removed from the address bar).
 */
const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
if (token) window.history.replaceState(null, '', window.location.pathname);
const { transport: demoTransport, demo } = createDemoReader();
// Real readers, and the way to the audit log (the page cannot write files: the server appends what it sends).
const cardService = token ? new WebSocketTransport(`ws://${window.location.host}${CARD_SERVICE_PATH}?token=${encodeURIComponent(token)}`) : undefined;

void startKiosk(document.getElementById('app')!, {
  appVersion: __APP_VERSION__,
  pcscServiceName: 'pcscd',
  demo,
  // The revocation inquiry's view: a sandboxed frame on the server's loopback proxy (when it runs one).
  restrictedBrowser: createRestrictedFrameBrowser({ infoUrl: 'restricted-frame.json' }),
  async loadConfig() {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
    return response.json();
  },
  async pluginSources() {
    const builtins = Object.entries(builtinPlugins).map(([name, load]) => new UrlPluginSource(new URL(`plugins/${name}/`, document.baseURI).href, true, load));
    return [...builtins, ...pluginSourcesFromCatalogue(await externalPluginCatalogue(), document.baseURI)];
  },
  cardTransport(config) {
    return new DemoFallbackTransport(cardService, demoTransport, config.reader.demo);
  },
  // Without the token (a browser opened on the address by hand: the demo only) the page keeps no audit log.
  async openAuditLog(config) {
    return cardService && config.auditLogFile !== null ? cardService.auditRecorder() : undefined;
  },
  async loadTrustAnchors(_config, logger) {
    const response = await fetch('trust-store.json', { cache: 'no-store' });
    if (!response.ok) return NO_TRUST_ANCHORS;
    const document = (await response.json()) as { profile: 'production' | 'test'; files: { name: string; base64: string }[] };
    const files = document.files.map((file) => ({ name: file.name, bytes: Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0)) }));
    if (document.profile === 'test') return TrustStore.forTesting(files);
    const store = await TrustStore.forProduction({ list: async () => files });
    reportTrustStore(store, logger);
    return store;
  },
  async loadCodeTables() {
    // The server reads the operator's folder; the page validates each file itself, as it does everything else.
    const response = await fetch('code-tables.json', { cache: 'no-store' });
    if (!response.ok) return { ...NO_OPERATOR_CODE_TABLES, problems: [`code-tables.json: HTTP ${response.status}`] };
    const document = (await response.json()) as { source: string; files: CodeTableFile[]; problem?: string };
    const parsed = parseOperatorCodeTables(document.source, document.files);
    return document.problem === undefined ? parsed : { ...parsed, problems: [document.problem, ...parsed.problems] };
  },
  exitApp: () => window.location.reload(),
});

/** The server's plugin folders; a catalogue that cannot be fetched or parsed shows as a refused plugin. */
async function externalPluginCatalogue(): Promise<ExternalPluginCatalogue> {
  try {
    const response = await fetch(EXTERNAL_PLUGIN_CATALOGUE_PATH, { cache: 'no-store' });
    if (!response.ok) return unavailableCatalogue(`${EXTERNAL_PLUGIN_CATALOGUE_PATH}: HTTP ${response.status}`);
    const catalogue = (await response.json()) as Partial<ExternalPluginCatalogue> | null;
    if (!Array.isArray(catalogue?.plugins) || !Array.isArray(catalogue.publishers?.files)) return unavailableCatalogue(`${EXTERNAL_PLUGIN_CATALOGUE_PATH}: not a plugin catalogue`);
    return catalogue as ExternalPluginCatalogue;
  } catch (error) {
    return unavailableCatalogue(`${EXTERNAL_PLUGIN_CATALOGUE_PATH}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
