import type { CardReadRequest, CardReadResult } from '../api/card';
import type { Logger } from '../api/logger';
import type { AuditRecorder } from '../audit/audit-log';
import type { AuditEvent } from '../audit/audit-record';
import { KioskError, KioskErrorCode, toKioskError } from '../errors/kiosk-error';
import type { ContributionRegistry } from '../plugins/contribution-registry';
import type { ImplementationRegistry } from '../plugins/implementation-registry';
import type { PluginHost } from '../plugins/plugin-host';
import type { CardConnection, CardTransport, ReaderInfo } from '../smartcard/card-transport';
import { InstrumentedChannel, type TransferStats } from '../smartcard/instrumented-channel';
import type { CardReadingService } from './card-reading-service';
import { detectCardType } from './card-type-detection';

export interface CardReadOutcome {
  readonly result: CardReadResult;
  readonly readerName: string;
  readonly transfer: TransferStats;
  readonly totalMilliseconds: number;
}

export interface CardSessionDependencies {
  readonly transport: CardTransport;
  readonly plugins: PluginHost;
  readonly implementations: ImplementationRegistry;
  readonly contributions: ContributionRegistry;
  readonly logger: Logger;
  /** A reader name, or "auto": the first reader with a card, else the first reader. */
  readonly readerName: string;
  /** Receives one event per read, without personal data (see kernel/audit). */
  readonly audit?: AuditRecorder;
  /** How long a read waits for its audit record to be written before it goes on without (default 2 s). */
  readonly auditWaitMilliseconds?: number;
}

const AUDIT_WAIT_MS = 2000;

/** Thrown errors carry the card type once it is known, so status-word mappings of its plugin apply. */
export class CardSessionError extends KioskError {
  constructor(
    cause: KioskError,
    readonly cardType: string | undefined,
  ) {
    super(cause.code, cause.message, { statusWord: cause.statusWord, cause });
  }
}

/**
 * One read of one card: pick the reader, connect, detect the card type, activate the plugin for it
 * (`onCardType:<C1>`), let its reader run the protocol, disconnect. Nothing of the card is kept here.
 */
export class CardSessionService implements CardReadingService {
  constructor(private readonly deps: CardSessionDependencies) {}

  async read(request: CardReadRequest): Promise<CardReadResult> {
    return (await this.readWithStats(request)).result;
  }

  async readWithStats(request: CardReadRequest): Promise<CardReadOutcome> {
    const started = performance.now();
    let connection: CardConnection | undefined;
    let channel: InstrumentedChannel | undefined;
    let cardType: string | undefined;
    // Everything that can fail is inside: no reader, no card, the PC/SC service down are logged and audited too.
    try {
      const reader = this.pickReader(await this.deps.transport.listReaders());
      if (!reader.cardPresent) throw new KioskError(KioskErrorCode.cardNotDetected, 'no card on the reader');
      connection = await this.deps.transport.connect(reader.name);
      channel = new InstrumentedChannel(connection, request.signal);
      cardType = await detectCardType(channel);
      await this.deps.plugins.activateByEvent(`onCardType:${cardType}`);
      const typeReader = this.deps.implementations.cardTypeReaders.get(cardType)?.value;
      if (!typeReader) {
        throw this.deps.contributions.cardType(cardType)
          ? new KioskError(KioskErrorCode.unsupportedCardType, `no reader for card type ${cardType}`)
          : new KioskError(KioskErrorCode.notResidenceCard, `unknown card type ${cardType}`);
      }
      const result = await typeReader.read(channel, request);
      const transfer = channel.stats();
      this.deps.logger.info('card read', { cardType, apdus: transfer.apduCount, milliseconds: Math.round(performance.now() - started) });
      await this.audit({ event: 'card.read', cardType, tamper: result.tamperCheck.outcome, issuer: result.issuerCheck.outcome });
      return { result, readerName: reader.name, transfer, totalMilliseconds: performance.now() - started };
    } catch (error) {
      const kioskError = toKioskError(error);
      this.deps.logger.warn('card read failed', { cardType, code: kioskError.code, apdus: channel?.stats().apduCount ?? 0 });
      await this.audit({ event: 'card.error', ...(cardType ? { cardType } : {}), errorCode: kioskError.code });
      throw new CardSessionError(kioskError, cardType);
    } finally {
      await connection?.disconnect().catch(() => undefined);
    }
  }

  /**
   * An audit failure (a refused event included) is logged but never turns a read into an error, and a write that
   * hangs (a stalled disk, a card service that does not answer) does not hold the read: it goes on after a while.
   */
  private async audit(event: AuditEvent): Promise<void> {
    if (!this.deps.audit) return;
    const written = (async () => {
      try {
        await this.deps.audit?.record(event);
      } catch (error) {
        this.deps.logger.error('audit log write failed', { event: event.event, reason: error instanceof Error ? error.message : String(error) });
      }
      return 'written' as const;
    })();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), this.deps.auditWaitMilliseconds ?? AUDIT_WAIT_MS);
    });
    const outcome = await Promise.race([written, waited]);
    clearTimeout(timer);
    if (outcome === 'slow') this.deps.logger.warn('audit log write is slow: the read goes on without waiting for it', { event: event.event });
  }

  private pickReader(readers: readonly ReaderInfo[]): ReaderInfo {
    if (this.deps.readerName !== 'auto') {
      const named = readers.find((reader) => reader.name === this.deps.readerName);
      if (!named) throw new KioskError(KioskErrorCode.readerNotFound, 'the configured reader is not connected');
      return named;
    }
    const chosen = readers.find((reader) => reader.cardPresent) ?? readers[0];
    if (!chosen) throw new KioskError(KioskErrorCode.readerNotFound, 'no reader connected');
    return chosen;
  }
}

/** A session service over `transport` with the kernel's plugins and registries. */
export function createCardSessionService(
  kernel: Pick<CardSessionDependencies, 'plugins' | 'implementations' | 'contributions' | 'logger'>,
  transport: CardTransport,
  readerName: string,
  audit?: CardSessionDependencies['audit'],
): CardSessionService {
  return new CardSessionService({
    ...(audit ? { audit } : {}),
    transport,
    plugins: kernel.plugins,
    implementations: kernel.implementations,
    contributions: kernel.contributions,
    logger: kernel.logger,
    readerName,
  });
}
