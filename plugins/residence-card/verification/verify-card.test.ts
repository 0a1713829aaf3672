import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { gen1SignedData, gen2SignedData } from './signed-data';
import {
  daysFromNow,
  makeCertificate,
  opensslVerify,
  productionAnchors,
  signCardData,
  testAnchors,
  type TestCertificate,
} from './throwaway-pki.test-support';
import { verifyGen1, verifyGen2, type Gen1VerificationInput, type Gen2VerificationInput } from './verify-card';

let rsaRoot: TestCertificate;
let rsaCard: TestCertificate;
let ecRoot: TestCertificate;
let ecCard: TestCertificate;

beforeAll(() => {
  rsaRoot = makeCertificate({ commonName: 'Test ZairyuCard CA', keyType: 'rsa-2048' });
  rsaCard = makeCertificate({ commonName: 'Test card', keyType: 'rsa-2048', issuer: rsaRoot });
  ecRoot = makeCertificate({ commonName: 'Test ZairyuCard CA2', keyType: 'ec-p384' });
  ecCard = makeCertificate({ commonName: 'Test card', keyType: 'ec-p384', issuer: ecRoot });
});

function gen1Card(card: TestCertificate = rsaCard, overrides: Partial<Gen1VerificationInput> = {}): Gen1VerificationInput {
  const frontImage = randomBytes(6500);
  const faceImage = randomBytes(2800);
  return {
    frontImage,
    faceImage,
    signature: signCardData(gen1SignedData(frontImage, faceImage), card.privateKey),
    certificate: card.der,
    trust: productionAnchors(rsaRoot),
    ...overrides,
  };
}

function gen2Card(card: TestCertificate = ecCard, encoding: 'ieee-p1363' | 'der' = 'ieee-p1363'): Gen2VerificationInput {
  const printedEntries = new TextEncoder().encode('2031060119900101' + '1' + 'VNM' + '0000000012' + '0503' + '01' + '20260401' + '2' + '20310601');
  const faceImage = randomBytes(2900);
  const nameImage = randomBytes(2400);
  return {
    printedEntries,
    faceImage,
    nameImage,
    signature: signCardData(gen2SignedData(printedEntries, faceImage, nameImage), card.privateKey, encoding),
    certificate: card.der,
    trust: productionAnchors(ecRoot),
  };
}

const flipByte = (bytes: Uint8Array, index: number): Uint8Array => {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
};

describe('verifyGen1 / verifyGen2: valid cards', () => {
  it('accepts a 1st-gen card signed with the DB key under a trusted RSA root', async () => {
    const result = await verifyGen1(gen1Card());
    expect(result.tamperCheck).toEqual({ outcome: 'ok', reasons: ['signature-valid'] });
    expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted'] });
    expect(result.details.issuer?.root?.name).toBe('Test ZairyuCard CA');
    expect(result.details.issuer?.testTrustStore).toBe(false);
  });

  it('accepts a 2nd-gen card with a raw r‖s signature under a trusted P-384 root', async () => {
    const input = gen2Card();
    expect(input.signature).toHaveLength(96);
    const result = await verifyGen2(input);
    expect(result.tamperCheck).toEqual({ outcome: 'ok', reasons: ['signature-valid'] });
    expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted'] });
    expect(result.details.signatureEncoding).toBe('raw');
  });

  it('accepts a 2nd-gen DER-encoded ECDSA signature too', async () => {
    const input = gen2Card(ecCard, 'der');
    expect(input.signature?.[0]).toBe(0x30);
    const result = await verifyGen2(input);
    expect(result.tamperCheck.outcome).toBe('ok');
    expect(result.details.signatureEncoding).toBe('der');
  });

  it('accepts a card without a face image when the signature is there (the signature covers the zero padding)', async () => {
    const frontImage = randomBytes(100);
    const signature = signCardData(gen1SignedData(frontImage, new Uint8Array()), rsaCard.privateKey);
    const result = await verifyGen1(gen1Card(rsaCard, { frontImage, faceImage: undefined, signature }));
    expect(result.tamperCheck.outcome).toBe('ok');
  });

  it('makes certificates OpenSSL accepts as a strict one-level chain', () => {
    expect(opensslVerify(rsaRoot.der, rsaCard.der, new Date())).toContain('OK');
    expect(opensslVerify(ecRoot.der, ecCard.der, new Date())).toContain('OK');
  });
});

