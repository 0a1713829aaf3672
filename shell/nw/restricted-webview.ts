import type { Disposable, RestrictedBrowser, RestrictedBrowserOptions, RestrictedView, RestrictedViewEvent } from '../../kernel/api';
import { toDisposable } from '../../kernel/api';
import { pageGuardsScript } from '../app/lockdown';
import { fillForm, SERVICE_PAGE_GUARDS, type FillFormRequest, type FillFormResult } from '../web/fill-agent';

/**
 * The part of NW.js's `<webview>` (the Chrome-apps webview tag) this uses. A real webview is an HTMLElement;
 * tests use a stand-in EventTarget with these methods.
 */
export interface WebviewElement extends EventTarget {
  src: string;
  partition: string;
  readonly style: CSSStyleDeclaration;
  setAttribute(name: string, value: string): void;
  stop(): void;
  back(): void;
  canGoBack(): boolean;
  executeScript(details: WebviewInjectDetails, callback?: (results: unknown[] | undefined) => void): void;
  /**
   * Content scripts injected into every page the guest loads from then on that matches (Chrome 44+; always in
   * NW.js 0.13+). Optional here only so that a host without it falls back to executeScript on each commit.
   */
  addContentScripts?(rules: WebviewContentScript[]): void;
  clearData(options: { since: number }, types: Record<WebviewDataType, boolean>, callback?: () => void): void;
  remove(): void;
  /** Chrome-apps webRequest for the guest; used when present to cancel every request to another origin. */
  readonly request?: {
    readonly onBeforeRequest: {
      addListener(listener: (details: { url: string; type?: string }) => { cancel: boolean } | undefined, filter: { urls: string[] }, extra: string[]): void;
      removeListener(listener: (details: { url: string; type?: string }) => { cancel: boolean } | undefined): void;
    };
    readonly onCompleted?: {
      addListener(listener: (details: { url: string; type?: string; statusCode: number }) => void, filter: { urls: string[] }): void;
      removeListener(listener: (details: { url: string; type?: string; statusCode: number }) => void): void;
    };
  };
}

export interface WebviewInjectDetails {
  readonly code: string;
  readonly runAt?: 'document_start' | 'document_end' | 'document_idle';
  readonly allFrames?: boolean;
}

/** The webview tag's ContentScriptDetails, as far as used here. */
export interface WebviewContentScript {
  readonly name: string;
  readonly matches: string[];
  readonly js: { readonly code: string };
  readonly run_at: 'document_start' | 'document_end' | 'document_idle';
  readonly all_frames: boolean;
  readonly match_about_blank: boolean;
}

/**
 * The kiosk's page guards (shell/app/lockdown.ts) inside the guest: keys and context menus in a `<webview>`
 * never reach the kiosk page's own listeners. A content script at document_start, in every frame of every page
 * the guest loads (the guest only ever shows the allowed origin; the rest is stopped), before the page's own
 * scripts run. It runs in the content-script world, which shares the page's DOM and events.
 */
export const GUARD_CONTENT_SCRIPT: WebviewContentScript = {
  name: 'zairyu-kiosk-guards',
  matches: ['<all_urls>'],
  js: { code: pageGuardsScript(SERVICE_PAGE_GUARDS) },
  run_at: 'document_start',
  all_frames: true,
  match_about_blank: true,
};

export type WebviewDataType = 'appcache' | 'cache' | 'cookies' | 'fileSystems' | 'indexedDB' | 'localStorage' | 'webSQL';

/** The data `clearData` removes on close: everything the guest could have stored. */
export const CLEARED_DATA: Record<WebviewDataType, boolean> = {
  appcache: true,
  cache: true,
  cookies: true,
  fileSystems: true,
  indexedDB: true,
  localStorage: true,
  webSQL: true,
};

interface WebviewEventDetail {
  readonly url?: string;
  readonly isTopLevel?: boolean;
  readonly code?: number;
  readonly reason?: string;
  readonly targetUrl?: string;
  readonly window?: { discard(): void };
  readonly request?: { deny(): void };
}

export interface RestrictedWebviewOptions {
  /** Creates the element; defaults to document.createElement('webview'). */
  readonly createWebview?: () => WebviewElement;
  /** A fresh partition name per view (no "persist:" prefix: in memory only). */
  readonly partitionName?: () => string;
  readonly clearTimeoutMs?: number;
}

