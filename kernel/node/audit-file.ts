import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../api/logger';
import { AuditLog, scanAuditLog, type AuditSink, type AuditSinkState } from '../audit/audit-log';
import { consoleSink, LoggerService } from '../logging/logger-service';

export interface AuditFileOptions {
  /**
   * Where a damaged, unreadable or unwritable file is reported (never with the file's content); the console
   * (stderr) when omitted, so that a command-line read does not lose it either.
   */
  readonly logger?: Pick<Logger, 'warn' | 'error'>;
}

const openLogs = new Map<string, Promise<{ log: AuditLog; sink: AuditFileSink }>>();

/**
 * An audit log in a file opened for append only (created with its folder, mode 0600); the chain continues from
 * the file's last good record. Never throws: a file that a power cut left with a torn last line, or whose chain
 * is broken otherwise, is not an error — the log starts a new chain segment with an audit.resumed record that
 * chains to the last good record and names the damaged bytes (`zairyu audit verify` reports it); a file that
 * cannot be read or written makes each record fail, which the caller logs (kernel/audit: loggingAuditRecorder).
 *
 * One log per file in a process: opening the same path again returns the same log (which reads the file again
 * before its next record), so appends are serialised and the chain stays linear. Before each append the file's
 * size and time are compared with what this log left; a file that something else changed is read again first.
 */
export async function openAuditFile(path: string, options: AuditFileOptions = {}): Promise<AuditLog> {
  const absolute = resolve(path);
  const known = openLogs.get(absolute);
  if (known) {
    const { log, sink } = await known;
    sink.readAgain();
    return log;
  }
  const logger = options.logger ?? new LoggerService({ level: 'warn', capacity: 20, sinks: [consoleSink] }, 'audit');
  const opened = AuditFileSink.open(absolute, logger).then((sink) => ({ log: new AuditLog(sink), sink }));
  openLogs.set(absolute, opened);
  return (await opened).log;
}

class AuditFileSink implements AuditSink {
  /** The file as this sink last left it; undefined: read it again before the next append. */
  private known: { size: number; mtimeMs: number } | undefined;
  /** What the reading at open found, for the log's first record. */
  private pending: AuditSinkState | undefined;
  /** The file does not end with a line end: the next record starts with one. */
  private unterminated = false;
  /** The last append failed: it may have left part of a line. */
  private failed = false;
  /** Opened again: read the file before the next record, whatever its size and time. */
  private stale = false;

  private constructor(
    private readonly path: string,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
  ) {}

  static async open(path: string, logger: Pick<Logger, 'warn' | 'error'>): Promise<AuditFileSink> {
    const sink = new AuditFileSink(path, logger);
    try {
      sink.pending = await sink.read();
    } catch (error) {
      // Reported now; the first record reads the file again and fails (and is logged) if it still cannot.
      logger.error('audit log cannot be read', { path, reason: messageOf(error) });
    }
    return sink;
  }

  async sync(): Promise<AuditSinkState | undefined> {
    const info = await stat(this.path).catch(() => undefined);
    if (!this.stale && this.known && info && info.size === this.known.size && info.mtimeMs === this.known.mtimeMs) {
      const pending = this.pending;
      this.pending = undefined;
      return pending;
    }
    this.pending = undefined;
    try {
      return await this.read();
    } catch (error) {
      this.logger.error('audit log cannot be read', { path: this.path, reason: messageOf(error) });
      throw error;
    }
  }

  readAgain(): void {
    this.stale = true;
  }

  async append(line: string): Promise<void> {
    const text = `${this.unterminated ? '\n' : ''}${line}\n`;
    const before = this.known?.size;
    try {
      await appendFile(this.path, text, { encoding: 'utf8', flag: 'a', mode: 0o600 });
    } catch (error) {
      this.failed = true;
      this.known = undefined;
      // The caller logs the record it lost; this says which file.
      this.logger.error('audit log file cannot be written', { path: this.path, reason: messageOf(error) });
      throw error;
    }
    this.unterminated = false;
    const info = await stat(this.path).catch(() => undefined);
    const expected = before === undefined ? undefined : before + Buffer.byteLength(text);
    // Only what this sink wrote: anything else (another writer in between) is read at the next append.
    this.known = info && info.size === expected ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
  }

  /** Reads the whole file: where its chain ends, and the break to record when it is damaged. */
  private async read(): Promise<AuditSinkState> {
    const previous = this.known;
    this.known = undefined;
    this.stale = false;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dirname(this.path), { recursive: true });
      bytes = new Uint8Array();
    }
    const info = await stat(this.path).catch(() => undefined);
    const scan = scanAuditLog(bytes);
    this.unterminated = scan.unterminated;
    const failed = this.failed;
    this.failed = false;
    this.known = { size: bytes.length, mtimeMs: info && info.size === bytes.length ? info.mtimeMs : Number.NaN };
    if (scan.open) {
      const discardedBytes = scan.size - scan.chainEnd + (scan.unterminated ? 1 : 0);
      const reason = failed ? 'writeFailed' : scan.torn ? 'tornLine' : 'brokenChain';
      this.logger.warn('audit log damaged: it continues in a new chain segment (audit.resumed)', {
        path: this.path,
        line: scan.open.line,
        problem: scan.open.problem,
        reason,
        discardedBytes,
      });
      return { last: scan.last, gap: { discardedBytes, reason } };
    }
    if (previous && bytes.length < previous.size) {
      this.logger.warn('audit log is shorter than this kiosk wrote it: it continues in a new chain segment (audit.resumed)', { path: this.path });
      return { last: scan.last, gap: { discardedBytes: 0, reason: 'truncated' } };
    }
    return { last: scan.last };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
