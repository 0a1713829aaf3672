import { sha256 } from '../crypto/hash';
import { bytesToHex } from '../smartcard/bytes';

/**
 * One audit event. Deliberately without personal data: no card number, no name, no image, no address — only
 * what happened, when, to which card type, with which verification outcome or error code.
 */
export interface AuditEvent {
  readonly event: 'app.start' | 'card.read' | 'card.error' | 'plugin.disabled' | 'session.wiped';
  readonly cardType?: string;
  readonly tamper?: 'ok' | 'ng' | 'notApplicable';
  readonly issuer?: 'ok' | 'ng' | 'notApplicable';
  readonly errorCode?: string;
  /** For plugin.disabled: the plugin's name (never card data). */
  readonly plugin?: string;
  /** For session.wiped: why (returnToTop, idle, cardRemoved). */
  readonly reason?: string;
}

export interface AuditRecord extends AuditEvent {
  readonly seq: number;
  readonly time: string;
  /** Hash of the previous record ('0' * 64 for the first): removing or reordering records breaks the chain. */
  readonly prev: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

const FIELD_ORDER = ['seq', 'time', 'event', 'cardType', 'tamper', 'issuer', 'errorCode', 'plugin', 'reason', 'prev'] as const;

/** The bytes a record's hash covers: its fields in a fixed order, as JSON. */
export function canonicalRecordBytes(record: Omit<AuditRecord, 'hash'>): Uint8Array {
  const ordered = FIELD_ORDER.filter((field) => record[field] !== undefined).map((field) => [field, record[field]]);
  return new TextEncoder().encode(JSON.stringify(ordered));
}

export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  return bytesToHex(sha256(canonicalRecordBytes(record))).toLowerCase();
}

const ALLOWED_FIELDS = new Set<string>([...FIELD_ORDER, 'hash']);
const SAFE_VALUE = /^[A-Za-z0-9_.:\-+ ]{0,64}$/;

/** Refuses anything that is not a known field with a short, plain value: card data cannot slip in. */
export function assertAuditSafe(event: AuditEvent): void {
  for (const [key, value] of Object.entries(event)) {
    if (!ALLOWED_FIELDS.has(key)) throw new Error(`audit: unknown field ${key}`);
    if (value !== undefined && (typeof value !== 'string' || !SAFE_VALUE.test(value) || /[A-Z]{2}\d{8}[A-Z]{2}/.test(value))) {
      throw new Error(`audit: value of ${key} is not allowed`);
    }
  }
}
