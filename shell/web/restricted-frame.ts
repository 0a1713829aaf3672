import type {
  Disposable,
  RestrictedBrowser,
  RestrictedBrowserOptions,
  RestrictedView,
  RestrictedViewEvent,
} from '../../kernel/api';
import { toDisposable } from '../../kernel/api';
import type { FillAgentMessage, FillRequestMessage } from './fill-agent';

/** What the web-kiosk server says about its restricted-frame proxy (/restricted-frame.json). */
interface FrameServiceInfo {
  /** http://127.0.0.1:<proxy port>: the page's only frame-src. */
  readonly origin: string;
  /** The one origin the proxy forwards to. */
  readonly allowedOrigin: string;
}

export interface RestrictedFrameBrowserOptions {
  /** Where the server describes its proxy; a 404 means the host has none. */
  readonly infoUrl: string;
  readonly document?: Document;
  readonly fetch?: typeof fetch;
  /** How long close() waits for the proxy to clear the session before removing its helper frame. */
  readonly endTimeoutMs?: number;
}

/**
 * The web host's restricted browser view: an `<iframe sandbox="allow-forms allow-scripts allow-same-origin">`
 * on the loopback proxy (its own origin, never the kiosk's), no popups, no top navigation, no referrer. The
 * kiosk page's CSP allows frames from the proxy origin only, so the frame cannot be navigated anywhere else;
 * the proxy forwards only to the configured service origin. Filling goes by postMessage to the proxy's script
 * (see server/revocation-proxy.ts), with both origins checked.
 */
export function createRestrictedFrameBrowser(options: RestrictedFrameBrowserOptions): RestrictedBrowser {
  const doc = options.document ?? document;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const info = (): Promise<FrameServiceInfo | undefined> =>
    doFetch(options.infoUrl, { cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<FrameServiceInfo>) : undefined))
      .catch(() => undefined);
  return {
    open: (openOptions) => new RestrictedFrameView(doc, info, openOptions, options.endTimeoutMs ?? 3000),
  };
}

class RestrictedFrameView implements RestrictedView {
  private readonly listeners = new Set<(event: RestrictedViewEvent) => void>();
  private frame: HTMLIFrameElement | undefined;
  private service: FrameServiceInfo | undefined;
  private mounted = false;
  private closed = false;
  /** The form was filled (or found and left incomplete): later pages are only shown. */
  private formHandled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closing: Promise<void> | undefined;
  /** The last page of the service shown (on the proxy origin), to return to after a refused navigation. */
  private lastUrl: string | undefined;
  private restoring = false;

  constructor(
    private readonly doc: Document,
    private readonly info: () => Promise<FrameServiceInfo | undefined>,
    private readonly options: RestrictedBrowserOptions,
    private readonly endTimeoutMs: number,
  ) {}

