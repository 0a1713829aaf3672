import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../kernel/audit/audit-log';
import { defaultKioskConfig } from '../../kernel/config/kiosk-config';
import type { Kernel } from '../../kernel/container/create-kernel';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { VpcdClient } from '../../kernel/node/vpcd/vpcd-client';
import type { CardTransport } from '../../kernel/smartcard/card-transport';
import type { VirtualCard } from '../../kernel/smartcard/virtual-card';
import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { SAMPLE_PROFILES, type Gen1Profile, type Gen2Profile } from '../../plugins/residence-card/emulator/profiles';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { readAndReport, withTrustStoreOptions } from '../../shell/cli/commands/read-command';
import { createNodeKernel } from '../../shell/cli/node-kernel';
import { startPcscd, waitForCardState, VIRTUAL_READER, VPCD_PORT, type RunningPcscd } from '../support/pcscd';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'dist', 'cli.mjs');
const WEB_ROOT = join(process.cwd(), 'dist', 'web');
const TEST_TRUST_STORE = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');

const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 1000);
/**
 * vsmartcard-vpcd costs about 45 ms per APDU (its driver writes each command as two TCP segments and meets the
 * emulator's delayed ACK; docs/performance.md), so a read through pcscd takes ~0.8 s: 1,000 of them would take
 * 15 minutes. The 1,000 run in process on the same emulator; this many go through pcscd, for PcscTransport and
 * pcsclite. SOAK_PCSC_SESSIONS=1000 runs the full thousand through pcscd.
 */
const PCSC_SESSIONS = Number(process.env.SOAK_PCSC_SESSIONS ?? 150);
const WARM_UP_SESSIONS = 20;
const SPAWNED_PROCESSES = 20;

/**
 * Growth of the used heap from after the warm-up to after the last read, both after a full GC. Measured: about
 * +1.2 MB over 1,000 reads in process, +1.3 MB over 1,000 reads through pcscd (see the log lines), most of it
 * the kernel logger's in-memory ring (500 records) filling up and V8's compiled code; it flattens out. A read
 * result kept per read (a card face alone is several kB, the JSON document ~10 kB) exceeds it within a few hundred.
 */
const HEAP_GROWTH_BOUND_BYTES = 4 * 1024 * 1024;

type ReadableProfile = Gen1Profile | Gen2Profile;
const profile = (id: string) => SAMPLE_PROFILES.find((entry): entry is ReadableProfile => entry.id === id)!;
const IN_PROCESS_READER = 'In-process reader (sample cards)';
/** A 1st- and a 2nd-generation card, read in turn: a TIFF card face, then a JPEG 2000 photo with name and address images. */
const ALTERNATING = [profile('gen1-residence-work-permitted'), profile('gen2-residence-comprehensive-28h')];

/** A full GC on demand without restarting the worker with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function heapUsedAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/**
 * One card on the virtual reader whose chip can be swapped between reads (as if a person swapped cards faster
 * than the reader polls): alternating generations without waiting for pcscd to see a removal and an insertion.
 */
class SwappableCard implements VirtualCard {
  private current: VirtualCard;
  constructor(first: VirtualCard) {
    this.current = first;
  }
  get atr(): Uint8Array {
    return this.current.atr;
  }
  swap(next: VirtualCard): void {
    this.current = next;
    next.reset();
  }
  reset(): void {
    this.current.reset();
  }
  transmit(command: Uint8Array): Uint8Array | Promise<Uint8Array> {
    return this.current.transmit(command);
  }
}

interface ReadLoopResult {
  readonly measured: number;
  readonly seconds: number;
  readonly start: number;
  readonly end: number;
  readonly trend: readonly number[];
}

/**
 * `sessions` consecutive reads exactly as `zairyu read --json --audit-log` runs them (readAndReport: the read,
 * the audit record, the JSON document), alternating a 1st- and a 2nd-generation card, on one kernel and transport.
 * Each document is checked and dropped. The heap is measured after the warm-up and at the end.
 */
async function readLoop(
  sessions: number,
  kernel: Kernel,
  transport: CardTransport,
  reader: string,
  place: (index: number) => void,
  auditLog: string,
): Promise<ReadLoopResult> {
  const read = async (index: number) => {
    const expected = ALTERNATING[index % 2]!;
    place(index);
    let document = '';
    const errors: string[] = [];
    const exitCode = await readAndReport(
      kernel,
      transport,
      { reader, cardNumber: expected.cardNumber, auditLog, includeImages: false, json: true },
      { out: (text) => (document = text), err: (text) => errors.push(text) },
    );
    if (exitCode !== 0 || errors.length > 0) throw new Error(`read ${index + 1}: exit ${exitCode} ${document} ${errors.join(' ')}`);
    const json = JSON.parse(document) as { cardType: string; verification: { tamper: { outcome: string }; issuer: { outcome: string } } };
    if (json.cardType !== expected.cardType || json.verification.tamper.outcome !== 'ok' || json.verification.issuer.outcome !== 'ok') {
      throw new Error(`read ${index + 1}: unexpected result ${document.slice(0, 300)}`);
    }
  };
  const warmUp = Math.min(WARM_UP_SESSIONS, sessions);
  for (let index = 0; index < warmUp; index += 1) await read(index);
  const start = heapUsedAfterGc();
  const started = performance.now();
  const trend: number[] = [];
  for (let index = warmUp; index < sessions; index += 1) {
    await read(index);
    if ((index + 1) % 100 === 0) trend.push(Math.round(heapUsedAfterGc() / 1024));
  }
  const seconds = (performance.now() - started) / 1000;
  return { measured: sessions - warmUp, seconds, start, end: heapUsedAfterGc(), trend };
}

