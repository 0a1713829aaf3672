import type { AuditRecorder } from '../audit/audit-log';
import type { AuditEvent } from '../audit/audit-record';
import { KioskError, KioskErrorCode, type KioskErrorCode as ErrorCode } from '../errors/kiosk-error';
import { bytesToHex, hexToBytes } from './bytes';
import type { CardServiceReply, CardServiceRequest, ConnectResult } from './card-service-protocol';
import type { CardConnection, CardTransport, ReaderInfo } from './card-transport';

type Pending = { resolve: (value: unknown) => void; reject: (error: unknown) => void };
type RequestBody = CardServiceRequest extends infer R ? (R extends CardServiceRequest ? Omit<R, 'id'> : never) : never;

const KNOWN_CODES = new Set<string>(Object.values(KioskErrorCode));

/**
 * The page's side of the card service bridge: a CardTransport over a WebSocket to the service on 127.0.0.1.
 * A lost socket fails what is in flight with "card read failed" and reconnects on the next use.
 */
export class WebSocketTransport implements CardTransport {
  private socket: WebSocket | undefined;
  private opening: Promise<WebSocket> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(readers: readonly ReaderInfo[]) => void>();

  /** `createSocket` exists for hosts and tests without a global WebSocket (Node 20). */
  constructor(
    private readonly url: string,
    private readonly createSocket: (url: string) => WebSocket = (address) => new WebSocket(address),
  ) {}

  async listReaders(): Promise<ReaderInfo[]> {
    return (await this.request({ op: 'listReaders' })) as ReaderInfo[];
  }

  async connect(readerName: string): Promise<CardConnection> {
    const { connection, atr } = (await this.request({ op: 'connect', reader: readerName })) as ConnectResult;
    let open = true;
    return {
      readerName,
      atr: hexToBytes(atr),
      transmit: async (command) => {
        if (!open) throw new KioskError(KioskErrorCode.cardReadFailed, 'connection closed');
        return hexToBytes((await this.request({ op: 'transmit', connection, apdu: bytesToHex(command) })) as string);
      },
      disconnect: async () => {
        if (!open) return;
        open = false;
        await this.request({ op: 'disconnect', connection }).catch(() => undefined);
      },
    };
  }

  /**
   * Sends one audit event to the card service, which checks it and appends it to the kiosk's audit log (the page
   * cannot write files). Resolves to false when the service keeps no audit log; rejects when it refused the event
   * or could not append it.
   */
  async recordAudit(event: AuditEvent): Promise<boolean> {
    return (await this.request({ op: 'audit', event })) === true;
  }

  /**
   * The kiosk's audit log as the page sees it: through the card service. A service that keeps none is reported
   * once (the first record fails); later records are not sent.
   */
  auditRecorder(): AuditRecorder {
    let serviceKeepsNone = false;
    return {
      record: async (event) => {
        if (serviceKeepsNone) return;
        if (await this.recordAudit(event)) return;
        serviceKeepsNone = true;
        throw new Error('the card service keeps no audit log: audit records are not kept');
      },
    };
  }

  onReadersChanged(listener: (readers: readonly ReaderInfo[]) => void): () => void {
    this.listeners.add(listener);
    void this.open().catch(() => undefined);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.socket?.close();
  }

  private async request(body: RequestBody): Promise<unknown> {
    const socket = await this.open();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ ...body, id }));
    });
  }

  private open(): Promise<WebSocket> {
    if (this.socket?.readyState === 1 /* OPEN */) return Promise.resolve(this.socket);
    this.opening ??= new Promise<WebSocket>((resolve, reject) => {
      const socket = this.createSocket(this.url);
      socket.onopen = () => {
        this.socket = socket;
        this.opening = undefined;
        resolve(socket);
      };
      socket.onerror = () => {
        this.opening = undefined;
        reject(new KioskError(KioskErrorCode.readerNotFound, 'the local card service is not reachable'));
      };
      socket.onclose = () => {
        this.socket = undefined;
        this.opening = undefined;
        for (const pending of this.pending.values()) pending.reject(new KioskError(KioskErrorCode.cardReadFailed, 'card service connection lost'));
        this.pending.clear();
      };
      socket.onmessage = (event) => this.receive(String(event.data));
    });
    return this.opening;
  }

  private receive(text: string): void {
    let reply: CardServiceReply;
    try {
      reply = JSON.parse(text) as CardServiceReply;
    } catch {
      return;
    }
    if ('event' in reply) {
      for (const listener of this.listeners) listener(reply.readers);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else {
      const code = (KNOWN_CODES.has(reply.error.code) ? reply.error.code : KioskErrorCode.internal) as ErrorCode;
      pending.reject(new KioskError(code, reply.error.message));
    }
  }
}
