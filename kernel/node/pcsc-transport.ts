import type { EventEmitter } from 'node:events';
import type { Logger } from '../api/logger';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import type { CardConnection, CardTransport, ReaderInfo } from '../smartcard/card-transport';
import { mapPcscError } from './pcsc-error-mapping';
import { loadPcscLite, type PcscLiteFactory } from './pcsclite-loader';

/** The parts of pcsclite's CardReader this transport uses. */
interface PcscReader extends EventEmitter {
  readonly name: string;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_LEAVE_CARD: number;
  readonly SCARD_RESET_CARD: number;
  connect(options: { share_mode: number; protocol: number }, callback: (error: Error | undefined, protocol: number) => void): void;
  disconnect(disposition: number, callback: (error?: Error) => void): void;
  transmit(data: Buffer, responseLength: number, protocol: number, callback: (error: Error | undefined, data: Buffer) => void): void;
  close(): void;
}

interface ReaderEntry {
  readonly reader: PcscReader;
  state: number;
  atr: Uint8Array;
  /** Bumped on every card insertion or removal, so a connection knows its card went away. */
  cardGeneration: number;
  /** Settles once the last connection's card handle is given back; pcsclite holds one handle per reader. */
  released: Promise<void>;
}

/** Largest response: 65536 bytes of data for an extended Le of 0000, plus SW1 SW2. */
const MAX_RESPONSE = 65538;

/** The default of the config's reader.transmitTimeoutSeconds. */
const DEFAULT_TRANSMIT_TIMEOUT_MS = 10_000;

/** See PcscTransportOptions.renewEmptyContextAfterMs. */
const DEFAULT_RENEW_EMPTY_CONTEXT_AFTER_MS = 5_000;
/** Renewals that keep finding no reader back off, doubling up to this (a kiosk without a reader for days). */
const MAX_RENEW_EMPTY_CONTEXT_AFTER_MS = 5 * 60_000;

export interface PcscTransportOptions {
  readonly factory?: () => PcscLiteFactory;
  readonly logger?: Logger;
  /** How long to wait before re-establishing the PC/SC context after the service went away. */
  readonly reconnectDelayMs?: number;
  /** How long a fresh context may take to report its readers before listReaders answers. */
  readonly settleMs?: number;
  /** How long one APDU exchange may take before it fails with CARD_READ_FAILED (config: reader.transmitTimeoutSeconds). */
  readonly transmitTimeoutMs?: number;
  /**
   * A listing that finds no reader at all, from a context at least this old, first makes the context anew and
   * lists again (0: never). pcsclite learns of readers from PC/SC's plug-and-play notification, and it has been
   * seen to miss one — a reader plugged in again, or one already there when the app started (node-pcsclite #68,
   * nfc-pcsc #46) — which would leave an unattended kiosk without its reader until restarted. With no reader
   * there is no connection to lose. On demand (a read, a page load), not on a timer, and backing off (doubling
   * up to 5 minutes) while renewals keep finding nothing: pcsclite gives a closed context's socket back to pcscd
   * only when the garbage collector frees it, and closing one waits for its thread, so renewals must stay rare.
   */
  readonly renewEmptyContextAfterMs?: number;
}

/**
 * Readers through the system's PC/SC service (pcscd on Linux and macOS, the Smart Card service on Windows) via
 * the native pcsclite module. Survives a restart of the service: the context is re-established in the
 * background and readers come back with their events.
 */
export class PcscTransport implements CardTransport {
  private pcsc: (EventEmitter & { close(): void }) | undefined;
  private readonly readers = new Map<string, ReaderEntry>();
  private readonly listeners = new Set<(readers: readonly ReaderInfo[]) => void>();
  private serviceError: KioskError | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private lastEventAt = 0;
  private startedAt = 0;
  private closed = false;
  /** How old an empty context must be before a listing renews it; grows while renewals find nothing. */
  private renewEmptyAfterMs: number;

  constructor(private readonly options: PcscTransportOptions = {}) {
    this.renewEmptyAfterMs = options.renewEmptyContextAfterMs ?? DEFAULT_RENEW_EMPTY_CONTEXT_AFTER_MS;
  }

