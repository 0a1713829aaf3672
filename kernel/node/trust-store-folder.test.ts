import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KioskErrorCode } from '../errors/kiosk-error';
import { makeTestRoot } from '../trust/test-roots.test-support';
import { TrustStore } from '../trust/trust-store';
import { trustStoreFolder } from './trust-store-folder';

const folder = mkdtempSync(join(tmpdir(), 'zairyu-trust-folder-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('trustStoreFolder', () => {
  it('lists the certificate files of the folder in name order and ignores everything else', async () => {
    writeFileSync(join(folder, 'b.PEM'), 'pem');
    writeFileSync(join(folder, 'a.cer'), new Uint8Array([1, 2]));
    writeFileSync(join(folder, 'c.crt'), '');
    writeFileSync(join(folder, 'd.der'), '');
    writeFileSync(join(folder, 'readme.txt'), 'ignored');
    writeFileSync(join(folder, '001460777.zip'), 'ignored');
    mkdirSync(join(folder, 'old.der'));
    const files = await trustStoreFolder(folder).list();
    expect(files.map((file) => file.name)).toEqual(['a.cer', 'b.PEM', 'c.crt', 'd.der']);
    expect(files[0]?.bytes).toEqual(new Uint8Array([1, 2]));
    expect(files[0]?.bytes).toBeInstanceOf(Uint8Array);
  });

  it('reports an unreadable folder as a configuration error', async () => {
    await expect(trustStoreFolder(join(folder, 'missing')).list()).rejects.toMatchObject({ code: KioskErrorCode.invalidConfig });
  });

  it('feeds the production trust store, which decides by fingerprint', async () => {
    const root = makeTestRoot('ec-p384');
    const storeFolder = join(folder, 'store');
    mkdirSync(storeFolder);
    writeFileSync(join(storeFolder, 'pinned.pem'), root.pem);
    writeFileSync(join(storeFolder, 'stranger.cer'), makeTestRoot('rsa').der);
    const store = await TrustStore.forProduction(trustStoreFolder(storeFolder), {
      pinnedRoots: [{ commonName: 'Test', keyType: 'EC P-384', validFrom: '', validUntil: '', archive: '', sha256: root.opensslFingerprint, purpose: 'production' }],
    });
    expect(store.roots.map((entry) => entry.name)).toEqual(['pinned.pem']);
    expect(store.refused.map((entry) => [entry.name, entry.reason])).toEqual([['stranger.cer', 'fingerprint-not-pinned']]);
  });
});
