import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
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
import { PCSCD, startPcscd, VIRTUAL_READER, VPCD_PORT, waitForCardState, type RunningPcscd } from '../support/pcscd';

/**
 * The emulator through the real PC/SC stack: emulator → VpcdClient → vsmartcard-vpcd (a pcscd driver) → pcscd →
 * libpcsclite → the `pcsclite` npm module → PcscTransport. Needs pcscd and vsmartcard-vpcd installed (Debian:
 * pcscd vsmartcard-vpcd) and the rights to start pcscd; a pcscd already running is stopped first, as in every test
 * that drives the virtual reader.
 */

const READER = VIRTUAL_READER;
const VPCD_DRIVER = ['/usr/lib/pcsc/drivers/serial/libifdvpcd.so', '/usr/lib64/pcsc/drivers/serial/libifdvpcd.so'].find((path) => existsSync(path));

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

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

describe.skipIf(!process.env.CI && (!existsSync(PCSCD) || !VPCD_DRIVER))('emulator in vsmartcard-vpcd through pcscd', () => {
  let pcscd: RunningPcscd | undefined;
  let client: VpcdClient;
  let transport: PcscTransport;
  const contexts: PcscContext[] = [];

  const cardPresent = (present: boolean) => waitForCardState(transport, present, 15_000);

  async function withConnection<T>(use: (connection: CardConnection) => Promise<T>): Promise<T> {
    const connection = await transport.connect(READER);
    try {
      return await use(connection);
    } finally {
      await connection.disconnect();
    }
  }

  beforeAll(async () => {
    pcscd = await startPcscd();
    client = new VpcdClient(createSampleCard('gen1-residence-work-permitted'), { port: VPCD_PORT, initialReconnectDelayMs: 100 });
    transport = new PcscTransport({ settleMs: 1500, factory: trackingPcscFactory(contexts) });
    await cardPresent(true);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await transport?.close();
    closeReaders(contexts);
    await pcscd?.stop();
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
