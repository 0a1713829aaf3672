import { unlink } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import process from 'node:process';
import { consoleSink, LoggerService } from '../../kernel/logging/logger-service';
import { builtinPlugins } from '../../plugins/builtin-plugins';
import { startKiosk } from '../app/bootstrap';
import { installLockdown } from '../app/lockdown';
import { createDemoReader } from '../web/demo-reader';
import { installCrashGuard } from './crash-guard';
import { HOST_MESSAGES, showHostNotice, type HostNotice } from './host-notice';
import type { NwApi } from './nw-api';
import { createNwHost } from './nw-host';
import { createRestrictedWebviewBrowser } from './restricted-webview';
import { claimSingleInstance, instanceAddress, watchSecondLaunch } from './single-instance';
import { installWindowPolicy } from './window-policy';

declare const __APP_VERSION__: string;

/** How long a notice stays before the kiosk quits by itself (nobody may be there to press OK). */
const QUIT_NOTICE_MS = 8000;

/**
 * The NW.js host's entry (dist/nw/app.js, a classic script in the NW.js window, with Node's `require`).
 * Order matters: the window policy and the crash guard come before anything that can fail.
 */
const root = document.getElementById('app')!;
const nw = (globalThis as { nw?: NwApi }).nw;
const nodeRequire = (globalThis as { require?: (id: string) => unknown }).require;

if (nw && nodeRequire) {
  void runKiosk(nw, nodeRequire);
} else {
  root.textContent = 'This page is the NW.js kiosk and runs only in NW.js. / このページは NW.js 版のキオスクです。';
}

async function runKiosk(nw: NwApi, nodeRequire: (id: string) => unknown): Promise<void> {
  const logger = new LoggerService({ level: 'info', capacity: 500, sinks: [consoleSink] }, 'nw');
  const win = nw.Window.get();
  const appBaseUrl = new URL('.', window.location.href).href;
  const policy = installWindowPolicy(win, { appBaseUrl, log: (message, fields) => logger.warn(message, fields) });

  let quitting = false;
  /** Quits the app; a non-zero code tells a supervisor that this was not an orderly exit. */
  const quit = (exitCode: number) => {
    if (quitting) return;
    quitting = true;
    process.exitCode = exitCode;
    policy.quit();
    nw.App.quit();
  };

  // Manual §8 (1): a second start shows 「既にアプリケーションが起動しています」 in the running kiosk.
  let alreadyRunning: HostNotice | undefined;
  const onSecondLaunch = () => {
    logger.info('second start of the kiosk refused');
    win.focus?.();
    if (alreadyRunning?.element.isConnected) return;
    alreadyRunning = showHostNotice(document, { message: HOST_MESSAGES.alreadyRunning, help: HOST_MESSAGES.alreadyRunningHelp, testId: 'already-running' });
  };
  watchSecondLaunch(nw.App, onSecondLaunch);
  const address = instanceAddress({
    platform: process.platform,
    name: 'zairyu-kiosk',
    socketDir: process.env.XDG_RUNTIME_DIR || tmpdir(),
    uid: process.getuid?.(),
  });
  const claim = await claimSingleInstance(net, address, { platform: process.platform, onSecondLaunch, unlink });
  if (claim.status === 'running') {
    // This process runs although another kiosk does (another --user-data-dir): say so, and leave.
    installLockdown(window);
    showHostNotice(document, {
      message: HOST_MESSAGES.alreadyRunning,
      help: HOST_MESSAGES.alreadyRunningHelp,
      testId: 'already-running',
      onConfirm: () => quit(0),
    });
    setTimeout(() => quit(0), QUIT_NOTICE_MS);
    return;
  }
  if (claim.status === 'unknown') logger.warn('single-instance lock unavailable', { reason: String(claim.error) });
  else window.addEventListener('pagehide', () => void claim.release());

  // Manual §8 (2): recover to the top screen; quit for a restart when crashes repeat.
  const crashQuit = () => {
    showHostNotice(document, { message: HOST_MESSAGES.crashQuit, help: HOST_MESSAGES.crashQuitHelp, testId: 'crash-quit', onConfirm: () => quit(1) });
    setTimeout(() => quit(1), QUIT_NOTICE_MS);
  };
  const guard = installCrashGuard(process, window, {
    onQuit: crashQuit,
    log: (message, fields) => logger.error(message, fields),
  });
  window.addEventListener('pagehide', () => guard.dispose());

  const { transport, demo } = createDemoReader();
  const host = createNwHost({
    argv: nw.App.argv,
    env: process.env,
    platform: process.platform,
    startDir: nw.App.startPath ?? process.cwd(),
    // Beside the executable, beside the app's files (NW.js runs in that folder), the user's app data folder.
    configSearchDirs: [...new Set([dirname(process.execPath), process.cwd(), nw.App.dataPath])],
    dataPath: nw.App.dataPath,
    appBaseUrl,
    builtinPlugins,
    nodeRequire,
    demoReader: { transport, demo },
    // The revocation inquiry's view: a <webview> in a fresh in-memory partition, limited to the service's origin.
    restrictedBrowser: createRestrictedWebviewBrowser(),
    appVersion: __APP_VERSION__,
    exitApp: () => quit(0),
    logger,
  });
  try {
    await startKiosk(root, host);
  } catch (error) {
    logger.error('the kiosk could not start', { reason: error instanceof Error ? error.message : String(error) });
    if (!guard.quitting) crashQuit();
  }
}
