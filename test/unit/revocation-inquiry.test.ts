import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PluginContext, RestrictedBrowser } from '../../kernel/api';
import { createKernel } from '../../kernel/container/create-kernel';
import { defaultKioskConfig } from '../../kernel/config/kiosk-config';
import { checkSettingValue, type SettingDeclaration } from '../../kernel/plugins/points/settings';
import { checkExpiry, expiryFromCard } from '../../plugins/revocation/expiry-date';
import { serviceOrigin } from '../../plugins/revocation/inquiry-settings';
import { isInMaintenance, tokyoMinutesOfDay } from '../../plugins/revocation/maintenance';
import { shellMessages } from '../../shell/app/shell-messages';
import { kernelWithBuiltinPlugins, PLUGINS_ROOT } from '../support/builtin-kernel';
import { MemoryPluginSource, manifest } from '../support/memory-plugin-source';

describe('revocation: maintenance window (20:00–23:00 Japan time, any machine time zone)', () => {
  const at = (iso: string) => new Date(iso);

  it('reads the time of day in Asia/Tokyo, whatever the UTC date', () => {
    expect(tokyoMinutesOfDay(at('2026-03-02T11:00:00Z'))).toBe(20 * 60);
    expect(tokyoMinutesOfDay(at('2026-03-02T15:00:00Z'))).toBe(0); // next day in Tokyo
    expect(tokyoMinutesOfDay(at('2026-03-02T14:59:00Z'))).toBe(23 * 60 + 59);
  });

  it('is in maintenance from 20:00 up to (not including) 23:00 JST', () => {
    expect(isInMaintenance(at('2026-03-02T10:59:59Z'), '20:00', '23:00')).toBe(false); // 19:59:59 JST
    expect(isInMaintenance(at('2026-03-02T11:00:00Z'), '20:00', '23:00')).toBe(true); // 20:00 JST
    expect(isInMaintenance(at('2026-03-02T13:59:59Z'), '20:00', '23:00')).toBe(true); // 22:59:59 JST
    expect(isInMaintenance(at('2026-03-02T14:00:00Z'), '20:00', '23:00')).toBe(false); // 23:00 JST
    expect(isInMaintenance(at('2026-03-02T03:00:00Z'), '20:00', '23:00')).toBe(false); // 12:00 JST
  });

  it('is every day, weekends included (the manual says 毎日)', () => {
    expect(isInMaintenance(at('2026-03-07T12:30:00Z'), '20:00', '23:00')).toBe(true); // Saturday 21:30 JST
    expect(isInMaintenance(at('2026-03-08T12:30:00Z'), '20:00', '23:00')).toBe(true); // Sunday 21:30 JST
  });

  it('handles a configured window over midnight, and start = end as "none"', () => {
    expect(isInMaintenance(at('2026-03-02T14:30:00Z'), '23:00', '01:00')).toBe(true); // 23:30 JST
    expect(isInMaintenance(at('2026-03-02T15:30:00Z'), '23:00', '01:00')).toBe(true); // 00:30 JST
    expect(isInMaintenance(at('2026-03-02T16:00:00Z'), '23:00', '01:00')).toBe(false); // 01:00 JST
    expect(isInMaintenance(at('2026-03-02T12:00:00Z'), '20:00', '20:00')).toBe(false);
  });

  it('refuses times that are not HH:MM', () => {
    expect(() => isInMaintenance(new Date(), '8pm', '23:00')).toThrow();
  });
});

describe('revocation: validity period (manual: "2012" / "07" / "09")', () => {
  it('accepts real calendar dates with a 4-digit year and 2-digit month and day', () => {
    expect(checkExpiry({ year: '2012', month: '07', day: '09' })).toEqual({ ok: true, parts: { year: '2012', month: '07', day: '09' } });
    expect(checkExpiry({ year: '2028', month: '02', day: '29' }).ok).toBe(true); // leap year
  });

  it('says incomplete for short fields (no leading zero) and invalid for dates not on the calendar', () => {
    expect(checkExpiry({ year: '2012', month: '7', day: '09' })).toEqual({ ok: false, problem: 'incomplete' });
    expect(checkExpiry({ year: '12', month: '07', day: '09' })).toEqual({ ok: false, problem: 'incomplete' });
    expect(checkExpiry({ year: '2012', month: '７', day: '09' })).toEqual({ ok: false, problem: 'incomplete' }); // full-width
    expect(checkExpiry({ year: '2027', month: '02', day: '29' })).toEqual({ ok: false, problem: 'invalid' });
    expect(checkExpiry({ year: '2026', month: '13', day: '01' })).toEqual({ ok: false, problem: 'invalid' });
    expect(checkExpiry({ year: '2026', month: '04', day: '31' })).toEqual({ ok: false, problem: 'invalid' });
    expect(checkExpiry({ year: '2026', month: '00', day: '10' })).toEqual({ ok: false, problem: 'invalid' });
    expect(checkExpiry({ year: '2026', month: '01', day: '00' })).toEqual({ ok: false, problem: 'invalid' });
  });

  it("takes the chip's YYYYMMDD (2nd gen, C5) apart, and ignores a malformed one", () => {
    expect(expiryFromCard('20310331')).toEqual({ year: '2031', month: '03', day: '31' });
    expect(expiryFromCard(undefined)).toBeUndefined();
    expect(expiryFromCard('2031033')).toBeUndefined();
    expect(expiryFromCard('20310231')).toBeUndefined();
  });
});

