import type { PluginSettings } from '../../kernel/api';

/**
 * What the operator can change without a release when the government page changes (manifest
 * `contributes.settings`, overridden in the kiosk config's `pluginSettings.revocation`). The defaults are
 * not verified against the live service: the address in use since 2026-01-05 is not known here, and the
 * selectors are guesses at an ASP.NET form. See README "Revocation inquiry settings".
 */
export interface InquirySettings {
  readonly serviceUrl: string;
  readonly numberSelector: string;
  readonly yearSelector: string;
  readonly monthSelector: string;
  readonly daySelector: string;
  readonly submitSelector: string;
  readonly antiAbuseSelector: string;
  readonly maintenanceStart: string;
  readonly maintenanceEnd: string;
  readonly timeoutSeconds: number;
}

export function readInquirySettings(settings: PluginSettings): InquirySettings {
  return {
    serviceUrl: settings.get<string>('serviceUrl'),
    numberSelector: settings.get<string>('numberSelector'),
    yearSelector: settings.get<string>('yearSelector'),
    monthSelector: settings.get<string>('monthSelector'),
    daySelector: settings.get<string>('daySelector'),
    submitSelector: settings.get<string>('submitSelector'),
    antiAbuseSelector: settings.get<string>('antiAbuseSelector'),
    maintenanceStart: settings.get<string>('maintenanceStart'),
    maintenanceEnd: settings.get<string>('maintenanceEnd'),
    timeoutSeconds: settings.get<number>('timeoutSeconds'),
  };
}

/**
 * The origin the inquiry may show: https, or plain http on 127.0.0.1 only (a local stand-in for tests).
 * Undefined for anything else, which the view reports as a configuration problem.
 */
export function serviceOrigin(serviceUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  if (url.protocol === 'https:') return url.origin;
  if (url.protocol === 'http:' && url.hostname === '127.0.0.1') return url.origin;
  return undefined;
}
