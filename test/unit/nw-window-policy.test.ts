// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installLockdown } from '../../shell/app/lockdown';
import { installWindowPolicy, isAppUrl } from '../../shell/nw/window-policy';
import { fakePolicy, FakeNwWindow } from '../support/fake-nw';

const APP = 'chrome-extension://abcdefghijklmnop/';

describe('NW.js window policy (stand-in nw.Window)', () => {
  it('refuses to close (Alt+F4, Ctrl+W, the window manager) until the app itself quits', () => {
    const win = new FakeNwWindow();
    const log = vi.fn();
    const policy = installWindowPolicy(win, { appBaseUrl: APP, log });
    win.close();
    expect(win.closed).toBe(false);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/close refused/));
    expect(policy.quitRequested).toBe(false);
    policy.quit();
    expect(policy.quitRequested).toBe(true);
    expect(win.closed).toBe(true);
  });

  it('closes on a close event once quitting was asked for', () => {
    const win = new FakeNwWindow();
    const policy = installWindowPolicy(win, { appBaseUrl: APP });
    const close = vi.spyOn(win, 'close');
    policy.quit();
    close.mockClear();
    win.emit('close');
    expect(close).toHaveBeenCalledWith(true);
  });

  it('opens no new windows, whatever the address', () => {
    const win = new FakeNwWindow();
    installWindowPolicy(win, { appBaseUrl: APP });
    for (const url of ['https://www.moj.go.jp/', `${APP}index.html`, 'file:///etc/passwd']) {
      const policy = fakePolicy();
      win.emit('new-win-policy', null, url, policy);
      expect(policy.ignored, url).toBe(true);
    }
  });

  it('lets the window navigate within the app only', () => {
    const win = new FakeNwWindow();
    const log = vi.fn();
    installWindowPolicy(win, { appBaseUrl: APP, log });
    const allowed = fakePolicy();
    win.emit('navigation', null, `${APP}index.html#top`, allowed, 'current');
    expect(allowed.ignored).toBe(false);
    for (const url of ['https://evil.example/?card=AB12345678CD', 'file:///C:/Windows/', 'chrome://settings', 'chrome-extension://other/index.html', 'javascript:alert(1)']) {
      const policy = fakePolicy();
      win.emit('navigation', null, url, policy);
      expect(policy.ignored, url).toBe(true);
    }
    // Refusals are logged without the query (it could hold personal data).
    expect(JSON.stringify(log.mock.calls)).not.toContain('AB12345678CD');
  });

  it('pins the zoom level at 100 %', () => {
    const win = new FakeNwWindow();
    win.zoomLevel = 2;
    installWindowPolicy(win, { appBaseUrl: APP });
    expect(win.zoomLevel).toBe(0);
    win.zoomLevel = 3;
    win.emit('zoom', 3);
    expect(win.zoomLevel).toBe(0);
  });

  it('never opens DevTools, and closes them should anything open them', () => {
    const win = new FakeNwWindow();
    installWindowPolicy(win, { appBaseUrl: APP });
    win.showDevTools();
    expect(win.showDevToolsSpy).not.toHaveBeenCalled();
    win.emit('devtools-opened', 'chrome-devtools://devtools/');
    expect(win.closeDevTools).toHaveBeenCalled();
  });

  it('keeps the window in kiosk mode, on top, out of the taskbar, fixed size; a minimize is undone', () => {
    const win = new FakeNwWindow();
    win.isKioskMode = false;
    installWindowPolicy(win, { appBaseUrl: APP });
    expect(win.enterKioskMode).toHaveBeenCalledTimes(1);
    expect(win.setAlwaysOnTop).toHaveBeenCalledWith(true);
    expect(win.setShowInTaskbar).toHaveBeenCalledWith(false);
    expect(win.setResizable).toHaveBeenCalledWith(false);
    win.isKioskMode = false;
    win.emit('minimize');
    expect(win.restore).toHaveBeenCalled();
    expect(win.enterKioskMode).toHaveBeenCalledTimes(2);
  });

  it('tells the app’s own files from everything else', () => {
    expect(isAppUrl(`${APP}plugins/residence-card/package.json`, APP)).toBe(true);
    expect(isAppUrl('chrome-extension://abcdefghijklmnop.evil/', APP)).toBe(false);
    expect(isAppUrl('chrome-extension://user:pw@abcdefghijklmnop/', APP)).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
    expect(isAppUrl('file:///opt/kiosk/other/index.html', 'file:///opt/kiosk/app/index.html')).toBe(false);
    expect(isAppUrl('file:///opt/kiosk/app/plugins/x.json', 'file:///opt/kiosk/app/index.html')).toBe(true);
  });
});

describe('page lockdown in the NW.js window (shell/app/lockdown.ts)', () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => uninstall?.());

  const dispatch = (event: Event) => {
    document.body.dispatchEvent(event);
    return event.defaultPrevented;
  };
  const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });

  it('blocks reload, full screen, DevTools, print, close and zoom keys but not typing', () => {
    uninstall = installLockdown(window);
    for (const init of [{ key: 'F5' }, { key: 'F11' }, { key: 'F12' }, { key: 'r', ctrlKey: true }, { key: 'w', ctrlKey: true }, { key: 'p', ctrlKey: true }, { key: '+', ctrlKey: true }, { key: '-', ctrlKey: true }, { key: 'F4', altKey: true }]) {
      expect(dispatch(key(init)), JSON.stringify(init)).toBe(true);
    }
    expect(dispatch(key({ key: '7' }))).toBe(false);
    expect(dispatch(key({ key: 'A', shiftKey: true }))).toBe(false);
  });

  it('blocks the context menu, text selection, drag and ctrl+wheel zoom', () => {
    uninstall = installLockdown(window);
    expect(dispatch(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }))).toBe(true);
    expect(dispatch(new Event('selectstart', { bubbles: true, cancelable: true }))).toBe(true);
    expect(dispatch(new Event('dragstart', { bubbles: true, cancelable: true }))).toBe(true);
    const wheel = (ctrlKey: boolean) => {
      const event = new WheelEvent('wheel', { bubbles: true, cancelable: true, deltaY: -100 });
      Object.defineProperty(event, 'ctrlKey', { value: ctrlKey }); // happy-dom's WheelEvent ignores ctrlKey in its init
      return event;
    };
    expect(dispatch(wheel(true))).toBe(true);
    expect(dispatch(wheel(false))).toBe(false);
  });
});