  async listReaders(): Promise<ReaderInfo[]> {
    this.ensureStarted();
    await this.settle();
    if (this.renewEmptyAfterMs > 0 && this.pcsc && this.readers.size === 0 && Date.now() - this.startedAt >= this.renewEmptyAfterMs) {
      this.options.logger?.debug('no reader listed: making the PC/SC context anew', { contextAgeMs: Date.now() - this.startedAt });
      this.teardown();
      this.ensureStarted();
      await this.settle();
      if (this.readers.size === 0) this.renewEmptyAfterMs = Math.max(Math.min(this.renewEmptyAfterMs * 2, MAX_RENEW_EMPTY_CONTEXT_AFTER_MS), this.renewEmptyAfterMs);
    }
    if (this.readers.size > 0) this.renewEmptyAfterMs = this.options.renewEmptyContextAfterMs ?? DEFAULT_RENEW_EMPTY_CONTEXT_AFTER_MS;
    if (this.serviceError) throw this.serviceError;
    return this.snapshot();
  }

  async connect(readerName: string): Promise<CardConnection> {
    const readers = await this.listReaders();
    const entry = this.readers.get(readerName);
    if (!entry || !readers.some((reader) => reader.name === readerName)) {
      throw new KioskError(KioskErrorCode.readerNotFound, `reader not found: ${readerName}`);
    }
    const { reader } = entry;
    const timeoutMs = this.options.transmitTimeoutMs ?? DEFAULT_TRANSMIT_TIMEOUT_MS;
    // Until then pcsclite still holds the previous handle, and its connect() would hand that one out again.
    if (!(await settlesWithin(entry.released, timeoutMs))) {
      throw new KioskError(KioskErrorCode.cardReadFailed, 'the previous exchange with the card has not ended');
    }
    const protocol = await new Promise<number>((resolve, reject) => {
      reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE, protocol: reader.SCARD_PROTOCOL_T1 | reader.SCARD_PROTOCOL_T0 }, (error, chosen) =>
        error ? reject(mapPcscError(error, KioskErrorCode.cardNotDetected)) : resolve(chosen),
      );
    });
    const generation = entry.cardGeneration;
    let open = true;
    // pcsclite cannot cancel SCardTransmit: an exchange that timed out goes on, and holds the reader, until the card
    // answers or leaves. The handle is given back (and the card reset) only after it, so that a late answer can never
    // reach the next session.
    let exchange: Promise<unknown> = Promise.resolve();
    let exchangeOutstanding = false;
    return {
      readerName,
      atr: entry.atr,
      transmit: async (command) => {
        if (!open) throw new KioskError(KioskErrorCode.cardReadFailed, 'connection closed');
        // The generation also moves when the service goes away: then that is the error to show.
        if (entry.cardGeneration !== generation) throw this.serviceError ?? new KioskError(KioskErrorCode.cardReadFailed, 'card removed');
        if (exchangeOutstanding) throw new KioskError(KioskErrorCode.cardReadFailed, 'the card has not answered the previous command');
        const answer = new Promise<Uint8Array>((resolve, reject) => {
          reader.transmit(Buffer.from(command), MAX_RESPONSE, protocol, (error, data) =>
            error ? reject(mapPcscError(error)) : resolve(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
          );
        });
        exchangeOutstanding = true;
        exchange = answer.then(
          () => (exchangeOutstanding = false),
          () => (exchangeOutstanding = false),
        );
        if (!(await settlesWithin(answer, timeoutMs))) {
          throw new KioskError(KioskErrorCode.cardReadFailed, `the card did not answer within ${timeoutMs} ms`);
        }
        return answer;
      },
      disconnect: () => {
        if (!open) return Promise.resolve();
        open = false;
        // Reset the card so that no authenticated state survives this session.
        entry.released = exchange.then(() => new Promise<void>((resolve) => reader.disconnect(reader.SCARD_RESET_CARD, () => resolve())));
        // A session that ends on a timeout does not wait for the card; the next connect() does.
        return exchangeOutstanding ? Promise.resolve() : entry.released;
      },
    };
  }

  onReadersChanged(listener: (readers: readonly ReaderInfo[]) => void): () => void {
    this.ensureStarted();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.teardown();
    this.listeners.clear();
  }

  private ensureStarted(): void {
    if (this.pcsc || this.closed || this.reconnectTimer) return;
    let factory: PcscLiteFactory;
    try {
      factory = (this.options.factory ?? loadPcscLite)();
    } catch (error) {
      this.serviceError = error instanceof KioskError ? error : mapPcscError(error, KioskErrorCode.readerNotFound);
      return;
    }
    try {
      this.pcsc = factory();
    } catch (error) {
      // SCardEstablishContext failed: the service is not running.
      this.serviceError = mapPcscError(error, KioskErrorCode.pcscServiceDown);
      this.scheduleReconnect();
      return;
    }
    this.serviceError = undefined;
    this.startedAt = Date.now();
    this.lastEventAt = this.startedAt;
    this.pcsc.on('reader', (reader: PcscReader) => this.addReader(reader));
    this.pcsc.on('error', (error: unknown) => {
      this.options.logger?.warn('PC/SC context lost', { reason: error instanceof Error ? error.message : String(error) });
      this.serviceError = mapPcscError(error, KioskErrorCode.pcscServiceDown);
      this.teardown();
      this.emit();
      this.scheduleReconnect();
    });
  }

  private addReader(reader: PcscReader): void {
    const entry: ReaderEntry = { reader, state: 0, atr: new Uint8Array(), cardGeneration: 0, released: Promise.resolve() };
    this.readers.set(reader.name, entry);
    this.lastEventAt = Date.now();
    reader.on('status', (status: { state: number; atr?: Buffer }) => {
      const wasPresent = (entry.state & reader.SCARD_STATE_PRESENT) !== 0;
      const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0;
      entry.state = status.state;
      if (status.atr) entry.atr = new Uint8Array(status.atr);
      if (wasPresent !== present) entry.cardGeneration += 1;
      this.lastEventAt = Date.now();
      this.emit();
    });
    reader.on('end', () => {
      entry.cardGeneration += 1;
      this.readers.delete(reader.name);
      this.emit();
    });
    reader.on('error', (error: unknown) => {
      this.options.logger?.warn('reader error', { reader: reader.name, reason: error instanceof Error ? error.message : String(error) });
    });
    this.emit();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.ensureStarted();
    }, this.options.reconnectDelayMs ?? 1000);
    this.reconnectTimer.unref?.();
  }

  private teardown(): void {
    for (const entry of this.readers.values()) {
      entry.cardGeneration += 1;
      entry.reader.removeAllListeners();
      // pcsclite keeps polling a reader until it is closed; its errors must not become uncaught exceptions.
      entry.reader.on('error', () => undefined);
      try {
        entry.reader.close();
      } catch {
        // Already gone with the service.
      }
    }
    this.readers.clear();
    const pcsc = this.pcsc;
    this.pcsc = undefined;
    if (pcsc) {
      pcsc.removeAllListeners();
      pcsc.on('error', () => undefined);
      try {
        pcsc.close();
      } catch {
        // Closing a context whose service is gone may fail; there is nothing left to release.
      }
    }
  }

  /** Waits until the fresh context has reported its readers and their first status (bounded). */
  private async settle(): Promise<void> {
    const settleMs = this.options.settleMs ?? 1500;
    while (this.pcsc && Date.now() - this.startedAt < settleMs) {
      const quiet = Date.now() - this.lastEventAt > 150;
      const allReported = [...this.readers.values()].every((entry) => entry.state !== 0);
      if (quiet && allReported && Date.now() - this.startedAt > 200) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private snapshot(): ReaderInfo[] {
    return [...this.readers.values()].map((entry) => ({
      name: entry.reader.name,
      cardPresent: (entry.state & entry.reader.SCARD_STATE_PRESENT) !== 0,
      demo: false,
    }));
  }

  private emit(): void {
    const readers = this.snapshot();
    for (const listener of this.listeners) listener(readers);
  }
}

/** Whether `promise` settles (either way) within `milliseconds`. */
async function settlesWithin(promise: Promise<unknown>, milliseconds: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), milliseconds);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}
