// @vitest-environment happy-dom
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { presentError } from '../../kernel/errors/error-presentation';
import { KioskError, KioskErrorCode } from '../../kernel/errors/kiosk-error';
import { ContributionRegistry } from '../../kernel/plugins/contribution-registry';
import { createCrashCounter, installCrashGuard, type CrashGuard } from '../../shell/nw/crash-guard';
import { HOST_MESSAGES } from '../../shell/nw/host-notice';
import ja from '../../locales/ja/kiosk.json';

/** Node's process, as far as the guard is concerned. */
class FakeProcess extends EventEmitter {}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function setup(options: { now?: () => number } = {}) {
  const proc = new FakeProcess();
  const onQuit = vi.fn();
  const pageErrors: unknown[] = [];
  // Stands in for KioskApp's own listener, which shows the INTERNAL error dialog.
  const onPageError = (event: ErrorEvent) => pageErrors.push(event.error);
  window.addEventListener('error', onPageError);
  const guard: CrashGuard = installCrashGuard(proc, window, { onQuit, ...options });
  cleanups.push(() => guard.dispose(), () => window.removeEventListener('error', onPageError));
  return { proc, onQuit, pageErrors, guard };
}

describe('crash guard: an uncaught error in the Node context', () => {
  it('does not kill the kiosk: it reaches the page as an error, which the kiosk shows as 「異常が発生したためトップ画面に戻ります」', () => {
    const { proc, onQuit, pageErrors } = setup();
    const error = new Error('pcsclite callback failed');
    proc.emit('uncaughtException', error);
    expect(pageErrors).toEqual([error]);
    expect(onQuit).not.toHaveBeenCalled();
    // KioskApp turns a page error into the INTERNAL dialog with the manual's message and a return to top.
    const shown = presentError(new KioskError(KioskErrorCode.internal, 'unexpected error'), new ContributionRegistry(() => true));
    expect(shown).toMatchObject({ code: 'INTERNAL', messageKey: 'kiosk:errors.INTERNAL.message', action: 'returnToTop' });
    expect(ja.errors.INTERNAL.message).toBe('異常が発生したためトップ画面に戻ります');
    expect(HOST_MESSAGES.crashRecover.ja).toBe('異常が発生したためトップ画面に戻ります');
  });

  it('also catches unhandled promise rejections of the Node context', () => {
    const { proc, pageErrors } = setup();
    proc.emit('unhandledRejection', 'socket closed');
    expect(pageErrors).toEqual(['socket closed']);
  });

  it('quits with 「異常が発生したためアプリケーションを終了します」 when crashes repeat: 3 within 60 s', () => {
    let now = 1_000_000;
    const { proc, onQuit, pageErrors } = setup({ now: () => now });
    proc.emit('uncaughtException', new Error('one'));
    now += 20_000;
    proc.emit('uncaughtException', new Error('two'));
    expect(onQuit).not.toHaveBeenCalled();
    now += 20_000;
    proc.emit('uncaughtException', new Error('three'));
    expect(onQuit).toHaveBeenCalledTimes(1);
    expect(pageErrors).toHaveLength(2);
    // Further errors while quitting change nothing.
    proc.emit('uncaughtException', new Error('four'));
    expect(onQuit).toHaveBeenCalledTimes(1);
    expect(HOST_MESSAGES.crashQuit.ja).toBe('異常が発生したためアプリケーションを終了します');
  });

  it('keeps recovering when crashes are far apart', () => {
    let now = 0;
    const { proc, onQuit, pageErrors } = setup({ now: () => now });
    for (let index = 0; index < 6; index += 1) {
      proc.emit('uncaughtException', new Error(`crash ${index}`));
      now += 31_000;
    }
    expect(onQuit).not.toHaveBeenCalled();
    expect(pageErrors).toHaveLength(6);
  });
});

describe('crash guard: errors of the page', () => {
  it('counts them too (the kiosk shows them itself), without counting a forwarded Node error twice', () => {
    let now = 0;
    const { proc, onQuit } = setup({ now: () => now });
    proc.emit('uncaughtException', new Error('node'));
    window.dispatchEvent(new ErrorEvent('error', { error: new Error('render'), message: 'render' }));
    expect(onQuit).not.toHaveBeenCalled();
    now += 1000;
    const rejection = new Event('unhandledrejection') as PromiseRejectionEvent;
    Object.defineProperty(rejection, 'reason', { value: new Error('async') });
    window.dispatchEvent(rejection);
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it('ignores the harmless ResizeObserver loop notice', () => {
    const { onQuit } = setup();
    for (let index = 0; index < 5; index += 1) window.dispatchEvent(new ErrorEvent('error', { message: 'ResizeObserver loop completed with undelivered notifications.' }));
    expect(onQuit).not.toHaveBeenCalled();
  });

  it('lets go of Node’s process on dispose (the page may go, the process stays)', () => {
    const proc = new FakeProcess();
    const installed = installCrashGuard(proc, window, { onQuit: vi.fn() });
    expect(proc.listenerCount('uncaughtException')).toBe(1);
    expect(proc.listenerCount('unhandledRejection')).toBe(1);
    installed.dispose();
    expect(proc.listenerCount('uncaughtException')).toBe(0);
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
  });
});

describe('crash counter', () => {
  it('counts within a sliding window', () => {
    let now = 0;
    const counter = createCrashCounter(2, 10_000, () => now);
    expect(counter.record()).toBe(false);
    now = 10_000;
    expect(counter.record()).toBe(false);
    now = 15_000;
    expect(counter.record()).toBe(true);
  });
});
