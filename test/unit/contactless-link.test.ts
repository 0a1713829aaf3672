import { describe, expect, it } from 'vitest';
import { ContactlessLink, LINK_424_KBPS, overContactlessLink } from '../../plugins/residence-card/emulator/contactless-link';

describe('ISO/IEC 14443 Type B link model for the benchmark', () => {
  const link = new ContactlessLink(LINK_424_KBPS);

  it('runs at fc/32 = 423.75 kbit/s', () => {
    expect(link.bitsPerSecond).toBe(423_750);
  });

  it('counts a short APDU as one frame: SOF + PCB + 5 bytes + CRC_B + EOF', () => {
    // 22 etu of SOF/EOF and (1 + 5 + 2) bytes of 10 etu each.
    expect(link.oneWayMilliseconds(5)).toBeCloseTo((102 / 423_750) * 1000, 9);
  });

  it('chains a long response into frames of FSC − 3 bytes, each answered by an R(ACK)', () => {
    // 1000 bytes → 4 I-blocks of at most 253; 3 R(ACK)s of PCB + CRC_B.
    const etu = 4 * 22 + (1000 + 4 * 3) * 10 + 3 * (22 + 3 * 10);
    expect(link.oneWayMilliseconds(1000)).toBeCloseTo((etu / 423_750) * 1000, 9);
    expect(new ContactlessLink({ carrierDivisor: 32, frameSize: 4096 }).oneWayMilliseconds(1000)).toBeLessThan(link.oneWayMilliseconds(1000));
  });

  it('refuses a frame size that leaves no room for information', () => {
    expect(() => new ContactlessLink({ carrierDivisor: 32, frameSize: 3 })).toThrow(RangeError);
  });

  it('passes the card’s answers through unchanged and sums the time they need on air', async () => {
    let now = 0;
    const clock = () => (now += 0.25);
    const card = overContactlessLink(
      { atr: Uint8Array.of(0x3b), reset: () => undefined, transmit: (command) => Uint8Array.of(...command, 0x90, 0x00) },
      link,
      clock,
    );
    const first = await card.transmit(Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08));
    const second = await card.transmit(Uint8Array.of(0x00, 0xb0, 0x81, 0x00, 0x00));
    expect([...first]).toEqual([0x00, 0x84, 0x00, 0x00, 0x08, 0x90, 0x00]);
    expect([...second]).toEqual([0x00, 0xb0, 0x81, 0x00, 0x00, 0x90, 0x00]);
    expect(card.airMilliseconds).toBeCloseTo(2 * link.exchangeMilliseconds(5, 7), 9);
    expect(now, 'the answers waited for the link').toBeGreaterThanOrEqual(card.airMilliseconds);
  });
});
