import { pageGuardsScript } from '../app/lockdown';

/**
 * What runs inside the service's page to fill its form — shared by the web host (injected by the loopback
 * proxy as /__zairyu/fill.js, talking to the kiosk page by postMessage) and NW.js (webview.executeScript).
 *
 * The functions here are serialised with toString(): they must stay self-contained (no imports, no outer
 * variables, nothing esbuild would need a helper for).
 */

/**
 * The kiosk's page guards (shell/app/lockdown.ts) for the service's page: keys and context menus inside the
 * frame never reach the kiosk page's own guards, so the frame needs them too. Text fields stay selectable,
 * for the person completing the form.
 */
export const SERVICE_PAGE_GUARDS = { selectableFields: true } as const;

export type FillFormOutcome =
  /** Filled and the submit element clicked. */
  | 'filled'
  /** Filled; an anti-abuse check is on the form, so the person completes it and submits. */
  | 'filled-awaiting-person'
  /** Some of the fields or the submit element were not found (or a value did not fit): nothing submitted. */
  | 'incomplete'
  /** None of the fields are on this page (e.g. an anti-abuse step before the form). */
  | 'none';

export interface FillFormRequest {
  readonly fill: readonly { readonly selector: string; readonly value: string }[];
  readonly submitSelector: string;
  readonly antiAbuseSelector?: string;
}

export interface FillFormResult {
  readonly form: FillFormOutcome;
  /** Selectors that matched nothing (or an element whose value could not be set). */
  readonly missing: string[];
}

/**
 * Fills the configured fields of `doc` (inputs and selects; input and change events dispatched, so the page's
 * own scripts see the values) and clicks the submit element. It touches nothing else — an anti-abuse check on
 * the page is left to the person, and its presence stops the automatic submit.
 */
export function fillForm(doc: Document, request: FillFormRequest): FillFormResult {
  const find = (selector: string | undefined): Element | null => {
    if (!selector) return null;
    try {
      return doc.querySelector(selector);
    } catch {
      return null;
    }
  };
  const setValue = (element: Element, value: string): boolean => {
    const tag = element.tagName.toLowerCase();
    if (tag === 'select') {
      const select = element as HTMLSelectElement;
      const digits = /^[0-9]+$/;
      const same = (candidate: string) => candidate === value || (digits.test(candidate) && digits.test(value) && Number(candidate) === Number(value));
      const options = Array.from(select.options);
      const index = options.findIndex((option) => same(option.value) || same((option.textContent ?? '').trim()));
      if (index < 0) return false;
      select.selectedIndex = index;
    } else if (tag === 'input' || tag === 'textarea') {
      const input = element as HTMLInputElement;
      if (input.type === 'hidden' || input.disabled) return false;
      input.value = value;
    } else {
      return false;
    }
    const view = doc.defaultView;
    const EventType = view ? (view as unknown as { Event: typeof Event }).Event : Event;
    element.dispatchEvent(new EventType('input', { bubbles: true }));
    element.dispatchEvent(new EventType('change', { bubbles: true }));
    return true;
  };
  const targets = request.fill.map((field) => ({ field, element: find(field.selector) }));
  if (targets.every((target) => !target.element)) return { form: 'none', missing: [] };
  const missing = targets.filter((target) => !target.element).map((target) => target.field.selector);
  const submit = find(request.submitSelector);
  if (!submit) missing.push(request.submitSelector);
  if (missing.length > 0) return { form: 'incomplete', missing };
  for (const target of targets) {
    if (!setValue(target.element!, target.field.value)) missing.push(target.field.selector);
  }
  if (missing.length > 0) return { form: 'incomplete', missing };
  if (find(request.antiAbuseSelector)) return { form: 'filled-awaiting-person', missing: [] };
  (submit as HTMLElement).click();
  return { form: 'filled', missing: [] };
}

// ---------------------------------------------------------------------------------------------------------
// Web host: the agent the proxy injects into every HTML page of the service (runs on the proxy's origin).

export interface FillAgentSetup {
  /** Messages are accepted from, and sent only to, this origin. */
  readonly kioskOrigin: string;
  /** HTTP status of the page it was injected into. */
  readonly status: number;
  /** page: a page of the service; blocked: the proxy's 403 page; error: the proxy's "cannot reach" page. */
  readonly kind: 'page' | 'blocked' | 'error';
  /** blocked: the refused origin; error: 'unreachable' | 'timeout'. */
  readonly detail: string;
}

