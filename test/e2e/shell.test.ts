import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebKioskServer, type RunningServer } from '../../shell/web/server/static-server';
import { launchChromium, screenshot } from '../support/browser';

const webRoot = join(process.cwd(), 'dist', 'web');

describe('kiosk shell in Chromium (web host)', () => {
  let browser: Browser;
  let server: RunningServer;
  let configText = '{}';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startWebKioskServer({ webRoot, configText: async () => configText });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openKiosk(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(server.url);
    return page;
  }

  it('renders the top screen in Japanese and switches to English and back', async () => {
    configText = '{}';
    const page = await openKiosk();
    await page.waitForSelector('#app[data-ready="true"]');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.textContent('[data-testid="enter-number-title"]')).toBe('在留カード等番号を入力してください');
    expect(await page.textContent('[data-testid="start-reading"]')).toBe('カード読み取り開始');
    await screenshot(page, 'top-ja');

    await page.click('[data-testid="language-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('[data-testid="enter-number-title"]')).toBe('Enter the residence card number');
    expect(await page.textContent('[data-testid="start-reading"]')).toBe('Start reading the card');
    await screenshot(page, 'top-en');

    await page.click('[data-testid="contrast-toggle"]');
    await page.waitForFunction(() => document.documentElement.classList.contains('high-contrast'));
    await screenshot(page, 'top-high-contrast-en');
    await page.click('[data-testid="language-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    await screenshot(page, 'top-high-contrast-ja');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('starts in the configured language', async () => {
    configText = JSON.stringify({ language: 'en' });
    const page = await openKiosk();
    await page.waitForSelector('#app[data-ready="true"]');
    expect(await page.textContent('[data-testid="enter-number-title"]')).toBe('Enter the residence card number');
    await page.close();
  });

  it('types the number on the on-screen keypad, upper case, and refuses a wrong format without touching the card', async () => {
    configText = '{}';
    const page = await openKiosk();
    await page.waitForSelector('#app[data-ready="true"]');
    for (const key of 'AB1234567') await page.click(`[data-key="${key}"]`);
    await page.fill('[data-testid="card-number"]', 'ab１２３４５６７８cdX');
    expect(await page.inputValue('[data-testid="card-number"]')).toBe('AB12345678CD');
    await page.fill('[data-testid="card-number"]', 'AB1234');
    await page.click('[data-testid="start-reading"]');
    const dialog = await page.waitForSelector('[data-testid="error-dialog"]');
    expect(await dialog.getAttribute('data-code')).toBe('WRONG_CARD_NUMBER');
    expect(await page.textContent('#error-message')).toBe('在留カード等番号が間違っています');
    await screenshot(page, 'error-wrong-format-ja');
    await page.click('[data-testid="error-dialog"] [data-testid="language-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('#error-message')).toBe('The residence card number is incorrect.');
    await screenshot(page, 'error-wrong-format-en');
    await page.click('[data-testid="error-confirm"]');
    expect(await page.inputValue('[data-testid="card-number"]')).toBe('AB1234');
    await page.close();
  });

  it('walks the number-position help pages contributed by the residence-card plugin', async () => {
    configText = '{}';
    const page = await openKiosk();
    await page.waitForSelector('#app[data-ready="true"]');
    await page.click('[data-testid="number-help"]');
    const pageId = () => page.getAttribute('[data-testid="help-page"]', 'data-page-id');
    expect(await pageId()).toBe('help.gen1');
    expect(await page.$('[data-testid="help-previous"]')).toBeNull();
    await page.waitForFunction(() => ((document.querySelector('.help-illustration img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    await screenshot(page, 'help-gen1-ja');
    await page.click('[data-testid="help-next"]');
    expect(await pageId()).toBe('help.gen2');
    await page.click('[data-testid="help-next"]');
    expect(await pageId()).toBe('help.specific');
    expect(await page.$('[data-testid="help-next"]')).toBeNull();
    await page.click('[data-testid="help-previous"]');
    expect(await pageId()).toBe('help.gen2');
    await page.click('[data-testid="help-close"]');
    await page.waitForSelector('[data-screen="top"]');
    await page.close();
  });

  it('shows the config error screen, in both languages, for a bad config', async () => {
    configText = JSON.stringify({ idleTimeoutSeconds: 'soon', colour: 'blue' });
    const page = await openKiosk();
    await page.waitForSelector('[data-screen="config-error"]');
    const problems = await page.textContent('[data-testid="config-problems"]');
    expect(problems).toContain('idleTimeoutSeconds');
    expect(problems).toContain('colour');
    await screenshot(page, 'config-error');
    await page.close();
  });

  it('works with the keyboard alone, and has labels for screen readers', async () => {
    configText = JSON.stringify({ reader: { demo: 'always' } });
    const page = await openKiosk();
    await page.waitForSelector('#app[data-ready="true"]');
    expect(await page.getAttribute('[data-testid="card-number"]', 'aria-label')).toBe('在留カード等番号');
    expect(await page.getAttribute('[data-testid="number-help"]', 'aria-label')).toBe('在留カード等番号の位置');
    await page.focus('[data-testid="card-number"]');
    await page.keyboard.type('ab12');
    expect(await page.inputValue('[data-testid="card-number"]')).toBe('AB12');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="error-dialog"]');
    // The dialog takes the focus; Enter confirms it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-confirm');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-screen="top"]');
    await page.close();
  });

  it('blocks the context menu, text selection, drag, ctrl-zoom and reload shortcuts', async () => {
    configText = '{}';
    const page = await openKiosk();
    await page.waitForSelector('#app[data-ready="true"]');
    const prevented = await page.evaluate(() => {
      const fire = (event: Event) => {
        document.querySelector('[data-testid="enter-number-title"]')!.dispatchEvent(event);
        return event.defaultPrevented;
      };
      return {
        contextmenu: fire(new MouseEvent('contextmenu', { bubbles: true, cancelable: true })),
        selectstart: fire(new Event('selectstart', { bubbles: true, cancelable: true })),
        dragstart: fire(new Event('dragstart', { bubbles: true, cancelable: true })),
        ctrlWheel: fire(new WheelEvent('wheel', { bubbles: true, cancelable: true, ctrlKey: true })),
        reload: fire(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'F5' })),
        ctrlR: fire(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'r', ctrlKey: true })),
        letter: fire(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'a' })),
        userSelect: getComputedStyle(document.body).userSelect,
      };
    });
    expect(prevented).toEqual({ contextmenu: true, selectstart: true, dragstart: true, ctrlWheel: true, reload: true, ctrlR: true, letter: false, userSelect: 'none' });
    await page.close();
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const status = (host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        request(server.url, { headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode);
        })
          .on('error', reject)
          .end();
      });
    expect(await status('evil.example')).toBe(421);
    expect(await status(new URL(server.url).host)).toBe(200);
  });
});
