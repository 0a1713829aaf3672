import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { NwApi, NwApp, NwPolicy, NwWindow } from '../../shell/nw/nw-api';

/**
 * A stand-in for NW.js's `nw` object (the binary cannot run in tests): `Window.get()` is an EventEmitter with
 * `close`, `zoomLevel`, kiosk setters and a `showDevTools` spy; `App` has `on('open')`, `argv`, `dataPath`
 * and a `quit` spy. `close()` behaves like NW.js: with a `close` listener it only emits the event.
 */
export class FakeNwWindow extends EventEmitter implements NwWindow {
  zoomLevel = 0;
  isKioskMode = true;
  closed = false;
  readonly showDevToolsSpy = vi.fn();
  showDevTools: (...args: unknown[]) => unknown = this.showDevToolsSpy;
  readonly closeDevTools = vi.fn();
  readonly enterKioskMode = vi.fn(() => {
    this.isKioskMode = true;
  });
  readonly setAlwaysOnTop = vi.fn();
  readonly setShowInTaskbar = vi.fn();
  readonly setResizable = vi.fn();
  readonly restore = vi.fn();
  readonly focus = vi.fn();

  close(force?: boolean): void {
    if (!force && this.listenerCount('close') > 0) {
      this.emit('close');
      return;
    }
    this.closed = true;
  }
}

export class FakeNwApp extends EventEmitter implements NwApp {
  readonly quit = vi.fn();
  constructor(
    readonly argv: readonly string[] = [],
    readonly dataPath = '/nonexistent/zairyu-kiosk',
    readonly startPath?: string,
  ) {
    super();
  }
}

export function fakeNw(app: FakeNwApp = new FakeNwApp()): NwApi & { window: FakeNwWindow; App: FakeNwApp } {
  const window = new FakeNwWindow();
  return { App: app, Window: { get: () => window }, window };
}

export function fakePolicy(): NwPolicy & { ignored: boolean } {
  const policy = {
    ignored: false,
    ignore() {
      policy.ignored = true;
    },
  };
  return policy;
}
