import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TrustStore } from '../../../kernel/trust/trust-store';
import { gen2SignedData } from './signed-data';
import { makeCertificate, signCardData, toPem } from './throwaway-pki.test-support';
import type { IssuerTrustAnchors } from './trust-anchors';
import { verifyGen2 } from './verify-card';

// The kernel's TrustStore is what the kiosk passes in; this pins down that it fits the plugin's view of it.
describe('verification with the kernel TrustStore', () => {
  const root = makeCertificate({ commonName: 'Test ZairyuCard CA2', keyType: 'ec-p384' });
  const card = makeCertificate({ commonName: 'Card', keyType: 'ec-p384', issuer: root });
  const printedEntries = randomBytes(53);
  const faceImage = randomBytes(3000);
  const nameImage = randomBytes(2500);
  const signature = signCardData(gen2SignedData(printedEntries, faceImage, nameImage), card.privateKey);
  const verify = (trust: IssuerTrustAnchors) => verifyGen2({ printedEntries, faceImage, nameImage, signature, certificate: card.der, trust });

  it('trusts a test-profile root and flags the result as test', async () => {
    const store = TrustStore.forTesting([{ name: 'throwaway.pem', bytes: new TextEncoder().encode(toPem(root.der)) }]);
    const result = await verify(store);
    expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted', 'test-trust-store'] });
    expect(result.details.issuer?.root?.name).toBe('throwaway.pem');
  });

  it('trusts a pinned production root, and nothing when the root file is refused', async () => {
    const sha256 = createHash('sha256').update(root.der).digest('hex');
    const files = { list: () => Promise.resolve([{ name: 'ca2.cer', bytes: root.der }]) };
    const pin = { commonName: 'Test ZairyuCard CA2', keyType: 'EC P-384', validFrom: '', validUntil: '', archive: '', sha256, purpose: 'production' } as const;

    const pinned = await TrustStore.forProduction(files, { pinnedRoots: [pin] });
    expect((await verify(pinned)).issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted'] });

    const unpinned = await TrustStore.forProduction(files);
    expect(unpinned.refused.map((file) => file.reason)).toEqual(['fingerprint-not-pinned']);
    expect((await verify(unpinned)).issuerCheck).toEqual({ outcome: 'ng', reasons: ['untrusted-issuer', 'no-trust-anchors'] });
  });
});
