import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { launchChromium, screenshot } from '../support/browser';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';

const webRoot = join(process.cwd(), 'dist', 'web');
const testTrustStore = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');

describe('demo reader in Chromium (sample cards, in-page emulator)', () => {
  let browser: Browser;
  let server: RunningServer;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startWebKioskServer({
      webRoot,
      configText: async () => JSON.stringify({ reader: { demo: 'always' }, trustStoreProfile: 'test' }),
      trustStore: () => readTrustStoreDocument(testTrustStore, 'test'),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openKiosk(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    await page.waitForSelector('#app[data-ready="true"]');
    return page;
  }

  async function placeAndRead(page: Page, profile: string, cardNumber: string): Promise<void> {
    await page.click('[data-testid="demo-picker"] summary');
    await page.click(`[data-demo-card="${profile}"]`);
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    for (const key of cardNumber) await page.click(`[data-key="${key}"]`);
    await page.click('[data-testid="start-reading"]');
  }

  it('labels the demo reader and the test trust store on screen', async () => {
    const page = await openKiosk();
    await page.waitForSelector('[data-testid="reader-status"][data-state="ready"]');
    expect(await page.textContent('[data-testid="reader-status"]')).toContain('デモ（見本カード・架空データ）');
    expect(await page.textContent('[data-testid="test-trust-badge"]')).toContain('テスト用認証局');
    await page.close();
  });

  it('reads a 2nd-generation sample card: both checks OK and the manual wording for work permission', async () => {
    const page = await openKiosk();
    await placeAndRead(page, 'gen2-residence-comprehensive-28h', 'CD23456789EF');
    await page.waitForSelector('[data-screen="result"]', { timeout: 20_000 });
    expect(await page.getAttribute('[data-testid="tamper-check"]', 'data-outcome')).toBe('ok');
    expect(await page.getAttribute('[data-testid="issuer-check"]', 'data-outcome')).toBe('ok');
    await screenshot(page, 'result-gen2-demo-ja');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
