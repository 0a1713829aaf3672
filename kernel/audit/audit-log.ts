import type { Logger } from '../api/logger';
import { assertAuditSafe, GENESIS_HASH, hashRecord, RECORD_FIELDS, type AuditEvent, type AuditRecord, type AuditResumeReason } from './audit-record';

/** Takes audit events: the log itself, or a host's way to one (the web page sends them to its server). */
export interface AuditRecorder {
  record(event: AuditEvent): Promise<void>;
}

export interface AuditChainPosition {
  readonly seq: number;
  readonly hash: string;
}

/** Where the chain stands in a sink, as the sink found it (see AuditSink.sync). */
export interface AuditSinkState {
  readonly last: AuditChainPosition;
  /** A break to record before the next record: the log writes an audit.resumed record for it first. */
  readonly gap?: { readonly discardedBytes: number; readonly reason: AuditResumeReason };
}

/** Where records go: one JSON line each, appended (a file opened for append, a host's log service). */
export interface AuditSink {
  append(line: string): Promise<void>;
  /**
   * Called before every append, in turn with the appends: where the chain stands now, when the sink knows better
   * than the log — a file that a power cut, a failed write or something else changed. Undefined: as the log
   * last wrote it.
   */
  sync?(): Promise<AuditSinkState | undefined>;
}

/**
 * The append-only, tamper-evident audit log: every record carries the hash of the previous one, so a removed,
 * changed or reordered record is found by `verifyAuditLog`. Appends are serialised: one log per file in a process
 * (kernel/node/audit-file.ts) keeps the chain linear.
 */
