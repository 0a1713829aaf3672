/**
 * Page-level kiosk guards, for every host: no context menu, text selection, drag, pinch or ctrl-zoom, and no
 * browser shortcuts that reload, print, open tools or leave the app. (NW.js and Chromium flags add the
 * window-level part; the OS must still stop Alt+Tab and the Windows key.)
 *
 * The same guards also go into pages the kiosk does not own — the revocation inquiry's service page, where the
 * parent page's listeners cannot reach (keys and context menus of a cross-origin frame or a `<webview>` stay in
 * it): the web host's loopback proxy serves them first in fill.js (shell/web/fill-agent.ts), NW.js adds them to
 * its `<webview>` as a content script (shell/nw/restricted-webview.ts). For that, `isBlockedShortcut` and
 * `installPageGuards` are serialised with toString() (`pageGuardsScript`): they must stay self-contained (no
 * imports, no outer variables, nothing esbuild would need a helper for).
 */

export interface PageGuardOptions {
  /**
   * Let the person select text inside form fields (input, textarea, select, contenteditable) — for a page
   * with a form to complete. Selection everywhere else stays blocked.
   */
  readonly selectableFields?: boolean;
}

type ShortcutEvent = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

export function isBlockedShortcut(event: ShortcutEvent): boolean {
  const blockedKeys = ['F1', 'F3', 'F5', 'F6', 'F7', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh'];
  const blockedWithCtrl = ['r', 'w', 'p', 's', 'o', 'n', 't', 'f', 'g', 'h', 'j', 'l', 'u', '+', '-', '=', '0', 'Tab'];
  const key = typeof event.key === 'string' ? event.key : '';
  if (blockedKeys.includes(key)) return true;
  if ((event.ctrlKey || event.metaKey) && blockedWithCtrl.includes(key.length === 1 ? key.toLowerCase() : key)) return true;
  if ((event.ctrlKey || event.metaKey) && event.shiftKey && ['i', 'j', 'c'].includes(key.toLowerCase())) return true;
  if (event.altKey && ['ArrowLeft', 'ArrowRight', 'Home', 'F4'].includes(key)) return true;
  return false;
}

/**
 * Installs the guards on `target` (capture phase on the window, so a page's own handlers cannot stop them
 * first) and returns their removal. `isBlocked` is `isBlockedShortcut`; it is a parameter only so that both can
 * be serialised separately.
 */
export function installPageGuards(target: Window, isBlocked: (event: ShortcutEvent) => boolean, options: PageGuardOptions = {}): () => void {
  const fieldSelector = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
  const elementOf = (node: EventTarget | null): Element | null => {
    const candidate = node as (Node & { closest?: unknown }) | null;
    if (!candidate || typeof candidate.nodeType !== 'number') return null;
    return candidate.nodeType === 1 ? (candidate as Element) : candidate.parentElement;
  };
  const inField = (event: Event): boolean => {
    const element = elementOf(event.target);
    return Boolean(element && typeof element.closest === 'function' && element.closest(fieldSelector));
  };
  const prevent = (event: Event) => event.preventDefault();
  const onSelect = (event: Event) => {
    if (options.selectableFields && inField(event)) return;
    event.preventDefault();
  };
  const onKey = (event: KeyboardEvent) => {
    if (isBlocked(event)) event.preventDefault();
  };
  const onWheel = (event: WheelEvent) => {
    if (event.ctrlKey) event.preventDefault();
  };
  const onTouch = (event: TouchEvent) => {
    // Pinch zoom of the page; the card-face zoom view handles its own gestures.
    if (event.touches.length > 1 && !elementOf(event.target)?.closest?.('[data-allow-pinch]')) event.preventDefault();
  };
  const listeners: [string, EventListener, AddEventListenerOptions][] = [
    ['contextmenu', prevent, { capture: true }],
    ['selectstart', onSelect, { capture: true }],
    ['dragstart', prevent, { capture: true }],
    ['gesturestart', prevent, { capture: true }],
    ['keydown', onKey as EventListener, { capture: true }],
    ['wheel', onWheel as EventListener, { capture: true, passive: false }],
    ['touchmove', onTouch as EventListener, { capture: true, passive: false }],
  ];
  for (const [type, listener, listenerOptions] of listeners) target.addEventListener(type, listener, listenerOptions);
  return () => {
    for (const [type, listener, listenerOptions] of listeners) target.removeEventListener(type, listener, listenerOptions);
  };
}

/** The kiosk page's own guards. */
export function installLockdown(target: Window): () => void {
  return installPageGuards(target, isBlockedShortcut);
}

/** The guards as one self-contained script that installs them on the `window` it runs in. */
export function pageGuardsScript(options: PageGuardOptions = {}): string {
  return `(${installPageGuards.toString()})(window, ${isBlockedShortcut.toString()}, ${JSON.stringify(options)});\n`;
}
