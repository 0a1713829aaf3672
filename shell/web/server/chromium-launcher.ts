import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ZAIRYU_CHROMIUM && existsSync(env.ZAIRYU_CHROMIUM)) return env.ZAIRYU_CHROMIUM;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * Flags for a locked-down full-screen app window: no pinch, no overscroll navigation, no translate bar,
 * no first-run UI, no background traffic, and a fresh profile each launch (nothing persists between runs).
 */
export function kioskChromiumArgs(url: string, profileDir: string): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--disable-features=Translate,TouchpadOverscrollHistoryNavigation',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-session-crashed-bubble',
    '--noerrdialogs',
    '--incognito',
  ];
}

export interface KioskBrowser {
  /** Resolves once Chromium has exited (the window was closed, or it crashed) and its profile folder is gone. */
  readonly closed: Promise<void>;
  /** Ends Chromium if it still runs, then waits for `closed`. */
  close(): Promise<void>;
}

/**
 * Opens the kiosk window with a profile folder of its own, removed when Chromium exits: nothing a session left
 * in it (caches, crash state) outlives the window, and launches do not pile up folders in the temp folder.
 */
export async function launchKioskChromium(executable: string, url: string): Promise<KioskBrowser> {
  const profileDir = await mkdtemp(join(tmpdir(), 'zairyu-kiosk-profile-'));
  const child = spawn(executable, kioskChromiumArgs(url, profileDir), { stdio: 'ignore' });
  const closed = new Promise<void>((resolveExit) => {
    child.once('exit', () => resolveExit());
    // Not started at all (e.g. the executable vanished): there is no 'exit' then.
    child.once('error', () => resolveExit());
  }).then(() => rm(profileDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined));
  return {
    closed,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await closed;
    },
  };
}