/** Network-level load failures (net::ERR_*) that mean "the service cannot be reached". */
const UNREACHABLE_ABORT_CODES = new Set([-7, -21, -100, -101, -102, -104, -105, -106, -109, -118, -137]);
/** net::ERR_ABORTED: a load we (or the page) stopped; not a failure of the service. */
const ABORTED = -3;

/**
 * The NW.js host's restricted browser view: a `<webview>` (no `allownw`, so no Node) in a fresh in-memory
 * partition, that only shows the allowed origin: every other top-level navigation is stopped on `loadstart`
 * (and, where webRequest is available, every request to another origin is cancelled), new windows are
 * refused, permission requests denied. The kiosk's page guards run in every page of the guest (no context
 * menu, no print / save / reload / DevTools keys, no zoom; text fields stay usable). The form is filled with
 * executeScript on the first page that has it; on close the partition's data is cleared and the element removed.
 */
export function createRestrictedWebviewBrowser(options: RestrictedWebviewOptions = {}): RestrictedBrowser {
  const create = options.createWebview ?? (() => document.createElement('webview') as unknown as WebviewElement);
  const partition = options.partitionName ?? (() => `zairyu-restricted-${crypto.randomUUID()}`);
  return { open: (openOptions) => new RestrictedWebview(create, partition(), openOptions, options.clearTimeoutMs ?? 3000) };
}

class RestrictedWebview implements RestrictedView {
  private readonly listeners = new Set<(event: RestrictedViewEvent) => void>();
  private webview: WebviewElement | undefined;
  private mounted = false;
  private closed = false;
  private formHandled = false;
  /** No addContentScripts: the guards are injected with executeScript as each page commits. */
  private injectGuardsOnCommit = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closing: Promise<void> | undefined;
  private lastAllowedUrl: string;
  private readonly removers: (() => void)[] = [];

  constructor(
    private readonly create: () => WebviewElement,
    private readonly partition: string,
    private readonly options: RestrictedBrowserOptions,
    private readonly clearTimeoutMs: number,
  ) {
    this.lastAllowedUrl = options.url;
  }

