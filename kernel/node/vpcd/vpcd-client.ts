import { createConnection, type Socket } from 'node:net';
import type { VirtualCard } from '../../smartcard/virtual-card';
import { encodeVpcdFrame, VPCD_DEFAULT_PORT, VpcdControl, VpcdFrameReader } from './vpcd-framing';

/**
 * Puts a VirtualCard into the "Virtual PCD" reader of vsmartcard-vpcd, so the whole PC/SC stack (pcscd, pcsclite,
 * any PC/SC application) sees it as a contactless card. vpcd listens (127.0.0.1:35963 for its first slot) and the
 * card connects as a client: connected = card in the reader, disconnected = card removed. A dropped connection is
 * retried with exponential backoff until close().
 */

export type VpcdClientEvent =
  | { readonly type: 'connecting'; readonly host: string; readonly port: number }
  | { readonly type: 'connected' }
  | { readonly type: 'disconnected'; readonly reason: string; readonly retryInMs: number | undefined }
  | { readonly type: 'power'; readonly state: 'on' | 'off' | 'reset' }
  | { readonly type: 'card-error'; readonly message: string };

export interface VpcdClientOptions {
  readonly host?: string;
  readonly port?: number;
  /** First retry delay; doubles per failed attempt up to maxReconnectDelayMs. */
  readonly initialReconnectDelayMs?: number;
  readonly maxReconnectDelayMs?: number;
  readonly onEvent?: (event: VpcdClientEvent) => void;
}

/** ISO 7816 "no precise diagnosis": the answer when the emulated card itself throws. */
const TECHNICAL_PROBLEM = Uint8Array.of(0x6f, 0x00);

export class VpcdClient {
  private readonly host: string;
  private readonly port: number;
  private readonly initialDelay: number;
  private readonly maxDelay: number;
  private socket: Socket | undefined;
  private readonly reader = new VpcdFrameReader();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private failedAttempts = 0;
  /** False while the card is "out of the reader" (removeCard) or after close(). */
  private wanted = true;
  private closed = false;
  /** Messages are answered strictly in order, also when the card answers asynchronously. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private card: VirtualCard,
    private readonly options: VpcdClientOptions = {},
  ) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? VPCD_DEFAULT_PORT;
    this.initialDelay = options.initialReconnectDelayMs ?? 250;
    this.maxDelay = options.maxReconnectDelayMs ?? 5000;
    this.connect();
  }

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.connecting && !this.socket.destroyed;
  }

  /** Simulates taking the card out of the reader: disconnects and stays away until insertCard(). */
  async removeCard(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    await this.disconnect();
    this.card.reset();
  }

  /** Puts the card (or another one) back into the reader. */
  insertCard(card: VirtualCard = this.card): void {
    if (this.closed) throw new Error('vpcd client is closed');
    this.card = card;
    this.wanted = true;
    this.failedAttempts = 0;
    if (!this.socket && !this.reconnectTimer) this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wanted = false;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    await this.disconnect();
  }

  private connect(): void {
    if (!this.wanted || this.socket) return;
    this.emit({ type: 'connecting', host: this.host, port: this.port });
    const socket = createConnection({ host: this.host, port: this.port });
    this.socket = socket;
    this.reader.clear();
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.failedAttempts = 0;
      this.emit({ type: 'connected' });
    });
    socket.on('data', (chunk: Buffer) => {
      for (const payload of this.reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
        this.queue = this.queue
          .then(() => this.handle(socket, payload))
          .catch((error: unknown) => this.emit({ type: 'card-error', message: error instanceof Error ? error.message : String(error) }));
      }
    });
    // 'error' is always followed by 'close'; the reason is reported there.
    let lastError: Error | undefined;
    socket.on('error', (error) => {
      lastError = error;
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.card.reset();
      const retryInMs = this.wanted ? this.nextDelay() : undefined;
      this.emit({ type: 'disconnected', reason: lastError?.message ?? 'closed by vpcd', retryInMs });
      if (retryInMs !== undefined) {
        this.reconnectTimer = setTimeout(() => {
          this.reconnectTimer = undefined;
          this.connect();
        }, retryInMs);
      }
    });
  }

  private async handle(socket: Socket, payload: Uint8Array): Promise<void> {
    if (payload.length === 1) {
      const control = payload[0];
      if (control === VpcdControl.getAtr) return this.send(socket, this.card.atr);
      if (control === VpcdControl.powerOn || control === VpcdControl.powerOff || control === VpcdControl.reset) {
        // Every power transition starts a fresh card session; none of them is answered.
        this.card.reset();
        this.emit({ type: 'power', state: control === VpcdControl.powerOn ? 'on' : control === VpcdControl.powerOff ? 'off' : 'reset' });
      }
      return;
    }
    let response: Uint8Array;
    try {
      response = await this.card.transmit(payload);
    } catch (error) {
      this.emit({ type: 'card-error', message: error instanceof Error ? error.message : String(error) });
      response = TECHNICAL_PROBLEM;
    }
    this.send(socket, response);
  }

  private send(socket: Socket, payload: Uint8Array): void {
    if (socket.destroyed || this.socket !== socket) return;
    socket.write(encodeVpcdFrame(payload));
  }

  private nextDelay(): number {
    const delay = Math.min(this.maxDelay, this.initialDelay * 2 ** this.failedAttempts);
    this.failedAttempts += 1;
    return delay;
  }

  private disconnect(): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  private emit(event: VpcdClientEvent): void {
    this.options.onEvent?.(event);
  }
}
