import { KioskError, KioskErrorCode } from '../errors/kiosk-error';

/**
 * PC/SC return codes as pcsclite reports them ("SCardTransmit error: Card was removed.(0x80100069)"), mapped
 * to the manual's errors. Codes from pcsc-lite's pcsclite.h / WinSCard.
 */
const BY_CODE: Record<number, KioskErrorCode> = {
  0x8010001d: KioskErrorCode.pcscServiceDown, // SCARD_E_NO_SERVICE
  0x8010001e: KioskErrorCode.pcscServiceDown, // SCARD_E_SERVICE_STOPPED
  0x80100006: KioskErrorCode.pcscServiceDown, // SCARD_E_NO_MEMORY / context lost after a restart
  0x80100003: KioskErrorCode.pcscServiceDown, // SCARD_E_INVALID_HANDLE (context died with the service)
  0x80100013: KioskErrorCode.pcscServiceDown, // SCARD_F_COMM_ERROR ("RPC transport error": pcscd went away mid-call)
  0x8010002e: KioskErrorCode.readerNotFound, // SCARD_E_NO_READERS_AVAILABLE
  0x80100009: KioskErrorCode.readerNotFound, // SCARD_E_UNKNOWN_READER
  0x80100017: KioskErrorCode.readerNotFound, // SCARD_E_READER_UNAVAILABLE
  0x8010000c: KioskErrorCode.cardNotDetected, // SCARD_E_NO_SMARTCARD
  0x80100069: KioskErrorCode.cardReadFailed, // SCARD_W_REMOVED_CARD
  0x80100068: KioskErrorCode.cardReadFailed, // SCARD_W_RESET_CARD
  0x80100067: KioskErrorCode.cardReadFailed, // SCARD_W_UNPOWERED_CARD
  0x80100066: KioskErrorCode.cardNotDetected, // SCARD_W_UNRESPONSIVE_CARD
  // A failed exchange is the Windows manual's error (6), "カードが読み取れません もう一度かざしてください".
  0x8010000a: KioskErrorCode.cardReadFailed, // SCARD_E_TIMEOUT
  0x8010000f: KioskErrorCode.cardReadFailed, // SCARD_E_PROTO_MISMATCH
  0x80100016: KioskErrorCode.cardReadFailed, // SCARD_E_NOT_TRANSACTED (e.g. the card left the field mid-exchange)
  0x80100008: KioskErrorCode.cardReadFailed, // SCARD_E_INSUFFICIENT_BUFFER
  // Another application holds the reader: the manual asks not to run one (3.2 (1)); "check the reader".
  0x8010000b: KioskErrorCode.readerNotFound, // SCARD_E_SHARING_VIOLATION
};

export function pcscErrorCode(error: unknown): number | undefined {
  const match = /\(0x([0-9a-f]{8})\)/i.exec(error instanceof Error ? error.message : String(error));
  return match ? Number.parseInt(match[1]!, 16) : undefined;
}

export function mapPcscError(error: unknown, fallback: KioskErrorCode = KioskErrorCode.cardReadFailed): KioskError {
  if (error instanceof KioskError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = pcscErrorCode(error);
  return new KioskError((code !== undefined && BY_CODE[code]) || fallback, `PC/SC: ${message}`, { cause: error });
}
