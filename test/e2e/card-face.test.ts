import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { launchChromium, screenshot } from '../support/browser';

const webRoot = join(process.cwd(), 'dist', 'web');
const testTrustStore = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');

/** What a card-face canvas holds, read back from the page: its size and how many pixels are not white. */
interface CanvasContent {
  readonly kind: string;
  readonly width: number;
  readonly height: number;
  readonly inkedPixels: number;
}

describe('card face in Chromium (demo reader): decoded images, zoom view', () => {
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
    // A CSP refusal (of the WebAssembly compile, say) is reported on the console.
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(server.url);
    await page.waitForSelector('#app[data-ready="true"]');
    return page;
  }

  async function readSampleCard(page: Page, profile: string, cardNumber: string): Promise<void> {
    await page.click('[data-testid="demo-picker"] summary');
    await page.click(`[data-demo-card="${profile}"]`);
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    for (const key of cardNumber) await page.click(`[data-key="${key}"]`);
    await page.click('[data-testid="start-reading"]');
    await page.waitForSelector('[data-screen="result"]', { timeout: 20_000 });
  }

  /** Waits for every image under `root` to be drawn, then reads each canvas back with getImageData. */
  async function canvasesIn(page: Page, root: string): Promise<CanvasContent[]> {
    await page.waitForFunction(
      (selector) => {
        const images = [...document.querySelectorAll<HTMLElement>(`${selector} [data-image-kind]`)];
        return images.length > 0 && images.every((image) => image.dataset.state === 'ready');
      },
      root,
      { timeout: 20_000 },
    );
    return page.evaluate((selector) => {
      return [...document.querySelectorAll<HTMLCanvasElement>(`${selector} canvas[data-image-kind]`)].map((canvas) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let inkedPixels = 0;
        for (let index = 0; index < data.length; index += 4) if (data[index]! < 200 || data[index + 1]! < 200 || data[index + 2]! < 200) inkedPixels++;
        return { kind: canvas.dataset.imageKind ?? '', width: canvas.width, height: canvas.height, inkedPixels };
      });
    }, root);
  }

  const scaleOf = (page: Page) => page.getAttribute('[data-testid="zoom-stage"]', 'data-scale');

  it('1st generation: the front image with the photo, zoom by double-click, close', async () => {
    const page = await openKiosk();
    await readSampleCard(page, 'gen1-residence-work-permitted', 'AB12345678CD');
    const canvases = await canvasesIn(page, '[data-testid="card-face"]');
    expect(canvases.map(({ kind, width, height }) => ({ kind, width, height }))).toEqual([
      { kind: 'front', width: 640, height: 404 },
      { kind: 'photo', width: 144, height: 180 },
    ]);
    for (const canvas of canvases) expect(canvas.inkedPixels, canvas.kind).toBeGreaterThan(2000);
    await screenshot(page, 'card-face-gen1-ja');

    await page.click('[data-testid="card-face"]');
    await page.waitForSelector('[data-testid="zoom-view"]');
    expect(await scaleOf(page)).toBe('1');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('zoom-close');
    await canvasesIn(page, '[data-testid="zoom-view"]');
    await screenshot(page, 'card-face-gen1-zoom-1x');
    await page.dblclick('[data-testid="zoom-stage"]');
    expect(await scaleOf(page)).toBe('2');
    await screenshot(page, 'card-face-gen1-zoom-2x');
    await page.dblclick('[data-testid="zoom-stage"]');
    expect(await scaleOf(page)).toBe('1');
    await page.click('[data-testid="zoom-close"]');
    await page.waitForSelector('[data-testid="zoom-view"]', { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('card-face');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('2nd generation: the composed face, pinch, wheel and drag in the zoom view, Escape closes', async () => {
    const page = await openKiosk();
    await readSampleCard(page, 'gen2-residence-comprehensive-28h', 'CD23456789EF');
    const canvases = await canvasesIn(page, '[data-testid="card-face"]');
    expect(canvases.map(({ kind, width, height }) => ({ kind, width, height }))).toEqual([
      { kind: 'name', width: 600, height: 72 },
      { kind: 'address', width: 600, height: 56 },
      { kind: 'photo', width: 144, height: 180 },
    ]);
    for (const canvas of canvases) expect(canvas.inkedPixels, canvas.kind).toBeGreaterThan(1000);
    expect(await page.textContent('[data-testid="card-face"] [data-entry="cardNumber"]')).toBe('CD23456789EF');
    expect(await page.textContent('[data-testid="card-face"] [data-entry="cardExpiry"]')).toBe('このカードは2031年03月31日まで有効です');
    await screenshot(page, 'card-face-gen2-ja');
    await page.click('[data-screen="result"] [data-testid="language-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('[data-testid="card-face"] [data-entry="cardExpiry"]')).toBe('This card is valid until 2031-03-31');
    await canvasesIn(page, '[data-testid="card-face"]');
    await screenshot(page, 'card-face-gen2-en');

    // The zoom view follows, in English.
    await page.focus('[data-testid="card-face"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="zoom-view"]');
    const stage = (await page.locator('[data-testid="zoom-stage"]').boundingBox())!;
    const centre = { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 };

    // Two touch pointers moving apart: 100 px → 250 px is 2.5×.
    await page.evaluate(({ x, y }) => {
      const target = document.querySelector('[data-testid="zoom-stage"]')!;
      const touch = (type: string, pointerId: number, clientX: number) =>
        target.dispatchEvent(new PointerEvent(type, { pointerId, pointerType: 'touch', clientX, clientY: y, bubbles: true, cancelable: true, isPrimary: pointerId === 1 }));
      touch('pointerdown', 1, x - 50);
      touch('pointerdown', 2, x + 50);
      touch('pointermove', 2, x + 200);
      touch('pointerup', 2, x + 200);
      touch('pointerup', 1, x - 50);
    }, centre);
    expect(await scaleOf(page)).toBe('2.5');
    await screenshot(page, 'card-face-gen2-zoom-pinch-en');

    await page.mouse.move(centre.x, centre.y);
    await page.mouse.wheel(0, 2000);
    await page.waitForFunction(() => document.querySelector('[data-testid="zoom-stage"]')?.getAttribute('data-scale') === '1');
    await page.mouse.wheel(0, -300);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="zoom-stage"]')?.getAttribute('data-scale')) > 1);

    // Dragging moves the zoomed face, as far as its edges allow.
    await page.dblclick('[data-testid="zoom-stage"]');
    const before = await page.getAttribute('.zoom-view-content', 'style');
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x - 3000, centre.y - 40, { steps: 5 });
    await page.mouse.up();
    const after = await page.getAttribute('.zoom-view-content', 'style');
    expect(after).not.toBe(before);
    const translateX = Number(/translate\((-?[\d.]+)px/.exec(after ?? '')?.[1]);
    const content = await page.evaluate(() => (document.querySelector('.zoom-view-content') as HTMLElement).offsetWidth);
    const scale = Number(await scaleOf(page));
    expect(translateX).toBeLessThan(0);
    expect(-translateX).toBeCloseTo(Math.max(0, (content * scale - stage.width) / 2), 0);

    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="zoom-view"]', { state: 'detached' });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
