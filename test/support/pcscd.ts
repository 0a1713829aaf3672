import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import type { CardTransport } from '../../kernel/smartcard/card-transport';

export const VPCD_PORT = 35963;
export const VIRTUAL_READER = 'Virtual PCD 00 00';
/** Debian's pcscd, also where /usr/sbin is not on the PATH. */
export const PCSCD = ['/usr/sbin/pcscd', '/usr/bin/pcscd'].find((path) => existsSync(path)) ?? 'pcscd';

export interface RunningPcscd {
  readonly pid: number;
  /** The end of what this pcscd printed, for a failure message. */
  output(): string;
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

/** pcscd processes that still run (a zombie has exited; it only waits for its parent). */
function livePcscdPids(): number[] {
  const found = spawnSync('pgrep', ['-x', 'pcscd'], { encoding: 'utf8' }).stdout ?? '';
  return found
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((pid) => {
      try {
        return !/^\d+ \([^)]*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    });
}

/**
 * Stops every pcscd on the machine and waits until they are gone: there can be only one, and a new one refuses
 * to start ("Another pcscd seems to be running") while an old one is still shutting down.
 */
export async function stopAnyPcscd(): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (livePcscdPids().length === 0) return;
    spawnSync('pkill', [`-${signal.slice(3)}`, '-x', 'pcscd']);
    for (let tries = 0; tries < 100 && livePcscdPids().length > 0; tries += 1) await sleep(50);
  }
  if (livePcscdPids().length > 0) throw new Error(`pcscd does not stop: ${await pcscDiagnostics()}`);
}

/** What the machine's PC/SC stack looks like right now, for a failure message. */
export async function pcscDiagnostics(pcscd?: RunningPcscd): Promise<string> {
  const processes = (spawnSync('pgrep', ['-a', 'pcscd'], { encoding: 'utf8' }).stdout ?? '').trim().replace(/\n/g, '; ') || 'none';
  const output = pcscd?.output().trim();
  return [`pcscd processes: ${processes}`, `vpcd port ${VPCD_PORT} listening: ${await isListening(VPCD_PORT)}`, output ? `pcscd said: ${output}` : '']
    .filter(Boolean)
    .join('; ');
}

/**
 * Starts the real PC/SC daemon in the foreground (it loads the vsmartcard-vpcd driver from reader.conf.d), waits
 * until vpcd listens and PC/SC lists the virtual reader. Any pcscd already running is stopped first, since
 * there can be only one. A start that does not come up with the reader is retried, then reported with what the
 * machine looked like.
 */
export async function startPcscd(args: readonly string[] = [], options: { expectReader?: boolean; deadlineMs?: number } = {}): Promise<RunningPcscd> {
  // Within the callers' hook timeouts (30 s and more), so that this error, not "hook timed out", is what shows.
  const deadline = Date.now() + (options.deadlineMs ?? 20_000);
  let failure = '';
  for (let attempt = 1; attempt <= 3 && Date.now() < deadline; attempt += 1) {
    await stopAnyPcscd();
    // Long enough for a SYN retransmission: a stopping pcscd's vpcd must not be taken for a free port.
    for (let tries = 0; tries < 50 && Date.now() < deadline && (await isListening(VPCD_PORT, 3000)); tries += 1) await sleep(100);
    const pcscd = spawnPcscd(args);
    failure = await untilReady(pcscd, options.expectReader ?? true, deadline);
    if (!failure) return pcscd;
    failure = `${failure} (attempt ${attempt}; ${await pcscDiagnostics(pcscd)})`;
    if (pcscd.output().includes('Address already in use')) {
      failure += `; port ${VPCD_PORT} is held by another socket, e.g. a loopback connection's ephemeral port: reserve it with sysctl -w net.ipv4.ip_local_reserved_ports=35963-35964 (scripts/test.sh does)`;
    }
    await pcscd.stop();
  }
  throw new Error(failure || 'pcscd could not be started in time');
}

