import type { NodeProcessEvents } from './nw-api';

/**
 * Crash safety for the NW.js kiosk (manual, Windows §8 (2)).
 *
 * An error nobody caught — in the Node context (`process` 'uncaughtException' / 'unhandledRejection', e.g. from a
 * pcsclite callback) or in the page ('error' / 'unhandledrejection') — must not kill an unattended kiosk: the
 * kiosk shows 「異常が発生したためトップ画面に戻ります」 and returns to the top screen, wiping the session. Node
 * errors reach the kiosk as an ErrorEvent on the page, which KioskApp already turns into that dialog (error
 * INTERNAL); page errors it sees itself.
 *
 * When crashes repeat — `maxCrashes` within `windowMs` — recovering is not working: the guard calls `onQuit`,
 * which shows 「異常が発生したためアプリケーションを終了します」 and quits, so that the supervisor (systemd,
 * Windows Shell Launcher) starts a fresh process.
 */
export interface CrashGuardOptions {
  /** Crashes within `windowMs` that make the kiosk quit; the default 3 means: recover twice, quit at the third. */
  readonly maxCrashes?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
  readonly onQuit: (error: unknown) => void;
  readonly log?: (message: string, fields?: Readonly<Record<string, string | number | boolean | undefined>>) => void;
}

export const DEFAULT_MAX_CRASHES = 3;
export const DEFAULT_CRASH_WINDOW_MS = 60_000;

/** Counts crashes in a sliding window; `record()` answers whether this one reaches the limit. */
export function createCrashCounter(maxCrashes = DEFAULT_MAX_CRASHES, windowMs = DEFAULT_CRASH_WINDOW_MS, now: () => number = Date.now) {
  const times: number[] = [];
  return {
    record(): boolean {
      const at = now();
      times.push(at);
      while (times.length > 0 && at - times[0]! >= windowMs) times.shift();
      return times.length >= maxCrashes;
    },
    get recent(): number {
      return times.length;
    },
  };
}

export interface CrashGuard {
  readonly quitting: boolean;
  /** Removes every listener (on page unload: Node's `process` outlives the page). */
  dispose(): void;
}

export function installCrashGuard(proc: NodeProcessEvents, target: Window, options: CrashGuardOptions): CrashGuard {
  const counter = createCrashCounter(options.maxCrashes, options.windowMs, options.now);
  const log = options.log ?? (() => undefined);
  /** Events this guard put on the page itself, already counted. */
  const forwarded = new WeakSet<Event>();
  let quitting = false;

  /** Counts a crash; true when the kiosk must quit (and starts quitting, once). */
  const mustQuit = (error: unknown, origin: string): boolean => {
    if (quitting) return true;
    const limitReached = counter.record();
    log(limitReached ? 'repeated crashes: quitting for a restart' : 'unexpected error: returning to top', {
      origin,
      reason: describe(error),
      recentCrashes: counter.recent,
    });
    if (!limitReached) return false;
    quitting = true;
    options.onQuit(error);
    return true;
  };

  const onNodeError = (error: unknown) => {
    if (mustQuit(error, 'node')) return;
    const ErrorEventOfPage = (target as Window & typeof globalThis).ErrorEvent ?? ErrorEvent;
    const event = new ErrorEventOfPage('error', { error, message: describe(error) });
    forwarded.add(event);
    target.dispatchEvent(event);
  };
  const onPageError = (event: ErrorEvent) => {
    if (forwarded.has(event) || /ResizeObserver loop/.test(event.message ?? '')) return;
    mustQuit(event.error ?? event.message, 'page');
  };
  const onPageRejection = (event: PromiseRejectionEvent) => {
    mustQuit(event.reason, 'page');
  };

  proc.on('uncaughtException', onNodeError);
  proc.on('unhandledRejection', onNodeError);
  target.addEventListener('error', onPageError);
  target.addEventListener('unhandledrejection', onPageRejection);
  const dispose = () => {
    proc.removeListener('uncaughtException', onNodeError);
    proc.removeListener('unhandledRejection', onNodeError);
    target.removeEventListener('error', onPageError);
    target.removeEventListener('unhandledrejection', onPageRejection);
  };
  return {
    get quitting() {
      return quitting;
    },
    dispose,
  };
}

/** The error's class and message for the log (messages are for operators and never carry card data). */
function describe(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`;
  }
  return String(error);
}
