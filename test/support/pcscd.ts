import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

export const VPCD_PORT = 35963;
export const VIRTUAL_READER = 'Virtual PCD 00 00';

export interface RunningPcscd {
  readonly pid: number;
  stop(): Promise<void>;
}

/** Whether something accepts TCP connections on 127.0.0.1:port (vpcd listens once pcscd loaded its driver). */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
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
  for (let tries = 0; tries < 50 && (await isListening(VPCD_PORT)); tries += 1) await sleep(100);
  const child: ChildProcess = spawn('pcscd', ['--foreground'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let tries = 0; tries < 100; tries += 1) {
    if (await isListening(VPCD_PORT)) break;
    if (child.exitCode !== null) throw new Error(`pcscd exited with ${child.exitCode}`);
    await sleep(50);
  }
  if (!(await isListening(VPCD_PORT))) throw new Error('vpcd did not start listening: is vsmartcard-vpcd installed?');
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
