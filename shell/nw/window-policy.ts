import type { NwPolicy, NwWindow } from './nw-api';

/**
 * The window-level half of the kiosk lockdown in NW.js (the page-level half — keys, context menu, selection,
 * drag, pinch and ctrl-zoom — is shell/app/lockdown.ts, installed by startKiosk):
 *
 * - `close` (Alt+F4, Ctrl+W, the window manager) is refused unless the app itself asked to quit;
 * - no new windows, and no navigation away from the app's own files;
 * - the zoom level stays at 100 %;
 * - DevTools never open (the packaged normal flavor has none; this also covers an SDK build used for testing);
 * - kiosk mode, always-on-top, no taskbar entry and a fixed size are re-applied at start and after a minimize.
 *
 * The OS must still stop Alt+Tab, the Windows key and Ctrl+Alt+Del: see docs/packaging.md.
 */
export interface WindowPolicyOptions {
  /** The app's own base URL (chrome-extension://<id>/ in NW.js): the only place navigation may go. */
  readonly appBaseUrl: string;
  readonly log?: (message: string, fields?: Readonly<Record<string, string | number | boolean | undefined>>) => void;
}

export interface WindowPolicy {
  /** Lets the next close through and closes the window (the app then quits: it is the only window). */
  quit(): void;
  readonly quitRequested: boolean;
}

/** Whether `url` is one of the app's own files (same origin, inside the app's base path). */
export function isAppUrl(url: string, appBaseUrl: string): boolean {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(appBaseUrl);
  } catch {
    return false;
  }
  if (target.protocol !== base.protocol || target.host !== base.host) return false;
  if (target.username || target.password) return false;
  const basePath = base.pathname.endsWith('/') ? base.pathname : base.pathname.replace(/[^/]*$/, '');
  return target.pathname.startsWith(basePath);
}

export function installWindowPolicy(win: NwWindow, options: WindowPolicyOptions): WindowPolicy {
  const log = options.log ?? (() => undefined);
  let quitRequested = false;

  const applyKiosk = () => {
    try {
      if (win.isKioskMode === false) win.enterKioskMode?.();
      win.setAlwaysOnTop?.(true);
      win.setShowInTaskbar?.(false);
      win.setResizable?.(false);
    } catch (error) {
      log('could not re-apply kiosk window settings', { reason: error instanceof Error ? error.message : String(error) });
    }
  };

  win.on('close', () => {
    if (quitRequested) {
      win.close(true);
      return;
    }
    log('window close refused: the kiosk closes only when the app asks');
  });

  win.on('new-win-policy', (_frame: unknown, url: string, policy: NwPolicy) => {
    policy.ignore();
    log('new window refused', { url: describeUrl(url) });
  });

  win.on('navigation', (_frame: unknown, url: string, policy: NwPolicy) => {
    if (isAppUrl(url, options.appBaseUrl)) return;
    policy.ignore();
    log('navigation refused', { url: describeUrl(url) });
  });

  win.zoomLevel = 0;
  win.on('zoom', (level: number) => {
    if (level !== 0) win.zoomLevel = 0;
  });

  // DevTools: never from this code, and closed at once should anything open them.
  win.showDevTools = () => {
    log('DevTools refused');
    return undefined;
  };
  win.on('devtools-opened', () => win.closeDevTools?.());

  win.on('minimize', () => {
    win.restore?.();
    applyKiosk();
  });
  win.on('restore', applyKiosk);
  applyKiosk();

  return {
    quit() {
      quitRequested = true;
      win.close(true);
    },
    get quitRequested() {
      return quitRequested;
    },
  };
}

/** Scheme and host only: a refused address may carry query data that has no place in a log. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol;
  } catch {
    return 'invalid';
  }
}
