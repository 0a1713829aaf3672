import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  CardReadResult,
  PluginContext,
  RestrictedBrowser,
  RestrictedBrowserOptions,
  RestrictedViewEvent,
} from '../../kernel/api';
import type { Kernel } from '../../kernel/container/create-kernel';
import { createInquiryView } from '../../plugins/revocation/views/inquiry-view';
import { kernelWithBuiltinPlugins, PLUGINS_ROOT } from '../support/builtin-kernel';

const gen2: CardReadResult = {
  cardType: '05',
  pluginName: 'residence-card',
  cardNumber: 'CD23456789EF',
  cardExpiry: '20310331',
  tamperCheck: { outcome: 'ok', reasons: [] },
  issuerCheck: { outcome: 'ok', reasons: [] },
  details: {},
};
const gen1: CardReadResult = { ...gen2, cardType: '1', cardNumber: 'AB12345678CD', cardExpiry: undefined };

const DEFAULTS = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(PLUGINS_ROOT, 'revocation', 'package.json'), 'utf8')).contributes.settings as Record<string, { default: unknown }>).map(
    ([key, declaration]) => [key, declaration.default],
  ),
);

/** A restricted browser that records what it was asked and lets the test play the service's events. */
function fakeBrowser() {
  const opened: RestrictedBrowserOptions[] = [];
  const listeners: ((event: RestrictedViewEvent) => void)[] = [];
  const mounted: HTMLElement[] = [];
  const close = vi.fn(async () => {});
  const browser: RestrictedBrowser = {
    open(options) {
      opened.push(options);
      return {
        mount(container) {
          const frame = document.createElement('iframe');
          frame.dataset.testid = 'fake-frame';
          container.append(frame);
          mounted.push(container);
        },
        onEvent(listener) {
          listeners.push(listener);
          return { dispose() {} };
        },
        close,
      };
    },
  };
  return { browser, opened, mounted, close, emit: (event: RestrictedViewEvent) => listeners.forEach((listener) => listener(event)) };
}

let kernel: Kernel | undefined;
async function renderView(options: {
  result?: CardReadResult;
  browser?: RestrictedBrowser;
  settings?: Record<string, unknown>;
  now?: () => Date;
}) {
  kernel ??= await kernelWithBuiltinPlugins();
  const k = kernel;
  const settings = { ...DEFAULTS, ...options.settings };
  const context = {
    name: 'revocation',
    i18n: { t: k.i18n.forNamespace('revocation'), get language() { return k.i18n.language; } },
    settings: { get: (key: string) => settings[key] },
    logger: { debug() {}, info() {}, warn() {}, error() {}, child() { return this; } },
    host: { restrictedBrowser: () => options.browser },
  } as unknown as PluginContext;
  const View = createInquiryView(context, { now: options.now ?? (() => new Date('2026-03-02T03:00:00Z')) }); // 12:00 JST
  const close = vi.fn();
  const rendered = render(<View result={options.result} close={close} />);
  return { close, rendered };
}

afterEach(cleanup);

