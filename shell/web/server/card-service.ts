import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../../kernel/api/logger';
import type { AuditRecorder } from '../../../kernel/audit/audit-log';
import { auditEventProblem, type AuditEvent } from '../../../kernel/audit/audit-record';
import { KioskError, KioskErrorCode, toKioskError } from '../../../kernel/errors/kiosk-error';
import { bytesToHex, hexToBytes } from '../../../kernel/smartcard/bytes';
import { CARD_SERVICE_MAX_FRAME, CARD_SERVICE_PATH, type CardServiceRequest } from '../../../kernel/smartcard/card-service-protocol';
import type { CardConnection, CardTransport } from '../../../kernel/smartcard/card-transport';

export interface CardServiceOptions {
  readonly server: Server;
  readonly transport: CardTransport;
  /** The per-launch secret the page must present; only the browser the launcher started knows it. */
  readonly token: string;
  /** The page's own origin, e.g. http://127.0.0.1:41234: no other page may drive the reader. */
  readonly allowedOrigin: () => string;
  /**
   * The kiosk's audit log (config auditLogFile): the page sends its audit events here, as it cannot write files.
   * Undefined: none is kept (the page is told so).
   */
  readonly audit?: AuditRecorder;
  /** Where refused audit events (never their content) and audit write failures are reported. */
  readonly logger?: Pick<Logger, 'warn' | 'error'>;
}

/**
 * Relays APDUs between the kiosk page and PC/SC. Bound to the web host's 127.0.0.1 server; a connection needs
 * the launch token and the kiosk page's origin. It keeps no card data: it only forwards bytes — and appends the
 * page's audit events to the audit log after checking each with the audit log's personal-data guard.
 */
export function attachCardService(options: CardServiceOptions): { close(): void } {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: CARD_SERVICE_MAX_FRAME });
  const expected = Buffer.from(options.token);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CARD_SERVICE_PATH) return;
    const token = Buffer.from(url.searchParams.get('token') ?? '');
    const tokenOk = token.length === expected.length && timingSafeEqual(token, expected);
    if (request.headers.origin !== options.allowedOrigin() || !tokenOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serve(ws));
  };
  options.server.on('upgrade', onUpgrade);

  function serve(ws: WebSocket): void {
    const connections = new Map<number, CardConnection>();
    let nextConnection = 1;
    const unsubscribe = options.transport.onReadersChanged((readers) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event: 'readers', readers }));
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let request: CardServiceRequest;
      try {
        request = JSON.parse(String(data)) as CardServiceRequest;
      } catch {
        return ws.close(1007, 'not JSON');
      }
      void handle(request).then(
        (result) => ws.send(JSON.stringify({ id: request.id, ok: true, result })),
        (error: unknown) => {
          const kioskError = toKioskError(error);
          ws.send(JSON.stringify({ id: request.id, ok: false, error: { code: kioskError.code, message: kioskError.message } }));
        },
      );
    });
    ws.on('close', () => {
      unsubscribe();
      for (const connection of connections.values()) void connection.disconnect().catch(() => undefined);
      connections.clear();
    });

    async function handle(request: CardServiceRequest): Promise<unknown> {
      switch (request.op) {
        case 'listReaders':
          return options.transport.listReaders();
        case 'connect': {
          const connection = await options.transport.connect(String(request.reader));
          const id = nextConnection++;
          connections.set(id, connection);
          return { connection: id, atr: bytesToHex(connection.atr) };
        }
        case 'transmit': {
          const connection = connections.get(request.connection);
          if (!connection) throw new Error('unknown connection');
          return bytesToHex(await connection.transmit(hexToBytes(request.apdu)));
        }
        case 'disconnect': {
          const connection = connections.get(request.connection);
          connections.delete(request.connection);
          await connection?.disconnect();
          return null;
        }
        case 'audit':
          return recordAudit(request.event);
        default:
          throw new Error('unknown operation');
      }
    }
  }

  let reportedNoAudit = false;
  /** The guard runs here, on the server: a page must not be able to put personal data into the log. */
  async function recordAudit(event: unknown): Promise<boolean> {
    const problem = auditEventProblem(event);
    if (problem) {
      // Logged without the event: a refused event may be exactly the personal data the guard keeps out.
      options.logger?.warn('audit event from the page refused', { problem });
      throw new KioskError(KioskErrorCode.internal, `audit event refused: ${problem}`);
    }
    if (!options.audit) {
      if (!reportedNoAudit) options.logger?.warn('audit events from the page are not kept: this server has no audit log');
      reportedNoAudit = true;
      return false;
    }
    try {
      await options.audit.record(event as AuditEvent);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      options.logger?.error('audit log write failed', { event: (event as AuditEvent).event, reason });
      throw new KioskError(KioskErrorCode.internal, `audit log write failed: ${reason}`);
    }
    return true;
  }

  return {
    close() {
      options.server.off('upgrade', onUpgrade);
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
