import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';
import { PcscTransport } from '../../kernel/node/pcsc-transport';
import { VpcdClient } from '../../kernel/node/vpcd/vpcd-client';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { launchChromium, screenshot } from '../support/browser';
import { sleep, startPcscd, VIRTUAL_READER, VPCD_PORT, type RunningPcscd } from '../support/pcscd';

const webRoot = join(process.cwd(), 'dist', 'web');
const testTrustStore = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');

/**
 * The kiosk as deployed on Linux: Chromium → the card service WebSocket (launch token) → PcscTransport →
 * pcscd → vsmartcard-vpcd → the sample card emulator.
 */
describe('kiosk in Chromium through the card service and real pcscd', () => {
  let pcscd: RunningPcscd;
  let transport: PcscTransport;
  let server: RunningServer;
  let browser: Browser;
  let card: VpcdClient | undefined;

  beforeAll(async () => {
    pcscd = await startPcscd();
    transport = new PcscTransport({ reconnectDelayMs: 200 });
    server = await startWebKioskServer({
      webRoot,
      configText: async () => JSON.stringify({ reader: { name: VIRTUAL_READER, demo: 'never' }, trustStoreProfile: 'test', cardRemovalGraceSeconds: 1 }),
      trustStore: () => readTrustStoreDocument(testTrustStore, 'test'),
      cardService: { transport, token: 'e2e-token-0123456789abcdef0123456789abcdef' },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await card?.close();
    await browser?.close();
    await server?.close();
    await transport?.close();
    await pcscd?.stop();
  }, 30_000);

  async function insert(profile: string): Promise<void> {
    await card?.close();
    card = new VpcdClient(createSampleCard(profile), { port: VPCD_PORT, initialReconnectDelayMs: 50 });
    for (let tries = 0; tries < 100; tries += 1) {
      const readers = await transport.listReaders().catch(() => []);
      if (readers.some((reader) => reader.name === VIRTUAL_READER && reader.cardPresent)) return;
      await sleep(50);
    }
    throw new Error('card not seen');
  }

  async function openKiosk(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1300 } });
    await page.goto(server.kioskUrl);
    await page.waitForSelector('#app[data-ready="true"]');
    // The token leaves the address bar once read.
    expect(page.url()).not.toContain('token');
    return page;
  }

  async function typeAndRead(page: Page, cardNumber: string): Promise<void> {
    for (const key of cardNumber) await page.click(`[data-key="${key}"]`);
    await page.click('[data-testid="start-reading"]');
  }

  it('reads a 1st-generation card placed on the real reader, in Japanese and in English', async () => {
    await insert('gen1-residence-work-permitted');
    const page = await openKiosk();
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    expect(await page.textContent('[data-testid="reader-status"]')).toContain(VIRTUAL_READER);
    await typeAndRead(page, 'AB12345678CD');
    await page.waitForSelector('[data-screen="result"]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="tamper-check"]', 'data-outcome')).toBe('ok');
    expect(await page.getAttribute('[data-testid="issuer-check"]', 'data-outcome')).toBe('ok');
    expect(await page.textContent('[data-screen="result"]')).toContain('許可（原則週28時間以内 風俗営業等への従事を除く）');
    expect(await page.textContent('[data-screen="result"]')).toContain('東京都見本区見本町二丁目3番4号');
    await screenshot(page, 'result-gen1-pcsc-ja');
    await page.click('[data-testid="language-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('[data-screen="result"]')).toContain('Permitted (in principle up to 28 hours a week, excluding adult entertainment businesses)');
    await screenshot(page, 'result-gen1-pcsc-en');

    // Taking the card away returns to top and wipes the result from the page.
    await card?.removeCard();
    await page.waitForSelector('[data-screen="top"]', { timeout: 10_000 });
    const html = await page.content();
    expect(html).not.toContain('AB12345678CD');
    expect(html).not.toContain('見本区');
    await page.close();
  });

  it('shows the manual message for a wrong card number, and reads after re-entry', async () => {
    await insert('gen2-special-permanent');
    const page = await openKiosk();
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    await typeAndRead(page, 'SP23456789CC');
    await page.waitForSelector('[data-testid="error-dialog"]', { timeout: 30_000 });
    expect(await page.textContent('#error-message')).toBe('在留カード等番号が間違っています');
    await screenshot(page, 'error-wrong-number-ja');
    await page.click('[data-testid="error-confirm"]');
    await page.click('[data-key="backspace"]');
    await page.click('[data-key="D"]');
    await page.click('[data-testid="start-reading"]');
    await page.waitForSelector('[data-screen="result"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="card-type"]')).toBe('特別永住者証明書（第二世代）');
    await page.close();
  });

  it('a card that is not a residence card gets the manual message', async () => {
    await insert('not-residence-card');
    const page = await openKiosk();
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    await typeAndRead(page, 'AB12345678CD');
    await page.waitForSelector('[data-testid="error-dialog"]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="error-dialog"]', 'data-code')).toBe('NOT_RESIDENCE_CARD');
    await page.close();
  });
});