export class AuditLog implements AuditRecorder {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: AuditSink,
    private last: AuditChainPosition = { seq: 0, hash: GENESIS_HASH },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Throws at once for an event that could carry personal data; rejects when the sink cannot take the record. */
  record(event: AuditEvent): Promise<void> {
    assertAuditSafe(event);
    const write = this.queue.then(async () => {
      const state = await this.sink.sync?.();
      if (state) {
        this.last = state.last;
        if (state.gap) await this.write({ event: 'audit.resumed', reason: state.gap.reason, discardedBytes: state.gap.discardedBytes });
      }
      await this.write(event);
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  private async write(event: AuditEvent): Promise<void> {
    const partial = { seq: this.last.seq + 1, time: this.now().toISOString(), ...event, prev: this.last.hash };
    const record: AuditRecord = { ...partial, hash: hashRecord(partial) };
    await this.sink.append(JSON.stringify(record));
    this.last = { seq: record.seq, hash: record.hash };
  }
}

/**
 * A recorder that never fails its caller: an audit problem (a refused event, a full disk) must not turn a read
 * or a start into an error, and must not pass unnoticed either, so it is logged (without the event's content).
 */
export function loggingAuditRecorder(recorder: AuditRecorder, logger: Pick<Logger, 'error'>): AuditRecorder {
  return {
    async record(event) {
      try {
        await recorder.record(event);
      } catch (error) {
        logger.error('audit log write failed', { event: event.event, reason: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}

/** A place where the chain was broken. */
export interface AuditBreak {
  /** 1-based line of the first line that is not a good next record. */
  readonly line: number;
  /** What is wrong with that line. */
  readonly problem: string;
  /** Bytes from there up to the record that resumes the chain (or to the end of the file). */
  readonly discardedBytes: number;
  /** The line of the audit.resumed record that accounts for the break; undefined: none does (yet). */
  readonly resumedAtLine: number | undefined;
  /** The audit.resumed record's reason (tornLine, brokenChain, writeFailed, truncated). */
  readonly resumeReason: string | undefined;
}

/** What a reading of a log found (see scanAuditLog). */
export interface AuditScan {
  /** Records in the chain, audit.resumed records included. */
  readonly records: number;
  /** The chain's last record: where a writer continues. */
  readonly last: AuditChainPosition;
  /** Byte offset just after the chain's last line (after its line end when it has one). */
  readonly chainEnd: number;
  /** Every break, in order; only the last can be unresolved (no audit.resumed record accounts for it). */
  readonly breaks: readonly AuditBreak[];
  /** The unresolved break: everything from it to the end of the file is outside the chain. */
  readonly open: AuditBreak | undefined;
  /** The open break is only the last line, without a line end: a write that a power cut tore. */
  readonly torn: boolean;
  readonly size: number;
  /** The data does not end with a line end (a writer must add one before its next record). */
  readonly unterminated: boolean;
}

interface Line {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly terminated: boolean;
}

/**
 * Reads a log line by line (byte offsets count, so `data` should be the file's bytes): every record must be
 * well-formed, numbered in sequence, chained to its predecessor and match its hash. A line that is not a good next
 * record breaks the chain; the break is accounted for when a later line is an audit.resumed record that continues
 * the chain from the last good record and names exactly the bytes in between. Blank lines are ignored.
 */
export function scanAuditLog(data: string | Uint8Array): AuditScan {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const lines = splitLines(bytes);
  const breaks: AuditBreak[] = [];
  let last: AuditChainPosition = { seq: 0, hash: GENESIS_HASH };
  let records = 0;
  let chainEnd = 0;
  let open: AuditBreak | undefined;
  let torn = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.text.trim() === '') {
      chainEnd = line.end;
      continue;
    }
    let checked = checkRecord(line.text, last);
    if ('record' in checked && checked.record.event === 'audit.resumed' && checked.record.discardedBytes !== 0) {
      // A resumption that names bytes that are not there: not the log's own doing.
      checked = { problem: 'an audit.resumed record without the damaged bytes it names' };
    }
    if ('record' in checked) {
      if (checked.record.event === 'audit.resumed') {
        // Nothing discarded, yet the chain was resumed: the file was found shorter than it had been written.
        breaks.push({ line: index + 1, problem: 'the log was resumed here', discardedBytes: 0, resumedAtLine: index + 1, resumeReason: checked.record.reason });
      }
      last = { seq: checked.record.seq, hash: checked.record.hash };
      records += 1;
      chainEnd = line.end;
      continue;
    }
    const resumed = findResumption(lines, index + 1, last, line.start);
    if (resumed) {
      breaks.push({
        line: index + 1,
        problem: checked.problem,
        discardedBytes: resumed.line.start - line.start,
        resumedAtLine: resumed.line.index + 1,
        resumeReason: resumed.record.reason,
      });
      last = { seq: resumed.record.seq, hash: resumed.record.hash };
      records += 1;
      chainEnd = resumed.line.end;
      index = resumed.line.index;
      continue;
    }
    open = { line: index + 1, problem: checked.problem, discardedBytes: bytes.length - line.start, resumedAtLine: undefined, resumeReason: undefined };
    breaks.push(open);
    torn = index === lines.length - 1 && !line.terminated;
    break;
  }
  return {
    records,
    last,
    chainEnd,
    breaks,
    open,
    torn,
    size: bytes.length,
    unterminated: bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a,
  };
}

export type AuditVerification =
  | { readonly ok: true; readonly records: number; readonly last: AuditChainPosition }
  | {
      readonly ok: false;
      /** Records that verify (in every segment). */
      readonly records: number;
      /** The first break's line. */
      readonly line: number;
      /** Every break, described. */
      readonly reason: string;
      readonly breaks: readonly AuditBreak[];
      readonly last: AuditChainPosition;
    };

/**
 * Checks a whole log. Intact means one unbroken chain: a break — even one the log accounted for with an
 * audit.resumed record (a torn line after a power cut) — is reported, with every break's line and bytes.
 */
export function verifyAuditLog(data: string | Uint8Array): AuditVerification {
  const scan = scanAuditLog(data);
  if (scan.breaks.length === 0) return { ok: true, records: scan.records, last: scan.last };
  return { ok: false, records: scan.records, line: scan.breaks[0]!.line, reason: describeBreaks(scan), breaks: scan.breaks, last: scan.last };
}

function describeBreaks(scan: AuditScan): string {
  // The first break's line is the verification's `line`; the others name theirs.
  const parts = scan.breaks.map((found, index) => {
    const where = index === 0 ? '' : `line ${found.line}: `;
    if (found.resumedAtLine === undefined) {
      const torn = scan.torn ? ', a torn last line' : '';
      return `${where}${found.problem}${torn}; ${found.discardedBytes} bytes from there to the end are outside the chain, no audit.resumed record accounts for them`;
    }
    if (found.discardedBytes === 0) {
      return `${where}the log resumed a new chain segment (audit.resumed, ${found.resumeReason ?? 'no reason'}): it had found the file shorter than it had written it`;
    }
    return `${where}${found.problem}; ${found.discardedBytes} bytes outside the chain, the log resumed at line ${found.resumedAtLine} (audit.resumed, ${found.resumeReason ?? 'no reason'})`;
  });
  const resumed = scan.open ? '' : `; ${scan.records} records verify in ${scan.breaks.length + 1} chain segments`;
  return `${parts.join('; then ')}${resumed}`;
}

type Checked = { record: AuditRecord } | { problem: string };

function checkRecord(text: string, previous: AuditChainPosition): Checked {
  let record: AuditRecord;
  try {
    record = JSON.parse(text) as AuditRecord;
  } catch {
    return { problem: 'not JSON' };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { problem: 'not a record' };
  if (Object.keys(record).some((key) => !RECORD_FIELDS.has(key))) return { problem: 'a field that audit records do not have' };
  if (record.seq !== previous.seq + 1) return { problem: `sequence ${String(record.seq)} after ${previous.seq} (a record is missing or reordered)` };
  if (record.prev !== previous.hash) return { problem: 'not chained to the previous record' };
  const { hash, ...rest } = record;
  if (hashRecord(rest) !== hash) return { problem: 'content does not match its hash (the record was changed)' };
  return { record };
}

/** The first audit.resumed record after a break that continues the chain from `last` and names the bytes since `breakStart`. */
function findResumption(lines: readonly Line[], from: number, last: AuditChainPosition, breakStart: number): { line: Line; record: AuditRecord } | undefined {
  for (let index = from; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (!line.text.includes('"audit.resumed"')) continue;
    const checked = checkRecord(line.text, last);
    if ('record' in checked && checked.record.event === 'audit.resumed' && checked.record.discardedBytes === line.start - breakStart) {
      return { line, record: checked.record };
    }
  }
  return undefined;
}

function splitLines(bytes: Uint8Array): Line[] {
  const decoder = new TextDecoder();
  const lines: Line[] = [];
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const stop = newline === -1 ? bytes.length : newline;
    const end = newline === -1 ? bytes.length : newline + 1;
    lines.push({ index: lines.length, start, end, text: decoder.decode(bytes.subarray(start, stop)), terminated: newline !== -1 });
    start = end;
  }
  return lines;
}
