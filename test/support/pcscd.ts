import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

export const VPCD_PORT = 35963;
export const VIRTUAL_READER = 'Virtual PCD 00 00';

export interface RunningPcscd {
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Whether something accepts TCP connections on 127.0.0.1:port (vpcd listens once pcscd loaded its driver). Bounded:
 * vpcd listens with a backlog of 0, so while a card's VpcdClient waits to be accepted a probe's SYN is dropped and
 * its connect would otherwise hang for the kernel's retransmissions.
 */
export function isListening(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function stopAnyPcscd(): void {
  spawnSync('pkill', ['-x', 'pcscd']);
}

/**
 * Starts the real PC/SC daemon in the foreground (it loads the vsmartcard-vpcd driver from reader.conf.d) and
 * waits until vpcd listens. Stopped by pid afterwards; any pcscd already running is stopped first, since there
 * can be only one.
 */
export async function startPcscd(): Promise<RunningPcscd> {
  stopAnyPcscd();
  // Long enough for a SYN retransmission: a stopping pcscd's vpcd must not be taken for a free port.
  for (let tries = 0; tries < 50 && (await isListening(VPCD_PORT, 3000)); tries += 1) await sleep(100);
  const child: ChildProcess = spawn('pcscd', ['--foreground'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // One successful probe is enough: a second one right after it can find vpcd's one-connection backlog still full.
  let listening = false;
  for (let tries = 0; tries < 100 && !listening; tries += 1) {
    listening = await isListening(VPCD_PORT);
    if (child.exitCode !== null) throw new Error(`pcscd exited with ${child.exitCode}`);
    if (!listening) await sleep(50);
  }
  if (!listening) throw new Error('vpcd did not start listening: is vsmartcard-vpcd installed?');
  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(3000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