  onEvent(listener: (event: RestrictedViewEvent) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  mount(container: HTMLElement): void {
    if (this.mounted || this.closed) return;
    this.mounted = true;
    void this.start(container);
  }

  close(): Promise<void> {
    this.closing ??= this.end();
    return this.closing;
  }

  private async start(container: HTMLElement): Promise<void> {
    this.startTimer();
    const service = await this.info();
    if (this.closed) return;
    let requested: URL | undefined;
    try {
      requested = new URL(this.options.url);
    } catch {
      requested = undefined;
    }
    if (!service || !requested || requested.origin !== this.options.allowedOrigin || service.allowedOrigin !== this.options.allowedOrigin) {
      this.emit({ type: 'failed', reason: 'unavailable' });
      return;
    }
    this.service = service;
    const frame = this.doc.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-forms allow-scripts allow-same-origin');
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.setAttribute('allow', "camera 'none'; microphone 'none'; geolocation 'none'; payment 'none'; usb 'none'");
    frame.setAttribute('title', requested.host);
    frame.dataset.testid = 'restricted-frame';
    Object.assign(frame.style, { width: '100%', flex: '1', minHeight: '60vh', border: '2px solid var(--border)', borderRadius: '8px', background: '#ffffff' });
    frame.src = `${service.origin}/__zairyu/start?path=${encodeURIComponent(requested.pathname + requested.search)}`;
    this.frame = frame;
    this.doc.defaultView?.addEventListener('message', this.onMessage);
    this.doc.addEventListener('securitypolicyviolation', this.onViolation, true);
    container.append(frame);
  }

  private readonly onMessage = (event: MessageEvent) => {
    const frame = this.frame;
    if (!frame || !this.service || event.origin !== this.service.origin || event.source !== frame.contentWindow) return;
    const message = event.data as FillAgentMessage | null;
    if (!message || message.zairyu !== 1) return;
    switch (message.type) {
      case 'navigating':
        this.startTimer();
        return;
      case 'activity':
        // Touches inside the frame never reach the kiosk page: pass them on so the idle timeout sees the person.
        frame.dispatchEvent(new Event('pointerdown', { bubbles: true }));
        return;
      case 'ready':
        this.stopTimer();
        this.restoring = false;
        if (originOf(message.url) === this.service.origin) this.lastUrl = message.url;
        if (message.status >= 400) {
          this.emit({ type: 'failed', reason: 'http-error', status: message.status });
          return;
        }
        if (this.formHandled) {
          this.emit({ type: 'loaded', form: 'already-submitted' });
          return;
        }
        this.post({
          zairyu: 1,
          type: 'fill',
          fill: this.options.fill,
          submitSelector: this.options.submitSelector,
          ...(this.options.antiAbuseSelector ? { antiAbuseSelector: this.options.antiAbuseSelector } : {}),
        });
        return;
      case 'fill-result':
        if (message.form !== 'none') this.formHandled = true;
        this.emit({ type: 'loaded', form: message.form, ...(message.missing.length > 0 ? { missing: message.missing } : {}) });
        if (message.form === 'filled') this.startTimer();
        return;
      case 'blocked':
        this.stopTimer();
        this.emit({ type: 'blocked-navigation', origin: message.origin });
        return;
      case 'failed':
        this.stopTimer();
        if (message.reason === 'timeout') this.emit({ type: 'timeout' });
        else this.emit({ type: 'failed', reason: 'unreachable' });
        return;
    }
  };

  /** The browser refused to navigate the frame elsewhere (the page's frame-src). */
  private readonly onViolation = (event: SecurityPolicyViolationEvent) => {
    if (!this.frame || !/^(frame-src|child-src)/.test(event.effectiveDirective || event.violatedDirective)) return;
    this.stopTimer();
    let origin = event.blockedURI;
    try {
      origin = new URL(event.blockedURI).origin;
    } catch {
      // keep what the browser reported
    }
    this.emit({ type: 'blocked-navigation', origin });
    // The frame now shows the browser's error page: back to the last page of the service (as a fresh GET).
    if (this.lastUrl && !this.restoring) {
      this.restoring = true;
      this.frame.src = this.lastUrl;
      this.startTimer();
    }
  };

  private post(message: FillRequestMessage): void {
    this.frame?.contentWindow?.postMessage(message, this.service!.origin);
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
    this.doc.defaultView?.removeEventListener('message', this.onMessage);
    this.doc.removeEventListener('securitypolicyviolation', this.onViolation, true);
    // The page (with the card number in it) goes at once.
    this.frame?.remove();
    this.frame = undefined;
    const service = this.service;
    if (!service) return;
    // Then the proxy drops the session's cookies and its answer (Clear-Site-Data) clears the proxy origin's
    // storage and cache in the browser.
    const helper = this.doc.createElement('iframe');
    helper.setAttribute('sandbox', 'allow-same-origin');
    helper.setAttribute('referrerpolicy', 'no-referrer');
    helper.setAttribute('aria-hidden', 'true');
    helper.dataset.testid = 'restricted-frame-cleanup';
    Object.assign(helper.style, { display: 'none' });
    await new Promise<void>((resolveEnd) => {
      const timer = setTimeout(resolveEnd, this.endTimeoutMs);
      helper.addEventListener('load', () => {
        clearTimeout(timer);
        resolveEnd();
      });
      helper.src = `${service.origin}/__zairyu/end`;
      this.doc.body.append(helper);
    });
    helper.remove();
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
