import type { CardTypeReader } from '../api/card';
import { toDisposable, type Disposable } from '../api/disposable';
import type { CodeTables } from '../api/code-tables';
import type { Logger } from '../api/logger';
import type { PluginContext } from '../api/plugin';
import type { TrustAnchors } from '../api/trust';
import type { HostServices } from './tokens';
import type { ResultPanelComponent, ViewComponent } from '../api/ui';
import type { KioskConfig } from '../config/kiosk-config';
import type { I18nService } from '../i18n/i18n-service';
import type { ContributionRegistry } from './contribution-registry';
import type { Implementation, ImplementationRegistry } from './implementation-registry';
import type { PluginRecord } from './plugin-record';
import { normalisePluginPath } from './plugin-source';

export interface PluginContextServices {
  readonly i18n: I18nService;
  readonly logger: Logger;
  readonly config: KioskConfig;
  readonly contributions: ContributionRegistry;
  readonly implementations: ImplementationRegistry;
  readonly exportsOf: (pluginName: string) => unknown;
  readonly trustAnchors: () => Promise<TrustAnchors>;
  readonly codeTables: CodeTables;
  /** Optional host capabilities; missing ones are reported to plugins as undefined. */
  readonly hostServices?: HostServices;
}

/** Builds the narrow API one plugin receives in `activate`. Registrations must match the plugin's manifest. */
export function createPluginContext(record: PluginRecord, services: PluginContextServices): PluginContext {
  const manifest = record.manifest;
  if (!manifest) throw new Error(`plugin ${record.name} has no manifest`);
  const name = record.name;
  const translate = services.i18n.forNamespace(name);

  const register = <T>(map: Map<string, Implementation<T>>, point: string, id: string, value: T): Disposable => {
    if (!services.contributions.declaredIds(name, point).includes(id)) {
      throw new Error(`"${id}" is not declared in contributes.${point} of ${name}`);
    }
    const existing = map.get(id);
    if (existing && existing.pluginName !== name) throw new Error(`"${id}" is already registered by ${existing.pluginName}`);
    map.set(id, { pluginName: name, value });
    const registration = toDisposable(() => {
      if (map.get(id)?.pluginName === name) map.delete(id);
    });
    record.subscriptions.push(registration);
    return registration;
  };

  return {
    name,
    version: manifest.version,
    logger: services.logger.child(name),
    i18n: {
      t: translate,
      get language() {
        return services.i18n.language;
      },
    },
    settings: {
      get<T>(key: string): T {
        const declaration = services.contributions.settingsOf(name)[key];
        if (!declaration) throw new Error(`setting "${key}" is not declared in contributes.settings of ${name}`);
        const configured = services.config.pluginSettings[name]?.[key];
        return (configured === undefined ? declaration.default : configured) as T;
      },
    },
    subscriptions: record.subscriptions,
    dependencyApi<T>(pluginName: string): T {
      if (!manifest.extensionDependencies.includes(pluginName)) {
        throw new Error(`${pluginName} is not in extensionDependencies of ${name}`);
      }
      return services.exportsOf(pluginName) as T;
    },
    assetUrl: (relativePath) => record.source.assetUrl(normalisePluginPath(relativePath)),
    trustAnchors: services.trustAnchors,
    codeTables: { lookup: (tableId, code) => services.codeTables.lookup(tableId, code) },
    host: {
      restrictedBrowser: () => services.hostServices?.restrictedBrowser,
    },
    registerCardTypeReader: (cardType: string, reader: CardTypeReader) =>
      register(services.implementations.cardTypeReaders, 'cardTypes', cardType, reader),
    registerResultPanel: (panelId: string, component: ResultPanelComponent) =>
      register(services.implementations.resultPanels, 'resultPanels', panelId, component),
    registerView: (viewId: string, component: ViewComponent) => register(services.implementations.views, 'views', viewId, component),
  };
}
