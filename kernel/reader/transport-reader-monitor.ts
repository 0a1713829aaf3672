import type { CardTransport, ReaderInfo } from '../smartcard/card-transport';
import type { ReaderMonitor, ReaderStatus } from './reader-monitor';

const NO_READER: ReaderStatus = { state: 'none', readerName: undefined, demo: false };

/** The status of the configured reader ("auto": the first with a card, else the first), from transport events. */
export class TransportReaderMonitor implements ReaderMonitor {
  private status: ReaderStatus = NO_READER;
  private readonly listeners = new Set<(status: ReaderStatus) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly transport: CardTransport,
    private readonly readerName: string,
  ) {
    this.unsubscribe = transport.onReadersChanged((readers) => this.update(readers));
    void this.refresh();
  }

  current(): ReaderStatus {
    return this.status;
  }

  subscribe(listener: (status: ReaderStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async refresh(): Promise<ReaderStatus> {
    try {
      this.update(await this.transport.listReaders());
    } catch {
      this.update([]);
    }
    return this.status;
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private update(readers: readonly ReaderInfo[]): void {
    const reader =
      this.readerName === 'auto' ? (readers.find((entry) => entry.cardPresent) ?? readers[0]) : readers.find((entry) => entry.name === this.readerName);
    const next: ReaderStatus = reader ? { state: reader.cardPresent ? 'cardPresent' : 'ready', readerName: reader.name, demo: reader.demo } : NO_READER;
    if (next.state === this.status.state && next.readerName === this.status.readerName && next.demo === this.status.demo) return;
    this.status = next;
    for (const listener of this.listeners) listener(next);
  }
}
