import { assertAuditSafe, GENESIS_HASH, hashRecord, type AuditEvent, type AuditRecord } from './audit-record';

/** Where records go: one JSON line each, appended (a file opened for append, a host's log service). */
export interface AuditSink {
  append(line: string): Promise<void>;
}

/**
 * The append-only, tamper-evident audit log: every record carries the hash of the previous one, so a removed,
 * changed or reordered record is found by `verifyAuditLog`. Appends are serialised.
 */
export class AuditLog {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: AuditSink,
    private last: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(event: AuditEvent): Promise<void> {
    assertAuditSafe(event);
    const write = this.queue.then(async () => {
      const partial = { seq: this.last.seq + 1, time: this.now().toISOString(), ...event, prev: this.last.hash };
      const record: AuditRecord = { ...partial, hash: hashRecord(partial) };
      await this.sink.append(JSON.stringify(record));
      this.last = { seq: record.seq, hash: record.hash };
    });
    this.queue = write.catch(() => undefined);
    return write;
  }
}

export type AuditVerification =
  | { readonly ok: true; readonly records: number; readonly last: { seq: number; hash: string } }
  | { readonly ok: false; readonly records: number; readonly line: number; readonly reason: string };

/** Checks every line: well-formed, numbered in sequence, chained to its predecessor, hash matching its content. */
export function verifyAuditLog(text: string): AuditVerification {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (const [index, line] of lines.entries()) {
    const fail = (reason: string): AuditVerification => ({ ok: false, records: index, line: index + 1, reason });
    let record: AuditRecord;
    try {
      record = JSON.parse(line) as AuditRecord;
    } catch {
      return fail('not JSON');
    }
    if (record.seq !== previous.seq + 1) return fail(`sequence ${record.seq} after ${previous.seq} (a record is missing or reordered)`);
    if (record.prev !== previous.hash) return fail('not chained to the previous record');
    const { hash, ...rest } = record;
    if (hashRecord(rest) !== hash) return fail('content does not match its hash (the record was changed)');
    previous = { seq: record.seq, hash };
  }
  return { ok: true, records: lines.length, last: previous };
}
