import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCommandApdu, findTag, parseResponseApdu, parseTlvSequence, type CardChannel } from '../../kernel/api';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { loadPcscLite } from '../../kernel/node/pcsclite-loader';
import { VpcdClient } from '../../kernel/node/vpcd/vpcd-client';
import { detectCardType } from '../../kernel/session/card-type-detection';
import type { CardConnection } from '../../kernel/smartcard/card-transport';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { EMULATED_RESIDENCE_CARD_ATR } from '../../plugins/residence-card/emulator/type-b-atr';
import { ResidenceCardCommands } from '../../plugins/residence-card/protocol/card-commands';
import { gen2CipherSuite } from '../../plugins/residence-card/protocol/cipher-suite';
import { DF1, DF3, Gen2Files } from '../../plugins/residence-card/protocol/file-map';

/**
 * The emulator through the real PC/SC stack: emulator → VpcdClient → vsmartcard-vpcd (a pcscd driver) → pcscd →
 * libpcsclite → the `pcsclite` npm module → PcscTransport. Needs pcscd and vsmartcard-vpcd installed (Debian:
 * pcscd vsmartcard-vpcd) and the rights to start pcscd. A pcscd that is already running is used as it is (it must
 * have the vpcd driver); one started here is stopped again by its pid.
 */

const READER = 'Virtual PCD 00 00';
const VPCD_PORT = 35963;
const PCSCD = ['/usr/sbin/pcscd', '/usr/bin/pcscd'].find((path) => existsSync(path));
const VPCD_DRIVER = ['/usr/lib/pcsc/drivers/serial/libifdvpcd.so', '/usr/lib64/pcsc/drivers/serial/libifdvpcd.so'].find((path) => existsSync(path));

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

/** A live pcscd (zombies, whose /proc stat state is Z, do not count). */
function pcscdRunning(): boolean {
  let pids: string[];
  try {
    pids = execFileSync('pgrep', ['-x', 'pcscd'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return false;
  }
  return pids.some((pid) => {
    try {
      return !/^\d+ \([^)]*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  });
}

type PcscContext = EventEmitter & { close(): void; readers?: Record<string, EventEmitter & { close(): void }> };

/**
 * PcscTransport's own factory, remembering each PC/SC context: pcsclite keeps polling every reader until the reader
 * itself is closed, and a poll failing once pcscd is gone would be an uncaught 'error' after PcscTransport.close().
 */
function trackingPcscFactory(contexts: PcscContext[]) {
  return () => {
    const create = loadPcscLite();
    return () => {
      const context = create() as PcscContext;
      contexts.push(context);
      return context;
    };
  };
}

function closeReaders(contexts: readonly PcscContext[]): void {
  for (const context of contexts) {
    for (const reader of Object.values(context.readers ?? {})) {
      reader.on('error', () => undefined);
      reader.close();
    }
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe.skipIf(!process.env.CI && (!PCSCD || !VPCD_DRIVER))('emulator in vsmartcard-vpcd through pcscd', () => {
  let pcscd: ChildProcess | undefined;
  let client: VpcdClient;
  let transport: PcscTransport;
  const contexts: PcscContext[] = [];

  const cardPresent = async (present: boolean) =>
    waitFor(`${READER} ${present ? 'with' : 'without'} a card`, async () => {
      const readers = await transport.listReaders().catch(() => []);
      return readers.some((reader) => reader.name === READER && reader.cardPresent === present) ? true : undefined;
    });

  async function withConnection<T>(use: (connection: CardConnection) => Promise<T>): Promise<T> {
    const connection = await transport.connect(READER);
    try {
      return await use(connection);
    } finally {
      await connection.disconnect();
    }
  }

  beforeAll(async () => {
    if (!pcscdRunning()) {
      pcscd = spawn(PCSCD!, ['--foreground'], { stdio: 'ignore' });
      // Our own pcscd: the vpcd driver listens once pcscd has loaded it.
      await waitFor('vpcd to listen', async () => ((await portOpen(VPCD_PORT)) ? true : undefined));
    }
    client = new VpcdClient(createSampleCard('gen1-residence-work-permitted'), { port: VPCD_PORT, initialReconnectDelayMs: 100 });
    transport = new PcscTransport({ settleMs: 1500, factory: trackingPcscFactory(contexts) });
    await cardPresent(true);
  }, 30_000);

  afterAll(async () => {
    await client?.close();
    await transport?.close();
    closeReaders(contexts);
    if (pcscd?.pid !== undefined && pcscd.exitCode === null) {
      const exited = new Promise((resolve) => pcscd!.once('exit', resolve));
      process.kill(pcscd.pid, 'SIGTERM');
      await exited;
    }
  }, 30_000);

  it('shows the card with its Type B ATR, and SELECT + READ of C1 go through the real stack', async () => {
    await withConnection(async (connection) => {
      expect(toHex(connection.atr)).toBe(toHex(EMULATED_RESIDENCE_CARD_ATR));
      expect(toHex(await connection.transmit(hex('00 A4 00 00 02 3F 00')))).toBe('9000');
      expect(toHex(await connection.transmit(hex('00 B0 8A 00 00')))).toBe('C10131' + '9000');
      expect(await detectCardType(connection)).toBe('1');
    });
  });

  it('authenticates and reads whole files with extended APDUs through PC/SC', async () => {
    await client.removeCard();
    await cardPresent(false);
    client.insertCard(createSampleCard('gen2-residence-comprehensive-28h'));
    await cardPresent(true);
    await withConnection(async (connection) => {
      const channel: CardChannel = connection;
      expect(await detectCardType(channel)).toBe('05');
      const commands = new ResidenceCardCommands(channel, gen2CipherSuite);
      await commands.authenticate('CD23456789EF');
      await commands.selectDf(DF1, 'DF1');
      const nameAndFace = await commands.readSecure(Gen2Files.nameAndFace, 'name and face');
      expect(nameAndFace).toHaveLength(5508);
      expect(findTag(parseTlvSequence(nameAndFace!, { allowPadding: true }), 0xd1)?.value.length).toBeGreaterThan(1000);
      await commands.selectDf(DF3, 'DF3');
      expect(await commands.readPlain(Gen2Files.signature, 'signature')).toHaveLength(704);
    });
  });

  it('a wrong card number is refused with 63 00 through the real stack', async () => {
    await withConnection(async (connection) => {
      await detectCardType(connection);
      const commands = new ResidenceCardCommands(connection, gen2CipherSuite);
      await expect(commands.authenticate('CD23456789EE')).rejects.toMatchObject({ code: 'WRONG_CARD_NUMBER', statusWord: 0x6300 });
    });
  });

  it('a card that is not a residence card answers 6A 82', async () => {
    await client.removeCard();
    await cardPresent(false);
    client.insertCard(createSampleCard('not-residence-card'));
    await cardPresent(true);
    await withConnection(async (connection) => {
      const response = parseResponseApdu(await connection.transmit(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0x8a, p2: 0, le: 'max' })));
      expect(response.sw).toBe(0x6a82);
    });
  });
});
