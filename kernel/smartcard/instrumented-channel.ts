import type { CardChannel } from '../api/card';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';

export interface ApduRecord {
  /** INS byte of the command: enough to tell the exchange apart, nothing of the data. */
  readonly ins: number;
  readonly sw: number | undefined;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly milliseconds: number;
}

export interface TransferStats {
  readonly apduCount: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Time spent waiting for the card (transport included). */
  readonly cardMilliseconds: number;
  readonly apdus: readonly ApduRecord[];
}

/**
 * Wraps a channel to count APDUs, bytes and time, and to stop the exchange when the session is cancelled
 * (card removed, idle timeout, person walked away). Records hold no data bytes.
 */
export class InstrumentedChannel implements CardChannel {
  private readonly records: ApduRecord[] = [];

  constructor(
    private readonly inner: CardChannel,
    private readonly signal?: AbortSignal,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get atr(): Uint8Array {
    return this.inner.atr;
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (this.signal?.aborted) throw new KioskError(KioskErrorCode.cardReadFailed, 'read cancelled');
    const started = this.now();
    let response: Uint8Array | undefined;
    try {
      response = await this.inner.transmit(command);
      return response;
    } finally {
      this.records.push({
        ins: command[1] ?? 0,
        sw: response && response.length >= 2 ? (response[response.length - 2]! << 8) | response[response.length - 1]! : undefined,
        bytesSent: command.length,
        bytesReceived: response?.length ?? 0,
        milliseconds: this.now() - started,
      });
    }
  }

  stats(): TransferStats {
    return {
      apduCount: this.records.length,
      bytesSent: this.records.reduce((sum, record) => sum + record.bytesSent, 0),
      bytesReceived: this.records.reduce((sum, record) => sum + record.bytesReceived, 0),
      cardMilliseconds: this.records.reduce((sum, record) => sum + record.milliseconds, 0),
      apdus: [...this.records],
    };
  }
}
