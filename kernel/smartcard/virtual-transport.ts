import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import type { CardConnection, CardTransport, ReaderInfo } from './card-transport';
import type { VirtualCard } from './virtual-card';

/**
 * An in-page reader holding a virtual card: the demo reader of the kiosk and a test double with real protocol
 * behaviour. Cards are inserted and removed by the caller (the demo's card picker, or a test).
 */
export class VirtualTransport implements CardTransport {
  private card: VirtualCard | undefined;
  private generation = 0;
  private readonly listeners = new Set<(readers: readonly ReaderInfo[]) => void>();

  constructor(readonly readerName = 'Demo reader') {}

  insert(card: VirtualCard): void {
    this.card = card;
    this.generation += 1;
    card.reset();
    this.emit();
  }

  remove(): void {
    this.card = undefined;
    this.generation += 1;
    this.emit();
  }

  get hasCard(): boolean {
    return this.card !== undefined;
  }

  async listReaders(): Promise<ReaderInfo[]> {
    return [this.info()];
  }

  async connect(readerName: string): Promise<CardConnection> {
    if (readerName !== this.readerName) throw new KioskError(KioskErrorCode.readerNotFound, 'no such reader');
    const card = this.card;
    if (!card) throw new KioskError(KioskErrorCode.cardNotDetected, 'no card in the demo reader');
    card.reset();
    const connectedGeneration = this.generation;
    let open = true;
    return {
      readerName,
      atr: card.atr,
      transmit: async (command) => {
        if (!open) throw new KioskError(KioskErrorCode.cardReadFailed, 'connection closed');
        if (this.generation !== connectedGeneration) throw new KioskError(KioskErrorCode.cardReadFailed, 'card removed during the exchange');
        return card.transmit(command);
      },
      disconnect: async () => {
        open = false;
      },
    };
  }

  onReadersChanged(listener: (readers: readonly ReaderInfo[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private info(): ReaderInfo {
    return { name: this.readerName, cardPresent: this.card !== undefined, demo: true };
  }

  private emit(): void {
    for (const listener of this.listeners) listener([this.info()]);
  }
}
