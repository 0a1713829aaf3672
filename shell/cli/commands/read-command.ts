import type { Kernel } from '../../../kernel/container/create-kernel';
import type { AuditLog } from '../../../kernel/audit/audit-log';
import { isValidCardNumber, KioskError, KioskErrorCode } from '../../../kernel/api';
import type { KioskConfig } from '../../../kernel/config/kiosk-config';
import { openAuditFile } from '../../../kernel/node/audit-file';
import { PcscTransport } from '../../../kernel/node/pcsc-transport';
import type { CardTransport, ReaderInfo } from '../../../kernel/smartcard/card-transport';
import { createCardSessionService, type CardReadOutcome } from '../../../kernel/session/card-session-service';
import { createNodeKernel, describeCliError } from '../node-kernel';

/** One `zairyu read`, given a kernel and a transport. */
export interface ReadRequest {
  /** A reader name, or "auto". */
  readonly reader: string;
  readonly cardNumber: string;
  /** Appends one record to this audit log file. */
  readonly auditLog?: string;
  readonly includeImages: boolean;
  /** Errors as a JSON document on stdout (else a line on stderr). */
  readonly json: boolean;
}

export interface ReadCommandOptions extends Omit<ReadRequest, 'reader'> {
  /** dist/web: the built-in plugins' files. */
  readonly webRoot: string;
  readonly config: KioskConfig;
  /** The config's reader when omitted. */
  readonly reader?: string;
  readonly trustStore?: string;
  readonly testTrustStore?: string;
}

/** Where a command writes: its result document (stdout) and diagnostics (stderr). */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

/** The config with the trust-store options of `read` and `readers` applied. */
export function withTrustStoreOptions(config: KioskConfig, options: Pick<ReadCommandOptions, 'trustStore' | 'testTrustStore'>): KioskConfig {
  return {
    ...config,
    ...(options.trustStore ? { trustStoreFolder: options.trustStore } : {}),
    ...(options.testTrustStore ? { trustStoreFolder: options.testTrustStore, trustStoreProfile: 'test' as const } : {}),
  };
}

/** `zairyu read`: its own kernel and PC/SC context for one read, released afterwards. Returns the exit code. */
export async function runReadCommand(options: ReadCommandOptions, output: CommandOutput): Promise<number> {
  const kernel = await createNodeKernel(options.webRoot, withTrustStoreOptions(options.config, options));
  const transport = new PcscTransport({ logger: kernel.logger, transmitTimeoutMs: options.config.reader.transmitTimeoutSeconds * 1000 });
  try {
    return await readAndReport(kernel, transport, { ...options, reader: options.reader ?? options.config.reader.name }, output);
  } finally {
    await transport.close();
  }
}

/**
 * The read and its report as `zairyu read` does them: the JSON document on success, the error document (or
 * line) on failure. Returns the exit code. Long-lived callers (the soak test) run it over and over on one
 * kernel and transport.
 */
export async function readAndReport(kernel: Kernel, transport: CardTransport, request: ReadRequest, output: CommandOutput): Promise<number> {
  try {
    const outcome = await readCard(kernel, transport, {
      reader: request.reader,
      cardNumber: request.cardNumber,
      includeImages: request.includeImages,
      ...(request.auditLog ? { audit: await openAuditFile(request.auditLog) } : {}),
    });
    output.out(JSON.stringify(readOutcomeToJson(kernel, outcome, request.includeImages), null, 2));
    return 0;
  } catch (error) {
    const described = describeCliError(error, kernel);
    if (request.json) output.out(JSON.stringify(described, null, 2));
    else output.err(`error ${described.error.code}: ${described.error.message.en} / ${described.error.message.ja}`);
    return 1;
  }
}

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
