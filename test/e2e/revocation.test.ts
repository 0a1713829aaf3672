import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readTrustStoreDocument } from '../../kernel/node/trust-store-document';
import { startRevocationProxy, type RunningRevocationProxy } from '../../shell/web/server/revocation-proxy';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { ANSWER_INVALID, ANSWER_VALID, CHECK_TITLE, startRevocationStandin, type RunningStandin } from '../fixtures/revocation-standin/standin-server';
import { launchChromium, screenshot } from '../support/browser';

const webRoot = join(process.cwd(), 'dist', 'web');
const testTrustStore = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'trust-store');
const GEN2 = { profile: 'gen2-residence-comprehensive-28h', number: 'CD23456789EF' };
const GEN1 = { profile: 'gen1-residence-work-permitted', number: 'AB12345678CD' };

interface Kiosk {
  server: RunningServer;
  proxy: () => RunningRevocationProxy;
}

/** The kiosk server as the `kiosk` command starts it: demo reader, test trust store, proxy to `serviceUrl`'s origin. */
async function startKiosk(serviceUrl: string, settings: Record<string, unknown> = {}): Promise<Kiosk> {
  let proxy: RunningRevocationProxy | undefined;
  const config = { reader: { demo: 'always' }, trustStoreProfile: 'test', pluginSettings: { revocation: { serviceUrl, timeoutSeconds: 5, ...settings } } };
  const server = await startWebKioskServer({
    webRoot,
    configText: async () => JSON.stringify(config),
    trustStore: () => readTrustStoreDocument(testTrustStore, 'test'),
    restrictedFrame: async (kioskOrigin) => (proxy = await startRevocationProxy({ targetOrigin: new URL(serviceUrl).origin, kioskOrigin, upstreamTimeoutMs: 15_000 })),
  });
  return { server, proxy: () => proxy! };
}

