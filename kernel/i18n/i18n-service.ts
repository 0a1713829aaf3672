import i18next, { type i18n as I18next } from 'i18next';
import type { Language } from '../api/plugin';

export type MessageTree = { [key: string]: string | MessageTree };

export const SHELL_NAMESPACE = 'kiosk';
export const LANGUAGES: readonly Language[] = ['ja', 'en'];

/**
 * One i18next instance for the kiosk: the shell's messages in the `kiosk` namespace, each plugin's in a
 * namespace named after the plugin. Missing keys are reported, not silently shown as keys.
 */
export class I18nService {
  private readonly instance: I18next = i18next.createInstance();
  private readonly listeners = new Set<(language: Language) => void>();
  private readonly missing = new Set<string>();

  async init(language: Language, shellResources: Record<Language, MessageTree>): Promise<void> {
    await this.instance.init({
      lng: language,
      fallbackLng: false,
      supportedLngs: [...LANGUAGES],
      ns: [SHELL_NAMESPACE],
      defaultNS: SHELL_NAMESPACE,
      resources: { ja: { [SHELL_NAMESPACE]: shellResources.ja }, en: { [SHELL_NAMESPACE]: shellResources.en } },
      interpolation: { escapeValue: false },
      returnNull: false,
      saveMissing: true,
      missingKeyHandler: (_languages, namespace, key) => {
        this.missing.add(`${namespace}:${key}`);
      },
      initAsync: false,
    });
    this.instance.on('languageChanged', (next) => {
      for (const listener of this.listeners) listener(next as Language);
    });
  }

  addNamespace(namespace: string, language: Language, messages: MessageTree): void {
    this.instance.addResourceBundle(language, namespace, messages, true, true);
  }

  get language(): Language {
    return (this.instance.language as Language | undefined) ?? 'ja';
  }

  async setLanguage(language: Language): Promise<void> {
    await this.instance.changeLanguage(language);
  }

  t(key: string, options?: Record<string, unknown>): string {
    return this.instance.t(key, options ?? {}) as string;
  }

  /** A translator bound to one namespace (what a plugin receives). */
  forNamespace(namespace: string): (key: string, options?: Record<string, unknown>) => string {
    return (key, options) => this.instance.t(key.includes(':') ? key : `${namespace}:${key}`, options ?? {}) as string;
  }

  exists(key: string, language?: Language): boolean {
    return this.instance.exists(key, language ? { lng: language } : {});
  }

  onLanguageChanged(listener: (language: Language) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keys that were asked for but not found, e.g. `kiosk:top.title`. */
  missingKeys(): readonly string[] {
    return [...this.missing];
  }
}