  onEvent(listener: (event: RestrictedViewEvent) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  mount(container: HTMLElement): void {
    if (this.mounted || this.closed) return;
    this.mounted = true;
    if (!this.allowed(this.options.url)) {
      this.emit({ type: 'failed', reason: 'unavailable' });
      return;
    }
    const webview = this.create();
    this.webview = webview;
    // Must be set before the first navigation; no "persist:" prefix, so nothing reaches the disk.
    webview.partition = this.partition;
    webview.setAttribute('partition', this.partition);
    webview.setAttribute('data-testid', 'restricted-webview');
    Object.assign(webview.style, { width: '100%', flex: '1', minHeight: '60vh', border: '2px solid var(--border)' });
    this.listen(webview, 'loadstart', (detail) => this.onLoadStart(detail));
    this.listen(webview, 'loadcommit', (detail) => this.onLoadCommit(detail));
    this.listen(webview, 'loadstop', () => this.onLoadStop());
    this.listen(webview, 'loadabort', (detail) => this.onLoadAbort(detail));
    this.listen(webview, 'newwindow', (detail, event) => {
      event.preventDefault();
      detail.window?.discard();
      this.emit({ type: 'blocked-navigation', origin: originOf(detail.targetUrl ?? '') ?? '?' });
    });
    this.listen(webview, 'permissionrequest', (detail, event) => {
      event.preventDefault();
      detail.request?.deny();
    });
    const requests = webview.request;
    if (requests) {
      const onBefore = (details: { url: string }) => (this.allowed(details.url) || /^(data|blob|about):/.test(details.url) ? undefined : { cancel: true });
      requests.onBeforeRequest.addListener(onBefore, { urls: ['<all_urls>'] }, ['blocking']);
      this.removers.push(() => requests.onBeforeRequest.removeListener(onBefore));
      const completed = requests.onCompleted;
      if (completed) {
        const onCompleted = (details: { url: string; type?: string; statusCode: number }) => {
          if (details.type === 'main_frame' && details.statusCode >= 400) this.fail({ type: 'failed', reason: 'http-error', status: details.statusCode });
        };
        completed.addListener(onCompleted, { urls: ['<all_urls>'] });
        this.removers.push(() => completed.removeListener(onCompleted));
      }
    }
    this.startTimer();
    container.append(webview as unknown as Node);
    // Before the first navigation, so that the first page already has the guards.
    if (typeof webview.addContentScripts === 'function') webview.addContentScripts([GUARD_CONTENT_SCRIPT]);
    else this.injectGuardsOnCommit = true;
    webview.src = this.options.url;
  }

  close(): Promise<void> {
    this.closing ??= this.end();
    return this.closing;
  }

  private onLoadStart(detail: WebviewEventDetail): void {
    if (detail.isTopLevel === false || !detail.url) return;
    if (!this.allowed(detail.url)) {
      this.webview?.stop();
      this.stopTimer();
      this.emit({ type: 'blocked-navigation', origin: originOf(detail.url) ?? '?' });
      return;
    }
    this.startTimer();
  }

  /** A navigation that committed elsewhere anyway (e.g. a redirect): stop it and go back to the last allowed page. */
  private onLoadCommit(detail: WebviewEventDetail): void {
    if (detail.isTopLevel === false || !detail.url || !this.webview) return;
    if (this.allowed(detail.url)) {
      this.lastAllowedUrl = detail.url;
      if (this.injectGuardsOnCommit) this.webview.executeScript({ code: GUARD_CONTENT_SCRIPT.js.code, runAt: 'document_start', allFrames: true });
      return;
    }
    this.webview.stop();
    if (this.webview.canGoBack()) this.webview.back();
    else this.webview.src = this.lastAllowedUrl;
    this.emit({ type: 'blocked-navigation', origin: originOf(detail.url) ?? '?' });
  }

  private onLoadStop(): void {
    this.stopTimer();
    const webview = this.webview;
    if (!webview || this.closed) return;
    if (this.formHandled) {
      this.emit({ type: 'loaded', form: 'already-submitted' });
      return;
    }
    const request: FillFormRequest = {
      fill: this.options.fill,
      submitSelector: this.options.submitSelector,
      ...(this.options.antiAbuseSelector ? { antiAbuseSelector: this.options.antiAbuseSelector } : {}),
    };
    webview.executeScript({ code: `(${fillForm.toString()})(document, ${JSON.stringify(request)})` }, (results) => {
      if (this.closed) return;
      const result = results?.[0] as FillFormResult | undefined;
      if (!result) {
        this.emit({ type: 'loaded', form: 'none' });
        return;
      }
      if (result.form !== 'none') this.formHandled = true;
      this.emit({ type: 'loaded', form: result.form, ...(result.missing.length > 0 ? { missing: result.missing } : {}) });
      if (result.form === 'filled') this.startTimer();
    });
  }

  private onLoadAbort(detail: WebviewEventDetail): void {
    if (detail.isTopLevel === false) return;
    if (detail.code === ABORTED) return;
    if (detail.code !== undefined && UNREACHABLE_ABORT_CODES.has(detail.code)) this.fail({ type: 'failed', reason: 'unreachable' });
  }

  private allowed(url: string): boolean {
    return originOf(url) === this.options.allowedOrigin;
  }

  private listen(webview: WebviewElement, type: string, handler: (detail: WebviewEventDetail, event: Event) => void): void {
    const listener = (event: Event) => handler(event as unknown as WebviewEventDetail, event);
    webview.addEventListener(type, listener);
    this.removers.push(() => webview.removeEventListener(type, listener));
  }

  private fail(event: RestrictedViewEvent): void {
    this.stopTimer();
    this.emit(event);
  }

  private startTimer(): void {
    this.stopTimer();
    if (this.closed) return;
    this.timer = setTimeout(() => this.emit({ type: 'timeout' }), this.options.timeoutMs);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private emit(event: RestrictedViewEvent): void {
    if (this.closed) return;
    for (const listener of [...this.listeners]) listener(event);
  }

  private async end(): Promise<void> {
    this.closed = true;
    this.stopTimer();
    this.listeners.clear();
    const webview = this.webview;
    this.webview = undefined;
    if (!webview) return;
    // Out of sight at once; cleared while the guest still exists; then gone.
    webview.style.visibility = 'hidden';
    webview.stop();
    for (const remove of this.removers.splice(0)) remove();
    await new Promise<void>((resolveClear) => {
      const timer = setTimeout(resolveClear, this.clearTimeoutMs);
      webview.clearData({ since: 0 }, CLEARED_DATA, () => {
        clearTimeout(timer);
        resolveClear();
      });
    });
    webview.remove();
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
