import { describe, expect, it } from 'vitest';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import { padIso7816, unpadIso7816 } from './padding';

const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function expectMalformed(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).code).toBe(KioskErrorCode.malformedCardData);
    return;
  }
  expect.unreachable('expected MALFORMED_CARD_DATA');
}

describe('ISO 7816-4 padding', () => {
  it('appends 80 00.. up to the next block boundary', () => {
    expect(toHex(padIso7816(fromHex('41424344'), 8))).toBe('4142434480000000');
    expect(toHex(padIso7816(fromHex('41424344454647'), 8))).toBe('4142434445464780');
    expect(toHex(padIso7816(new TextEncoder().encode('AA12345678BB'), 16))).toBe('41413132333435363738424280000000');
  });

  it('adds a whole block to empty or aligned data', () => {
    expect(toHex(padIso7816(new Uint8Array(0), 8))).toBe('8000000000000000');
    expect(toHex(padIso7816(fromHex('0102030405060708'), 8))).toBe('01020304050607088000000000000000');
  });

  it('round-trips every length up to three blocks, including data that ends in 80 or 00', () => {
    for (const blockSize of [8, 16]) {
      for (let length = 0; length <= 3 * blockSize; length++) {
        for (const fill of [0x00, 0x80, 0x5a]) {
          const data = new Uint8Array(length).fill(fill);
          expect(toHex(unpadIso7816(padIso7816(data, blockSize), blockSize))).toBe(toHex(data));
        }
      }
    }
  });

  it('rejects empty and unaligned input', () => {
    expectMalformed(() => unpadIso7816(new Uint8Array(0), 8));
    expectMalformed(() => unpadIso7816(fromHex('41424380000000'), 8));
  });

  it('rejects a block with no 80 marker', () => {
    expectMalformed(() => unpadIso7816(new Uint8Array(16), 16));
    expectMalformed(() => unpadIso7816(fromHex('4142434445464701'), 8));
  });

  it('rejects a non-zero byte after the marker', () => {
    expectMalformed(() => unpadIso7816(fromHex('4142434480000100'), 8));
  });

  it('rejects padding longer than one block', () => {
    expectMalformed(() => unpadIso7816(fromHex('4142434445464780 0000000000000000'), 8));
  });
});
