import { describe, expect, it } from 'vitest';
import type { Logger, LogFields } from '../api/logger';
import { reportTrustStore } from './report-trust-store';
import { makeTestRoot } from './test-roots.test-support';
import { TrustStore } from './trust-store';

function recordingLogger(lines: { level: string; message: string; fields?: LogFields }[]): Logger {
  const logger: Logger = {
    debug: (message, fields) => void lines.push({ level: 'debug', message, ...(fields ? { fields } : {}) }),
    info: (message, fields) => void lines.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
    warn: (message, fields) => void lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
    error: (message, fields) => void lines.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
    child: () => logger,
  };
  return logger;
}

describe('trust store report at start-up', () => {
  it('tells the operator once about an expired root (kept), a refused file and the ISA roots not installed', async () => {
    const root = makeTestRoot('rsa');
    const store = await TrustStore.forProduction({ list: async () => [{ name: 'not-pinned.cer', bytes: root.der }] });
    const lines: { level: string; message: string; fields?: LogFields }[] = [];
    reportTrustStore(store, recordingLogger(lines));
    expect(lines.find((line) => line.message === 'trust store file refused')).toMatchObject({ level: 'error', fields: { file: 'not-pinned.cer' } });
    expect(lines.filter((line) => line.message === 'ISA root not installed').length).toBeGreaterThan(0);

    const test = TrustStore.forTesting([{ name: 'rsa.cer', bytes: root.der }]);
    const later = new Date(Date.now() + 60 * 24 * 60 * 60 * 1000);
    const expired: typeof lines = [];
    reportTrustStore(test, recordingLogger(expired), later);
    expect(expired).toEqual([{ level: 'warn', message: 'trust store root outside its validity (kept)', fields: { file: 'rsa.cer', reason: 'root-expired' } }]);
  });
});
