import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchKioskChromium } from '../../shell/web/server/chromium-launcher';

/** A stand-in browser: writes into its --user-data-dir as Chromium does, then exits or waits to be ended. */
const FAKE_BROWSER = `#!/bin/sh
for arg; do case "$arg" in --user-data-dir=*) profile="\${arg#--user-data-dir=}";; esac; done
mkdir -p "$profile/Default/Cache" && echo cached > "$profile/Default/Cache/data_0"
if [ "$FAKE_BROWSER_STAYS" = 1 ]; then exec sleep 30; fi
`;

describe('kiosk Chromium launcher', () => {
  let folder: string;
  let previousTmpdir: string | undefined;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'zairyu-launcher-'));
    await writeFile(join(folder, 'browser'), FAKE_BROWSER);
    await chmod(join(folder, 'browser'), 0o755);
    previousTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = folder;
  });
  afterEach(async () => {
    if (previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmpdir;
    delete process.env.FAKE_BROWSER_STAYS;
    await rm(folder, { recursive: true, force: true });
  });

  const profiles = async () => (await readdir(folder)).filter((entry) => entry.startsWith('zairyu-kiosk-profile-'));

  it('removes the profile folder with everything in it when the window is closed', async () => {
    const browser = await launchKioskChromium(join(folder, 'browser'), 'http://127.0.0.1:1/');
    await browser.closed;
    expect(await profiles()).toEqual([]);
  });

  it('close() ends a browser that still runs and removes its profile', async () => {
    process.env.FAKE_BROWSER_STAYS = '1';
    const browser = await launchKioskChromium(join(folder, 'browser'), 'http://127.0.0.1:1/');
    // Until the stand-in has written its cache and sleeps: a shell killed before that leaves its mkdir running,
    // which could make the folder again after close() removed it (a flaw of the stand-in, not of close()).
    const cacheFile = async () => {
      const [profile] = await profiles();
      return profile !== undefined && existsSync(join(folder, profile, 'Default', 'Cache', 'data_0'));
    };
    for (let tries = 0; tries < 250 && !(await cacheFile()); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await cacheFile()).toBe(true);
    await browser.close();
    expect(await profiles()).toEqual([]);
  });

  it('a browser that cannot be started still settles, without leaving a profile', async () => {
    const browser = await launchKioskChromium(join(folder, 'no-such-browser'), 'http://127.0.0.1:1/');
    await browser.closed;
    expect(await profiles()).toEqual([]);
  });
});
