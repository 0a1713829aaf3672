import { sha256 } from '../crypto/hash';
import { bytesToHex } from '../smartcard/bytes';

/** Every event the audit log knows. `audit.resumed` is written by the log itself, never by a caller. */
export const AUDIT_EVENTS = ['app.start', 'card.read', 'card.error', 'plugin.disabled', 'session.wiped', 'audit.resumed'] as const;
export type AuditEventName = (typeof AUDIT_EVENTS)[number];

/** Why the session was wiped (session.wiped): the result's back-to-top button, the idle timeout, the card taken away, an error dialog. */
export type SessionWipeReason = 'backToTop' | 'idle' | 'cardRemoved' | 'error';

/**
 * Why the log started a new chain segment (audit.resumed): a torn last line (a power cut during a write), a chain
 * broken by anything else (an edited, removed or reordered record), a write of this log that failed half-way, or
 * a file that became shorter than this log had written it (truncated, deleted, replaced).
 */
export type AuditResumeReason = 'tornLine' | 'brokenChain' | 'writeFailed' | 'truncated';

/**
 * One audit event. Deliberately without personal data: no card number, no name, no image, no address — only
 * what happened, when, to which card type, with which verification outcome or error code.
 */
export interface AuditEvent {
  readonly event: AuditEventName;
  readonly cardType?: string;
  readonly tamper?: 'ok' | 'ng' | 'notApplicable';
  readonly issuer?: 'ok' | 'ng' | 'notApplicable';
  readonly errorCode?: string;
  /** For plugin.disabled: the plugin's name (never card data). */
  readonly plugin?: string;
  /**
   * For session.wiped: a SessionWipeReason; for plugin.disabled: the plugin's state (disabled, failed); for
   * audit.resumed: an AuditResumeReason.
   */
  readonly reason?: string;
  /**
   * For audit.resumed: how many bytes lie between the end of the last good record and this record — the damaged
   * part that is not in the chain (with the line end the log added to close a torn line).
   */
  readonly discardedBytes?: number;
}

export interface AuditRecord extends AuditEvent {
  readonly seq: number;
  readonly time: string;
  /** Hash of the previous record ('0' * 64 for the first): removing or reordering records breaks the chain. */
  readonly prev: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a record's hash covers, in this order; a field that is absent is left out (so older records keep their hashes). */
const FIELD_ORDER = ['seq', 'time', 'event', 'cardType', 'tamper', 'issuer', 'errorCode', 'plugin', 'reason', 'discardedBytes', 'prev'] as const;

/** The bytes a record's hash covers: its fields in a fixed order, as JSON. */
export function canonicalRecordBytes(record: Omit<AuditRecord, 'hash'>): Uint8Array {
  const ordered = FIELD_ORDER.filter((field) => record[field] !== undefined).map((field) => [field, record[field]]);
  return new TextEncoder().encode(JSON.stringify(ordered));
}

export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  return bytesToHex(sha256(canonicalRecordBytes(record))).toLowerCase();
}

/** Every field a stored record may have: a record with any other field was not written by this log. */
export const RECORD_FIELDS: ReadonlySet<string> = new Set<string>([...FIELD_ORDER, 'hash']);
/** What a caller may put into an event: the log adds seq, time, prev and hash itself. */
const EVENT_FIELDS = new Set<string>(['event', 'cardType', 'tamper', 'issuer', 'errorCode', 'plugin', 'reason', 'discardedBytes']);
const NUMBER_FIELDS = new Set<string>(['discardedBytes']);
const KNOWN_EVENTS = new Set<string>(AUDIT_EVENTS);
const SAFE_VALUE = /^[A-Za-z0-9_.:\-+ ]{0,64}$/;
const CARD_NUMBER_SHAPE = /[A-Z]{2}\d{8}[A-Z]{2}/;

/**
 * What is wrong with an event, or undefined when it may be recorded: an object of known fields with short,
 * plain values, so card data cannot slip in. The description never repeats the event's content (a refused event
 * from the page is logged, and its content must not reach the log); only the names of known fields appear.
 * `audit.resumed` is refused unless `internal` (only the log writes it).
 */
export function auditEventProblem(event: unknown, options: { readonly internal?: boolean } = {}): string | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'not an object';
  for (const [key, value] of Object.entries(event)) {
    if (!EVENT_FIELDS.has(key)) return 'unknown field';
    if (value === undefined) continue;
    if (NUMBER_FIELDS.has(key)) {
      if (!Number.isSafeInteger(value) || (value as number) < 0) return `value of ${key} is not allowed`;
    } else if (typeof value !== 'string' || !SAFE_VALUE.test(value) || CARD_NUMBER_SHAPE.test(value)) {
      return `value of ${key} is not allowed`;
    }
  }
  const name = (event as { event?: unknown }).event;
  if (typeof name !== 'string' || !KNOWN_EVENTS.has(name)) return 'unknown event';
  if (name === 'audit.resumed' && !options.internal) return 'audit.resumed is written by the log itself';
  return undefined;
}

/** Refuses anything that is not a known field with a short, plain value: card data cannot slip in. */
export function assertAuditSafe(event: AuditEvent, options: { readonly internal?: boolean } = {}): void {
  const problem = auditEventProblem(event, options);
  if (problem) throw new Error(`audit: ${problem}`);
}
