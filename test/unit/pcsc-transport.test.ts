import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { mapPcscError } from '../../kernel/node/pcsc-error-mapping';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import type { PcscLiteFactory } from '../../kernel/node/pcsclite-loader';

type Callback = (error: Error | undefined, data: Buffer) => void;

/**
 * pcsclite stand-in with its one-handle-per-reader behaviour: while a handle is open, connect() hands it out again
 * without a protocol, and an exchange in progress cannot be cancelled (the test answers it, or not).
 */
function fakeReader() {
  const exchanges: { command: string; answer: (response: string) => void }[] = [];
  const events: string[] = [];
  let connected = false;
  const reader = Object.assign(new EventEmitter(), {
    name: 'Test Reader 00 00',
    SCARD_STATE_PRESENT: 0x20,
    SCARD_SHARE_EXCLUSIVE: 1,
    SCARD_PROTOCOL_T0: 1,
    SCARD_PROTOCOL_T1: 2,
    SCARD_LEAVE_CARD: 0,
    SCARD_RESET_CARD: 1,
    connect: (_options: unknown, callback: (error: Error | undefined, protocol?: number) => void) => {
      if (connected) return callback(undefined);
      connected = true;
      events.push('connect');
      setTimeout(() => callback(undefined, 2), 1);
    },
    disconnect: (_disposition: number, callback: () => void) => {
      connected = false;
      events.push('disconnect');
      setTimeout(callback, 1);
    },
    transmit: (data: Buffer, _length: number, _protocol: number, callback: Callback) => {
      exchanges.push({ command: data.toString('hex'), answer: (response) => callback(undefined, Buffer.from(response, 'hex')) });
    },
    close: () => undefined,
  });
  const factory: () => PcscLiteFactory = () => () => {
    const pcsc = Object.assign(new EventEmitter(), { close: () => undefined });
    setTimeout(() => {
      pcsc.emit('reader', reader);
      reader.emit('status', { state: 0x20 | 0x02, atr: Buffer.from([0x3b, 0x88]) });
    }, 1);
    return pcsc;
  };
  return { factory, exchanges, events };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe('PcscTransport with a card that stops answering', () => {
  it('fails the exchange after the transmit timeout, and gives the handle back only after the late answer', async () => {
    const { factory, exchanges, events } = fakeReader();
    const transport = new PcscTransport({ factory, settleMs: 250, transmitTimeoutMs: 100 });
    const first = await transport.connect('Test Reader 00 00');
    const started = Date.now();
    await expect(first.transmit(Uint8Array.of(0x00, 0xb0))).rejects.toMatchObject({ code: 'CARD_READ_FAILED', message: expect.stringMatching(/did not answer within 100 ms/) });
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(first.transmit(Uint8Array.of(0x00, 0xa4))).rejects.toMatchObject({ code: 'CARD_READ_FAILED' });
    // The session ends without waiting for the card; the handle stays with pcsclite until the answer comes.
    await first.disconnect();
    expect(events).toEqual(['connect']);

    const next = transport.connect('Test Reader 00 00');
    await new Promise((resolve) => setTimeout(resolve, 20));
    exchanges[0]!.answer('6f00');
    const second = await next;
    expect(events).toEqual(['connect', 'disconnect', 'connect']);
    const answer = second.transmit(Uint8Array.of(0x00, 0xa4));
    await until(() => exchanges.length === 2);
    exchanges[1]!.answer('9000');
    expect(Buffer.from(await answer).toString('hex')).toBe('9000');
    await second.disconnect();
    expect(events).toEqual(['connect', 'disconnect', 'connect', 'disconnect']);
    await transport.close();
  });

  it('refuses a new session while the card still has not answered, without waiting for ever', async () => {
    const { factory, exchanges, events } = fakeReader();
    const transport = new PcscTransport({ factory, settleMs: 250, transmitTimeoutMs: 100 });
    const first = await transport.connect('Test Reader 00 00');
    await expect(first.transmit(Uint8Array.of(0x00, 0xb0))).rejects.toMatchObject({ code: 'CARD_READ_FAILED' });
    await first.disconnect();
    await expect(transport.connect('Test Reader 00 00')).rejects.toMatchObject({ code: 'CARD_READ_FAILED', message: expect.stringMatching(/previous exchange/) });
    // The card leaves the field: the exchange ends (vpcd answers with nothing) and the handle is given back.
    exchanges[0]!.answer('');
    await until(() => events.length === 2);
    const again = await transport.connect('Test Reader 00 00');
    expect(events).toEqual(['connect', 'disconnect', 'connect']);
    await again.disconnect();
    await transport.close();
  });
});

describe('PcscTransport when pcsclite misses a reader', () => {
  /** Contexts that list no reader until the `listsReaderFrom`-th one (pcsclite missing the plug-and-play event). */
  function contexts(listsReaderFrom: number) {
    const { factory: withReader } = fakeReader();
    const created: { closed: boolean }[] = [];
    const factory: () => PcscLiteFactory = () => () => {
      const state = { closed: false };
      created.push(state);
      if (created.length >= listsReaderFrom) {
        const pcsc = withReader()();
        const close = pcsc.close.bind(pcsc);
        return Object.assign(pcsc, { close: () => ((state.closed = true), close()) });
      }
      return Object.assign(new EventEmitter(), { close: () => void (state.closed = true) });
    };
    return { factory, created };
  }

  it('a listing that finds no reader makes an old enough context anew, and finds the reader that was there all along', async () => {
    const { factory, created } = contexts(2);
    const transport = new PcscTransport({ factory, settleMs: 20, renewEmptyContextAfterMs: 50 });
    // A young context is trusted: no renewal at start-up.
    expect(await transport.listReaders()).toEqual([]);
    expect(created).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await transport.listReaders()).toEqual([{ name: 'Test Reader 00 00', cardPresent: true, demo: false }]);
    expect(created.map((context) => context.closed)).toEqual([true, false]);
    // With a reader listed, the context is left alone.
    await new Promise((resolve) => setTimeout(resolve, 60));
    await transport.listReaders();
    expect(created).toHaveLength(2);
    await transport.close();
  });

  it('backs off while renewals keep finding no reader, and a service gone during a renewal is the usual error', async () => {
    const wait = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
    const { factory, created } = contexts(99);
    let serviceUp = true;
    const transport = new PcscTransport({
      factory: () => () => {
        if (!serviceUp) throw new Error('SCardEstablishContext error: Service not available.(0x8010001d)');
        return factory()();
      },
      settleMs: 10,
      renewEmptyContextAfterMs: 200,
      reconnectDelayMs: 10_000,
    });
    await transport.listReaders();
    await wait(220);
    await transport.listReaders();
    expect(created).toHaveLength(2);
    // The next renewal waits for a context twice as old (400 ms), not 200.
    await wait(250);
    await transport.listReaders();
    expect(created).toHaveLength(2);
    await wait(200);
    serviceUp = false;
    await expect(transport.listReaders()).rejects.toMatchObject({ code: 'PCSC_SERVICE_DOWN' });
    expect(created.every((context) => context.closed)).toBe(true);
    await transport.close();
  });

  it('renews on demand only, never on a timer, and not at all when turned off', async () => {
    const idle = contexts(3);
    const transport = new PcscTransport({ factory: idle.factory, settleMs: 20, renewEmptyContextAfterMs: 50 });
    await transport.listReaders();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(idle.created).toHaveLength(1);
    await transport.close();

    const off = contexts(2);
    const never = new PcscTransport({ factory: off.factory, settleMs: 20, renewEmptyContextAfterMs: 0 });
    await never.listReaders();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await never.listReaders()).toEqual([]);
    expect(off.created).toHaveLength(1);
    await never.close();
  });
});

describe('PC/SC error mapping', () => {
  it('treats a broken link to pcscd mid-call as the service being down', () => {
    expect(mapPcscError(new Error('SCardTransmit error: RPC transport error.(0x80100013)')).code).toBe('PCSC_SERVICE_DOWN');
    expect(mapPcscError(new Error('SCardTransmit error: Card was removed.(0x80100069)')).code).toBe('CARD_READ_FAILED');
  });
});
