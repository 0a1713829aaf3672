/**
 * Page-level kiosk guards, for every host: no context menu, text selection, drag, pinch or ctrl-zoom, and no
 * browser shortcuts that reload, print, open tools or leave the app. (NW.js and Chromium flags add the
 * window-level part; the OS must still stop Alt+Tab and the Windows key.)
 */
const BLOCKED_KEYS = new Set(['F1', 'F3', 'F5', 'F6', 'F7', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh']);
const BLOCKED_WITH_CTRL = new Set(['r', 'w', 'p', 's', 'o', 'n', 't', 'f', 'g', 'h', 'j', 'l', 'u', '+', '-', '=', '0', 'Tab']);

export function isBlockedShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  if (BLOCKED_KEYS.has(event.key)) return true;
  if ((event.ctrlKey || event.metaKey) && BLOCKED_WITH_CTRL.has(event.key.length === 1 ? event.key.toLowerCase() : event.key)) return true;
  if ((event.ctrlKey || event.metaKey) && event.shiftKey && ['i', 'j', 'c'].includes(event.key.toLowerCase())) return true;
  if (event.altKey && ['ArrowLeft', 'ArrowRight', 'Home', 'F4'].includes(event.key)) return true;
  return false;
}

export function installLockdown(target: Window): () => void {
  const prevent = (event: Event) => event.preventDefault();
  const onKey = (event: KeyboardEvent) => {
    if (isBlockedShortcut(event)) event.preventDefault();
  };
  const onWheel = (event: WheelEvent) => {
    if (event.ctrlKey) event.preventDefault();
  };
  const onTouch = (event: TouchEvent) => {
    // Pinch zoom of the page; the card-face zoom view handles its own gestures.
    if (event.touches.length > 1 && !(event.target as Element | null)?.closest?.('[data-allow-pinch]')) event.preventDefault();
  };
  const listeners: [string, EventListener, AddEventListenerOptions][] = [
    ['contextmenu', prevent, {}],
    ['selectstart', prevent, {}],
    ['dragstart', prevent, {}],
    ['gesturestart', prevent, {}],
    ['keydown', onKey as EventListener, { capture: true }],
    ['wheel', onWheel as EventListener, { passive: false }],
    ['touchmove', onTouch as EventListener, { passive: false }],
  ];
  for (const [type, listener, options] of listeners) target.addEventListener(type, listener, options);
  return () => {
    for (const [type, listener, options] of listeners) target.removeEventListener(type, listener, options);
  };
}
