/**
 * The parts of the NW.js API (the global `nw` object) the kiosk host uses, typed here because NW.js ships no
 * types. Every module in shell/nw takes these as parameters, so tests drive them with a stand-in object.
 * Reference: docs.nwjs.io — App, Window (events `close`, `new-win-policy`, `navigation`, `zoom`).
 */

/** The `policy` argument of `new-win-policy` and `navigation`. */
export interface NwPolicy {
  /** Ignore the request: nothing opens, no navigation happens. */
  ignore(): void;
}

/** `nw.Window`: the native window around the page. Not an EventEmitter since 0.13, but it keeps `on()`. */
export interface NwWindow {
  on(event: 'close', listener: (quitting?: boolean) => void): unknown;
  on(event: 'new-win-policy', listener: (frame: unknown, url: string, policy: NwPolicy) => void): unknown;
  on(event: 'navigation', listener: (frame: unknown, url: string, policy: NwPolicy, context?: string) => void): unknown;
  on(event: 'zoom', listener: (level: number) => void): unknown;
  on(event: 'devtools-opened' | 'minimize' | 'restore', listener: () => void): unknown;
  removeAllListeners?(event?: string): unknown;
  /** Emits `close` when someone listens to it; `close(true)` closes without asking. */
  close(force?: boolean): void;
  /** Page zoom: 0 is 100 %. */
  zoomLevel: number;
  readonly isKioskMode?: boolean;
  enterKioskMode?(): void;
  setAlwaysOnTop?(top: boolean): void;
  setShowInTaskbar?(show: boolean): void;
  setResizable?(resizable: boolean): void;
  restore?(): void;
  focus?(): void;
  hide?(): void;
  /** SDK flavor only; the packaged kiosk is the normal flavor, which has no DevTools at all. */
  showDevTools?(...args: unknown[]): unknown;
  closeDevTools?(): void;
}

/** `nw.App`. */
export interface NwApp {
  /** `open` fires in the running instance when someone starts the app again (its argument: that command line). */
  on(event: 'open', listener: (commandLine: string) => void): unknown;
  /** Command-line arguments meant for the app (NW.js and Chromium switches filtered out). */
  readonly argv: readonly string[];
  /** The user's data folder for this app: %LOCALAPPDATA%\<name>, ~/.config/<name>, ~/Library/Application Support/<name>. */
  readonly dataPath: string;
  /** The directory the app was started from (NW.js then changes the working directory to the app's files). */
  readonly startPath?: string;
  /** Quits at once, without `close` events. */
  quit(): void;
}

export interface NwApi {
  readonly App: NwApp;
  readonly Window: { get(): NwWindow };
}

/** The part of Node's `process` the crash guard listens to. */
export interface NodeProcessEvents {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  removeListener(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
}