describe('revocation: settings', () => {
  it('allows https, and plain http only to 127.0.0.1 (the test stand-in)', async () => {
    const manifestJson = JSON.parse(await readFile(join(PLUGINS_ROOT, 'revocation', 'package.json'), 'utf8'));
    const declaration = manifestJson.contributes.settings.serviceUrl as SettingDeclaration;
    for (const ok of ['https://lapse-immi.moj.go.jp/ZEC/appl/e0/ZEC2/pages/FZECST011.aspx', 'https://example.go.jp', 'http://127.0.0.1:4567/inquiry']) {
      expect(checkSettingValue(declaration, ok), ok).toBeUndefined();
      expect(serviceOrigin(ok), ok).toBeDefined();
    }
    for (const bad of ['http://lapse-immi.moj.go.jp/', 'http://localhost:4567/', 'http://127.0.0.1.evil.example/', 'ftp://x', 'https://user@host/', 'javascript:alert(1)']) {
      expect(checkSettingValue(declaration, bad) !== undefined || serviceOrigin(bad) === undefined, bad).toBe(true);
    }
    expect(serviceOrigin('http://127.0.0.1:4567/inquiry?x=1')).toBe('http://127.0.0.1:4567');
  });

  it('declares every setting with a default, and the config can override them', async () => {
    const kernel = await kernelWithBuiltinPlugins({
      pluginSettings: { revocation: { serviceUrl: 'http://127.0.0.1:9/inquiry', numberSelector: '#number', timeoutSeconds: 5 } },
    });
    expect(kernel.plugins.stateOf('revocation')).toBe('enabled');
    const settings = kernel.contributions.settingsOf('revocation');
    expect(Object.keys(settings).sort()).toEqual(
      ['antiAbuseSelector', 'daySelector', 'maintenanceEnd', 'maintenanceStart', 'monthSelector', 'numberSelector', 'serviceUrl', 'submitSelector', 'timeoutSeconds', 'yearSelector'].sort(),
    );
    expect(settings.serviceUrl?.default).toBe('https://lapse-immi.moj.go.jp/ZEC/appl/e0/ZEC2/pages/FZECST011.aspx');
  });

  it('disables the plugin (with a reason) for a service address that is neither https nor loopback http', async () => {
    const kernel = await kernelWithBuiltinPlugins({ pluginSettings: { revocation: { serviceUrl: 'http://inquiry.example/' } } });
    expect(kernel.plugins.stateOf('revocation')).toBe('disabled');
  });
});

describe('PluginContext.host.restrictedBrowser()', () => {
  const source = (seen: (context: PluginContext) => void) =>
    new MemoryPluginSource('probe', { 'package.json': manifest('probe', { activationEvents: ['onStartup'] }) }, { activate: seen });

  it('is the restricted browser the host passed to createKernel', async () => {
    const browser: RestrictedBrowser = { open: () => ({ mount() {}, onEvent: () => ({ dispose() {} }), close: async () => {} }) };
    const kernel = await createKernel({ config: defaultKioskConfig, shellMessages, restrictedBrowser: browser });
    let received: RestrictedBrowser | undefined;
    await kernel.plugins.load([source((context) => (received = context.host.restrictedBrowser()))]);
    expect(received).toBe(browser);
  });

  it('is undefined when the host has none', async () => {
    const kernel = await createKernel({ config: defaultKioskConfig, shellMessages });
    let received: RestrictedBrowser | undefined | null = null;
    await kernel.plugins.load([source((context) => (received = context.host.restrictedBrowser()))]);
    expect(received).toBeUndefined();
  });
});

describe('maintenance window in words', () => {
  it("writes times of day as the manual does, in both languages, with the window's length", async () => {
    const { spokenTime, maintenanceHours } = await import('../../plugins/revocation/maintenance');
    expect([spokenTime('20:00', 'ja'), spokenTime('23:00', 'ja'), spokenTime('08:30', 'ja'), spokenTime('12:00', 'ja')]).toEqual(['午後8時', '午後11時', '午前8時30分', '午後0時']);
    expect([spokenTime('20:00', 'en'), spokenTime('08:30', 'en'), spokenTime('00:00', 'en'), spokenTime('12:00', 'en')]).toEqual(['8 p.m.', '8:30 a.m.', '12 a.m.', '12 p.m.']);
    expect([maintenanceHours('20:00', '23:00'), maintenanceHours('23:00', '01:30'), maintenanceHours('20:00', '20:20')]).toEqual([3, 3, 1]);
  });
});
