import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CardReadResult } from '../../kernel/api';
import { validateKioskConfig } from '../../kernel/config/kiosk-config';
import { isKioskError, type KioskError } from '../../kernel/errors/kiosk-error';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { TransportReaderMonitor } from '../../kernel/reader/transport-reader-monitor';
import { createCardSessionService, type CardSessionService } from '../../kernel/session/card-session-service';
import { requireSampleProfile, createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { kernelWithBuiltinPlugins, sampleTrustAnchors } from '../support/builtin-kernel';
import { FaultyCard } from '../support/faulty-card';
import { sleep, startPcscd, VIRTUAL_READER, type RunningPcscd } from '../support/pcscd';
import { VirtualReaderSlot } from '../support/virtual-reader-slot';

/**
 * Issue 7's faults over the real PC/SC path: the session service that `zairyu read` and the card service use →
 * PcscTransport → pcsclite → pcscd → vsmartcard-vpcd → FaultyCard → the sample card emulator. One pcscd serves
 * the whole file; only the tests about the service itself stop or kill it.
 */

const config = validateKioskConfig({ reader: { name: VIRTUAL_READER, demo: 'never', transmitTimeoutSeconds: 1 }, trustStoreProfile: 'test' });
const TRANSMIT_TIMEOUT_MS = config.reader.transmitTimeoutSeconds * 1000;
const GEN1 = requireSampleProfile('gen1-residence-work-permitted');
const GEN2 = requireSampleProfile('gen2-residence-comprehensive-28h');

describe('fault injection through pcscd + vsmartcard-vpcd', () => {
  let pcscd: RunningPcscd | undefined;
  let transport: PcscTransport;
  let session: CardSessionService;
  let reader: VirtualReaderSlot;
  let card: FaultyCard;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const waitForCard = (present: boolean) => reader.waitForCard(present);

  /** A fresh card of `profileId` in the reader, with no fault armed. */
  async function insert(profileId: string): Promise<void> {
    card = new FaultyCard(createSampleCard(profileId), { removeCard: () => reader.vpcd!.removeCard() });
    await reader.insert(card);
  }

  /** The same card put back after it left the reader. */
  async function reinsert(): Promise<void> {
    await waitForCard(false);
    card.arm({ kind: 'none' });
    reader.vpcd!.insertCard();
    await waitForCard(true);
  }

  async function failedRead(cardNumber: string): Promise<KioskError> {
    const error = await session.read({ cardNumber }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!isKioskError(error)) throw new Error(`expected the read to fail with a mapped error, got ${String(error)}`);
    return error;
  }

  function expectSameRead(result: CardReadResult, expected: CardReadResult): void {
    expect(result.cardType).toBe(expected.cardType);
    expect(result.cardNumber).toBe(expected.cardNumber);
    expect(result.tamperCheck.outcome).toBe('ok');
    expect(result.issuerCheck.outcome).toBe('ok');
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    pcscd = await startPcscd();
    transport = new PcscTransport({ reconnectDelayMs: 200, transmitTimeoutMs: TRANSMIT_TIMEOUT_MS });
    // Short backoff: after a pcscd restart the card is back as soon as vpcd listens again.
    reader = new VirtualReaderSlot(transport, { maxReconnectDelayMs: 250 });
    const kernel = await kernelWithBuiltinPlugins(config, sampleTrustAnchors);
    session = createCardSessionService(kernel, transport, config.reader.name);
  }, 60_000);

  afterEach(() => {
    expect(unhandled).toEqual([]);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await reader?.close();
    await transport?.close();
    await pcscd?.stop();
  }, 30_000);

  it.each([
    ['1st', GEN1],
    ['2nd', GEN2],
  ] as const)('%s generation: the card taken away at each APDU of a read in turn ends in CARD_READ_FAILED, and the put-back card reads', async (_generation, profile) => {
    await insert(profile.id);
    const baseline = await session.readWithStats({ cardNumber: profile.cardNumber! });
    const apdus = baseline.transfer.apduCount;
    expect(apdus).toBeGreaterThan(10);
    for (let apdu = 1; apdu <= apdus; apdu += 1) {
      card.arm({ kind: 'removeAt', apdu });
      const error = await failedRead(profile.cardNumber!);
      expect(error.code, `card removed at APDU ${apdu}: ${error.message}`).toBe('CARD_READ_FAILED');
      // Nothing reached the card after it left.
      expect(card.received, `APDU ${apdu}`).toHaveLength(apdu);
      await waitForCard(false);
      // No session is left holding the reader: an empty reader answers as one.
      expect((await failedRead(profile.cardNumber!)).code, `APDU ${apdu}`).toBe('CARD_NOT_DETECTED');
      await reinsert();
      expectSameRead(await session.read({ cardNumber: profile.cardNumber! }), baseline.result);
    }
  }, 120_000);

  it('a slow card (200 ms per answer) still reads', async () => {
    await insert(GEN2.id);
    const baseline = await session.read({ cardNumber: GEN2.cardNumber! });
    card.arm({ kind: 'slow', delayMs: 200 });
    const outcome = await session.readWithStats({ cardNumber: GEN2.cardNumber! });
    expectSameRead(outcome.result, baseline);
    expect(outcome.totalMilliseconds).toBeGreaterThan(outcome.transfer.apduCount * 200);
  }, 60_000);

  it('a card that stops answering ends the read within the transmit timeout; the next read waits for the card, not for ever', async () => {
    await insert(GEN1.id);
    const baseline = await session.read({ cardNumber: GEN1.cardNumber! });
    // The first secure-messaging read, after authentication (SELECT MF, READ C1, GET CHALLENGE, MUTUAL AUTH, VERIFY, SELECT DF1).
    card.arm({ kind: 'silentFrom', apdu: 7 });
    let started = performance.now();
    const timedOut = await failedRead(GEN1.cardNumber!);
    expect(timedOut.code).toBe('CARD_READ_FAILED');
    expect(timedOut.message).toMatch(/did not answer within 1000 ms/);
    expect(performance.now() - started).toBeLessThan(TRANSMIT_TIMEOUT_MS + 2000);
    // The unanswered exchange still holds the reader (pcsclite cannot cancel it): another read is refused in time
    // and sends nothing to the card.
    started = performance.now();
    expect((await failedRead(GEN1.cardNumber!)).code).toBe('CARD_READ_FAILED');
    expect(performance.now() - started).toBeLessThan(TRANSMIT_TIMEOUT_MS + 2000);
    expect(card.received).toHaveLength(7);
    // Taking the card away ends the exchange; put back, it reads.
    await reader.vpcd!.removeCard();
    await reinsert();
    expectSameRead(await session.read({ cardNumber: GEN1.cardNumber! }), baseline);
  }, 60_000);

  it('an answer that comes after the timeout never reaches the next session', async () => {
    await insert(GEN2.id);
    const baseline = await session.read({ cardNumber: GEN2.cardNumber! });
    card.arm({ kind: 'slow', delayMs: TRANSMIT_TIMEOUT_MS + 500, fromApdu: 7 });
    expect((await failedRead(GEN2.cardNumber!)).code).toBe('CARD_READ_FAILED');
    // The card stays in the reader and answers late; the next session starts only after that, on a reset card.
    card.arm({ kind: 'none' });
    expectSameRead(await session.read({ cardNumber: GEN2.cardNumber! }), baseline);
    expect(card.resetSinceArmed).toBe(true);
  }, 60_000);

  it('pcscd killed (SIGKILL) mid-read: PCSC_SERVICE_DOWN, then the same transport reconnects and reads', async () => {
    await insert(GEN1.id);
    const baseline = await session.read({ cardNumber: GEN1.cardNumber! });
    // Slow answers, so that the kill lands while an exchange is in progress.
    card.arm({ kind: 'slow', delayMs: 150 });
    const reading = failedRead(GEN1.cardNumber!);
    while (card.received.length < 5) await sleep(10);
    process.kill(pcscd!.pid, 'SIGKILL');
    await pcscd!.stop();
    pcscd = undefined;
    const error = await reading;
    expect(error.code, error.message).toBe('PCSC_SERVICE_DOWN');
    // The next read says so too. (pcsclite may report the reader gone a moment before the context's own error,
    // and a read in that moment says READER_NOT_FOUND: seen once. Within seconds it is the service.)
    await expect
      .poll(async () => (await failedRead(GEN1.cardNumber!)).code, { timeout: 5000, interval: 250 })
      .toBe('PCSC_SERVICE_DOWN');
    pcscd = await startPcscd();
    card.arm({ kind: 'none' });
    await waitForCard(true);
    expectSameRead(await session.read({ cardNumber: GEN1.cardNumber! }), baseline);
  }, 60_000);

  it('the reader gone and back: READER_NOT_FOUND while it is missing, then the same session reads', async () => {
    // vsmartcard-vpcd's reader is static (reader.conf.d), so "unplugged" is pcscd running with an empty reader
    // configuration: the service is up and lists no reader. Plugging it back in is pcscd started as usual again.
    await insert(GEN2.id);
    const baseline = await session.read({ cardNumber: GEN2.cardNumber! });
    const monitor = new TransportReaderMonitor(transport, config.reader.name);
    try {
      expect((await monitor.refresh()).state).toBe('cardPresent');
      await pcscd!.stop();
      pcscd = await startPcscdWithoutReaders();
      for (let tries = 0; tries < 200 && !(await transport.listReaders().then((readers) => readers.length === 0, () => false)); tries += 1) await sleep(25);
      expect(await transport.listReaders()).toEqual([]);
      expect(monitor.current().state).toBe('none');
      const missing = await failedRead(GEN2.cardNumber!);
      expect(missing.code).toBe('READER_NOT_FOUND');
      await pcscd.stop();
      pcscd = await startPcscd();
      await waitForCard(true);
      expect(monitor.current().state).toBe('cardPresent');
      expectSameRead(await session.read({ cardNumber: GEN2.cardNumber! }), baseline);
    } finally {
      monitor.dispose();
    }
  }, 60_000);
});

/** pcscd reading its reader configuration from an empty folder: the service is up, with no reader. */
async function startPcscdWithoutReaders(): Promise<RunningPcscd> {
  const emptyConfig = await mkdtemp(join(tmpdir(), 'zairyu-no-readers-'));
  return startPcscd(['--config', emptyConfig], { expectReader: false });
}
