/**
 * `npm run bench`: how close a read is to the limit of the card link, and what the kiosk costs around it.
 * Over the real pcscd + vsmartcard-vpcd, for each sample card:
 *   1. APDU count, bytes each way, total read time, time inside the card emulator, PC/SC round trips and this
 *      software's own time; the same APDU sequence replayed by `scriptor` (pcsc-tools) against an identically
 *      seeded card as the floor of the PC/SC stack, and our ratio to it;
 *   2. the card answering at the pace of a 424 kbit/s ISO/IEC 14443 link: read time against the link's
 *      physical minimum for the same bytes;
 * then 3. heap after 1,000 reads through the CLI's read path and 4. start-up to the ready top screen in Chromium.
 * Sections 2 and 3 run in process (no pcscd): see there why.
 * Prints tables (docs/performance.md explains them); asserts nothing.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { chromium } from 'playwright-core';
import { bytesToHex } from '../../kernel/smartcard/bytes';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';
import { createCardSessionService, type CardSessionService } from '../../kernel/session/card-session-service';
import type { VirtualCard } from '../../kernel/smartcard/virtual-card';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { ContactlessLink, LINK_424_KBPS, overContactlessLink } from '../../plugins/residence-card/emulator/contactless-link';
import { SAMPLE_PROFILES, type SampleProfile } from '../../plugins/residence-card/emulator/profiles';
import { createSampleCard, sampleFileSystem } from '../../plugins/residence-card/emulator/sample-cards';
import { startWebKioskServer } from '../../shell/web/server/static-server';
import { kernelWithBuiltinPlugins, SAMPLE_TRUST_STORE, sampleTrustAnchors } from '../support/builtin-kernel';
import { CHROMIUM } from '../support/browser';
import { startPcscd, VIRTUAL_READER } from '../support/pcscd';
import { VirtualReaderSlot } from '../support/virtual-reader-slot';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MEMORY_READS = Number(process.env.BENCH_MEMORY_READS ?? 1000);
const STARTUPS = Number(process.env.BENCH_STARTUPS ?? 5);
/** e.g. BENCH_SECTIONS=1,4: run only those sections. */
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? '1,2,3,4').split(',').map((section) => section.trim()));

type BenchKernel = Awaited<ReturnType<typeof kernelWithBuiltinPlugins>>;
type Readable = Extract<SampleProfile, { kind: 'gen1' | 'gen2' }>;
const READABLE = SAMPLE_PROFILES.filter((profile): profile is Readable => profile.kind === 'gen1' || profile.kind === 'gen2');

interface TimedCard extends VirtualCard {
  cardMs: number;
  commands: Uint8Array[];
}

function timedCard(card: VirtualCard): TimedCard {
  const timed: TimedCard = {
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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function printTable(title: string, header: string[], rows: string[][], notes: string[]): void {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const note of notes) console.log(note);
}

/** Files on the sample card that a read fetches: the target is one APDU each (whole-file extended reads). */
function fileCount(profile: Readable): number {
  const fileSystem = sampleFileSystem(profile);
  return fileSystem.mf.files.size + fileSystem.dfs.reduce((sum, dedicated) => sum + dedicated.files.size, 0);
}

/**
 * Milliseconds scriptor needs for `commands` (its own start-up, measured with one APDU, subtracted). Spawned
 * asynchronously: the emulated card answering it lives in this process's event loop.
 */
async function scriptorMs(commands: readonly Uint8Array[]): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'zairyu-bench-'));
  const run = async (list: readonly Uint8Array[]) => {
    const file = join(folder, `script-${list.length}.txt`);
    writeFileSync(file, `${list.map((command) => bytesToHex(command, ' ')).join('\n')}\n`);
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      execFile('scriptor', ['-r', VIRTUAL_READER, file], { timeout: 30_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`scriptor failed: ${stderr || stdout || error.message}`)) : resolve(),
      );
    });
    return performance.now() - started;
  };
  return (await run(commands)) - (await run(commands.slice(0, 1)));
}