describe('revocation inquiry in Chromium (local stand-in of the service)', () => {
  let browser: Browser;
  let standin: RunningStandin;
  let kiosk: Kiosk;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    standin = await startRevocationStandin();
    kiosk = await startKiosk(standin.inquiryUrl);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await kiosk?.server.close();
    await standin?.close();
  });
  afterEach(() => {
    Object.assign(standin.mode, { challenge: false, inlineCheck: false, slowMs: 0, failStatus: undefined, failFormStatus: undefined });
    expect(standin.otherHits).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  async function openKiosk(server = kiosk.server, fixedTime?: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1500 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    if (fixedTime) await page.clock.setFixedTime(new Date(fixedTime));
    await page.goto(server.url);
    await page.waitForSelector('#app[data-ready="true"]');
    return page;
  }

  async function readToResult(page: Page, card: { profile: string; number: string }): Promise<void> {
    await page.click('[data-testid="demo-picker"] summary');
    await page.click(`[data-demo-card="${card.profile}"]`);
    await page.waitForSelector('[data-testid="reader-status"][data-state="cardPresent"]');
    for (const key of card.number) await page.click(`[data-key="${key}"]`);
    await page.click('[data-testid="start-reading"]');
    await page.waitForSelector('[data-screen="result"]', { timeout: 20_000 });
  }

  async function openInquiry(page: Page): Promise<void> {
    await page.click('[data-testid="verify-number"]');
    await page.waitForSelector('[data-testid="revocation-view"][data-phase="form"]');
  }

  async function setLanguage(page: Page, language: 'ja' | 'en'): Promise<void> {
    if ((await page.getAttribute('html', 'lang')) === language) return;
    await page.locator('[data-testid="language-toggle"]').last().click();
    await page.waitForFunction((wanted) => document.documentElement.lang === wanted, language);
  }

  async function inquiryFrame(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector('[data-testid="restricted-frame"]');
    const frame = await handle.contentFrame();
    if (!frame) throw new Error('no frame');
    return frame;
  }

  async function waitForPageState(page: Page, state: string): Promise<void> {
    await page.waitForSelector(`[data-testid="revocation-page-state"][data-state="${state}"]`, { timeout: 15_000 });
  }

  it('2nd generation: number and date filled in, the answer shown, other origins blocked, and all cleared on return to top', async () => {
    const page = await openKiosk();
    await readToResult(page, GEN2);
    await openInquiry(page);
    expect(await page.textContent('[data-testid="revocation-number"]')).toBe(GEN2.number);
    expect(await page.textContent('[data-testid="revocation-expiry-year"]')).toBe('2031');
    expect(await page.textContent('[data-testid="revocation-expiry-month"]')).toBe('03');
    expect(await page.textContent('[data-testid="revocation-expiry-day"]')).toBe('31');
    expect(await page.getAttribute('[data-testid="revocation-expiry-source"]', 'data-source')).toBe('chip');
    expect(await page.isEnabled('[data-testid="revocation-submit"]')).toBe(true);
    await screenshot(page, 'revocation-form-gen2-ja');
    await setLanguage(page, 'en');
    await screenshot(page, 'revocation-form-gen2-en');
    await setLanguage(page, 'ja');

    await page.click('[data-testid="revocation-submit"]');
    const frame = await inquiryFrame(page);
    expect(await page.getAttribute('[data-testid="restricted-frame"]', 'sandbox')).toBe('allow-forms allow-scripts allow-same-origin');
    expect(frame.url().startsWith(kiosk.proxy().origin)).toBe(true);
    await frame.waitForSelector('#result-answer', { timeout: 15_000 });
    expect(await frame.textContent('#result-answer')).toBe(ANSWER_VALID);
    expect(standin.inquiries.at(-1)).toMatchObject({ cardNumber: GEN2.number, year: '2031', month: '03', day: '31' });
    await waitForPageState(page, 'already-submitted');
    expect(await page.textContent('[data-testid="revocation-not-proof"]')).toContain('有効性を証明するものではありません');
    expect(await frame.evaluate(() => localStorage.getItem('standin-visited'))).toBe('yes');
    await screenshot(page, 'revocation-answer-gen2-ja');
    const requestsBefore = standin.requests.length;
    await setLanguage(page, 'en');
    await screenshot(page, 'revocation-answer-gen2-en');
    expect(standin.requests.length).toBe(requestsBefore); // the page was not reloaded
    await setLanguage(page, 'ja');

    // A link to another origin: stopped in the page.
    await frame.click('#external-link');
    await page.waitForSelector('[data-testid="revocation-blocked"]');
    expect(frame.url().startsWith(kiosk.proxy().origin)).toBe(true);
    expect(await frame.textContent('#result-answer')).toBe(ANSWER_VALID);

    // Back to the service's form (same origin): shown, not filled again.
    await frame.click('#back');
    await waitForPageState(page, 'already-submitted');
    const form = await inquiryFrame(page);
    await form.waitForSelector('#external-script');
    expect(standin.inquiries).toHaveLength(1);
    // A redirect to another origin: the proxy's 403 page.
    await form.click('#leave-link');
    const blockedPage = await inquiryFrame(page);
    await blockedPage.waitForFunction(() => document.title.includes('このサイトへは移動できません'));
    expect(blockedPage.url().startsWith(kiosk.proxy().origin)).toBe(true);
    await blockedPage.evaluate(() => history.back());
    // Script navigating the frame elsewhere: refused by the kiosk page's frame-src.
    const again = await inquiryFrame(page);
    await again.waitForSelector('#external-script');
    const blockedNotices = await page.$$eval('[data-testid="revocation-blocked"]', (nodes) => nodes.length);
    expect(blockedNotices).toBe(1);
    await again.click('#external-script');
    // The frame is taken back to the last page of the service instead of the browser's error page.
    await page.waitForFunction((origin) => {
      const frame = document.querySelector('[data-testid="restricted-frame"]') as HTMLIFrameElement | null;
      return frame?.src.startsWith(origin);
    }, kiosk.proxy().origin);
    const restored = await inquiryFrame(page);
    await restored.waitForSelector('#external-script');
    expect(restored.url()).toBe(`${kiosk.proxy().origin}/inquiry`);
    expect(page.frames().some((candidate) => candidate.url().startsWith(standin.otherOrigin))).toBe(false);

    // Back to the result, then to top: no card data in the DOM, no frame, no session, no storage.
    await page.click('[data-testid="revocation-back"]');
    await page.waitForSelector('[data-screen="result"]');
    await page.click('[data-testid="back-to-top"]');
    await page.waitForSelector('[data-screen="top"]');
    await page.waitForFunction(() => document.querySelectorAll('iframe').length === 0);
    // Everything but the demo reader's list of sample cards (which names their numbers).
    const html = await page.evaluate(() => {
      const copy = document.body.cloneNode(true) as HTMLElement;
      copy.querySelector('[data-testid="demo-picker"]')?.remove();
      return copy.outerHTML;
    });
    expect(await page.inputValue('[data-testid="card-number"]')).toBe('');
    expect(html).not.toContain(GEN2.number);
    expect(html).not.toContain('2031');
    expect(html).not.toContain(ANSWER_VALID);
    expect(kiosk.proxy().sessionCount()).toBe(0);
    const probe = await page.context().newPage();
    await probe.goto(`${kiosk.proxy().origin}/__zairyu/blocked?to=probe`);
    expect(await probe.evaluate(() => localStorage.getItem('standin-visited'))).toBeNull();
    expect(await probe.evaluate(() => document.cookie)).toBe('');
    await page.context().close();
  });

  it('1st generation: the validity period must be typed, and is checked as a date', async () => {
    const page = await openKiosk();
    await readToResult(page, GEN1);
    await openInquiry(page);
    expect(await page.textContent('[data-testid="revocation-number"]')).toBe(GEN1.number);
    expect(await page.getAttribute('[data-testid="revocation-expiry-source"]', 'data-source')).toBe('typed');
    await page.click('[data-testid="revocation-submit"]');
    expect(await page.getAttribute('[data-testid="revocation-expiry-problem"]', 'data-problem')).toBe('incomplete');
    for (const digit of '20290231') await page.click(`[data-date-key="${digit}"]`);
    expect(await page.getAttribute('[data-testid="revocation-expiry-problem"]', 'data-problem')).toBe('invalid');
    await page.click('[data-date-key="backspace"]');
    await page.click('[data-date-key="backspace"]');
    await page.click('[data-date-key="backspace"]');
    for (const digit of '131') await page.click(`[data-date-key="${digit}"]`);
    expect(await page.textContent('[data-testid="revocation-expiry-month"]')).toBe('01');
    expect(await page.textContent('[data-testid="revocation-expiry-day"]')).toBe('31');
    await screenshot(page, 'revocation-form-gen1-ja');
    await setLanguage(page, 'en');
    await screenshot(page, 'revocation-form-gen1-en');
    await setLanguage(page, 'ja');
    await page.click('[data-testid="revocation-submit"]');
    const frame = await inquiryFrame(page);
    await frame.waitForSelector('#result-answer', { timeout: 15_000 });
    expect(await frame.textContent('#result-answer')).toBe(ANSWER_VALID);
    expect(standin.inquiries.at(-1)).toMatchObject({ cardNumber: GEN1.number, year: '2029', month: '01', day: '31' });
    await page.context().close();
  });

  it('a wrong date gets the service\'s "not valid" answer, shown as it is', async () => {
    const page = await openKiosk();
    await readToResult(page, GEN1);
    await openInquiry(page);
    for (const digit of '20300131') await page.click(`[data-date-key="${digit}"]`);
    await page.click('[data-testid="revocation-submit"]');
    const frame = await inquiryFrame(page);
    await frame.waitForSelector('#result-answer', { timeout: 15_000 });
    expect(await frame.textContent('#result-answer')).toBe(ANSWER_INVALID);
    await screenshot(page, 'revocation-answer-invalid-ja');
    await page.context().close();
  });

  it('an anti-abuse step is left to the person; the form is filled once it appears', async () => {
    standin.mode.challenge = true;
    const page = await openKiosk();
    await readToResult(page, GEN2);
    await openInquiry(page);
    const postsBefore = standin.requests.filter((request) => request === 'POST /check').length;
    await page.click('[data-testid="revocation-submit"]');
    const check = await inquiryFrame(page);
    await check.waitForSelector('#check-answer');
    expect(await check.title()).toBe(CHECK_TITLE);
    await waitForPageState(page, 'none');
    await page.waitForTimeout(300);
    expect(standin.requests.filter((request) => request === 'POST /check').length).toBe(postsBefore); // the kiosk did nothing
    expect(await check.inputValue('#check-answer')).toBe('');
    await screenshot(page, 'revocation-anti-abuse-ja');
    // The person answers.
    await check.fill('#check-answer', '7');
    await check.click('#check-submit');
    const answer = await inquiryFrame(page);
    await answer.waitForSelector('#result-answer', { timeout: 15_000 });
    expect(await answer.textContent('#result-answer')).toBe(ANSWER_VALID);
    await page.context().close();
  });

  it('an image check on the form: filled, not submitted; the person completes it', async () => {
    standin.mode.inlineCheck = true;
    const page = await openKiosk();
    await readToResult(page, GEN2);
    await openInquiry(page);
    const inquiries = standin.inquiries.length;
    await page.click('[data-testid="revocation-submit"]');
    await waitForPageState(page, 'filled-awaiting-person');
    const frame = await inquiryFrame(page);
    expect(await frame.inputValue('#txtZairyuCardNo')).toBe(GEN2.number);
    expect(await frame.inputValue('#txtCheckCode')).toBe('');
    expect(standin.inquiries).toHaveLength(inquiries);
    await page.context().close();
  });

  it("inside the frame: the kiosk's guards — no context menu, print, save, reload or DevTools keys — while the form can still be typed in", async () => {
    standin.mode.inlineCheck = true;
    const page = await openKiosk();
    await readToResult(page, GEN2);
    await openInquiry(page);
    await page.click('[data-testid="revocation-submit"]');
    await waitForPageState(page, 'filled-awaiting-person');
    const frame = await inquiryFrame(page);
    const frameUrl = frame.url();
    expect(frameUrl.startsWith(kiosk.proxy().origin)).toBe(true);
    const requestsBefore = standin.requests.length;
    // Records how each event ended: this listener runs after the guards (they listen first, in the capture phase).
    await frame.evaluate(() => {
      const seen: { type: string; key: string; prevented: boolean }[] = [];
      Object.assign(window, { zairyuSeen: seen, zairyuMarker: 'this document' });
      for (const type of ['contextmenu', 'keydown']) {
        window.addEventListener(type, (event) => seen.push({ type, key: (event as KeyboardEvent).key ?? '', prevented: event.defaultPrevented }));
      }
    });

    // Events dispatched in the page.
    const dispatched = await frame.evaluate(() => {
      const fire = (target: Element, event: Event) => {
        target.dispatchEvent(event);
        return event.defaultPrevented;
      };
      const text = document.querySelector('h1') ?? document.body;
      const field = document.querySelector('#txtCheckCode')!;
      return {
        contextmenu: fire(text, new MouseEvent('contextmenu', { bubbles: true, cancelable: true })),
        contextmenuOnField: fire(field, new MouseEvent('contextmenu', { bubbles: true, cancelable: true })),
        selectText: fire(text, new Event('selectstart', { bubbles: true, cancelable: true })),
        selectInField: fire(field, new Event('selectstart', { bubbles: true, cancelable: true })),
        dragstart: fire(text, new Event('dragstart', { bubbles: true, cancelable: true })),
        ctrlWheel: fire(text, new WheelEvent('wheel', { bubbles: true, cancelable: true, ctrlKey: true, deltaY: -100 })),
      };
    });
    expect(dispatched).toEqual({ contextmenu: true, contextmenuOnField: true, selectText: true, selectInField: false, dragstart: true, ctrlWheel: true });

    // Real input: a right click, then typing into the image-check field with the shortcuts in between.
    await frame.click('#txtCheckCode', { button: 'right' });
    await frame.click('#txtCheckCode');
    await page.keyboard.type('12');
    for (const combo of ['Control+p', 'F5', 'F12', 'Control+s', 'Control+r', 'Control+Shift+I', 'Alt+ArrowLeft']) await page.keyboard.press(combo);
    await page.keyboard.type('3');
    expect(await frame.inputValue('#txtCheckCode')).toBe('123');

    const seen = await frame.evaluate(() => (window as unknown as { zairyuSeen: { type: string; key: string; prevented: boolean }[] }).zairyuSeen);
    const menus = seen.filter((event) => event.type === 'contextmenu');
    expect(menus.length).toBeGreaterThanOrEqual(3); // two dispatched, and the browser's own for the right click
    expect(menus.every((event) => event.prevented)).toBe(true);
    const keys = seen.filter((event) => event.type === 'keydown' && !['Control', 'Shift', 'Alt'].includes(event.key)).map(({ key, prevented }) => ({ key, prevented }));
    expect(keys).toEqual([
      { key: '1', prevented: false },
      { key: '2', prevented: false },
      { key: 'p', prevented: true },
      { key: 'F5', prevented: true },
      { key: 'F12', prevented: true },
      { key: 's', prevented: true },
      { key: 'r', prevented: true },
      { key: 'I', prevented: true },
      { key: 'ArrowLeft', prevented: true },
      { key: '3', prevented: false },
    ]);

    // Same document (no reload, no navigation), no request to the service, no other window; the kiosk page is as it was.
    await page.waitForTimeout(300);
    expect(await frame.evaluate(() => (window as unknown as { zairyuMarker?: string }).zairyuMarker)).toBe('this document');
    expect(frame.url()).toBe(frameUrl);
    expect(standin.requests.length).toBe(requestsBefore);
    expect(page.context().pages()).toHaveLength(1);
    await page.waitForSelector('[data-testid="revocation-view"]');
    expect(await frame.inputValue('#txtZairyuCardNo')).toBe(GEN2.number);

    // The proxy's own pages (here: "cannot be opened here") carry the same guards.
    const probe = await page.context().newPage();
    await probe.goto(`${kiosk.proxy().origin}/__zairyu/blocked?to=probe`);
    expect(
      await probe.evaluate(() => {
        const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
        document.body.dispatchEvent(event);
        return event.defaultPrevented;
      }),
    ).toBe(true);
    await page.context().close();
  });

  it('maintenance window (20:00–23:00 JST): the notice is shown and 問合せ is disabled', async () => {
    const page = await openKiosk(kiosk.server, '2026-03-02T11:30:00Z'); // 20:30 JST
    await readToResult(page, GEN2);
    await openInquiry(page);
    await page.waitForSelector('[data-testid="revocation-maintenance"]');
    expect(await page.isDisabled('[data-testid="revocation-submit"]')).toBe(true);
    await screenshot(page, 'revocation-maintenance-ja');
    await setLanguage(page, 'en');
    expect(await page.textContent('[data-testid="revocation-maintenance"]')).toContain('maintenance');
    await screenshot(page, 'revocation-maintenance-en');
    await page.context().close();
  });

  it('outside the window (22:59 → 23:00 JST boundary honoured)', async () => {
    const page = await openKiosk(kiosk.server, '2026-03-02T14:00:00Z'); // 23:00 JST
    await readToResult(page, GEN2);
    await openInquiry(page);
    expect(await page.isEnabled('[data-testid="revocation-submit"]')).toBe(true);
    expect(await page.$('[data-testid="revocation-maintenance"]')).toBeNull();
    await page.context().close();
  });

  it('a slow service: timed out with a clear message, and the result is untouched', async () => {
    standin.mode.slowMs = 9000;
    const page = await openKiosk();
    await readToResult(page, GEN2);
    await openInquiry(page);
    await page.click('[data-testid="revocation-submit"]');
    await page.waitForSelector('[data-testid="revocation-problem"][data-problem="timeout"]', { timeout: 15_000 });
    expect(await page.$('[data-testid="restricted-frame"]')).toBeNull();
    await page.click('[data-testid="revocation-back"]');
    await page.waitForSelector('[data-screen="result"]');
    expect(await page.getAttribute('[data-testid="tamper-check"]', 'data-outcome')).toBe('ok');
    await page.context().close();
  });

  it('an HTTP 500 from the service: a clear message', async () => {
    standin.mode.failFormStatus = 500;
    const page = await openKiosk();
    await readToResult(page, GEN2);
    await openInquiry(page);
    await page.click('[data-testid="revocation-submit"]');
    await page.waitForSelector('[data-testid="revocation-problem"][data-problem="http-error"]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid="revocation-problem"]')).toContain('HTTP 500');
    await page.context().close();
  });

  it('an unreachable service: a clear message, and back keeps the result', async () => {
    const deadPort = await freePort();
    const offline = await startKiosk(`http://127.0.0.1:${deadPort}/inquiry`);
    try {
      const page = await openKiosk(offline.server);
      await readToResult(page, GEN2);
      await openInquiry(page);
      await page.click('[data-testid="revocation-submit"]');
      await page.waitForSelector('[data-testid="revocation-problem"][data-problem="unreachable"]', { timeout: 15_000 });
      await screenshot(page, 'revocation-unreachable-ja');
      await setLanguage(page, 'en');
      await screenshot(page, 'revocation-unreachable-en');
      await page.click('[data-testid="revocation-back"]');
      await page.waitForSelector('[data-screen="result"]');
      expect(await page.getAttribute('[data-testid="tamper-check"]', 'data-outcome')).toBe('ok');
      expect(await page.getAttribute('[data-testid="issuer-check"]', 'data-outcome')).toBe('ok');
      await page.context().close();
    } finally {
      await offline.server.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
