import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';
import { SAMPLE_PROFILES, type Gen1Profile, type Gen2Profile } from '../../plugins/residence-card/emulator/profiles';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { launchChromium } from '../support/browser';

const webRoot = join(process.cwd(), 'dist', 'web');
const testTrustStore = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');

const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 1000);
const WARM_UP_SESSIONS = 20;

/**
 * Bounds on growth from after the warm-up to after the last session, both on the top screen after a forced GC.
 * Measured over 1,000 sessions: heap 7.8 → 9.0 MB (+1.2 MB, flattening: Chromium keeps the page's last 1,000
 * console messages, one log line per read, and V8's optimised code), DOM nodes 511 → 511, listeners 159 → 159.
 * A result kept per session (a decoded card face alone is tens of kB) would exceed the heap bound within a few
 * hundred sessions; the top screen is the same markup every time, so any node or listener more is a leak.
 */
const HEAP_GROWTH_BOUND_BYTES = 5 * 1024 * 1024;
const DOM_NODE_GROWTH_BOUND = 0;
const LISTENER_GROWTH_BOUND = 0;

type ReadableProfile = Gen1Profile | Gen2Profile;
const profile = (id: string) => SAMPLE_PROFILES.find((entry): entry is ReadableProfile => entry.id === id)!;
/** One card of each generation, read in turn: gen1 decodes a TIFF card face, gen2 a JPEG 2000 photo and name/address TIFFs. */
const ALTERNATING = [profile('gen1-residence-work-permitted'), profile('gen2-residence-comprehensive-28h')];

interface Footprint {
  readonly heapUsedBytes: number;
  readonly domNodes: number;
  readonly documents: number;
  readonly jsEventListeners: number;
}

describe(`soak: ${SESSIONS} consecutive read sessions in Chromium (demo reader)`, () => {
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

  async function footprint(cdp: CDPSession): Promise<Footprint> {
    // Twice: the first pass can leave garbage that only becomes collectable after finalizers ran.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const counters = await cdp.send('Memory.getDOMCounters');
    return { heapUsedBytes: heap.usedSize, domNodes: counters.nodes, documents: counters.documents, jsEventListeners: counters.jsEventListeners };
  }

  /**
   * Place the card, type its number, read, wait until the result is fully drawn, return to top. Waits go through
   * locators: `page.waitForSelector` hands back an element handle that pins its (later detached) DOM tree in the
   * page until disposed, which would show up here as a leak of the test's own making.
   */
  async function session(page: Page, card: ReadableProfile): Promise<void> {
    // The picker is a <details> on the top screen; a DOM click places the card as a tap would, without
    // Playwright's per-click actionability checks (scrolling, waiting two frames for the element to be stable).
    await page.evaluate((cardId) => {
      const picker = document.querySelector<HTMLDetailsElement>('[data-testid="demo-picker"]')!;
      picker.open = true;
      picker.querySelector<HTMLButtonElement>(`[data-demo-card="${cardId}"]`)!.click();
    }, card.id);
    await page.locator('[data-testid="reader-status"][data-state="cardPresent"]').waitFor();
    // The number as one keyboard input (as a hardware keyboard or scanner delivers it), then Enter submits.
    await page.focus('[data-testid="card-number"]');
    await page.keyboard.insertText(card.cardNumber);
    await page.keyboard.press('Enter');
    await page.locator('[data-screen="result"] [data-testid="tamper-check"][data-outcome="ok"]').waitFor({ timeout: 20_000 });
    // "Seen" means every card image decoded and drawn, so each session exercises the decoders too.
    await page.waitForFunction(() => {
      const images = document.querySelectorAll('[data-screen="result"] [data-image-kind]');
      return images.length > 0 && [...images].every((image) => image.getAttribute('data-state') === 'ready');
    });
    await page.focus('[data-testid="back-to-top"]');
    await page.keyboard.press('Enter');
    await page.locator('[data-screen="top"]').waitFor();
  }

  /** Text of the page outside the demo picker, whose list prints every sample card's number by design. */
  async function personalTraces(page: Page, card: ReadableProfile): Promise<string[]> {
    return page.evaluate(
      ({ cardNumber, texts }) => {
        const copy = document.body.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('[data-testid="demo-picker"]').forEach((picker) => picker.remove());
        const html = copy.outerHTML;
        const found = [cardNumber, ...texts].filter((text) => html.includes(text));
        const input = document.querySelector<HTMLInputElement>('[data-testid="card-number"]')!;
        if (input.value !== '') found.push(`input value ${input.value}`);
        if (document.querySelector('canvas, [data-screen="result"], [data-image-kind]')) found.push('result or card image element');
        return found;
      },
      { cardNumber: card.cardNumber, texts: card.kind === 'gen1' ? card.addressHistory.map((entry) => entry.address) : ['包括許可'] },
    );
  }

  it('heap and DOM stay bounded and no card data remains on the top screen', { timeout: 30 * 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    await page.locator('#app[data-ready="true"]').waitFor();
    const cdp = await page.context().newCDPSession(page);

    const warmUp = Math.min(WARM_UP_SESSIONS, SESSIONS);
    for (let index = 0; index < warmUp; index += 1) await session(page, ALTERNATING[index % 2]!);
    const start = await footprint(cdp);
    const heapTrend: number[] = [];
    const started = performance.now();
    for (let index = warmUp; index < SESSIONS; index += 1) {
      const card = ALTERNATING[index % 2]!;
      await session(page, card);
      if (index % 97 === 0 || index === SESSIONS - 1) expect(await personalTraces(page, card), `session ${index + 1}`).toEqual([]);
      if ((index + 1) % 100 === 0) heapTrend.push(Math.round((await footprint(cdp)).heapUsedBytes / 1024));
    }
    const seconds = (performance.now() - started) / 1000;
    const end = await footprint(cdp);
    const measured = SESSIONS - warmUp;
    console.log(
      `soak (UI): ${measured} sessions after ${warmUp} warm-up in ${seconds.toFixed(1)} s (${(measured / seconds).toFixed(1)}/s); ` +
        `heap ${start.heapUsedBytes} → ${end.heapUsedBytes} B (${((end.heapUsedBytes - start.heapUsedBytes) / 1024).toFixed(0)} kB), ` +
        `DOM nodes ${start.domNodes} → ${end.domNodes}, documents ${start.documents} → ${end.documents}, ` +
        `listeners ${start.jsEventListeners} → ${end.jsEventListeners}; heap every 100 sessions (kB): ${heapTrend.join(' ')}`,
    );
    expect(end.heapUsedBytes - start.heapUsedBytes).toBeLessThanOrEqual(HEAP_GROWTH_BOUND_BYTES);
    expect(end.domNodes - start.domNodes).toBeLessThanOrEqual(DOM_NODE_GROWTH_BOUND);
    expect(end.documents).toBe(start.documents);
    expect(end.jsEventListeners - start.jsEventListeners).toBeLessThanOrEqual(LISTENER_GROWTH_BOUND);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
