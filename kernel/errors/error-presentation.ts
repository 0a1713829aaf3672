import type { ContributionRegistry } from '../plugins/contribution-registry';
import type { ErrorAction } from '../plugins/points/error-mappings';
import { KioskErrorCode, toKioskError } from './kiosk-error';

/** What the error dialog shows and does; built from a plugin's `errorMappings` or the kernel's defaults. */
export interface ErrorPresentation {
  readonly code: KioskErrorCode;
  readonly messageKey: string;
  readonly detailKey: string | undefined;
  readonly helpUrl: string | undefined;
  readonly action: ErrorAction;
}

const REGION_OFFICES = 'https://www.moj.go.jp/isa/about/region/index.html';
const REISSUE = 'https://www.moj.go.jp/isa/applications/procedures/nyuukokukanri10_00012.html';

/** The manual's recovery for each error (Windows §8, iOS §7), where no plugin says otherwise. */
const DEFAULTS: Record<KioskErrorCode, { action: ErrorAction; helpUrl?: string; detail?: boolean }> = {
  ALREADY_RUNNING: { action: 'exitApp' },
  INTERNAL: { action: 'returnToTop' },
  READER_NOT_FOUND: { action: 'returnToTop' },
  CHIP_BROKEN: { action: 'returnToTop', helpUrl: REISSUE },
  NOT_RESIDENCE_CARD: { action: 'returnToTop' },
  CARD_READ_FAILED: { action: 'retry', helpUrl: REGION_OFFICES },
  CARD_NOT_DETECTED: { action: 'retry', helpUrl: REGION_OFFICES },
  CARD_COMMUNICATION: { action: 'retry', helpUrl: REGION_OFFICES },
  WRONG_CARD_NUMBER: { action: 'reenterNumber' },
  PCSC_SERVICE_DOWN: { action: 'returnToTop', detail: true },
  UNSUPPORTED_CARD_TYPE: { action: 'returnToTop' },
  MALFORMED_CARD_DATA: { action: 'retry', helpUrl: REGION_OFFICES },
  INVALID_CONFIG: { action: 'exitApp' },
  PLUGIN_FAILED: { action: 'returnToTop' },
};

export function presentError(error: unknown, registry: ContributionRegistry, cardType?: string): ErrorPresentation {
  const kioskError = toKioskError(error);
  const options: { statusWord?: number; cardType?: string } = {};
  if (kioskError.statusWord !== undefined) options.statusWord = kioskError.statusWord;
  if (cardType !== undefined) options.cardType = cardType;
  const mapping = registry.errorMapping(kioskError.code, options)?.value;
  const fallback = DEFAULTS[kioskError.code] ?? DEFAULTS[KioskErrorCode.internal];
  if (mapping) {
    return {
      code: kioskError.code,
      messageKey: mapping.messageKey,
      detailKey: mapping.detailKey,
      helpUrl: mapping.helpUrl,
      action: mapping.action,
    };
  }
  return {
    code: kioskError.code,
    messageKey: `kiosk:errors.${kioskError.code}.message`,
    detailKey: fallback.detail ? `kiosk:errors.${kioskError.code}.detail` : undefined,
    helpUrl: fallback.helpUrl,
    action: fallback.action,
  };
}
