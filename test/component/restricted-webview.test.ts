import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RestrictedBrowserOptions, RestrictedViewEvent } from '../../kernel/api';
import { CLEARED_DATA, createRestrictedWebviewBrowser, type WebviewContentScript, type WebviewElement, type WebviewInjectDetails } from '../../shell/nw/restricted-webview';

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
  /** The content-script rules added, and the src the element had when they were added. */
  contentScripts: { rules: WebviewContentScript[]; srcAtThatTime: string }[];
  /** executeScript calls that were not the form fill. */
  injected: WebviewInjectDetails[];
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
    contentScripts: [],
    injected: [],
    guest,
    partition: '',
    addContentScripts(rules: WebviewContentScript[]) {
      element.contentScripts.push({ rules, srcAtThatTime: element.src ?? '' });
    },
    stop: () => calls.push('stop'),
    back: () => calls.push('back'),
    canGoBack: () => true,
    executeScript(details: WebviewInjectDetails, callback?: (results: unknown[]) => void) {
      if (details.runAt) {
        element.injected.push(details);
        return;
      }
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

function openView(options: RestrictedBrowserOptions = OPTIONS, adapt: (webview: StandinWebview) => void = () => {}) {
  const webviews: StandinWebview[] = [];
  const partitions = ['zairyu-restricted-a', 'zairyu-restricted-b'];
  const browser = createRestrictedWebviewBrowser({
    createWebview: () => {
      const webview = standinWebview();
      adapt(webview);
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

  it("adds the kiosk's page guards as a content script at document_start, in all frames, before the first navigation", () => {
    const { webview } = openView();
    expect(webview.contentScripts).toHaveLength(1);
    const { rules, srcAtThatTime } = webview.contentScripts[0]!;
    expect(srcAtThatTime).toBe('');
    expect(webview.src).toBe(`${SERVICE}/inquiry`);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ name: 'zairyu-kiosk-guards', matches: ['<all_urls>'], run_at: 'document_start', all_frames: true, match_about_blank: true });
    expect(typeof rules[0]!.js.code).toBe('string');
  });

  it('the guard script, run in the guest page, blocks the context menu and the dangerous keys but not typing', () => {
    const { webview } = openView();
    const guest = webview.guest;
    guest.document.body.innerHTML = `<p id="text">照会結果</p>${FORM}`;
    // As the guest runs a content script: only its own window in scope.
    new Function('window', webview.contentScripts[0]!.rules[0]!.js.code)(guest);
    const GuestEvent = (guest as unknown as { Event: typeof Event }).Event;
    const GuestMouseEvent = (guest as unknown as { MouseEvent: typeof MouseEvent }).MouseEvent;
    const GuestKeyboardEvent = (guest as unknown as { KeyboardEvent: typeof KeyboardEvent }).KeyboardEvent;
    const fire = (id: string, event: Event) => {
      guest.document.getElementById(id)!.dispatchEvent(event);
      return event.defaultPrevented;
    };
    const keydown = (init: KeyboardEventInit) => fire('number', new GuestKeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
    expect(fire('text', new GuestMouseEvent('contextmenu', { bubbles: true, cancelable: true }))).toBe(true);
    expect(fire('number', new GuestMouseEvent('contextmenu', { bubbles: true, cancelable: true }))).toBe(true);
    expect(fire('text', new GuestEvent('dragstart', { bubbles: true, cancelable: true }))).toBe(true);
    expect(fire('text', new GuestEvent('selectstart', { bubbles: true, cancelable: true }))).toBe(true);
    expect(fire('number', new GuestEvent('selectstart', { bubbles: true, cancelable: true }))).toBe(false);
    for (const init of [{ key: 'p', ctrlKey: true }, { key: 's', ctrlKey: true }, { key: 'w', ctrlKey: true }, { key: 'r', ctrlKey: true }, { key: 'F5' }, { key: 'F12' }, { key: 'I', ctrlKey: true, shiftKey: true }, { key: 'ArrowLeft', altKey: true }]) {
      expect(keydown(init), JSON.stringify(init)).toBe(true);
    }
    for (const init of [{ key: '1' }, { key: 'C' }, { key: 'Backspace' }, { key: 'Tab' }, { key: 'Enter' }]) {
      expect(keydown(init), JSON.stringify(init)).toBe(false);
    }
  });

  it('without addContentScripts, injects the guards with executeScript at document_start as each allowed page commits', async () => {
    const { webview, events } = openView(OPTIONS, (standin) => {
      delete (standin as { addContentScripts?: unknown }).addContentScripts;
    });
    expect(webview.contentScripts).toEqual([]);
    webview.fire('loadcommit', { url: `${SERVICE}/inquiry`, isTopLevel: true });
    webview.fire('loadcommit', { url: `${SERVICE}/frame`, isTopLevel: false });
    webview.fire('loadcommit', { url: `${SERVICE}/answer`, isTopLevel: true });
    expect(webview.injected).toHaveLength(2);
    expect(webview.injected[0]).toMatchObject({ runAt: 'document_start', allFrames: true });
    expect(webview.injected[0]!.code).toContain('contextmenu');
    webview.fire('loadcommit', { url: 'https://elsewhere.example/landed', isTopLevel: true });
    expect(webview.injected).toHaveLength(2);
    expect(events).toEqual([{ type: 'blocked-navigation', origin: 'https://elsewhere.example' }]);
    // The form is still filled as before.
    webview.guest.document.body.innerHTML = FORM;
    webview.guest.document.getElementById('submit')!.addEventListener('click', (event) => event.preventDefault());
    webview.fire('loadstop');
    await flush();
    expect(events.at(-1)).toEqual({ type: 'loaded', form: 'filled' });
  });

  it('uses a new partition for every view', () => {
    const webviews: StandinWebview[] = [];
    const browser = createRestrictedWebviewBrowser({ createWebview: () => (webviews.push(standinWebview()), webviews.at(-1)!) });
    for (let i = 0; i < 2; i += 1) browser.open(OPTIONS).mount(document.body);
    expect(webviews[0]!.partition).not.toBe(webviews[1]!.partition);
    expect(webviews.every((webview) => /^zairyu-restricted-/.test(webview.partition))).toBe(true);
  });
});