function describeLoop(label: string, result: ReadLoopResult): string {
  const { measured, seconds, start, end, trend } = result;
  return (
    `soak (${label}): ${measured} reads after ${WARM_UP_SESSIONS} warm-up in ${seconds.toFixed(1)} s (${(measured / seconds).toFixed(1)}/s); ` +
    `heapUsed ${start} → ${end} B (${((end - start) / 1024).toFixed(0)} kB); heap every 100 reads (kB): ${trend.join(' ')}`
  );
}

function testKernel(): Promise<Kernel> {
  return createNodeKernel(WEB_ROOT, withTrustStoreOptions(defaultKioskConfig, { testTrustStore: TEST_TRUST_STORE }));
}

describe('soak: the CLI read path', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'zairyu-soak-cli-'));
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it(`${SESSIONS} consecutive reads in one process: bounded heap, one intact audit record per read`, { timeout: 30 * 60_000 }, async () => {
    const kernel = await testKernel();
    const transport = new VirtualTransport(IN_PROCESS_READER);
    const cards = ALTERNATING.map((entry) => createSampleCard(entry.id));
    const auditLog = join(folder, 'in-process-audit.jsonl');
    const result = await readLoop(SESSIONS, kernel, transport, IN_PROCESS_READER, (index) => transport.insert(cards[index % 2]!), auditLog);
    console.log(describeLoop('CLI read path, in process', result));
    expect(result.end - result.start).toBeLessThanOrEqual(HEAP_GROWTH_BOUND_BYTES);
    expect(verifyAuditLog(await readFile(auditLog, 'utf8'))).toMatchObject({ ok: true, records: SESSIONS });
  });

  describe('through pcscd + vsmartcard-vpcd', () => {
    let pcscd: RunningPcscd;
    let client: VpcdClient;
    let transport: PcscTransport;
    let kernel: Kernel;
    const cards = ALTERNATING.map((entry) => createSampleCard(entry.id));
    const card = new SwappableCard(cards[0]!);

    beforeAll(async () => {
      pcscd = await startPcscd();
      client = new VpcdClient(card, { port: VPCD_PORT, initialReconnectDelayMs: 50 });
      kernel = await testKernel();
      transport = new PcscTransport({ logger: kernel.logger });
      await waitForCardState(transport, true);
    }, 60_000);

    afterAll(async () => {
      await transport?.close();
      await client?.close();
      await pcscd?.stop();
    }, 30_000);

    it(`${PCSC_SESSIONS} consecutive reads on one PC/SC context: bounded heap, one intact audit record per read`, { timeout: 30 * 60_000 }, async () => {
      const auditLog = join(folder, 'pcsc-audit.jsonl');
      const result = await readLoop(PCSC_SESSIONS, kernel, transport, VIRTUAL_READER, (index) => card.swap(cards[index % 2]!), auditLog);
      console.log(describeLoop('CLI read path, pcscd', result));
      expect(result.end - result.start).toBeLessThanOrEqual(HEAP_GROWTH_BOUND_BYTES);
      expect(verifyAuditLog(await readFile(auditLog, 'utf8'))).toMatchObject({ ok: true, records: PCSC_SESSIONS });
    });

    it(`the real CLI process: ${SPAWNED_PROCESSES} reads in a row, each exits 0 with the card's document`, { timeout: 5 * 60_000 }, async () => {
      const started = performance.now();
      for (let index = 0; index < SPAWNED_PROCESSES; index += 1) {
        const expected = ALTERNATING[index % 2]!;
        card.swap(cards[index % 2]!);
        const args = [CLI, 'read', '--reader', VIRTUAL_READER, '--card-number', expected.cardNumber, '--test-trust-store', TEST_TRUST_STORE, '--json'];
        // execFile rejects on a non-zero exit, so reaching the parse means exit code 0.
        const { stdout, stderr } = await run('node', args, { timeout: 30_000 });
        expect(stderr).toBe('');
        expect(JSON.parse(stdout)).toMatchObject({ cardType: expected.cardType, verification: { tamper: { outcome: 'ok' }, issuer: { outcome: 'ok' } } });
      }
      console.log(`soak (CLI processes): ${SPAWNED_PROCESSES} processes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
  });
});