describe('revocation inquiry view', () => {
  it("shows the manual's notes, the number, and a 2nd-generation card's validity period from the chip", async () => {
    await renderView({ result: gen2 });
    expect(screen.getByText('在留カード等番号失効情報照会')).toBeTruthy();
    expect(screen.getByTestId('revocation-number').textContent).toBe('CD23456789EF');
    expect(screen.getByTestId('revocation-expiry-year').textContent).toBe('2031');
    expect(screen.getByTestId('revocation-expiry-month').textContent).toBe('03');
    expect(screen.getByTestId('revocation-expiry-day').textContent).toBe('31');
    expect(screen.getByTestId('revocation-expiry-source').dataset.source).toBe('chip');
    expect(screen.queryByTestId('revocation-date-keypad')).toBeNull();
    expect(screen.getByTestId('revocation-not-proof').textContent).toContain('問合せ結果は、在留カード等の有効性を証明するものではありません。');
    expect(document.body.textContent).toContain('※ 外国人登録証明書番号には対応していません。');
    expect(document.body.textContent).toContain('「2012」年「07」月「09」日と入力');
    // The manual's own words (Windows §6), from the configured window.
    expect(document.body.textContent).toContain('※ 失効情報照会は、毎日午後8時から午後11時までの約3時間、メンテナンス（データ更新）のために使用できません。');
  });

  it('1st generation: the validity period is typed on the keypad, checked as a real date, then sent', async () => {
    const fake = fakeBrowser();
    await renderView({ result: gen1, browser: fake.browser });
    expect(screen.getByTestId('revocation-expiry-source').dataset.source).toBe('typed');
    const type = (digits: string) => [...digits].forEach((digit) => fireEvent.click(document.querySelector(`[data-date-key="${digit}"]`)!));
    fireEvent.click(screen.getByTestId('revocation-submit'));
    expect(screen.getByTestId('revocation-expiry-problem').dataset.problem).toBe('incomplete');
    expect(fake.opened).toHaveLength(0);

    type('20270229'); // not a leap year
    expect(screen.getByTestId('revocation-expiry-problem').dataset.problem).toBe('invalid');
    fireEvent.click(document.querySelector('[data-date-key="backspace"]')!);
    fireEvent.click(document.querySelector('[data-date-key="backspace"]')!);
    fireEvent.click(document.querySelector('[data-expiry-field="year"]')!);
    fireEvent.click(document.querySelector('[data-date-key="clear"]')!);
    type('20290131');
    expect(screen.getByTestId('revocation-expiry-month').textContent).toBe('01');
    expect(screen.queryByTestId('revocation-expiry-problem')).toBeNull();
    fireEvent.click(screen.getByTestId('revocation-submit'));
    expect(fake.opened).toHaveLength(1);
    expect(fake.opened[0]!.fill.map((field) => field.value)).toEqual(['AB12345678CD', '2029', '01', '31']);
  });

  it('opens the configured service with the configured selectors, in the restricted view', async () => {
    const fake = fakeBrowser();
    await renderView({
      result: gen2,
      browser: fake.browser,
      settings: { serviceUrl: 'http://127.0.0.1:4567/inquiry', numberSelector: '#n', yearSelector: '#y', monthSelector: '#m', daySelector: '#d', submitSelector: '#go', timeoutSeconds: 7 },
    });
    fireEvent.click(screen.getByTestId('revocation-submit'));
    expect(fake.opened[0]).toEqual({
      url: 'http://127.0.0.1:4567/inquiry',
      allowedOrigin: 'http://127.0.0.1:4567',
      fill: [
        { selector: '#n', value: 'CD23456789EF' },
        { selector: '#y', value: '2031' },
        { selector: '#m', value: '03' },
        { selector: '#d', value: '31' },
      ],
      submitSelector: '#go',
      antiAbuseSelector: DEFAULTS.antiAbuseSelector,
      timeoutMs: 7000,
    });
    expect(screen.getByTestId('revocation-view').dataset.phase).toBe('inquiry');
    expect(fake.mounted[0]).toBe(screen.getByTestId('revocation-frame-host'));
    expect(screen.getByTestId('revocation-page-state').dataset.state).toBe('loading');

    fake.emit({ type: 'loaded', form: 'none' });
    await screen.findByText(/不正利用防止のための認証画面が表示された場合は/);
    fake.emit({ type: 'loaded', form: 'filled' });
    expect((await screen.findByTestId('revocation-page-state')).dataset.state).toBe('filled');
    fake.emit({ type: 'blocked-navigation', origin: 'https://elsewhere.example' });
    await screen.findByTestId('revocation-blocked');
    expect(screen.getByTestId('revocation-not-proof').textContent).toContain('有効性を証明するものではありません');
  });

  it('shows a clear message when the service cannot be reached, times out or fails, and closes the view', async () => {
    for (const [event, problem, text] of [
      [{ type: 'failed', reason: 'unreachable' }, 'unreachable', '接続できません'],
      [{ type: 'timeout' }, 'timeout', '30秒以内に応答しませんでした'],
      [{ type: 'failed', reason: 'http-error', status: 500 }, 'http-error', 'HTTP 500'],
    ] as const) {
      const fake = fakeBrowser();
      await renderView({ result: gen2, browser: fake.browser });
      fireEvent.click(screen.getByTestId('revocation-submit'));
      fake.emit(event);
      const message = await screen.findByTestId('revocation-problem');
      expect(message.dataset.problem).toBe(problem);
      expect(message.textContent).toContain(text);
      expect(message.textContent).toContain('カードの読み取り結果には影響ありません');
      expect(fake.close).toHaveBeenCalled();
      expect(screen.getByTestId('revocation-view').dataset.phase).toBe('form');
      cleanup();
    }
  });

  it('says so when the host has no restricted browser', async () => {
    await renderView({ result: gen2 });
    fireEvent.click(screen.getByTestId('revocation-submit'));
    expect(screen.getByTestId('revocation-problem').dataset.problem).toBe('unavailable');
  });

  it('during maintenance (20:00–23:00 JST) shows the notice and disables 問合せ', async () => {
    const fake = fakeBrowser();
    await renderView({ result: gen2, browser: fake.browser, now: () => new Date('2026-03-02T11:30:00Z') }); // 20:30 JST
    expect(screen.getByTestId('revocation-maintenance').textContent).toContain('メンテナンス');
    expect((screen.getByTestId('revocation-submit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('revocation-submit'));
    expect(fake.opened).toHaveLength(0);
  });

  it('closes the restricted view when the screen goes (back, return to top)', async () => {
    const fake = fakeBrowser();
    const { close, rendered } = await renderView({ result: gen2, browser: fake.browser });
    fireEvent.click(screen.getByTestId('revocation-submit'));
    fireEvent.click(screen.getByTestId('revocation-back'));
    expect(close).toHaveBeenCalled();
    expect(fake.close).toHaveBeenCalledTimes(1);
    rendered.unmount();
    expect(fake.close).toHaveBeenCalledTimes(1);

    const second = fakeBrowser();
    const again = await renderView({ result: gen2, browser: second.browser });
    fireEvent.click(screen.getByTestId('revocation-submit'));
    again.rendered.unmount();
    expect(second.close).toHaveBeenCalledTimes(1);
  });

  it('without a result, asks to come from a result screen', async () => {
    await renderView({});
    expect(screen.getByText('カードを読み取った結果の画面から開いてください。')).toBeTruthy();
  });
});
