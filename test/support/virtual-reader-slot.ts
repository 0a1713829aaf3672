import type { CardTransport } from '../../kernel/smartcard/card-transport';
import type { VirtualCard } from '../../kernel/smartcard/virtual-card';
import { VpcdClient, type VpcdClientOptions } from '../../kernel/node/vpcd/vpcd-client';
import { VPCD_PORT, waitForCardState } from './pcscd';

/**
 * The virtual reader's one card slot: a card is put on through vsmartcard-vpcd, and each change waits until
 * `transport` has seen it. Putting a card on while the last one is still listed lets a read start against the
 * card that is leaving (for up to one vpcd poll), which ends in CARD_NOT_DETECTED instead of a result.
 */
export class VirtualReaderSlot {
  private client: VpcdClient | undefined;

  constructor(
    private readonly transport: CardTransport,
    private readonly clientOptions: Omit<VpcdClientOptions, 'port'> = {},
    /** How long the transport may take to see a change (waitForCardState's default when undefined). */
    private readonly timeoutMs?: number,
  ) {}

  /**
   * The card's connection to vpcd, while one is on the reader: its removeCard() takes the card away as a hand
   * would (mid-read, too), insertCard() puts it back.
   */
  get vpcd(): VpcdClient | undefined {
    return this.client;
  }

  /** Takes any card away, then puts `card` on and waits until the transport lists it. */
  async insert(card: VirtualCard): Promise<VpcdClient> {
    await this.remove();
    this.client = new VpcdClient(card, { initialReconnectDelayMs: 50, ...this.clientOptions, port: VPCD_PORT });
    await this.waitForCard(true);
    return this.client;
  }

  /** Takes the card away and waits until the transport no longer lists it. */
  async remove(): Promise<void> {
    if (!this.client) return;
    await this.client.close();
    this.client = undefined;
    await this.waitForCard(false);
  }

  waitForCard(present: boolean): Promise<void> {
    return waitForCardState(this.transport, present, this.timeoutMs);
  }

  /** Ends the connection without waiting for the reader (after the tests, pcscd may already be gone). */
  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }
}
