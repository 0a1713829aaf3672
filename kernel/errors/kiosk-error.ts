/**
 * Every failure the kiosk can show maps to one of these codes. The first group follows the error list of the
 * official app's manuals (Windows §8, iOS §7); the second group is ours. Screens never show raw exceptions:
 * an `errorMappings` contribution turns a code (or a card status word) into a message and a recovery action.
 */
export const KioskErrorCode = {
  alreadyRunning: 'ALREADY_RUNNING',
  internal: 'INTERNAL',
  readerNotFound: 'READER_NOT_FOUND',
  chipBroken: 'CHIP_BROKEN',
  notResidenceCard: 'NOT_RESIDENCE_CARD',
  cardReadFailed: 'CARD_READ_FAILED',
  cardNotDetected: 'CARD_NOT_DETECTED',
  cardCommunication: 'CARD_COMMUNICATION',
  wrongCardNumber: 'WRONG_CARD_NUMBER',
  pcscServiceDown: 'PCSC_SERVICE_DOWN',
  unsupportedCardType: 'UNSUPPORTED_CARD_TYPE',
  malformedCardData: 'MALFORMED_CARD_DATA',
  invalidConfig: 'INVALID_CONFIG',
  pluginFailed: 'PLUGIN_FAILED',
} as const;

export type KioskErrorCode = (typeof KioskErrorCode)[keyof typeof KioskErrorCode];

export interface KioskErrorOptions {
  /** ISO 7816 status word that caused the error, e.g. 0x6300. */
  readonly statusWord?: number;
  readonly cause?: unknown;
}

/**
 * An error that carries a mapped code. `message` is for operators and logs only: it must never contain
 * card data (numbers, names, image bytes), because logs leave the session.
 */
export class KioskError extends Error {
  readonly code: KioskErrorCode;
  readonly statusWord: number | undefined;

  constructor(code: KioskErrorCode, message: string, options: KioskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KioskError';
    this.code = code;
    this.statusWord = options.statusWord;
  }
}

export function isKioskError(value: unknown): value is KioskError {
  return value instanceof KioskError;
}

/** Wraps anything thrown into a KioskError, keeping an existing code. */
export function toKioskError(value: unknown, fallback: KioskErrorCode = KioskErrorCode.internal): KioskError {
  if (isKioskError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new KioskError(fallback, message, { cause: value });
}
