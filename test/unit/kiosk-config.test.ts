import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultKioskConfig, parseKioskConfigText, validateKioskConfig } from '../../kernel/config/kiosk-config';
import { configPathFrom, loadKioskConfigFile } from '../../kernel/node/config-file';

describe('kiosk config', () => {
  it('has defaults for everything: Japanese, automatic reader with demo fallback, a finite idle timeout', () => {
    expect(validateKioskConfig({})).toEqual(defaultKioskConfig);
    expect(defaultKioskConfig).toMatchObject({
      language: 'ja',
      reader: { name: 'auto', demo: 'auto', transmitTimeoutSeconds: 10 },
      idleTimeoutSeconds: 120,
      pluginFolders: [],
      trustStoreFolder: 'trust-store',
      auditLogFile: 'audit/zairyu-audit.jsonl',
    });
  });

  it('keeps an audit log by default; a path of the operator\'s, or null for none', () => {
    expect(validateKioskConfig({ auditLogFile: '/var/lib/zairyu/audit.jsonl' }).auditLogFile).toBe('/var/lib/zairyu/audit.jsonl');
    expect(validateKioskConfig({ auditLogFile: null }).auditLogFile).toBeNull();
    expect(() => validateKioskConfig({ auditLogFile: '' })).toThrow(/auditLogFile/);
    expect(() => validateKioskConfig({ auditLogFile: false })).toThrow(/auditLogFile/);
  });

  it('accepts a full config', () => {
    const config = validateKioskConfig({
      language: 'en',
      reader: { name: 'SONY FeliCa Port/PaSoRi 4.0 00 00', demo: 'never' },
      idleTimeoutSeconds: 60,
      idleWarningSeconds: 10,
      cardRemovalGraceSeconds: 5,
      pluginFolders: ['/opt/zairyu/plugins'],
      trustStoreFolder: '/etc/zairyu/trust-store',
      highContrast: true,
      pluginSettings: { revocation: { maintenanceStart: '20:00' } },
    });
    expect(config.reader.name).toBe('SONY FeliCa Port/PaSoRi 4.0 00 00');
  });

  it('lists every problem of a bad config, with its path, as INVALID_CONFIG', () => {
    expect(() =>
      validateKioskConfig({ language: 'fr', idleTimeoutSeconds: 5, reader: { demo: 'maybe' }, colour: 'blue' }, 'kiosk.config.json'),
    ).toThrowError(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        message: expect.stringMatching(/^kiosk\.config\.json: .*language.*reader\.demo.*idleTimeoutSeconds.*colour/s),
      }),
    );
    expect(() => validateKioskConfig({ idleTimeoutSeconds: 30, idleWarningSeconds: 40 })).toThrow(/idleWarningSeconds must be shorter/);
    expect(() => validateKioskConfig({ reader: { transmitTimeoutSeconds: 0 } })).toThrow(/reader\.transmitTimeoutSeconds/);
  });

  it('reports broken JSON with its position', () => {
    expect(() => parseKioskConfigText('{ "language": "ja", }', 'kiosk.config.json')).toThrow(/kiosk\.config\.json: not valid JSON/);
  });

  it('finds the file from --config, then $ZAIRYU_CONFIG, then ./kiosk.config.json (optional)', async () => {
    expect(configPathFrom('/etc/a.json', {})).toEqual({ path: '/etc/a.json', required: true });
    expect(configPathFrom(undefined, { ZAIRYU_CONFIG: '/etc/b.json' })).toEqual({ path: '/etc/b.json', required: true });
    expect(configPathFrom(undefined, {}).required).toBe(false);
    const folder = await mkdtemp(join(tmpdir(), 'zairyu-config-'));
    expect(await loadKioskConfigFile(join(folder, 'absent.json'), false)).toEqual(defaultKioskConfig);
    await expect(loadKioskConfigFile(join(folder, 'absent.json'), true)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await writeFile(join(folder, 'ok.json'), JSON.stringify({ language: 'en' }));
    expect((await loadKioskConfigFile(join(folder, 'ok.json'), true)).language).toBe('en');
  });
});
