import type { VirtualCard } from '../../kernel/smartcard/virtual-card';

/**
 * What goes wrong with the next read. APDU numbers count from 1, from the moment the fault is armed.
 * - `removeAt`: the card leaves the reader just before it would answer APDU n (that APDU is never answered).
 * - `silentFrom`: APDU n and every later one get no answer at all, until the card is powered off or removed.
 * - `slow`: every answer (from APDU `fromApdu`, else all) comes `delayMs` late.
 */
export type CardFault =
  | { readonly kind: 'none' }
  | { readonly kind: 'removeAt'; readonly apdu: number }
  | { readonly kind: 'silentFrom'; readonly apdu: number }
  | { readonly kind: 'slow'; readonly delayMs: number; readonly fromApdu?: number };

export interface FaultyCardOptions {
  /** Takes the card out of the reader: for vsmartcard-vpcd, VpcdClient.removeCard() (vpcd sees the socket close). */
  readonly removeCard: () => Promise<void>;
}

/**
 * A VirtualCard wrapper that injects the faults of issue 7 into an emulated card behind vsmartcard-vpcd. It lives
 * with the tests rather than in the `emulate` command: removing "at APDU n" needs the test to coordinate the vpcd
 * connection and the reads, and nothing an operator does needs a card that misbehaves on purpose.
 *
 * A withheld answer is released (and dropped by VpcdClient, whose connection is gone by then) when the card is
 * reset: a real card loses power when it leaves the field, and VpcdClient answers strictly in order, so an answer
 * that never settled would block every later exchange of the same client.
 */
export class FaultyCard implements VirtualCard {
  private fault: CardFault = { kind: 'none' };
  private apdus = 0;
  private readonly withheld = new Set<() => void>();
  /** Instructions (INS) of the APDUs that reached the card since the fault was armed, answered or not. */
  readonly received: number[] = [];
  /** True once the card was reset (power cycle, removal) after the fault was armed. */
  resetSinceArmed = false;

  constructor(
    private readonly inner: VirtualCard,
    private readonly options: FaultyCardOptions,
  ) {}

  get atr(): Uint8Array {
    return this.inner.atr;
  }

  /** Sets the fault for what follows and restarts the APDU count. */
  arm(fault: CardFault): void {
    this.fault = fault;
    this.apdus = 0;
    this.received.length = 0;
    this.resetSinceArmed = false;
  }

  reset(): void {
    this.resetSinceArmed = true;
    for (const release of this.withheld) release();
    this.withheld.clear();
    this.inner.reset();
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.apdus += 1;
    this.received.push(command[1] ?? 0);
    const fault = this.fault;
    if (fault.kind === 'removeAt' && this.apdus === fault.apdu) {
      const answer = this.withhold();
      await this.options.removeCard();
      return answer;
    }
    if (fault.kind === 'silentFrom' && this.apdus >= fault.apdu) return this.withhold();
    if (fault.kind === 'slow' && this.apdus >= (fault.fromApdu ?? 1)) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    return this.inner.transmit(command);
  }

  /** An answer that only comes (empty, to a connection that is gone) when the card is reset. */
  private withhold(): Promise<Uint8Array> {
    return new Promise((resolve) => {
      this.withheld.add(() => resolve(new Uint8Array()));
    });
  }
}
