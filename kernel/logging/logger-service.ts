import type { LogFields, Logger, LogLevel } from '../api/logger';
import { redact } from './redaction';

export interface LogRecord {
  readonly time: string;
  readonly level: LogLevel;
  readonly scope: string;
  readonly message: string;
  readonly fields: LogFields | undefined;
}

export type LogSink = (record: LogRecord) => void;

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * A logger that keeps the most recent records in memory (for the operator's diagnostics) and forwards them to
 * sinks (the console, a host's log file). Every message and string field is redacted first.
 */
export class LoggerService implements Logger {
  private readonly records: LogRecord[] = [];

  constructor(
    private readonly options: { level: LogLevel; capacity: number; sinks: LogSink[] } = { level: 'info', capacity: 500, sinks: [] },
    private readonly scope = 'kernel',
    private readonly root?: LoggerService,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  child(scope: string): Logger {
    return new LoggerService(this.options, `${this.scope}/${scope}`, this.root ?? this);
  }

  /** The records kept in memory, oldest first. */
  recent(): readonly LogRecord[] {
    return (this.root ?? this).records;
  }

  private log(level: LogLevel, message: string, fields?: LogFields): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.options.level]) return;
    const record: LogRecord = {
      time: new Date().toISOString(),
      level,
      scope: this.scope,
      message: redact(message),
      fields: fields && redactFields(fields),
    };
    const owner = this.root ?? this;
    owner.records.push(record);
    if (owner.records.length > this.options.capacity) owner.records.shift();
    for (const sink of this.options.sinks) {
      try {
        sink(record);
      } catch {
        // A broken sink must not take the kiosk down; the record stays in memory.
      }
    }
  }
}

function redactFields(fields: LogFields): LogFields {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? redact(value) : value]));
}

/** Prints records to the console; used by hosts in development and by the CLI. */
export const consoleSink: LogSink = (record) => {
  const line = `${record.time} ${record.level.toUpperCase()} [${record.scope}] ${record.message}`;
  const fields = record.fields ? ` ${JSON.stringify(record.fields)}` : '';
  // eslint-disable-next-line no-console
  (record.level === 'error' ? console.error : record.level === 'warn' ? console.warn : console.log)(line + fields);
};