function spawnPcscd(args: readonly string[]): RunningPcscd & { readonly child: ChildProcess } {
  const child = spawn(PCSCD, ['--foreground', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // A pcscd that cannot be started at all (not installed) exits at once, with the reason in its output.
  child.once('error', (error) => (output += `cannot start ${PCSCD}: ${error.message}`));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-2000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return {
    child,
    pid: child.pid ?? -1,
    output: () => output,
    async stop() {
      if (child.pid === undefined) return;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** '' once pcscd serves the virtual reader (or, without readers, answers at all); else what went wrong. */
async function untilReady(pcscd: RunningPcscd & { readonly child: ChildProcess }, expectReader: boolean, deadline: number): Promise<string> {
  const alive = () => pcscd.child.pid !== undefined && pcscd.child.exitCode === null && pcscd.child.signalCode === null;
  if (expectReader) {
    // One successful probe is enough: a second one right after it can find vpcd's one-connection backlog still full.
    let listening = false;
    for (let tries = 0; tries < 100 && !listening && alive() && Date.now() < deadline; tries += 1) {
      listening = await isListening(VPCD_PORT);
      if (!listening) await sleep(50);
    }
    if (!alive()) return `pcscd exited with ${pcscd.child.exitCode ?? pcscd.child.signalCode}`;
    if (!listening) return 'vpcd did not start listening: is vsmartcard-vpcd installed?';
  }
  // Asked of pcsc_scan in a process of its own, not of a pcsclite context here: closing a context blocks this
  // process until the context's thread ends, and that thread can be waiting on pcscd, which waits on vpcd, which
  // waits for a card emulated in this very process (a VpcdClient from before a restart reconnects at once) —
  // a deadlock, seen in a full run.
  const checkUntil = Math.min(deadline, Date.now() + 5000);
  let seen = 'nothing';
  while (Date.now() < checkUntil && alive()) {
    const listing = await pcscScanReaders();
    if (listing.unavailable) return '';
    if (listing.readers && (!expectReader || listing.readers.includes(VIRTUAL_READER))) return '';
    seen = listing.readers ? listing.readers.join(', ') || 'no readers' : `an error: ${listing.error}`;
    await sleep(100);
  }
  return alive() ? `pcscd runs, but pcsc_scan -r saw ${seen} instead of ${VIRTUAL_READER}` : `pcscd exited with ${pcscd.child.exitCode ?? pcscd.child.signalCode}`;
}

/** The readers pcscd lists, by `pcsc_scan -r` (pcsc-tools); `unavailable` where pcsc-tools is not installed. */
async function pcscScanReaders(): Promise<{ readers?: string[]; error?: string; unavailable?: boolean }> {
  try {
    const { stdout } = await promisify(execFile)('pcsc_scan', ['-r'], { timeout: 3000 });
    return { readers: stdout.split('\n').flatMap((line) => /^\d+: (.+)$/.exec(line.trim())?.slice(1) ?? []) };
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (failed.code === 'ENOENT') return { unavailable: true };
    return { error: (failed.stderr || failed.stdout || failed.message).trim().split('\n')[0] };
  }
}

/**
 * Waits until the virtual reader reports the card present (or absent). On timeout the error says what the
 * transport saw and what the PC/SC stack looked like, so that a failure on a CI machine can be read from its log.
 */
export async function waitForCardState(transport: CardTransport, present: boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = 'nothing yet';
  while (Date.now() < deadline) {
    try {
      const readers = await transport.listReaders();
      if (readers.some((reader) => reader.name === VIRTUAL_READER && reader.cardPresent === present)) return;
      seen = readers.map((reader) => `${reader.name}${reader.cardPresent ? ' (card)' : ''}`).join(', ') || 'no readers';
    } catch (error) {
      seen = `listReaders failed: ${(error as Error).message}`;
    }
    await sleep(25);
  }
  throw new Error(`the virtual reader never ${present ? 'saw' : 'lost'} the card in ${timeoutMs} ms; the transport saw ${seen}; ${await pcscDiagnostics()}`);
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
