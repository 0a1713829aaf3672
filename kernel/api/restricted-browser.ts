import type { Disposable } from './disposable';

/**
 * A host capability for plugins that must show one external web page (e.g. the ISA's revocation inquiry):
 * a view that loads only one origin, cannot open windows or navigate elsewhere, has no access to the kiosk or
 * to Node, fills a form the plugin describes (it never touches anything else on the page, such as an
 * anti-abuse check) and forgets its cookies and storage when closed.
 *
 * Hosts implement it: the web host with a sandboxed frame on a loopback proxy, NW.js with a `<webview>` in a
 * fresh in-memory partition. `PluginContext.host.restrictedBrowser()` is undefined where the host has none.
 */
export interface RestrictedBrowser {
  open(options: RestrictedBrowserOptions): RestrictedView;
}

/** One field of a form: a CSS selector on the service's page and the value it receives. */
export interface RestrictedFill {
  readonly selector: string;
  readonly value: string;
}

export interface RestrictedBrowserOptions {
  /** The first page to load; its origin must be `allowedOrigin`. */
  readonly url: string;
  /** The only origin (scheme://host[:port]) the view may show. */
  readonly allowedOrigin: string;
  /** Fields filled on the first page that has all of them (pages before it, e.g. an anti-abuse step, are left to the person). */
  readonly fill: readonly RestrictedFill[];
  /** The element clicked after filling. */
  readonly submitSelector: string;
  /**
   * When an element matching this is on the form page (e.g. an image check inside the form), the form is
   * filled but not submitted: the person completes the check and submits it.
   */
  readonly antiAbuseSelector?: string;
  /** A page that has not loaded this long after a navigation started reports `timeout`. */
  readonly timeoutMs: number;
}

export type RestrictedViewFailure =
  /** The host has no restricted browser, or it is not set up for this origin. */
  | 'unavailable'
  /** The service could not be reached (offline, DNS, refused, proxy timeout). */
  | 'unreachable'
  /** The service answered with an HTTP error status. */
  | 'http-error';

export type RestrictedViewEvent =
  /** A page of the allowed origin finished loading. `form`: whether this page was the form (filled now). */
  | { readonly type: 'loaded'; readonly form: 'filled' | 'filled-awaiting-person' | 'incomplete' | 'none' | 'already-submitted'; readonly missing?: readonly string[] }
  /** A navigation (or redirect) towards another origin was stopped; the view stays where it was. */
  | { readonly type: 'blocked-navigation'; readonly origin: string }
  | { readonly type: 'failed'; readonly reason: RestrictedViewFailure; readonly status?: number }
  | { readonly type: 'timeout' };

export interface RestrictedView {
  /** Puts the view into `container` (once) and starts loading. */
  mount(container: HTMLElement): void;
  /** Events of this view, in order. */
  onEvent(listener: (event: RestrictedViewEvent) => void): Disposable;
  /** Removes the view at once, then clears its cookies and storage. Safe to call more than once. */
  close(): Promise<void>;
}

/** What the host offers a plugin beyond the kernel: optional capabilities, undefined where not available. */
export interface PluginHostCapabilities {
  restrictedBrowser(): RestrictedBrowser | undefined;
}
