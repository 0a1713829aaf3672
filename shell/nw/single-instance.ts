import type { Server, Socket } from 'node:net';
import type { NwApp } from './nw-api';

/**
 * One kiosk at a time (manual, Windows §8 (1) 「既にアプリケーションが起動しています」).
 *
 * NW.js is single-instance by default (the manifest's `single-instance` is gone since 0.13): a second start
 * does not run the app at all, it hands its command line to the running instance, where `nw.App` emits
 * `open`. The running kiosk then shows the message (`watchSecondLaunch`).
 *
 * NW.js only detects a second instance that shares its user data directory; one started with another
 * `--user-data-dir` would run, and fight the first for the card reader. So the kiosk also holds a local
 * socket (a named pipe on Windows): a process that cannot claim it knows another kiosk runs, shows the
 * message itself and quits (`claimSingleInstance`); its connection attempt also tells the running kiosk.
 */
export function watchSecondLaunch(app: Pick<NwApp, 'on'>, onSecondLaunch: () => void): void {
  app.on('open', () => onSecondLaunch());
}

/** The parts of Node's `net` module used here. */
export interface NetApi {
  createServer(connectionListener: (socket: Socket) => void): Server;
  connect(path: string): Socket;
}

export interface InstanceAddressOptions {
  readonly platform: string;
  readonly name: string;
  /** A per-user folder for the socket file (not used on Windows): $XDG_RUNTIME_DIR, else the temp folder. */
  readonly socketDir: string;
  readonly uid?: number;
}

/** Where the instance lock lives: `\\.\pipe\<name>-instance` on Windows, `<socketDir>/<name>-<uid>.sock` elsewhere. */
export function instanceAddress(options: InstanceAddressOptions): string {
  const name = options.name.replace(/[^A-Za-z0-9._-]/g, '_');
  if (options.platform === 'win32') return `\\\\.\\pipe\\${name}-instance`;
  const dir = options.socketDir.replace(/[\\/]+$/, '');
  return `${dir}/${name}${options.uid === undefined ? '' : `-${options.uid}`}.sock`;
}

export type InstanceClaim =
  | { readonly status: 'claimed'; release(): Promise<void> }
  /** Another kiosk answers on the address: this process must show the message and quit. */
  | { readonly status: 'running' }
  /** The lock could not be checked (e.g. a permission problem): go on, NW.js's own check still applies. */
  | { readonly status: 'unknown'; readonly error: unknown };

export interface ClaimOptions {
  readonly platform: string;
  /** Called in the running kiosk each time another start knocks on the address. */
  readonly onSecondLaunch: () => void;
  /** Removes a stale socket file (left by a kiosk that was killed). */
  readonly unlink: (path: string) => Promise<void>;
}

export async function claimSingleInstance(net: NetApi, address: string, options: ClaimOptions): Promise<InstanceClaim> {
  try {
    let server = await listen(net, address, options.onSecondLaunch);
    if (server === 'in-use') {
      if (await answers(net, address)) return { status: 'running' };
      // Nobody answers: on POSIX a socket file left by a killed kiosk. (A Windows pipe dies with its process.)
      if (options.platform === 'win32') return { status: 'running' };
      await options.unlink(address).catch(() => undefined);
      server = await listen(net, address, options.onSecondLaunch);
      if (server === 'in-use') return { status: 'running' };
    }
    const held = server;
    return {
      status: 'claimed',
      release: () => new Promise<void>((resolve) => held.close(() => resolve())),
    };
  } catch (error) {
    return { status: 'unknown', error };
  }
}

function listen(net: NetApi, address: string, onSecondLaunch: () => void): Promise<Server | 'in-use'> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end();
      onSecondLaunch();
    });
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve('in-use') : reject(error)));
    server.listen(address, () => resolve(server));
  });
}

function answers(net: NetApi, address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 2000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
