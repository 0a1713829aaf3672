import type { VirtualCard } from '../../../kernel/api';

/** Carrier frequency of ISO/IEC 14443 (Hz). */
const CARRIER_HZ = 13_560_000;
/** A character on air: start bit, 8 data bits, stop bit (ISO/IEC 14443-3 Type B, EGT taken as 0). */
const ETU_PER_BYTE = 10;
/** Start of frame (10 etu low + 2 etu high, the minimum) and end of frame (10 etu). */
const ETU_PER_FRAME = 12 + 10;
/** PCB before and CRC_B after each block's information field (ISO/IEC 14443-4, no CID, no NAD). */
const BLOCK_OVERHEAD_BYTES = 3;
/** An R(ACK) block answering each chained I-block: PCB + CRC_B. */
const ACK_BYTES = 3;

export interface ContactlessLinkOptions {
  /** Divisor of the carrier: 32 gives 423.75 kbit/s ("424"), 128 gives 106 kbit/s. */
  readonly carrierDivisor: number;
  /**
   * Largest frame either side accepts (FSC/FSD), 256 bytes in ISO/IEC 14443-4:2008; extended frames go up to 4096.
   * What the residence card's ATQB announces is not known here, so 256 is the default: the slower, safer case.
   */
  readonly frameSize: number;
}

export const LINK_424_KBPS: ContactlessLinkOptions = { carrierDivisor: 32, frameSize: 256 };

/**
 * The physical minimum of ISO/IEC 14443 Type B: only bits on air are counted, the guard and turnaround times
 * (TR0, TR1, frame delay) are left out, so the figure is a lower bound no reader can beat.
 */
export class ContactlessLink {
  readonly bitsPerSecond: number;

  constructor(readonly options: ContactlessLinkOptions = LINK_424_KBPS) {
    if (!(options.carrierDivisor > 0) || !(options.frameSize > BLOCK_OVERHEAD_BYTES)) throw new RangeError('bad link options');
    this.bitsPerSecond = CARRIER_HZ / options.carrierDivisor;
  }

  /** Milliseconds on air to send `length` bytes of APDU one way, chained into I-blocks, with the other side's R(ACK)s. */
  oneWayMilliseconds(length: number): number {
    const informationPerBlock = this.options.frameSize - BLOCK_OVERHEAD_BYTES;
    const blocks = Math.max(1, Math.ceil(length / informationPerBlock));
    const etu = blocks * ETU_PER_FRAME + (length + blocks * BLOCK_OVERHEAD_BYTES) * ETU_PER_BYTE + (blocks - 1) * (ETU_PER_FRAME + ACK_BYTES * ETU_PER_BYTE);
    return (etu / this.bitsPerSecond) * 1000;
  }

  /** Milliseconds on air for one command APDU and its response APDU. */
  exchangeMilliseconds(commandLength: number, responseLength: number): number {
    return this.oneWayMilliseconds(commandLength) + this.oneWayMilliseconds(responseLength);
  }
}

/** A card that answers no sooner than `link` could carry the exchange; `airMilliseconds` sums the link's minimum. */
export interface LinkLimitedCard extends VirtualCard {
  readonly airMilliseconds: number;
}

/**
 * Wraps an emulated card so that, seen through vpcd (which has no air interface), each answer arrives when it
 * could at the earliest over `link`: benchmarks then show a read against the physical limit of a real reader.
 */
export function overContactlessLink(card: VirtualCard, link: ContactlessLink, clock: () => number = () => performance.now()): LinkLimitedCard {
  let airMilliseconds = 0;
  return {
    atr: card.atr,
    get airMilliseconds() {
      return airMilliseconds;
    },
    reset: () => card.reset(),
    async transmit(command) {
      const received = clock();
      const response = await card.transmit(command);
      const onAir = link.exchangeMilliseconds(command.length, response.length);
      airMilliseconds += onAir;
      await waitUntil(received + onAir, clock);
      return response;
    },
  };
}

/** setTimeout is only good to about a millisecond: sleep for the bulk, then spin for the rest. */
async function waitUntil(deadline: number, clock: () => number): Promise<void> {
  const remaining = deadline - clock();
  if (remaining > 2) await new Promise((resolve) => setTimeout(resolve, remaining - 1.5));
  while (clock() < deadline) {
    // spin: under 2 ms, and only in the emulator
  }
}