/** Messages from the agent to the kiosk page; every one carries `zairyu: 1`. */
export type FillAgentMessage =
  | { readonly zairyu: 1; readonly type: 'ready'; readonly status: number; readonly url: string }
  | { readonly zairyu: 1; readonly type: 'navigating' }
  /** The person touched or typed in the page (throttled): the kiosk's idle timeout counts it. */
  | { readonly zairyu: 1; readonly type: 'activity' }
  | { readonly zairyu: 1; readonly type: 'blocked'; readonly origin: string }
  | { readonly zairyu: 1; readonly type: 'failed'; readonly reason: string }
  | ({ readonly zairyu: 1; readonly type: 'fill-result' } & FillFormResult);

/** The kiosk page's one message to the agent (sent once, for the first page that has the form). */
export interface FillRequestMessage extends FillFormRequest {
  readonly zairyu: 1;
  readonly type: 'fill';
}

/**
 * Announces the page to the kiosk page (`ready`), fills the form when the kiosk page asks (only messages from
 * the kiosk origin and the parent window count, and only once per page), and stops links and forms that lead
 * to another origin (the kiosk page's frame-src stops the rest). `post` defaults to the parent window.
 */
export function fillAgent(
  win: Window,
  setup: FillAgentSetup,
  fill: (doc: Document, request: FillFormRequest) => FillFormResult,
  post?: (message: FillAgentMessage) => void,
): void {
  const send = post ?? ((message: FillAgentMessage) => win.parent.postMessage(message, setup.kioskOrigin));
  const doc = win.document;
  if (setup.kind === 'blocked') {
    send({ zairyu: 1, type: 'blocked', origin: setup.detail });
    return;
  }
  if (setup.kind === 'error') {
    send({ zairyu: 1, type: 'failed', reason: setup.detail });
    return;
  }
  const here = win.location.origin;
  const originOf = (href: string): string | undefined => {
    try {
      return new URL(href, win.location.href).origin;
    } catch {
      return undefined;
    }
  };
  doc.addEventListener(
    'click',
    (event) => {
      const start = event.target as Element | null;
      const link = start && typeof start.closest === 'function' ? (start.closest('a[href], area[href]') as HTMLAnchorElement | null) : null;
      if (!link) return;
      const href = link.getAttribute('href') ?? '';
      if (/^\s*javascript:/i.test(href)) return;
      const origin = originOf(href);
      if (origin === here) {
        if (link.target && link.target !== '_self') {
          // No new windows here: same-origin links open in place.
          event.preventDefault();
          win.location.assign(new URL(href, win.location.href).href);
        }
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      send({ zairyu: 1, type: 'blocked', origin: origin ?? '?' });
    },
    true,
  );
  doc.addEventListener(
    'submit',
    (event) => {
      const form = event.target as HTMLFormElement;
      const origin = originOf(form.getAttribute('action') || win.location.href);
      if (origin === here) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      send({ zairyu: 1, type: 'blocked', origin: origin ?? '?' });
    },
    true,
  );
  win.addEventListener('pagehide', () => send({ zairyu: 1, type: 'navigating' }));
  let lastActivity = 0;
  const activity = () => {
    const now = Date.now();
    if (now - lastActivity < 1000) return;
    lastActivity = now;
    send({ zairyu: 1, type: 'activity' });
  };
  for (const type of ['pointerdown', 'keydown', 'touchstart', 'wheel']) win.addEventListener(type, activity, { capture: true, passive: true });
  let handled = false;
  win.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== setup.kioskOrigin || event.source !== win.parent) return;
    const data = event.data as FillRequestMessage | null;
    if (!data || data.zairyu !== 1 || data.type !== 'fill' || handled) return;
    handled = true;
    const result = fill(doc, { fill: data.fill, submitSelector: data.submitSelector, antiAbuseSelector: data.antiAbuseSelector });
    send({ zairyu: 1, type: 'fill-result', form: result.form, missing: result.missing });
  });
  const ready = () => send({ zairyu: 1, type: 'ready', status: setup.status, url: win.location.href });
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', ready);
  else ready();
}

/**
 * The text of /__zairyu/fill.js for one page (the service's pages and the proxy's own blocked and error pages):
 * first the kiosk's page guards — the script is the first element of <head>, so they are in place before any
 * script of the page runs — then the agent.
 */
export function fillAgentScript(setup: FillAgentSetup): string {
  return `${pageGuardsScript(SERVICE_PAGE_GUARDS)}(${fillAgent.toString()})(window, ${JSON.stringify(setup)}, ${fillForm.toString()});\n`;
}
