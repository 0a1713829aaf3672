import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PINNED_ISA_ROOTS, PRODUCTION_PINNED_ROOTS, type PinnedRoot } from './pinned-roots';
import { makeTestRoot, type TestRoot } from './test-roots.test-support';
import { TrustStore, type TrustStoreFile } from './trust-store';

let rsaRoot: TestRoot;
let ecRoot: TestRoot;
beforeAll(() => {
  rsaRoot = makeTestRoot('rsa');
  ecRoot = makeTestRoot('ec-p384', 3650);
});

const files = (...list: TrustStoreFile[]) => ({ list: () => Promise.resolve(list) });
const pinFor = (sha256: string, purpose: PinnedRoot['purpose'] = 'production'): PinnedRoot => ({
  commonName: 'Test ZairyuCard CA',
  keyType: 'RSA-2048',
  validFrom: '2026-01-01',
  validUntil: '2036-01-01',
  archive: 'test.zip',
  sha256,
  purpose,
});

describe('TrustStore.forProduction', () => {
  it('refuses a file whose fingerprint is not pinned, and records its name, reason and fingerprint', async () => {
    const store = await TrustStore.forProduction(files({ name: 'unknown.cer', bytes: rsaRoot.der }));
    expect(store.profile).toBe('production');
    expect(store.isTestProfile).toBe(false);
    expect(store.roots).toEqual([]);
    expect(store.refused).toEqual([{ name: 'unknown.cer', reason: 'fingerprint-not-pinned', fingerprint: rsaRoot.opensslFingerprint }]);
    expect(store.missingPinnedRoots).toEqual(PRODUCTION_PINNED_ROOTS);
    expect(store.presentPinnedRoots).toEqual([]);
  });

  it('accepts pinned roots in DER and PEM, pinning the SHA-256 of the DER', async () => {
    const pins = [pinFor(rsaRoot.opensslFingerprint), pinFor(ecRoot.opensslFingerprint), pinFor('00'.repeat(32))];
    const store = await TrustStore.forProduction(files({ name: 'rsa.cer', bytes: rsaRoot.der }, { name: 'ec.pem', bytes: ecRoot.pem }), { pinnedRoots: pins });
    expect(store.refused).toEqual([]);
    expect(store.roots.map((root) => [root.name, root.keyType, root.fingerprint])).toEqual([
      ['rsa.cer', 'RSA-2048', rsaRoot.opensslFingerprint],
      ['ec.pem', 'EC P-384', ecRoot.opensslFingerprint],
    ]);
    expect(Buffer.from(store.roots[1]?.der ?? [])).toEqual(Buffer.from(ecRoot.der));
    expect(store.roots[0]?.subject).toBe('C=JP, O=Japanese Government, OU=The Ministry of Justice, CN=Test ZairyuCard CA');
    expect(store.roots[0]?.pinned).toBe(pins[0]);
    expect(store.presentPinnedRoots).toEqual([pins[0], pins[1]]);
    expect(store.missingPinnedRoots).toEqual([pins[2]]);
  });

  it('does not admit a PEM file by a pin over the PEM text', async () => {
    const pemTextHash = createHash('sha256').update(rsaRoot.pem).digest('hex');
    const store = await TrustStore.forProduction(files({ name: 'root.pem', bytes: rsaRoot.pem }), { pinnedRoots: [pinFor(pemTextHash)] });
    expect(store.roots).toEqual([]);
    expect(store.refused).toEqual([{ name: 'root.pem', reason: 'fingerprint-not-pinned', fingerprint: rsaRoot.opensslFingerprint }]);
  });

  it('never admits the ISA test root, even though it is pinned', async () => {
    const store = await TrustStore.forProduction(files({ name: 'isa-test.cer', bytes: rsaRoot.der }), {
      pinnedRoots: [pinFor(rsaRoot.opensslFingerprint, 'isaTest')],
    });
    expect(store.roots).toEqual([]);
    expect(store.refused[0]?.reason).toBe('isa-test-root-in-production');
    expect(store.missingPinnedRoots).toEqual([]);
  });

  it('refuses garbage and duplicates with a reason instead of failing', async () => {
    const store = await TrustStore.forProduction(
      files(
        { name: 'notes.pem', bytes: new TextEncoder().encode('not a certificate') },
        { name: 'random.der', bytes: new Uint8Array([0x30, 0x03, 0x01, 0x02, 0x03]) },
        { name: 'empty.cer', bytes: new Uint8Array() },
        { name: 'a.cer', bytes: rsaRoot.der },
        { name: 'a-again.pem', bytes: rsaRoot.pem },
      ),
      { pinnedRoots: [pinFor(rsaRoot.opensslFingerprint)] },
    );
    expect(store.roots.map((root) => root.name)).toEqual(['a.cer']);
    expect(store.refused.map(({ name, reason }) => [name, reason])).toEqual([
      ['notes.pem', 'not-a-certificate-file'],
      ['random.der', 'fingerprint-not-pinned'],
      ['empty.cer', 'empty-file'],
      ['a-again.pem', 'duplicate-certificate'],
    ]);
  });

  it('defaults to the pins of chip spec §6', async () => {
    const store = await TrustStore.forProduction(files());
    expect(store.missingPinnedRoots.map((pin) => pin.sha256)).toEqual(
      PINNED_ISA_ROOTS.filter((pin) => pin.purpose === 'production').map((pin) => pin.sha256),
    );
  });
});

describe('TrustStore.forTesting', () => {
  it('accepts the given roots without pinning and says it is the test profile', () => {
    const store = TrustStore.forTesting([{ name: 'throwaway.pem', bytes: ecRoot.pem }]);
    expect(store.profile).toBe('test');
    expect(store.isTestProfile).toBe(true);
    expect(store.roots.map((root) => [root.name, root.pinned])).toEqual([['throwaway.pem', undefined]]);
    expect(store.missingPinnedRoots).toEqual([]);
  });

  it('refuses an unparseable certificate with a reason', () => {
    const store = TrustStore.forTesting([{ name: 'broken.der', bytes: new Uint8Array([0x30, 0x03, 0x01, 0x02, 0x03]) }, { name: 'cut.der', bytes: rsaRoot.der.subarray(0, 300) }]);
    expect(store.roots).toEqual([]);
    expect(store.refused.map(({ name, reason }) => [name, reason])).toEqual([
      ['broken.der', 'certificate-unparseable'],
      ['cut.der', 'certificate-unparseable'],
    ]);
  });
});

describe('root validity', () => {
  it('keeps expired roots and reports them separately', () => {
    const store = TrustStore.forTesting([{ name: 'rsa.cer', bytes: rsaRoot.der }, { name: 'ec.cer', bytes: ecRoot.der }]);
    const later = new Date(Date.now() + 60 * 24 * 60 * 60 * 1000); // rsaRoot lasts 30 days, ecRoot 10 years
    expect(store.validityNotices(later)).toEqual([{ name: 'rsa.cer', fingerprint: rsaRoot.opensslFingerprint, reason: 'root-expired' }]);
    expect(store.roots).toHaveLength(2);
    expect(store.validityNotices(new Date())).toEqual([]);
    expect(store.validityNotices(new Date('2000-01-01T00:00:00Z')).map((notice) => notice.reason)).toEqual(['root-not-yet-valid', 'root-not-yet-valid']);
  });
});
