/**
 * `npm run bench`: how close a read is to the limit of the PC/SC stack. For each sample card, over the real
 * pcscd + vsmartcard-vpcd: APDU count, bytes each way, total read time, time inside the card emulator, the
 * PC/SC round trips, and this software's own time; then the same APDU sequence replayed by `scriptor`
 * (pcsc-tools) against an identically seeded card as the floor of the stack. Prints a table; asserts nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bytesToHex } from '../../kernel/smartcard/bytes';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { VpcdClient } from '../../kernel/node/vpcd/vpcd-client';
import { createCardSessionService } from '../../kernel/session/card-session-service';
import type { VirtualCard } from '../../kernel/smartcard/virtual-card';
import { SAMPLE_PROFILES } from '../../plugins/residence-card/emulator/profiles';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { kernelWithBuiltinPlugins, sampleTrustAnchors } from '../support/builtin-kernel';
import { sleep, startPcscd, VIRTUAL_READER, VPCD_PORT } from '../support/pcscd';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Timed extends VirtualCard {
  cardMs: number;
  commands: Uint8Array[];
}

function timedCard(card: VirtualCard): Timed {
  const timed: Timed = {
    atr: card.atr,
    cardMs: 0,
    commands: [],
    reset: () => card.reset(),
    async transmit(command) {
      const started = performance.now();
      timed.commands.push(command.slice());
      const response = await card.transmit(command);
      timed.cardMs += performance.now() - started;
      return response;
    },
  };
  return timed;
}

async function waitForCard(transport: PcscTransport, present: boolean): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const readers = await transport.listReaders().catch(() => []);
    if (readers.some((reader) => reader.name === VIRTUAL_READER && reader.cardPresent === present)) return;
    await sleep(25);
  }
  throw new Error('the virtual reader did not follow');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Milliseconds scriptor needs for `commands` (its own start-up, measured with one APDU, subtracted). */
function scriptorMs(commands: readonly Uint8Array[]): number {
  const folder = mkdtempSync(join(tmpdir(), 'zairyu-bench-'));
  const run = (list: readonly Uint8Array[]) => {
    const file = join(folder, `script-${list.length}.txt`);
    writeFileSync(file, `${list.map((command) => bytesToHex(command, ' ')).join('\n')}\n`);
    const started = performance.now();
    const result = spawnSync('scriptor', ['-r', VIRTUAL_READER, file], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`scriptor failed: ${result.stderr}`);
    return performance.now() - started;
  };
  return run(commands) - run(commands.slice(0, 1));
}

async function main(): Promise<void> {
  execFileSync('which', ['scriptor']);
  const pcscd = await startPcscd();
  const transport = new PcscTransport({ reconnectDelayMs: 200 });
  const kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
  const session = createCardSessionService(kernel, transport, VIRTUAL_READER);
  const rows: string[][] = [];
  let client: VpcdClient | undefined;
  try {
    for (const profile of SAMPLE_PROFILES) {
      if (profile.kind !== 'gen1' && profile.kind !== 'gen2') continue;
      const totals: number[] = [];
      const own: number[] = [];
      const inCard: number[] = [];
      const link: number[] = [];
      const floors: number[] = [];
      let apdus = 0;
      let sent = 0;
      let received = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        // The same seed for the read and its replay: the card's challenges and keys repeat byte for byte.
        const card = timedCard(createSampleCard(profile.id, { deterministic: true, seed: `${profile.id}-${round}` }));
        await client?.close();
        if (client) await waitForCard(transport, false);
        client = new VpcdClient(card, { port: VPCD_PORT, initialReconnectDelayMs: 20 });
        await waitForCard(transport, true);
        const outcome = await session.readWithStats({ cardNumber: profile.cardNumber });
        totals.push(outcome.totalMilliseconds);
        inCard.push(card.cardMs);
        link.push(outcome.transfer.cardMilliseconds - card.cardMs);
        own.push(outcome.totalMilliseconds - outcome.transfer.cardMilliseconds);
        apdus = outcome.transfer.apduCount;
        sent = outcome.transfer.bytesSent;
        received = outcome.transfer.bytesReceived;

        const replay = createSampleCard(profile.id, { deterministic: true, seed: `${profile.id}-${round}` });
        await client.close();
        await waitForCard(transport, false);
        client = new VpcdClient(replay, { port: VPCD_PORT, initialReconnectDelayMs: 20 });
        await waitForCard(transport, true);
        floors.push(scriptorMs(card.commands));
      }
      const total = median(totals);
      const floor = median(floors);
      rows.push([
        profile.id,
        String(apdus),
        String(sent),
        String(received),
        total.toFixed(1),
        median(inCard).toFixed(1),
        median(link).toFixed(1),
        median(own).toFixed(1),
        floor.toFixed(1),
        (total / floor).toFixed(2),
      ]);
    }
  } finally {
    await client?.close();
    await transport.close();
    await pcscd.stop();
  }
  const header = ['profile', 'APDUs', 'bytes out', 'bytes in', 'read ms', 'in card ms', 'PC/SC ms', 'own ms', 'scriptor ms', 'ratio'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(`Read benchmark over pcscd + vsmartcard-vpcd, median of ${ROUNDS} rounds per card`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('own ms = read time minus the time spent waiting for the card (APDU round trips): parsing, crypto, verification.');
  console.log('scriptor ms = the same APDUs replayed by pcsc-tools scriptor (its start-up subtracted): the floor of the PC/SC stack.');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
