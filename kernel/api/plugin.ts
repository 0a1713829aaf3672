import type { CardTypeReader } from './card';
import type { CodeTables } from './code-tables';
import type { Disposable } from './disposable';
import type { Logger } from './logger';
import type { PluginHostCapabilities } from './restricted-browser';
import type { TrustAnchors } from './trust';
import type { ResultPanelComponent, ViewComponent } from './ui';

export type Language = 'ja' | 'en';

export interface PluginI18n {
  /** Translates a key of this plugin's namespace; `other-ns:key` reaches another namespace. */
  t(key: string, options?: Record<string, unknown>): string;
  readonly language: Language;
}

export interface PluginSettings {
  /** The value of a setting this plugin declared in `contributes.settings`, or its default. */
  get<T = unknown>(key: string): T;
}

/**
 * What `activate(context)` receives: a narrow API. Plugins never see the container, the shell or each other,
 * except for the API a declared dependency returned from its own `activate`.
 */
export interface PluginContext {
  readonly name: string;
  readonly version: string;
  readonly logger: Logger;
  readonly i18n: PluginI18n;
  readonly settings: PluginSettings;
  /** Disposed when the plugin is deactivated. */
  readonly subscriptions: Disposable[];
  /** The API returned by `activate` of a plugin named in `extensionDependencies`. */
  dependencyApi<T>(pluginName: string): T;
  /** URL of a file inside this plugin's folder (images, help illustrations). */
  assetUrl(relativePath: string): string;
  /** The roots issuers are verified against (loaded once by the host; see kernel/trust). */
  trustAnchors(): Promise<TrustAnchors>;
  /** Code tables of every plugin, with the operator's own laid over them (e.g. nationality, status of residence). */
  readonly codeTables: CodeTables;
  /** Capabilities of the host (web kiosk, NW.js) that not every host has, e.g. a restricted browser view. */
  readonly host: PluginHostCapabilities;
  registerCardTypeReader(cardType: string, reader: CardTypeReader): Disposable;
  registerResultPanel(panelId: string, component: ResultPanelComponent): Disposable;
  registerView(viewId: string, component: ViewComponent): Disposable;
}

export interface PluginModule {
  activate(context: PluginContext): unknown;
  deactivate?(): void | Promise<void>;
}