describe('改ざん検証 (tamper check)', () => {
  it('fails when one byte of the 1st-gen front or face image changed, while the issuer stays trusted', async () => {
    const input = gen1Card();
    for (const changed of [{ frontImage: flipByte(input.frontImage, 1234) }, { faceImage: flipByte(input.faceImage ?? new Uint8Array(), 0) }]) {
      const result = await verifyGen1({ ...input, ...changed });
      expect(result.tamperCheck).toEqual({ outcome: 'ng', reasons: ['signature-mismatch'] });
      expect(result.issuerCheck.outcome).toBe('ok');
    }
  });

  it('fails when a 2nd-gen printed entry, face or name image changed', async () => {
    const input = gen2Card();
    for (const changed of [
      { printedEntries: flipByte(input.printedEntries, 0) },
      { faceImage: flipByte(input.faceImage ?? new Uint8Array(), 2000) },
      { nameImage: flipByte(input.nameImage, 5) },
    ]) {
      const result = await verifyGen2({ ...input, ...changed });
      expect(result.tamperCheck).toEqual({ outcome: 'ng', reasons: ['signature-mismatch'] });
      expect(result.issuerCheck.outcome).toBe('ok');
    }
  });

  it('fails on a signature made with another key', async () => {
    const other = makeCertificate({ commonName: 'Other card', keyType: 'ec-p384', issuer: ecRoot });
    const input = gen2Card();
    const result = await verifyGen2({ ...input, signature: gen2Card(other).signature });
    expect(result.tamperCheck.reasons).toEqual(['signature-mismatch']);
  });

  it('reports truncated and wrong-length signatures as ng, without throwing', async () => {
    const gen1 = gen1Card();
    expect((await verifyGen1({ ...gen1, signature: gen1.signature?.subarray(0, 255) })).tamperCheck).toEqual({
      outcome: 'ng',
      reasons: ['signature-length-invalid'],
    });
    expect((await verifyGen1({ ...gen1, signature: new Uint8Array(512).fill(1) })).tamperCheck.reasons).toEqual(['signature-length-invalid']);

    const raw = gen2Card();
    expect((await verifyGen2({ ...raw, signature: raw.signature?.subarray(1) })).tamperCheck.reasons).toEqual(['signature-length-invalid']);
    const der = gen2Card(ecCard, 'der');
    expect((await verifyGen2({ ...der, signature: der.signature?.subarray(0, der.signature.length - 3) })).tamperCheck.reasons).toEqual([
      'signature-malformed',
    ]);
  });

  it('reports a key of the wrong type as ng', async () => {
    const ecForGen1 = makeCertificate({ commonName: 'EC card', keyType: 'ec-p384', issuer: rsaRoot });
    expect((await verifyGen1(gen1Card(rsaCard, { certificate: ecForGen1.der }))).tamperCheck.reasons).toEqual(['unexpected-key-type']);

    const rsaForGen2 = makeCertificate({ commonName: 'RSA card', keyType: 'rsa-2048', issuer: ecRoot });
    expect((await verifyGen2({ ...gen2Card(), certificate: rsaForGen2.der })).tamperCheck.reasons).toEqual(['unexpected-key-type']);

    const p256 = makeCertificate({ commonName: 'P-256 card', keyType: 'ec-p256', issuer: ecRoot });
    expect((await verifyGen2({ ...gen2Card(), certificate: p256.der })).tamperCheck.reasons).toEqual(['unexpected-key-type']);

    const rsa1024 = makeCertificate({ commonName: 'Short RSA card', keyType: 'rsa-1024', issuer: rsaRoot });
    expect((await verifyGen1(gen1Card(rsaCard, { certificate: rsa1024.der }))).tamperCheck.reasons).toEqual(['unexpected-key-type']);
  });

  it('reports a garbage certificate as ng in both checks, without throwing', async () => {
    for (const garbage of [randomBytes(600), new Uint8Array([0x30, 0x82, 0x02, 0x56, 0x30]), rsaCard.der.subarray(0, 400), new Uint8Array([...rsaCard.der, 0])]) {
      const result = await verifyGen1(gen1Card(rsaCard, { certificate: garbage }));
      expect(result.tamperCheck).toEqual({ outcome: 'ng', reasons: ['certificate-unparseable'] });
      expect(result.issuerCheck).toEqual({ outcome: 'ng', reasons: ['certificate-unparseable'] });
    }
  });

  it('reports a missing signature or certificate as ng when the card has a face image', async () => {
    const input = gen1Card();
    const noSignature = await verifyGen1({ ...input, signature: undefined });
    expect(noSignature.tamperCheck.reasons).toEqual(['signature-missing']);
    expect(noSignature.issuerCheck.outcome).toBe('ok');

    const noCertificate = await verifyGen1({ ...input, certificate: new Uint8Array() });
    expect(noCertificate.tamperCheck.reasons).toEqual(['certificate-missing']);
    expect(noCertificate.issuerCheck).toEqual({ outcome: 'ng', reasons: ['certificate-missing'] });
  });

  it('reports an image longer than its signed field as ng', async () => {
    const result = await verifyGen1(gen1Card(rsaCard, { faceImage: new Uint8Array(3001).fill(1) }));
    expect(result.tamperCheck.reasons).toEqual(['signed-data-oversize']);
  });
});

