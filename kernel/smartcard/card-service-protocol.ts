import type { AuditEvent } from '../audit/audit-record';
import type { ReaderInfo } from './card-transport';

/**
 * Messages between the page and the local card service (WebSocket, JSON text frames). APDUs travel as hex.
 * The service only relays APDUs: the protocol, keys and card data stay in the page's kernel. `audit` carries one
 * audit event (kernel/audit, no personal data) for the server to check and append to the kiosk's audit log, which
 * the page cannot write itself; the result is true when appended, false when the server keeps no audit log.
 */
export type CardServiceRequest =
  | { readonly id: number; readonly op: 'listReaders' }
  | { readonly id: number; readonly op: 'connect'; readonly reader: string }
  | { readonly id: number; readonly op: 'transmit'; readonly connection: number; readonly apdu: string }
  | { readonly id: number; readonly op: 'disconnect'; readonly connection: number }
  | { readonly id: number; readonly op: 'audit'; readonly event: AuditEvent };

export type CardServiceReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly code: string; readonly message: string } }
  | { readonly event: 'readers'; readonly readers: readonly ReaderInfo[] };

export interface ConnectResult {
  readonly connection: number;
  readonly atr: string;
}

export const CARD_SERVICE_PATH = '/card-service';
/** Larger frames are refused: the biggest APDU exchange is 64 KiB of data, hex-encoded. */
export const CARD_SERVICE_MAX_FRAME = 300 * 1024;
