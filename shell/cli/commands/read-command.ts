import type { Kernel } from '../../../kernel/container/create-kernel';
import type { AuditLog } from '../../../kernel/audit/audit-log';
import { isValidCardNumber, KioskError, KioskErrorCode } from '../../../kernel/api';
import type { CardTransport, ReaderInfo } from '../../../kernel/smartcard/card-transport';
import { createCardSessionService, type CardReadOutcome } from '../../../kernel/session/card-session-service';

export interface ReadOptions {
  readonly reader: string;
  readonly cardNumber: string;
  readonly includeImages: boolean;
  readonly audit?: AuditLog;
}

/** One read through the same session service the kiosk uses; the number's format is checked before the card is touched. */
export async function readCard(kernel: Kernel, transport: CardTransport, options: ReadOptions): Promise<CardReadOutcome> {
  if (!isValidCardNumber(options.cardNumber)) {
    throw new KioskError(KioskErrorCode.wrongCardNumber, 'the card number must be 2 letters, 8 digits and 2 letters (half-width upper case)');
  }
  const session = createCardSessionService(kernel, transport, options.reader, options.audit);
  return session.readWithStats({ cardNumber: options.cardNumber });
}

/** The JSON document of a read: every field, verification with reasons, images as format and size. */
export function readOutcomeToJson(kernel: Kernel, outcome: CardReadOutcome, includeImages: boolean): unknown {
  const cardType = kernel.contributions.cardType(outcome.result.cardType)?.value;
  return {
    cardType: outcome.result.cardType,
    generation: cardType?.generation,
    family: cardType?.family,
    cardTypeName: cardType ? { ja: kernel.i18n.t(cardType.displayNameKey, { lng: 'ja' }), en: kernel.i18n.t(cardType.displayNameKey, { lng: 'en' }) } : undefined,
    reader: outcome.readerName,
    verification: {
      tamper: outcome.result.tamperCheck,
      issuer: outcome.result.issuerCheck,
    },
    fields: toJsonValue(outcome.result.details, includeImages),
    transfer: {
      apduCount: outcome.transfer.apduCount,
      bytesSent: outcome.transfer.bytesSent,
      bytesReceived: outcome.transfer.bytesReceived,
      cardMilliseconds: round(outcome.transfer.cardMilliseconds),
      totalMilliseconds: round(outcome.totalMilliseconds),
      apdus: outcome.transfer.apdus.map((apdu) => ({
        ins: apdu.ins.toString(16).toUpperCase().padStart(2, '0'),
        sw: apdu.sw?.toString(16).toUpperCase().padStart(4, '0'),
        sent: apdu.bytesSent,
        received: apdu.bytesReceived,
        milliseconds: round(apdu.milliseconds),
      })),
    },
  };
}

export function readersToJson(readers: readonly ReaderInfo[]): unknown {
  return { readers: readers.map((reader) => ({ name: reader.name, cardPresent: reader.cardPresent })) };
}

function toJsonValue(value: unknown, includeImages: boolean): unknown {
  if (value instanceof Uint8Array) return includeImages ? { byteLength: value.length, base64: toBase64(value) } : { byteLength: value.length };
  if (Array.isArray(value)) return value.map((entry) => toJsonValue(entry, includeImages));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toJsonValue(entry, includeImages)]));
  }
  return value;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function round(milliseconds: number): number {
  return Math.round(milliseconds * 100) / 100;
}
