import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RestrictedBrowserOptions, RestrictedViewEvent } from '../../kernel/api';
import { CLEARED_DATA, createRestrictedWebviewBrowser, type WebviewElement } from '../../shell/nw/restricted-webview';

const SERVICE = 'https://lapse.example';
const OPTIONS: RestrictedBrowserOptions = {
  url: `${SERVICE}/inquiry`,
  allowedOrigin: SERVICE,
  fill: [
    { selector: '#number', value: 'CD23456789EF' },
    { selector: '#year', value: '2031' },
    { selector: '#month', value: '03' },
    { selector: '#day', value: '31' },
  ],
  submitSelector: '#submit',
  antiAbuseSelector: 'img[src*="JpegImage"]',
  timeoutMs: 5000,
};
const FORM = '<form><input id="number"><input id="year"><input id="month"><input id="day"><input type="submit" id="submit"></form>';

type StandinWebview = WebviewElement & {
  calls: string[];
  cleared: unknown[];
  guest: Window;
  getAttribute(name: string): string | null;
  beforeRequest?: (details: { url: string }) => { cancel: boolean } | undefined;
  fire(type: string, detail?: Record<string, unknown>): Event;
};

/** A stand-in for NW.js's <webview>: a DOM element with the webview methods; the "guest page" is a happy-dom window. */
function standinWebview(): StandinWebview {
  const element = document.createElement('webview') as unknown as StandinWebview;
  const calls: string[] = [];
  const guest = new HappyWindow({ url: `${SERVICE}/inquiry` }) as unknown as Window;
  Object.assign(element, {
    calls,
    cleared: [],
    guest,
    partition: '',
    stop: () => calls.push('stop'),
    back: () => calls.push('back'),
    canGoBack: () => true,
    executeScript(details: { code: string }, callback?: (results: unknown[]) => void) {
      calls.push('executeScript');
      const result = new Function('document', `return ${details.code}`)(guest.document);
      queueMicrotask(() => callback?.([JSON.parse(JSON.stringify(result))]));
    },
    clearData(options: { since: number }, types: Record<string, boolean>, callback?: () => void) {
      element.cleared.push(options, types);
      calls.push('clearData');
      queueMicrotask(() => callback?.());
    },
    request: {
      onBeforeRequest: {
        addListener: (listener: StandinWebview['beforeRequest']) => (element.beforeRequest = listener),
        removeListener: () => (element.beforeRequest = undefined),
      },
    },
    fire(type: string, detail: Record<string, unknown> = {}) {
      const event = Object.assign(new Event(type, { cancelable: true }), detail);
      element.dispatchEvent(event);
      return event;
    },
  });
  return element;
}

function openView(options: RestrictedBrowserOptions = OPTIONS) {
  const webviews: StandinWebview[] = [];
  const partitions = ['zairyu-restricted-a', 'zairyu-restricted-b'];
  const browser = createRestrictedWebviewBrowser({
    createWebview: () => {
      const webview = standinWebview();
      webviews.push(webview);
      return webview;
    },
    partitionName: () => partitions.shift()!,
  });
  const container = document.createElement('div');
  document.body.append(container);
  const view = browser.open(options);
  const events: RestrictedViewEvent[] = [];
  view.onEvent((event) => events.push(event));
  view.mount(container);
  return { view, webview: webviews[0]!, container, events, browser };
}

