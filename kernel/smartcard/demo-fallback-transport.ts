import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import type { CardConnection, CardTransport, ReaderInfo } from './card-transport';

export type DemoMode = 'auto' | 'always' | 'never';

/**
 * Real readers first; the demo reader (sample cards, fictional data) only when the config says so, or — in
 * "auto" — when no real reader is there (none connected, or no PC/SC service). The demo reader is always
 * flagged `demo`, so every screen can label it.
 *
 * "auto" decides once: as soon as a real reader has been seen, this is a kiosk with a reader, and a reader that
 * is unplugged or a PC/SC service that stops later must show the manual's errors (カードリーダー/ライタを確認
 * してください, Smart Card サービスを起動してください), not turn the counter into a demo.
 */
export class DemoFallbackTransport implements CardTransport {
  private realReaderSeen = false;

  constructor(
    private readonly real: CardTransport | undefined,
    private readonly demo: CardTransport,
    private readonly mode: DemoMode,
  ) {}

  async listReaders(): Promise<ReaderInfo[]> {
    if (this.mode === 'always' || !this.real) return this.demo.listReaders();
    let real: ReaderInfo[];
    try {
      real = await this.real.listReaders();
    } catch (error) {
      if (!this.demoAllowed()) throw error;
      return this.demo.listReaders();
    }
    if (real.length > 0) this.realReaderSeen = true;
    return real.length > 0 || !this.demoAllowed() ? real : this.demo.listReaders();
  }

  async connect(readerName: string): Promise<CardConnection> {
    const demoReaders = this.demoAllowed() ? await this.demo.listReaders() : [];
    if (demoReaders.some((reader) => reader.name === readerName)) return this.demo.connect(readerName);
    if (!this.real) throw new KioskError(KioskErrorCode.readerNotFound, 'no such reader');
    return this.real.connect(readerName);
  }

  onReadersChanged(listener: (readers: readonly ReaderInfo[]) => void): () => void {
    const refresh = () => void this.listReaders().then(listener, () => listener([]));
    const unsubscribers = [this.demo.onReadersChanged(refresh)];
    if (this.real && this.mode !== 'always') unsubscribers.push(this.real.onReadersChanged(refresh));
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }

  /** Whether the demo reader may stand in for a missing real one now. */
  private demoAllowed(): boolean {
    return this.mode === 'always' || (this.mode === 'auto' && !this.realReaderSeen);
  }

  async close(): Promise<void> {
    await Promise.all([this.real?.close(), this.demo.close()]);
  }
}
