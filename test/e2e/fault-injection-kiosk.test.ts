import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateKioskConfig } from '../../kernel/config/kiosk-config';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';
import { createSampleCard, requireSampleProfile } from '../../plugins/residence-card/emulator/sample-cards';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { launchChromium, screenshot } from '../support/browser';
import { FaultyCard } from '../support/faulty-card';
import { startPcscd, VIRTUAL_READER, type RunningPcscd } from '../support/pcscd';
import { VirtualReaderSlot } from '../support/virtual-reader-slot';

const webRoot = join(process.cwd(), 'dist', 'web');
const testTrustStore = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');
// The shortest idle timeout the config allows: the return to top of a person who walked away from an error.
const config = { reader: { name: VIRTUAL_READER, demo: 'never', transmitTimeoutSeconds: 2 }, trustStoreProfile: 'test', idleTimeoutSeconds: 15, idleWarningSeconds: 5 };
const profile = requireSampleProfile('gen2-residence-comprehensive-28h');
const cardNumber = profile.cardNumber!;

/**
 * Issue 7's faults seen through the kiosk page: Chromium → the card service WebSocket → PcscTransport → pcscd →
 * vsmartcard-vpcd → FaultyCard. Every read after a fault happens in the same page, as at an unattended counter.
 */
describe('kiosk in Chromium through pcscd, with faults', () => {
  let pcscd: RunningPcscd;
  let transport: PcscTransport;
  let server: RunningServer;
  let browser: Browser;
  let reader: VirtualReaderSlot;
  let card: FaultyCard;

  beforeAll(async () => {
    pcscd = await startPcscd();
    transport = new PcscTransport({ reconnectDelayMs: 200, transmitTimeoutMs: validateKioskConfig(config).reader.transmitTimeoutSeconds * 1000 });
    reader = new VirtualReaderSlot(transport, { maxReconnectDelayMs: 250 });
    server = await startWebKioskServer({
      webRoot,
      configText: async () => JSON.stringify(config),
      trustStore: () => readTrustStoreDocument(testTrustStore, 'test'),
      cardService: { transport, token: 'e2e-faults-0123456789abcdef0123456789abcdef' },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await reader?.close();
    await browser?.close();
    await server?.close();
    await transport?.close();
    await pcscd?.stop();
  }, 30_000);

  const waitForCard = (present: boolean) => reader.waitForCard(present);

  async function insertCard(): Promise<void> {
    card = new FaultyCard(createSampleCard(profile.id), { removeCard: () => reader.vpcd!.removeCard() });
    await reader.insert(card);
  }

  async function putCardBack(): Promise<void> {
    await waitForCard(false);
    card.arm({ kind: 'none' });
    reader.vpcd!.insertCard();
    await waitForCard(true);
  }

  /** The kiosk page; errors that escape the page's code are collected, and must stay none. */
  async function openKiosk(): Promise<{ page: Page; pageErrors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.kioskUrl);
    await page.waitForSelector('#app[data-ready="true"]');
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    return { page, pageErrors };
  }

  async function typeAndRead(page: Page): Promise<void> {
    for (const key of cardNumber) await page.click(`[data-key="${key}"]`);
    expect(await page.inputValue('[data-testid="card-number"]')).toBe(cardNumber);
    await page.click('[data-testid="start-reading"]');
  }

  async function expectCardReadFailed(page: Page, name: string): Promise<void> {
    await page.waitForSelector('[data-testid="error-dialog"]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="error-dialog"]', 'data-code')).toBe('CARD_READ_FAILED');
    expect(await page.textContent('#error-message')).toContain('カードが読み取れません もう一度かざしてください');
    await screenshot(page, name);
  }

  async function expectResult(page: Page): Promise<void> {
    await page.waitForSelector('[data-screen="result"], [data-testid="error-dialog"]', { timeout: 30_000 });
    const dialog = await page.$('[data-testid="error-dialog"]');
    if (dialog) throw new Error(`the read failed: ${await dialog.getAttribute('data-code')}`);
    expect(await page.getAttribute('[data-testid="tamper-check"]', 'data-outcome')).toBe('ok');
    expect(await page.getAttribute('[data-testid="issuer-check"]', 'data-outcome')).toBe('ok');
  }

  async function expectCleanTop(page: Page): Promise<void> {
    await page.waitForSelector('[data-screen="top"]');
    expect(await page.$('[data-testid="error-dialog"]')).toBeNull();
    expect(await page.inputValue('[data-testid="card-number"]')).toBe('');
    const html = await page.content();
    expect(html).not.toContain(cardNumber);
    expect(html).not.toContain('包括許可');
  }

  it("the card taken away mid-read: the manual's error; put back, the dialog's retry reads it", async () => {
    await insertCard();
    const { page, pageErrors } = await openKiosk();
    // APDU 9 is a secure-messaging read: the person is past authentication when the card goes.
    card.arm({ kind: 'removeAt', apdu: 9 });
    await typeAndRead(page);
    await expectCardReadFailed(page, 'fault-card-removed-ja');
    await putCardBack();
    await page.click('[data-testid="error-confirm"]');
    await expectResult(page);
    await page.click('[data-testid="back-to-top"]');
    await expectCleanTop(page);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('a slow card: the reading screen shows progress and the notice in both languages, then the result', async () => {
    await insertCard();
    const { page, pageErrors } = await openKiosk();
    card.arm({ kind: 'slow', delayMs: 250 });
    await typeAndRead(page);
    await page.waitForSelector('[data-screen="reading"]');
    expect(await page.textContent('[data-screen="reading"] .notice')).toContain('カードリーダー/ライタの読み取り部分から動かさないでください');
    await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>('.reading-progress')?.value) > 0);
    await screenshot(page, 'reading-ja');
    await page.click('[data-screen="reading"] [data-testid="language-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('[data-screen="reading"] .notice')).toMatch(/do not move the card/i);
    await screenshot(page, 'reading-en');
    await expectResult(page);
    await page.click('[data-testid="back-to-top"]');
    await expectCleanTop(page);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('a card that stops answering: the manual\'s error within the transmit timeout; taken away and put back, the retry reads it', async () => {
    await insertCard();
    const { page, pageErrors } = await openKiosk();
    // Silent from the first secure-messaging read on, as a card that lost power mid-read but stayed in the field.
    card.arm({ kind: 'silentFrom', apdu: 7 });
    await typeAndRead(page);
    await expectCardReadFailed(page, 'fault-card-silent-ja');
    // PC/SC cannot cancel the unanswered exchange: the person lifts the card and puts it back.
    await reader.vpcd!.removeCard();
    await putCardBack();
    await page.click('[data-testid="error-confirm"]');
    await expectResult(page);
    await page.click('[data-testid="back-to-top"]');
    await expectCleanTop(page);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('the card taken away mid-read and nobody retries: the idle return wipes everything, and the next read shows the result', async () => {
    await insertCard();
    const { page, pageErrors } = await openKiosk();
    card.arm({ kind: 'removeAt', apdu: 12 });
    await typeAndRead(page);
    await expectCardReadFailed(page, 'fault-card-removed-walked-away');
    await page.waitForSelector('[data-testid="idle-warning"]', { timeout: 15_000 });
    await page.waitForSelector('[data-screen="top"]', { timeout: 15_000 });
    await expectCleanTop(page);
    await putCardBack();
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    await typeAndRead(page);
    await expectResult(page);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('pcscd restarted while the kiosk shows the top screen: the next read works without reloading the page', async () => {
    await insertCard();
    const { page, pageErrors } = await openKiosk();
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));
    await pcscd.stop();
    await page.waitForSelector('[data-testid="reader-status"][data-state="none"]', { timeout: 10_000 });
    pcscd = await startPcscd();
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]', { timeout: 15_000 });
    await typeAndRead(page);
    await expectResult(page);
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
