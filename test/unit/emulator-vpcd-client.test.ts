import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VpcdClient, type VpcdClientEvent } from '../../kernel/node/vpcd/vpcd-client';
import { encodeVpcdFrame, VpcdFrameReader } from '../../kernel/node/vpcd/vpcd-framing';
import type { VirtualCard } from '../../kernel/smartcard/virtual-card';
import { listEmulatorProfiles, runEmulateCommand } from '../../shell/cli/commands/emulate-command';

/** The vpcd client against a stand-in for vsmartcard's vpcd: a TCP server speaking the same framing. */

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

/** One connected card as vpcd sees it: send control codes and APDUs, await the framed answers. */
class FakeVpcdSlot {
  private readonly reader = new VpcdFrameReader();
  private readonly waiting: Array<(payload: Uint8Array) => void> = [];
  private readonly received: Uint8Array[] = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const payload of this.reader.push(new Uint8Array(chunk))) {
        const waiter = this.waiting.shift();
        if (waiter) waiter(payload);
        else this.received.push(payload);
      }
    });
  }

  control(code: number): void {
    this.socket.write(encodeVpcdFrame(Uint8Array.of(code)));
  }

  exchange(payload: Uint8Array): Promise<Uint8Array> {
    this.socket.write(encodeVpcdFrame(payload));
    return this.next();
  }

  next(): Promise<Uint8Array> {
    const early = this.received.shift();
    if (early) return Promise.resolve(early);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

class FakeVpcd {
  private readonly slots: FakeVpcdSlot[] = [];
  private readonly arrivals: Array<(slot: FakeVpcdSlot) => void> = [];

  private readonly sockets = new Set<Socket>();

  private constructor(readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      const slot = new FakeVpcdSlot(socket);
      const waiter = this.arrivals.shift();
      if (waiter) waiter(slot);
      else this.slots.push(slot);
    });
  }

  static async start(port = 0): Promise<FakeVpcd> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return new FakeVpcd(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  nextCard(): Promise<FakeVpcdSlot> {
    const slot = this.slots.shift();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

/** A card that logs its calls and echoes APDUs with 90 00. */
function echoCard(): VirtualCard & { calls: string[] } {
  const calls: string[] = [];
  return {
    atr: hex('3B 88 80 01 00 00 00 00 B3 81 A1 00 9A'),
    calls,
    reset: () => calls.push('reset'),
    transmit: async (command) => {
      calls.push(`transmit ${toHex(command)}`);
      return Uint8Array.of(...command, 0x90, 0x00);
    },
  };
}

/** Polls instead of sleeping a fixed time, so slow machines do not fail. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('vpcd framing', () => {
  it('prefixes a big-endian length and reassembles frames split and joined across chunks', () => {
    expect(toHex(encodeVpcdFrame(hex('00A4000002 3F00')))).toBe('000700A40000023F00');
    const reader = new VpcdFrameReader();
    const stream = Buffer.concat([encodeVpcdFrame(Uint8Array.of(4)), encodeVpcdFrame(new Uint8Array(300).fill(7)), encodeVpcdFrame(hex('00B08A0000'))]);
    const payloads = [...stream].flatMap((byte) => reader.push(Uint8Array.of(byte)));
    expect(payloads.map((payload) => payload.length)).toEqual([1, 300, 5]);
    expect(reader.push(stream).map((payload) => payload.length)).toEqual([1, 300, 5]);
  });
});

describe('VpcdClient', () => {
  it('answers the ATR request and APDUs, resets the card on power events and answers nothing to them', async () => {
    const vpcd = await FakeVpcd.start();
    cleanups.push(() => vpcd.stop());
    const card = echoCard();
    const events: VpcdClientEvent['type'][] = [];
    const client = new VpcdClient(card, { port: vpcd.port, onEvent: (event) => events.push(event.type) });
    cleanups.push(() => client.close());
    const slot = await vpcd.nextCard();

    slot.control(0x01);
    expect(toHex(await slot.exchange(Uint8Array.of(0x04)))).toBe('3B88800100000000B381A1009A');
    expect(toHex(await slot.exchange(hex('00 B0 8A 00 00')))).toBe('00B08A00009000');
    slot.control(0x02);
    slot.control(0x00);
    expect(toHex(await slot.exchange(hex('00 84 00 00 08')))).toBe('00840000089000');
    expect(card.calls).toEqual(['reset', 'transmit 00B08A0000', 'reset', 'reset', 'transmit 0084000008']);
    expect(events).toEqual(expect.arrayContaining(['connecting', 'connected', 'power']));
    expect(client.connected).toBe(true);
  });

  it('answers 6F 00 when the card throws', async () => {
    const vpcd = await FakeVpcd.start();
    cleanups.push(() => vpcd.stop());
    const card: VirtualCard = { atr: Uint8Array.of(0x3b, 0x00), reset: () => undefined, transmit: () => Promise.reject(new Error('boom')) };
    const client = new VpcdClient(card, { port: vpcd.port });
    cleanups.push(() => client.close());
    expect(toHex(await (await vpcd.nextCard()).exchange(hex('00 A4 00 00')))).toBe('6F00');
  });

  it('reconnects with backoff when vpcd is not there yet or drops the connection', async () => {
    const placeholder = await FakeVpcd.start();
    const port = placeholder.port;
    await placeholder.stop();
    const delays: number[] = [];
    const client = new VpcdClient(echoCard(), {
      port,
      initialReconnectDelayMs: 20,
      maxReconnectDelayMs: 80,
      onEvent: (event) => {
        if (event.type === 'disconnected' && event.retryInMs !== undefined) delays.push(event.retryInMs);
      },
    });
    cleanups.push(() => client.close());
    await until(() => delays.length >= 4);
    expect(delays.slice(0, 4)).toEqual([20, 40, 80, 80]);

    const vpcd = await FakeVpcd.start(port);
    cleanups.push(() => vpcd.stop());
    const first = await vpcd.nextCard();
    first.socket.destroy();
    const second = await vpcd.nextCard();
    expect(toHex(await second.exchange(Uint8Array.of(0x04)))).toMatch(/^3B88/);
  });

  it('removeCard() disconnects and stays out until insertCard(), which may bring another card', async () => {
    const vpcd = await FakeVpcd.start();
    cleanups.push(() => vpcd.stop());
    const client = new VpcdClient(echoCard(), { port: vpcd.port, initialReconnectDelayMs: 10 });
    cleanups.push(() => client.close());
    const slot = await vpcd.nextCard();
    const closed = new Promise((resolve) => slot.socket.once('close', resolve));
    await client.removeCard();
    await closed;
    expect(client.connected).toBe(false);
    let reconnected = false;
    void vpcd.nextCard().then(() => (reconnected = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reconnected).toBe(false);

    const other: VirtualCard = { atr: hex('3B 80 80 01 01'), reset: () => undefined, transmit: () => hex('6A 82') };
    client.insertCard(other);
    await until(() => reconnected);
  });
});

describe('emulate command', () => {
  it('lists every sample profile with its fictional card number', () => {
    const profiles = listEmulatorProfiles();
    expect(profiles.map((profile) => profile.id)).toContain('gen1-residence-work-permitted');
    expect(profiles.find((profile) => profile.id === 'gen2-residence-no-permission')?.cardNumber).toBe('AA12345678BB');
  });

  it('puts the chosen sample into vpcd and logs what to type', async () => {
    const vpcd = await FakeVpcd.start();
    cleanups.push(() => vpcd.stop());
    const lines: string[] = [];
    const emulator = await runEmulateCommand({ profile: 'gen2-special-permanent', port: vpcd.port, deterministic: true, log: (line) => lines.push(line) });
    cleanups.push(() => emulator.close());
    const slot = await vpcd.nextCard();
    slot.control(0x01);
    expect(toHex(await slot.exchange(hex('00 B0 8A 00 00')))).toBe('C10230369000');
    expect(lines.join('\n')).toContain('SP23456789CD');
    expect(lines.join('\n')).toContain('fictional');
  });

  it('refuses an unknown profile, naming the known ones', async () => {
    await expect(runEmulateCommand({ profile: 'nope', log: () => undefined })).rejects.toThrow(/gen1-residence-work-permitted/);
  });
});
