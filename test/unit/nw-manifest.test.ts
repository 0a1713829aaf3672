import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { KIOSK_CHROMIUM_ARGS, kioskManifestProblems, nwManifest, nwManifestProblems } from '../../shell/nw/manifest';

const project = JSON.parse(await readFile('package.json', 'utf8')) as { name: string; version: string; description: string; license: string };

describe('NW.js manifest', () => {
  const manifest = nwManifest(project);

  it('opens index.html in a kiosk window: full screen, frameless, fixed size, always on top, not in the taskbar', () => {
    expect(manifest.main).toBe('index.html');
    expect(manifest.name).toBe('zairyu-kiosk');
    expect(manifest.version).toBe(project.version);
    expect(manifest.window).toMatchObject({
      kiosk: true,
      fullscreen: true,
      frame: false,
      resizable: false,
      always_on_top: true,
      show_in_taskbar: false,
    });
    expect(manifest.nodejs).toBe(true);
  });

  it('turns off pinch zoom and overscroll history navigation in Chromium', () => {
    expect(manifest['chromium-args'].split(' ')).toEqual([...KIOSK_CHROMIUM_ARGS]);
    expect(manifest['chromium-args']).toContain('--disable-pinch');
    expect(manifest['chromium-args']).toContain('--overscroll-history-navigation=0');
    expect(manifest['chromium-args']).toContain('--disable-features=TouchpadOverscrollHistoryNavigation');
  });

  it('passes what NW.js requires and what the kiosk requires', () => {
    expect(nwManifestProblems(manifest)).toEqual([]);
    expect(kioskManifestProblems(manifest)).toEqual([]);
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
  });

  it('catches manifests NW.js would reject or silently misread', () => {
    expect(nwManifestProblems({ name: 'Zairyu Kiosk', main: 'index.html' })).toEqual([expect.stringMatching(/"name"/)]);
    expect(nwManifestProblems({ name: 'a' })).toEqual([expect.stringMatching(/"main"/)]);
    expect(nwManifestProblems({ ...manifest, 'single-instance': true })).toEqual([expect.stringMatching(/single-instance.*deprecated/)]);
    expect(nwManifestProblems({ ...manifest, window: { ...manifest.window, 'always-on-top': true } })).toEqual([expect.stringMatching(/always_on_top/)]);
    expect(nwManifestProblems({ ...manifest, window: { ...manifest.window, kiosk: 'yes' } })).toEqual(['"window.kiosk" must be boolean']);
    expect(nwManifestProblems({ ...manifest, window: { ...manifest.window, fullScreen: true } })).toEqual([expect.stringMatching(/not a window field/)]);
    expect(nwManifestProblems({ ...manifest, 'chromium-args': ['--disable-pinch'] })).toEqual(['"chromium-args" must be string']);
    expect(nwManifestProblems([])).toEqual(['the manifest must be a JSON object']);
  });

  it('catches a manifest that would let the kiosk be left, inspected or reached remotely', () => {
    expect(kioskManifestProblems({ ...manifest, window: { ...manifest.window, frame: true } })).toEqual(['"window.frame" must be false for the kiosk']);
    expect(kioskManifestProblems({ ...manifest, 'chromium-args': '--disable-pinch' })).toHaveLength(2);
    expect(kioskManifestProblems({ ...manifest, 'chromium-args': `${manifest['chromium-args']} --remote-debugging-port=9222` })).toEqual([
      expect.stringMatching(/remote debugging/),
    ]);
    expect(kioskManifestProblems({ ...manifest, 'node-remote': '<all_urls>' })).toEqual([expect.stringMatching(/node-remote/)]);
  });
});
