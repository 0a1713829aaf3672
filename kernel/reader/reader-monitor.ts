export type ReaderState = 'none' | 'ready' | 'cardPresent';

export interface ReaderStatus {
  readonly state: ReaderState;
  /** The PC/SC reader name, or the demo reader's label. */
  readonly readerName: string | undefined;
  /** True for the built-in demo reader with sample cards; the shell labels it on every screen. */
  readonly demo: boolean;
}

/** Watches the configured reader. Implemented by the hosts' card transports. */
export interface ReaderMonitor {
  current(): ReaderStatus;
  subscribe(listener: (status: ReaderStatus) => void): () => void;
}

export const ReaderMonitorToken = Symbol.for('zairyu.ReaderMonitor');

/** A monitor whose status only changes when told: used where no transport is wired in, and in tests. */
export class StaticReaderMonitor implements ReaderMonitor {
  private readonly listeners = new Set<(status: ReaderStatus) => void>();

  constructor(private status: ReaderStatus = { state: 'none', readerName: undefined, demo: false }) {}

  current(): ReaderStatus {
    return this.status;
  }

  set(status: ReaderStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }

  subscribe(listener: (status: ReaderStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
