import { KioskError, KioskErrorCode } from '../errors/kiosk-error';

/** Every decoding failure is the card's data being malformed; the message names the fault, never the content. */
export function malformedImage(reason: string, cause?: unknown): KioskError {
  return new KioskError(KioskErrorCode.malformedCardData, `card image: ${reason}`, cause === undefined ? {} : { cause });
}