async function readsAgainstReplay(session: CardSessionService, slot: VirtualReaderSlot): Promise<void> {
  const rows: string[][] = [];
  for (const profile of READABLE) {
    const totals: number[] = [];
    const own: number[] = [];
    const inCard: number[] = [];
    const roundTrips: number[] = [];
    const floors: number[] = [];
    let transfer = { apduCount: 0, bytesSent: 0, bytesReceived: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      // The same seed for the read and its replay: the card's challenges and keys repeat byte for byte.
      const seed = `${profile.id}-${round}`;
      const card = timedCard(createSampleCard(profile.id, { deterministic: true, seed }));
      await slot.insert(card);
      const outcome = await session.readWithStats({ cardNumber: profile.cardNumber });
      totals.push(outcome.totalMilliseconds);
      inCard.push(card.cardMs);
      roundTrips.push(outcome.transfer.cardMilliseconds - card.cardMs);
      own.push(outcome.totalMilliseconds - outcome.transfer.cardMilliseconds);
      transfer = outcome.transfer;

      await slot.insert(createSampleCard(profile.id, { deterministic: true, seed }));
      floors.push(await scriptorMs(card.commands));
    }
    const total = median(totals);
    const floor = median(floors);
    rows.push([
      profile.id,
      `${transfer.apduCount}/${fileCount(profile)}`,
      String(transfer.bytesSent),
      String(transfer.bytesReceived),
      total.toFixed(1),
      median(inCard).toFixed(1),
      median(roundTrips).toFixed(1),
      median(own).toFixed(1),
      floor.toFixed(1),
      (total / floor).toFixed(2),
    ]);
  }
  printTable(
    `1. Reads over pcscd + vsmartcard-vpcd, median of ${ROUNDS} rounds per card`,
    ['profile', 'APDUs/files', 'bytes out', 'bytes in', 'read ms', 'in card ms', 'PC/SC ms', 'own ms', 'scriptor ms', 'ratio'],
    rows,
    [
      'APDUs/files: commands sent / elementary files on the card (plus SELECT, GET CHALLENGE, MUTUAL AUTHENTICATE, VERIFY).',
      'in card ms: inside the emulator; PC/SC ms: round trips through pcscd and vpcd minus that;',
      'own ms: read time minus the time waiting for the card — parsing, crypto, signature and issuer verification.',
      'scriptor ms: the same APDUs replayed by pcsc-tools scriptor (its start-up subtracted), the floor of the stack.',
    ],
  );
}

/**
 * In process, without pcscd: vpcd's own round trip (section 1) would otherwise be added to the link's time, and a
 * real reader has no vpcd. What remains is the link, the card and this software.
 */
async function readsOverContactlessLink(kernel: BenchKernel): Promise<void> {
  const link = new ContactlessLink(LINK_424_KBPS);
  const transport = new VirtualTransport();
  const session = createCardSessionService(kernel, transport, 'auto');
  const rows: string[][] = [];
  for (const profile of READABLE) {
    const totals: number[] = [];
    const onAir: number[] = [];
    const own: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const card = overContactlessLink(createSampleCard(profile.id, { deterministic: true, seed: `${profile.id}-${round}` }), link);
      transport.insert(card);
      const outcome = await session.readWithStats({ cardNumber: profile.cardNumber });
      totals.push(outcome.totalMilliseconds);
      onAir.push(card.airMilliseconds);
      own.push(outcome.totalMilliseconds - outcome.transfer.cardMilliseconds);
    }
    const total = median(totals);
    const minimum = median(onAir);
    rows.push([profile.id, total.toFixed(1), minimum.toFixed(1), (total / minimum).toFixed(2), (total - minimum).toFixed(1), median(own).toFixed(1)]);
  }
  printTable(
    `2. Reads in process with the card paced to a ${(link.bitsPerSecond / 1000).toFixed(2)} kbit/s ISO/IEC 14443 Type B link (FSC ${LINK_424_KBPS.frameSize}), median of ${ROUNDS}`,
    ['profile', 'read ms', 'on-air minimum ms', 'ratio', 'above minimum ms', 'own ms'],
    rows,
    ['on-air minimum: bits of every frame (SOF, PCB, INF, CRC_B, EOF, chaining R(ACK)s) at the bit rate; guard times left out.'],
  );
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * The CLI's read path (one kernel, one session service) 1,000 times. Over the in-process transport by default:
 * over vpcd a read takes ~0.75 s (section 1), so 1,000 take 12 minutes; BENCH_MEMORY_OVER_PCSCD=1 does that.
 */
