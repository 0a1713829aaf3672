import { verify, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printedEntriesSignedValues } from '../../plugins/residence-card/emulator/printed-entries';
import { SAMPLE_PROFILES, type Gen1Profile, type Gen2Profile } from '../../plugins/residence-card/emulator/profiles';
import { base64ToBytes } from '../../plugins/residence-card/emulator/sample-assets';
import { SAMPLE_ASSETS } from '../../plugins/residence-card/emulator/samples.generated';
import { gen1SignedData, gen2SignedData } from '../../plugins/residence-card/verification/signed-data';

/** The committed samples are self-consistent: signatures, certificates, trust store and image formats. */

const fixtures = join(import.meta.dirname, '../fixtures/sample-cards');
const derFiles = (folder: string) =>
  readdirSync(join(fixtures, folder))
    .filter((name) => name.endsWith('.der'))
    .map((name) => new X509Certificate(readFileSync(join(fixtures, folder, name))));
const trustStore = derFiles('trust-store');
const untrusted = derFiles('untrusted-ca');

const card = (profileId: string) => {
  const assets = SAMPLE_ASSETS.cards[profileId];
  if (!assets) throw new Error(`no assets for ${profileId}`);
  const image = (id: string | undefined) => (id === undefined ? new Uint8Array(0) : base64ToBytes(SAMPLE_ASSETS.images[id] ?? ''));
  const certificateDer = assets.certificate === undefined ? undefined : SAMPLE_ASSETS.certificates[assets.certificate];
  return {
    frontImage: image(assets.frontImage),
    faceImage: image(assets.faceImage),
    nameImage: image(assets.nameImage),
    signature: assets.signature === undefined ? undefined : base64ToBytes(assets.signature),
    certificate: certificateDer === undefined ? undefined : new X509Certificate(Buffer.from(certificateDer, 'base64')),
  };
};

const signedProfiles = SAMPLE_PROFILES.filter(
  (profile): profile is Gen1Profile | Gen2Profile => (profile.kind === 'gen1' || profile.kind === 'gen2') && profile.signature.kind !== 'absent',
);

function signatureVerifies(profile: Gen1Profile | Gen2Profile): boolean {
  const { frontImage, faceImage, nameImage, signature, certificate } = card(profile.id);
  if (!signature || !certificate) throw new Error(`${profile.id} is not signed`);
  if (profile.kind === 'gen1') return verify('sha256', gen1SignedData(frontImage, faceImage), certificate.publicKey, signature);
  const data = gen2SignedData(printedEntriesSignedValues(profile.printed), faceImage, nameImage);
  return verify('sha256', data, { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
}

describe('sample signatures (node:crypto)', () => {
  it.each(signedProfiles.map((profile) => [profile.id, profile] as const))('%s', (_id, profile) => {
    expect(signatureVerifies(profile)).toBe(profile.signature.kind !== 'altered-after-signing');
    const { signature, certificate } = card(profile.id);
    if (profile.kind === 'gen1') {
      expect(signature).toHaveLength(256);
      expect(certificate?.publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048 });
    } else {
      expect(signature).toHaveLength(96);
      expect(certificate?.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'secp384r1' });
    }
  });

  it('forged samples would verify with the original image: only the image was changed', () => {
    const forged = SAMPLE_PROFILES.filter((profile) => (profile.kind === 'gen1' || profile.kind === 'gen2') && profile.signature.kind === 'altered-after-signing');
    expect(forged.map((profile) => profile.id).sort()).toEqual(['gen1-forged-front-image', 'gen2-forged-face']);
    const original = card('gen1-residence-work-permitted');
    const altered = card('gen1-forged-front-image');
    expect(altered.faceImage).toEqual(original.faceImage);
    expect(altered.frontImage).not.toEqual(original.frontImage);
  });

  it('under-age samples carry neither photo nor signature', () => {
    for (const id of ['gen1-under-16', 'gen2-under-1']) {
      const assets = SAMPLE_ASSETS.cards[id];
      expect(assets?.faceImage).toBeUndefined();
      expect(assets?.signature).toBeUndefined();
      expect(assets?.certificate).toBeUndefined();
    }
  });
});