describe('発行元検証 (issuer check)', () => {
  it('fails for a card signed by a CA that is not in the store, while the signature itself is fine', async () => {
    const impostorRoot = makeCertificate({ commonName: 'Test ZairyuCard CA', keyType: 'rsa-2048' }); // same name, other key
    const impostorCard = makeCertificate({ commonName: 'Card', keyType: 'rsa-2048', issuer: impostorRoot });
    const sameName = await verifyGen1(gen1Card(impostorCard));
    expect(sameName.tamperCheck.outcome).toBe('ok');
    expect(sameName.issuerCheck).toEqual({ outcome: 'ng', reasons: ['untrusted-issuer', 'issuer-signature-mismatch'] });

    const strangerRoot = makeCertificate({ commonName: 'Somebody CA', keyType: 'ec-p384' });
    const strangerCard = makeCertificate({ commonName: 'Card', keyType: 'ec-p384', issuer: strangerRoot });
    const otherName = await verifyGen2(gen2Card(strangerCard));
    expect(otherName.tamperCheck.outcome).toBe('ok');
    expect(otherName.issuerCheck).toEqual({ outcome: 'ng', reasons: ['untrusted-issuer'] });
    expect(otherName.details.issuer?.root).toBeUndefined();
  });

  it('finds the issuing root among several with the same name (four ISA roots are all "ZairyuCard CA")', async () => {
    const older = makeCertificate({ commonName: 'Test ZairyuCard CA', keyType: 'rsa-2048' });
    const result = await verifyGen1(gen1Card(rsaCard, { trust: productionAnchors(older, rsaRoot) }));
    expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted'] });
  });

  it('keeps an expired root: a card issued while it was valid verifies, with root-expired reported', async () => {
    const oldRoot = makeCertificate({
      commonName: 'Test ZairyuCard CA',
      keyType: 'rsa-2048',
      notBefore: new Date('2015-06-06T00:00:00Z'),
      notAfter: new Date('2025-09-06T00:00:00Z'),
    });
    const oldCard = makeCertificate({
      commonName: 'Card',
      keyType: 'rsa-2048',
      issuer: oldRoot,
      notBefore: new Date('2020-01-10T00:00:00Z'),
      notAfter: new Date('2027-01-10T00:00:00Z'),
    });
    const result = await verifyGen1(gen1Card(oldCard, { trust: productionAnchors(oldRoot), now: new Date('2026-06-01T00:00:00Z') }));
    expect(result.tamperCheck.outcome).toBe('ok');
    expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted', 'root-expired'] });
    expect(result.details.issuer?.rootExpired).toBe(true);
    expect(opensslVerify(oldRoot.der, oldCard.der, new Date('2021-01-01T00:00:00Z'))).toContain('OK');
  });

  it('reports an expired card certificate without failing the check', async () => {
    const expiredCard = makeCertificate({ commonName: 'Card', keyType: 'ec-p384', issuer: ecRoot, notBefore: daysFromNow(-30), notAfter: daysFromNow(-1) });
    const result = await verifyGen2(gen2Card(expiredCard));
    expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted', 'certificate-expired'] });
    expect(result.details.issuer?.certificateExpired).toBe(true);
  });

  it('fails a card certificate that starts after its root expired', async () => {
    const oldRoot = makeCertificate({ commonName: 'Old CA', keyType: 'ec-p384', notBefore: daysFromNow(-100), notAfter: daysFromNow(-10) });
    const lateCard = makeCertificate({ commonName: 'Card', keyType: 'ec-p384', issuer: oldRoot, notBefore: daysFromNow(-5) });
    const result = await verifyGen2({ ...gen2Card(lateCard), trust: productionAnchors(oldRoot) });
    expect(result.issuerCheck).toEqual({ outcome: 'ng', reasons: ['certificate-issued-after-root-expiry'] });
  });

  it('says when the trust store is the test profile', async () => {
    const result = await verifyGen2({ ...gen2Card(), trust: testAnchors(ecRoot) });
    expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted', 'test-trust-store'] });
    expect(result.details.issuer?.testTrustStore).toBe(true);
  });

  it('fails with no-trust-anchors when the store is empty', async () => {
    const result = await verifyGen2({ ...gen2Card(), trust: productionAnchors() });
    expect(result.issuerCheck).toEqual({ outcome: 'ng', reasons: ['untrusted-issuer', 'no-trust-anchors'] });
  });

  it('fails a card certificate that is itself a CA', async () => {
    const caCard = makeCertificate({ commonName: 'Card', keyType: 'ec-p384', issuer: ecRoot, certificateAuthority: true });
    const result = await verifyGen2(gen2Card(caCard));
    expect(result.tamperCheck.outcome).toBe('ok');
    expect(result.issuerCheck).toEqual({ outcome: 'ng', reasons: ['card-certificate-is-ca'] });
  });

  it('refuses a root that is not a pathlen-0 CA', async () => {
    for (const rootOptions of [{ certificateAuthority: false }, { pathLength: 1 }]) {
      const root = makeCertificate({ commonName: 'Odd CA', keyType: 'ec-p384', ...rootOptions });
      const card = makeCertificate({ commonName: 'Card', keyType: 'ec-p384', issuer: root });
      const result = await verifyGen2({ ...gen2Card(card), trust: productionAnchors(root) });
      expect(result.issuerCheck).toEqual({ outcome: 'ng', reasons: ['untrusted-issuer', 'root-constraints-invalid'] });
    }
  });

  it('tolerates a root without pathlen and a root signing with SHA-384', async () => {
    const root = makeCertificate({ commonName: 'CA without pathlen', keyType: 'ec-p384', pathLength: 'absent' });
    const card = makeCertificate({ commonName: 'Card', keyType: 'ec-p384', issuer: root, hash: 'sha384' });
    const result = await verifyGen2({ ...gen2Card(card), trust: productionAnchors(root) });
    expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted'] });
  });

  it('refuses a root with an RSA key shorter than 2048 bits', async () => {
    const weakRoot = makeCertificate({ commonName: 'Weak CA', keyType: 'rsa-1024' });
    const card = makeCertificate({ commonName: 'Card', keyType: 'rsa-2048', issuer: weakRoot });
    const result = await verifyGen1(gen1Card(card, { trust: productionAnchors(weakRoot) }));
    expect(result.issuerCheck).toEqual({ outcome: 'ng', reasons: ['untrusted-issuer', 'unexpected-key-type'] });
  });
});