async function heapAfterManyReads(kernel: BenchKernel, pcsc: { transport: PcscTransport; slot: VirtualReaderSlot }): Promise<void> {
  const overPcscd = process.env.BENCH_MEMORY_OVER_PCSCD === '1';
  const profile = READABLE.find((candidate) => candidate.id === 'gen2-residence-comprehensive-28h') ?? READABLE[0]!;
  const virtual = new VirtualTransport();
  const session = overPcscd ? createCardSessionService(kernel, pcsc.transport, VIRTUAL_READER) : createCardSessionService(kernel, virtual, 'auto');
  if (overPcscd) await pcsc.slot.insert(createSampleCard(profile.id));
  else virtual.insert(createSampleCard(profile.id));
  for (let warmUp = 0; warmUp < 20; warmUp += 1) await session.read({ cardNumber: profile.cardNumber });
  collectGarbage();
  const before = process.memoryUsage();
  const started = performance.now();
  for (let read = 0; read < MEMORY_READS; read += 1) await session.read({ cardNumber: profile.cardNumber });
  const seconds = (performance.now() - started) / 1000;
  collectGarbage();
  const after = process.memoryUsage();
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  printTable(
    `3. ${MEMORY_READS} reads of ${profile.id} through the CLI's read path ${overPcscd ? 'over pcscd + vpcd' : 'in process'} (one process, after 20 warm-up reads)`,
    ['measure', 'before', 'after', 'growth'],
    [
      ['heap used MB', mb(before.heapUsed), mb(after.heapUsed), mb(after.heapUsed - before.heapUsed)],
      ['resident set MB', mb(before.rss), mb(after.rss), mb(after.rss - before.rss)],
    ],
    [`${(MEMORY_READS / seconds).toFixed(1)} reads/s, ${((seconds * 1000) / MEMORY_READS).toFixed(1)} ms per read.`],
  );
}

async function startupToReadyTopScreen(transport: PcscTransport, slot: VirtualReaderSlot): Promise<void> {
  const server = await startWebKioskServer({
    webRoot: join(process.cwd(), 'dist', 'web'),
    configText: async () => JSON.stringify({ reader: { name: VIRTUAL_READER, demo: 'never' }, trustStoreProfile: 'test' }),
    trustStore: () => readTrustStoreDocument(SAMPLE_TRUST_STORE, 'test'),
    cardService: { transport, token: 'bench-token-0123456789abcdef0123456789abcdef' },
  });
  await slot.remove();
  const fromLaunch: number[] = [];
  const fromNavigation: number[] = [];
  try {
    for (let run = 0; run < STARTUPS; run += 1) {
      const launched = performance.now();
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
        await page.goto(server.kioskUrl);
        await page.waitForSelector('#app[data-ready="true"] [data-testid="reader-status"][data-state="ready"]');
        fromLaunch.push(performance.now() - launched);
        // A string, so that the bundler's renaming of this file's `performance` import cannot reach the page.
        fromNavigation.push(Number(await page.evaluate('performance.now()')));
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  printTable(
    `4. Start-up to the ready top screen (reader found, waiting for a card) in Chromium, median of ${STARTUPS}`,
    ['measure', 'ms'],
    [
      ['browser launch → ready', median(fromLaunch).toFixed(0)],
      ['navigation → ready', median(fromNavigation).toFixed(0)],
    ],
    ['Web host and card service already listening; headless Chromium, software rendering.'],
  );
}

async function main(): Promise<void> {
  execFileSync('which', ['scriptor']);
  const pcscd = await startPcscd();
  const transport = new PcscTransport({ reconnectDelayMs: 200 });
  const slot = new VirtualReaderSlot(transport, { initialReconnectDelayMs: 20 }, 5000);
  const kernel = await kernelWithBuiltinPlugins({}, sampleTrustAnchors);
  const session = createCardSessionService(kernel, transport, VIRTUAL_READER);
  try {
    if (SECTIONS.has('1')) await readsAgainstReplay(session, slot);
    if (SECTIONS.has('2')) await readsOverContactlessLink(kernel);
    if (SECTIONS.has('3')) await heapAfterManyReads(kernel, { transport, slot });
    if (SECTIONS.has('4')) await startupToReadyTopScreen(transport, slot);
  } finally {
    await slot.remove().catch(() => undefined);
    await transport.close();
    await pcscd.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
