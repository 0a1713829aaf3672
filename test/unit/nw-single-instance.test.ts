// @vitest-environment happy-dom
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HOST_MESSAGES, showHostNotice } from '../../shell/nw/host-notice';
import { claimSingleInstance, instanceAddress, watchSecondLaunch, type InstanceClaim } from '../../shell/nw/single-instance';
import { FakeNwApp } from '../support/fake-nw';

let dir: string;
const held: InstanceClaim[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zairyu-instance-'));
});
afterEach(async () => {
  for (const claim of held.splice(0)) if (claim.status === 'claimed') await claim.release();
  document.body.innerHTML = '';
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const claim = async (address: string, onSecondLaunch = vi.fn()) => {
  const result = await claimSingleInstance(net, address, { platform: process.platform, onSecondLaunch, unlink });
  held.push(result);
  return result;
};

describe('the manual’s message 「既にアプリケーションが起動しています」', () => {
  it('is the kiosk’s ALREADY_RUNNING text, in both languages', () => {
    expect(HOST_MESSAGES.alreadyRunning.ja).toBe('既にアプリケーションが起動しています');
    expect(HOST_MESSAGES.alreadyRunning.en).toBe('The application is already running.');
  });

  it('is shown in the running kiosk when NW.js reports a second start (nw.App "open")', () => {
    const app = new FakeNwApp();
    const onSecondLaunch = vi.fn(() => showHostNotice(document, { message: HOST_MESSAGES.alreadyRunning, testId: 'already-running' }));
    watchSecondLaunch(app, onSecondLaunch);
    app.emit('open', '"C:\\Program Files\\zairyu-kiosk\\zairyu-kiosk.exe"');
    expect(onSecondLaunch).toHaveBeenCalledTimes(1);
    const dialog = document.querySelector<HTMLElement>('[data-testid="already-running"]')!;
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(dialog.textContent).toContain('既にアプリケーションが起動しています');
    expect(dialog.textContent).toContain('The application is already running.');
  });

  it('closes with OK, and OK does what the caller decided (the second process quits)', () => {
    const quit = vi.fn();
    showHostNotice(document, { message: HOST_MESSAGES.alreadyRunning, help: HOST_MESSAGES.alreadyRunningHelp, testId: 'already-running', onConfirm: quit });
    const ok = document.querySelector<HTMLButtonElement>('[data-testid="already-running-ok"]')!;
    expect(document.activeElement).toBe(ok);
    ok.click();
    expect(quit).toHaveBeenCalledTimes(1);
    expect(document.querySelector('[data-testid="already-running"]')).toBeNull();
  });
});

describe.skipIf(process.platform === 'win32')('instance lock (local socket)', () => {
  it('lets one kiosk hold it; a second process learns that one runs, and the first hears the knock', async () => {
    const address = join(dir, 'a.sock');
    const firstKnocked = vi.fn();
    expect((await claim(address, firstKnocked)).status).toBe('claimed');
    expect((await claim(address)).status).toBe('running');
    await vi.waitFor(() => expect(firstKnocked).toHaveBeenCalled());
  });

  it('is free again once the kiosk releases it', async () => {
    const address = join(dir, 'b.sock');
    const first = await claim(address);
    expect(first.status).toBe('claimed');
    if (first.status === 'claimed') await first.release();
    held.length = 0;
    expect((await claim(address)).status).toBe('claimed');
  });

  it('takes over a socket file left by a kiosk that was killed', async () => {
    const address = join(dir, 'c.sock');
    await writeFile(address, 'stale');
    expect((await claim(address)).status).toBe('claimed');
  });

  it('does not stop the kiosk when the lock cannot be taken for another reason', async () => {
    const result = await claim(join(dir, 'missing-folder', 'd.sock'));
    expect(result.status).toBe('unknown');
  });
});

describe('instance address', () => {
  it('is a named pipe on Windows and a per-user socket file elsewhere', () => {
    expect(instanceAddress({ platform: 'win32', name: 'zairyu-kiosk', socketDir: 'C:\\Temp' })).toBe('\\\\.\\pipe\\zairyu-kiosk-instance');
    expect(instanceAddress({ platform: 'linux', name: 'zairyu-kiosk', socketDir: '/run/user/1000/', uid: 1000 })).toBe('/run/user/1000/zairyu-kiosk-1000.sock');
    expect(instanceAddress({ platform: 'darwin', name: 'zairyu kiosk', socketDir: '/tmp' })).toBe('/tmp/zairyu_kiosk.sock');
  });
});