const flush = () => new Promise((resolveFlush) => setTimeout(resolveFlush, 0));

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('NW.js restricted webview (stand-in element)', () => {
  it('loads the service in a fresh in-memory partition (no "persist:")', () => {
    const { webview, container } = openView();
    expect(webview.partition).toBe('zairyu-restricted-a');
    expect(webview.getAttribute('partition')).toBe('zairyu-restricted-a');
    expect(webview.partition.startsWith('persist:')).toBe(false);
    expect(webview.getAttribute('allownw')).toBeNull();
    expect(webview.src).toBe(`${SERVICE}/inquiry`);
    expect(container.contains(webview as unknown as Node)).toBe(true);
  });

  it('stops top-level navigations to another origin on loadstart and reports them', () => {
    const { webview, events } = openView();
    webview.fire('loadstart', { url: 'https://elsewhere.example/x', isTopLevel: true });
    expect(webview.calls).toContain('stop');
    expect(events).toEqual([{ type: 'blocked-navigation', origin: 'https://elsewhere.example' }]);
    webview.fire('loadstart', { url: 'https://elsewhere.example/frame', isTopLevel: false });
    webview.fire('loadstart', { url: `${SERVICE}/next`, isTopLevel: true });
    expect(events).toHaveLength(1);
  });

  it('goes back when a navigation committed elsewhere anyway (e.g. after a redirect)', () => {
    const { webview, events } = openView();
    webview.fire('loadcommit', { url: 'https://elsewhere.example/landed', isTopLevel: true });
    expect(webview.calls).toEqual(['stop', 'back']);
    expect(events).toEqual([{ type: 'blocked-navigation', origin: 'https://elsewhere.example' }]);
  });

  it('cancels requests to other origins where webRequest is available', () => {
    const { webview } = openView();
    expect(webview.beforeRequest?.({ url: 'https://tracker.example/x.js' })).toEqual({ cancel: true });
    expect(webview.beforeRequest?.({ url: `${SERVICE}/JpegImage.aspx` })).toBeUndefined();
  });

  it('refuses new windows', () => {
    const { webview, events } = openView();
    const discard = vi.fn();
    const event = webview.fire('newwindow', { targetUrl: 'https://popup.example/', window: { discard } });
    expect(event.defaultPrevented).toBe(true);
    expect(discard).toHaveBeenCalled();
    expect(events).toEqual([{ type: 'blocked-navigation', origin: 'https://popup.example' }]);
  });

  it('fills the first page that has the form (after a page without it) and only that one', async () => {
    const { webview, events } = openView();
    webview.guest.document.body.innerHTML = '<h1>不正利用防止のための認証</h1><button type="submit">認証する</button>';
    webview.fire('loadstop');
    await flush();
    expect(events.at(-1)).toEqual({ type: 'loaded', form: 'none' });
    webview.guest.document.body.innerHTML = FORM;
    const clicked = vi.fn((event: Event) => event.preventDefault());
    webview.guest.document.getElementById('submit')!.addEventListener('click', clicked);
    webview.fire('loadstop');
    await flush();
    expect(events.at(-1)).toEqual({ type: 'loaded', form: 'filled' });
    expect((webview.guest.document.getElementById('number') as HTMLInputElement).value).toBe('CD23456789EF');
    expect((webview.guest.document.getElementById('month') as HTMLInputElement).value).toBe('03');
    expect(clicked).toHaveBeenCalledTimes(1);
    webview.fire('loadstop');
    await flush();
    expect(events.at(-1)).toEqual({ type: 'loaded', form: 'already-submitted' });
    expect(webview.calls.filter((call) => call === 'executeScript')).toHaveLength(2);
  });

  it('leaves an anti-abuse check on the form to the person', async () => {
    const { webview, events } = openView();
    webview.guest.document.body.innerHTML = FORM.replace('<input type="submit"', '<img src="JpegImage.aspx"><input type="submit"');
    const clicked = vi.fn();
    webview.guest.document.getElementById('submit')!.addEventListener('click', clicked);
    webview.fire('loadstop');
    await flush();
    expect(events.at(-1)).toEqual({ type: 'loaded', form: 'filled-awaiting-person' });
    expect(clicked).not.toHaveBeenCalled();
  });

  it('reports an unreachable service, but not loads it stopped itself', () => {
    const { webview, events } = openView();
    webview.fire('loadabort', { url: `${SERVICE}/inquiry`, isTopLevel: true, code: -3, reason: 'ERR_ABORTED' });
    expect(events).toEqual([]);
    webview.fire('loadabort', { url: `${SERVICE}/inquiry`, isTopLevel: true, code: -105, reason: 'ERR_NAME_NOT_RESOLVED' });
    expect(events).toEqual([{ type: 'failed', reason: 'unreachable' }]);
  });

  it('times out when a page does not finish loading', () => {
    vi.useFakeTimers();
    const { webview, events } = openView();
    webview.fire('loadstart', { url: `${SERVICE}/inquiry`, isTopLevel: true });
    vi.advanceTimersByTime(4999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual([{ type: 'timeout' }]);
  });

  it('refuses a start address outside the allowed origin', () => {
    const { events, webview } = openView({ ...OPTIONS, url: 'https://elsewhere.example/inquiry' });
    expect(events).toEqual([{ type: 'failed', reason: 'unavailable' }]);
    expect(webview).toBeUndefined();
  });

  it('clears all of the partition\'s data on close, then removes the element; nothing is reported afterwards', async () => {
    const { view, webview, container, events } = openView();
    await view.close();
    expect(webview.cleared).toEqual([{ since: 0 }, CLEARED_DATA]);
    expect(Object.values(CLEARED_DATA).every(Boolean)).toBe(true);
    expect(Object.keys(CLEARED_DATA).sort()).toEqual(['appcache', 'cache', 'cookies', 'fileSystems', 'indexedDB', 'localStorage', 'webSQL']);
    expect(container.contains(webview as unknown as Node)).toBe(false);
    expect(webview.beforeRequest).toBeUndefined();
    webview.fire('loadstart', { url: 'https://elsewhere.example/', isTopLevel: true });
    expect(events).toEqual([]);
    await view.close();
    expect(webview.calls.filter((call) => call === 'clearData')).toHaveLength(1);
  });

  it('uses a new partition for every view', () => {
    const webviews: StandinWebview[] = [];
    const browser = createRestrictedWebviewBrowser({ createWebview: () => (webviews.push(standinWebview()), webviews.at(-1)!) });
    for (let i = 0; i < 2; i += 1) browser.open(OPTIONS).mount(document.body);
    expect(webviews[0]!.partition).not.toBe(webviews[1]!.partition);
    expect(webviews.every((webview) => /^zairyu-restricted-/.test(webview.partition))).toBe(true);
  });
});