describe('cards of holders under 16 (1st gen) / under 1 (2nd gen)', () => {
  it('are not applicable, never ng, when the face image and the signature objects are absent', async () => {
    const gen1 = await verifyGen1({ frontImage: randomBytes(5000), faceImage: undefined, signature: undefined, certificate: undefined, trust: productionAnchors(rsaRoot) });
    const notApplicable = { outcome: 'notApplicable', reasons: ['no-signature-under-age'] };
    expect(gen1.tamperCheck).toEqual(notApplicable);
    expect(gen1.issuerCheck).toEqual(notApplicable);
    expect(gen1.details.unsignedUnderAgeCard).toBe(true);

    const gen2 = await verifyGen2({ ...gen2Card(), faceImage: undefined, signature: undefined, certificate: undefined });
    expect(gen2.tamperCheck).toEqual(notApplicable);
    expect(gen2.issuerCheck).toEqual(notApplicable);
  });

  it('are not applicable when the objects are present but empty or zero-filled', async () => {
    for (const empty of [
      { faceImage: new Uint8Array(), signature: new Uint8Array(), certificate: new Uint8Array() },
      { faceImage: new Uint8Array(), signature: new Uint8Array(256), certificate: new Uint8Array(1200) },
      { faceImage: new Uint8Array(3000), signature: new Uint8Array(), certificate: rsaCard.der },
    ]) {
      const result = await verifyGen1(gen1Card(rsaCard, empty));
      expect(result.tamperCheck.outcome).toBe('notApplicable');
      expect(result.issuerCheck.outcome).toBe('notApplicable');
    }
  });
});

describe('without WebCrypto (a page outside a secure context)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reports webcrypto-unavailable instead of a misleading reason or a crash', async () => {
    const input = gen2Card();
    vi.stubGlobal('crypto', undefined);
    const result = await verifyGen2(input);
    expect(result.tamperCheck).toEqual({ outcome: 'ng', reasons: ['webcrypto-unavailable'] });
    expect(result.issuerCheck).toEqual({ outcome: 'ng', reasons: ['webcrypto-unavailable'] });
  });
});