describe('sample certificates and test trust store', () => {
  it('the trust store holds the two self-signed TEST roots, CA:TRUE pathlen:0, as in the generated module', () => {
    expect(trustStore.map((root) => root.subject.split('\n').find((line) => line.startsWith('CN='))).sort()).toEqual([
      'CN=ZairyuCard CA (TEST)',
      'CN=ZairyuCard CA2 (TEST)',
    ]);
    const basicConstraintsCaPathLen0 = Buffer.from('30060101ff020100', 'hex');
    for (const root of trustStore) {
      expect(root.subject).toContain('C=JP\nO=Japanese Government (TEST)\nOU=The Ministry of Justice (TEST)');
      expect(root.ca).toBe(true);
      expect(root.raw.includes(basicConstraintsCaPathLen0)).toBe(true);
      expect(root.verify(root.publicKey)).toBe(true);
      expect(new Date(root.validTo).getTime()).toBeGreaterThan(Date.now());
    }
    const anchors = SAMPLE_ASSETS.testTrustAnchors.map((id) => Buffer.from(SAMPLE_ASSETS.certificates[id] ?? '', 'base64'));
    expect(anchors.map((der) => der.toString('hex')).sort()).toEqual(trustStore.map((root) => root.raw.toString('hex')).sort());
  });

  it('trusted samples chain to a trust-store root; the foreign issuer only to the untrusted root of the same name', () => {
    for (const profile of signedProfiles) {
      const certificate = card(profile.id).certificate!;
      expect(certificate.ca).toBe(false);
      const trustedIssuer = trustStore.find((root) => certificate.verify(root.publicKey));
      if (profile.signature.kind === 'issued' && profile.signature.issuer === 'untrusted') {
        expect(trustedIssuer).toBeUndefined();
        expect(untrusted.some((root) => certificate.verify(root.publicKey))).toBe(true);
        expect(trustStore.some((root) => root.subject === certificate.issuer)).toBe(true);
      } else {
        expect(trustedIssuer?.subject).toBe(certificate.issuer);
      }
    }
  });

  it('card certificates fit the DB (1200) and DD (602) fields', () => {
    for (const profile of signedProfiles) {
      expect(card(profile.id).certificate!.raw.length).toBeLessThanOrEqual(profile.kind === 'gen1' ? 1200 : 602);
    }
  });
});

describe('sample images', () => {
  const compressionTag = (bytes: Uint8Array): number | undefined => {
    const view = Buffer.from(bytes);
    const little = view.toString('latin1', 0, 2) === 'II';
    const u16 = (offset: number) => (little ? view.readUInt16LE(offset) : view.readUInt16BE(offset));
    const u32 = (offset: number) => (little ? view.readUInt32LE(offset) : view.readUInt32BE(offset));
    if (u16(2) !== 42) return undefined;
    const ifd = u32(4);
    for (let entry = 0; entry < u16(ifd); entry += 1) if (u16(ifd + 2 + entry * 12) === 259) return u16(ifd + 2 + entry * 12 + 8);
    return undefined;
  };

  it('are CCITT G4 TIFFs and JPEG 2000 files within their field sizes', () => {
    const limits: Record<string, number> = { 'gen1-front': 7000, 'gen2-name': 2500, 'gen2-address': 2500, face: 3000 };
    for (const [id, base64] of Object.entries(SAMPLE_ASSETS.images)) {
      const bytes = base64ToBytes(base64);
      const kind = id.replace(/-[0-9a-f]{8}$/, '');
      expect(bytes.length, id).toBeLessThanOrEqual(limits[kind] ?? 0);
      if (kind === 'face') expect(Buffer.from(bytes.subarray(0, 12)).toString('hex'), id).toBe('0000000c6a5020200d0a870a');
      else expect(compressionTag(bytes), id).toBe(4);
    }
  });
});
