import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrustAnchors } from '../../../kernel/api';
import { parseGen1FaceImage, parseGen1FrontImage, parseGen1Signature } from '../../../plugins/residence-card/parsers/gen1-files';
import { parseGen2NameAndFace, parseGen2PrintedEntries, parseGen2Signature } from '../../../plugins/residence-card/parsers/gen2-files';
import { Gen1Files, Gen2Files } from '../../../plugins/residence-card/protocol/file-map';
import { ecdsaDerToRaw } from '../../../plugins/residence-card/verification/ecdsa-signature-encoding';
import { checkIssuer } from '../../../plugins/residence-card/verification/issuer';
import { gen1SignedData, gen2SignedData } from '../../../plugins/residence-card/verification/signed-data';
import { verifyGen1, verifyGen2, type CardVerification } from '../../../plugins/residence-card/verification/verify-card';
import {
  basicConstraints,
  certificateSignatureBytes,
  mayIssueCertificates,
  parseCertificate,
  publicKeyKind,
  subjectPublicKeyInfoDer,
  toBeSignedBytes,
} from '../../../plugins/residence-card/verification/x509';
import { sampleTrustAnchors } from '../../support/builtin-kernel';
import { assertProperty, sameBytes, testTimeout, withinTime, withinTimeAsync } from './fuzz-support';
import { applyMutations, concat, mutationsArbitrary, noise, payloadMutated, type Field } from './mutation';
import { sampleFile } from './samples';
import { tlvFields } from './structure';
import { expectWellFormedResult, samePublicKey, sameSignedCertificate } from './verification-oracle';

/**
 * 改ざん検証 and 発行元検証 over untrusted card bytes. Both checks promise never to throw: every failure is an 'ng'
 * with a reason. 'verification-error' is the safety net for a check that threw anyway, so it counts as a bug here.
 */

const GEN1 = 'gen1-residence-work-permitted';
const GEN2 = 'gen2-residence-comprehensive-28h';

const gen1Signature = parseGen1Signature(sampleFile(GEN1, 'DF3', Gen1Files.signature))!;
const gen1 = {
  frontImage: parseGen1FrontImage(sampleFile(GEN1, 'DF1', Gen1Files.frontImage)).bytes,
  faceImage: parseGen1FaceImage(sampleFile(GEN1, 'DF1', Gen1Files.faceImage))!.bytes,
  signature: gen1Signature.signature,
  certificate: gen1Signature.certificate,
};
const gen2Signature = parseGen2Signature(sampleFile(GEN2, 'DF3', Gen2Files.signature))!;
const gen2NameAndFace = parseGen2NameAndFace(sampleFile(GEN2, 'DF1', Gen2Files.nameAndFace));
const gen2 = {
  printedEntries: parseGen2PrintedEntries(sampleFile(GEN2, 'DF1', Gen2Files.printedEntries), true).signedBytes,
  faceImage: gen2NameAndFace.faceImage!.bytes,
  nameImage: gen2NameAndFace.nameImage.bytes,
  signature: gen2Signature.signature,
  certificate: gen2Signature.certificate,
};

const derFields = (der: Uint8Array): Field[] => tlvFields(der, { tagRule: 'iso7816', encapsulated: true });
const CERTIFICATES = { gen1: gen1.certificate, gen2: gen2.certificate };

let trust: TrustAnchors;
beforeAll(async () => {
  trust = await sampleTrustAnchors();
});

function expectVerification(verification: CardVerification): void {
  expectWellFormedResult(verification.tamperCheck);
  expectWellFormedResult(verification.issuerCheck);
}

/**
 * A DER input from `bases`, mutated through its ASN.1 structure (nested and encapsulated) and its bytes, or edited
 * in place so that it still parses and the checks behind the parser (names, keys, algorithms, dates) see it.
 */
function mutatedDer(bases: Readonly<Record<string, Uint8Array>>): fc.Arbitrary<[string, Uint8Array]> {
  return fc.constantFrom(...Object.keys(bases)).chain((name) => {
    const base = bases[name]!;
    const fields = derFields(base);
    const structural = mutationsArbitrary(fields, 3).map((mutations) => applyMutations(base, fields, mutations));
    return fc.oneof(structural, payloadMutated(base, 0, base.length)).map((bytes): [string, Uint8Array] => [name, bytes]);
  });
}

describe('certificate and signature path, fuzzed', () => {
  it('the samples verify as they are (the baseline the mutations break)', async () => {
    const first = await verifyGen1({ ...gen1, trust });
    const second = await verifyGen2({ ...gen2, trust });
    for (const verification of [first, second]) {
      expect(verification.tamperCheck.outcome).toBe('ok');
      expect(verification.issuerCheck.outcome).toBe('ok');
    }
  });

  it('X.509 parsing of random and mutated DER: a certificate or undefined, and its facts read without throwing', async () => {
    const roots = Object.fromEntries(trust.roots.map((root) => [root.name, root.der]));
    const der = fc.oneof({ arbitrary: noise(300), weight: 1 }, { arbitrary: mutatedDer({ ...CERTIFICATES, ...roots }).map(([, bytes]) => bytes), weight: 4 });
    await assertProperty(
      fc.property(der, (bytes) => {
        withinTime(500, () => {
          const certificate = parseCertificate(bytes);
          if (!certificate) return;
          publicKeyKind(certificate);
          basicConstraints(certificate);
          mayIssueCertificates(certificate);
          certificateSignatureBytes(certificate);
          toBeSignedBytes(certificate);
          subjectPublicKeyInfoDer(certificate);
        });
      }),
      { numRuns: 800, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));

  it('the issuer check of a mutated card certificate is well formed, and trusts only the bytes the root signed', async () => {
    await assertProperty(
      fc.asyncProperty(mutatedDer(CERTIFICATES), async ([name, mutated]) => {
        const original = CERTIFICATES[name as keyof typeof CERTIFICATES];
        const check = await withinTimeAsync(2000, () => checkIssuer(mutated, trust, new Date('2026-06-01T00:00:00Z')));
        expectWellFormedResult(check.result);
        // A trusted certificate must be the one the root signed: same to-be-signed bytes.
        if (check.result.outcome === 'ok') expect(sameSignedCertificate(mutated, original)).toBe(true);
      }),
      { numRuns: 400, runTimeLimitMs: 3000 },
    );
  }, testTimeout(30_000));

  it('a mutated trust-store root never breaks the issuer check', async () => {
    const roots = Object.fromEntries(trust.roots.map((root) => [root.name, root.der]));
    await assertProperty(
      fc.asyncProperty(mutatedDer(roots), fc.constantFrom(gen1.certificate, gen2.certificate), async ([name, mutated], card) => {
        const anchors: TrustAnchors = { isTestProfile: true, roots: trust.roots.map((root) => (root.name === name ? { ...root, der: mutated } : root)) };
        const check = await withinTimeAsync(2000, () => checkIssuer(card, anchors, new Date('2026-06-01T00:00:00Z')));
        expectWellFormedResult(check.result);
      }),
      { numRuns: 300, runTimeLimitMs: 3000 },
    );
  }, testTimeout(30_000));

  it('1st gen: mutating the images, DA or DB gives well-formed checks, and 改ざん検証 ng whenever signed bytes change', async () => {
    type Part = keyof typeof gen1;
    const parts = Object.keys(gen1) as Part[];
    const mutatedCard = fc.constantFrom(...parts).chain((part) => {
      const fields = part === 'certificate' ? derFields(gen1.certificate) : [];
      return mutationsArbitrary(fields, 3).map((mutations) => ({ part, bytes: applyMutations(gen1[part], fields, mutations) }));
    });
    await assertProperty(
      fc.asyncProperty(mutatedCard, async ({ part, bytes }) => {
        const input = { ...gen1, [part]: bytes };
        const verification = await withinTimeAsync(2000, () => verifyGen1({ ...input, trust }));
        expectVerification(verification);
        const signedDataChanged = signedDataDiffers(() => gen1SignedData(input.frontImage, input.faceImage), () => gen1SignedData(gen1.frontImage, gen1.faceImage));
        expectTamperVerdict(verification, signedDataChanged, input.signature, gen1.signature, input.certificate, gen1.certificate);
        if (verification.issuerCheck.outcome === 'ok') expect(sameSignedCertificate(input.certificate, gen1.certificate)).toBe(true);
      }),
      { numRuns: 300, runTimeLimitMs: 3000 },
    );
  }, testTimeout(30_000));

  it('2nd gen: mutating the printed entries, images, DC or DD gives well-formed checks, and 改ざん検証 ng whenever signed bytes change', async () => {
    type Part = keyof typeof gen2;
    const parts = Object.keys(gen2) as Part[];
    const mutatedCard = fc.constantFrom(...parts).chain((part) => {
      const fields = part === 'certificate' || part === 'signature' ? derFields(gen2[part]) : [];
      return mutationsArbitrary(fields, 3).map((mutations) => ({ part, bytes: applyMutations(gen2[part], fields, mutations) }));
    });
    await assertProperty(
      fc.asyncProperty(mutatedCard, async ({ part, bytes }) => {
        const input = { ...gen2, [part]: bytes };
        const verification = await withinTimeAsync(2000, () => verifyGen2({ ...input, trust }));
        expectVerification(verification);
        const signedDataChanged = signedDataDiffers(
          () => gen2SignedData(input.printedEntries, input.faceImage, input.nameImage),
          () => gen2SignedData(gen2.printedEntries, gen2.faceImage, gen2.nameImage),
        );
        expectTamperVerdict(verification, signedDataChanged, input.signature, gen2.signature, input.certificate, gen2.certificate);
        if (verification.issuerCheck.outcome === 'ok') expect(sameSignedCertificate(input.certificate, gen2.certificate)).toBe(true);
      }),
      { numRuns: 300, runTimeLimitMs: 3000 },
    );
  }, testTimeout(30_000));

  // Found by the whole-read property (a first, too strict oracle compared the whole SubjectPublicKeyInfo).
  it('example: DB with its RSA key parameters changed from NULL (05 00) to [3] (83 00): same key, 改ざん検証 ok, 発行元検証 ng', async () => {
    const rsaNull = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00);
    const at = Buffer.from(gen1.certificate).indexOf(Buffer.from(rsaNull)) + rsaNull.length - 2;
    const certificate = gen1.certificate.slice();
    certificate[at] = 0x83;
    const verification = await verifyGen1({ ...gen1, certificate, trust });
    expect(verification.tamperCheck.outcome).toBe('ok');
    expect(verification.issuerCheck).toMatchObject({ outcome: 'ng', reasons: expect.arrayContaining(['issuer-signature-mismatch']) });
  });

  it('ECDSA DER to raw r‖s: 96 bytes holding r and s, or undefined; never throws', async () => {
    // r and s as DER INTEGERs: minimal, with redundant leading zeros, negative, empty or too wide.
    const integer = fc.uint8Array({ maxLength: 50 });
    const der = fc.oneof(
      fc.tuple(integer, integer).map(([r, s]) => ({ r, s, bytes: derSequence(derInteger(r), derInteger(s)) })),
      fc.tuple(integer, integer, mutationsArbitrary([], 2)).map(([r, s, mutations]) => ({ r, s, bytes: applyMutations(derSequence(derInteger(r), derInteger(s)), [], mutations) })),
      noise(110).map((bytes) => ({ r: undefined, s: undefined, bytes })),
    );
    await assertProperty(
      fc.property(der, ({ r, s, bytes }) => {
        const raw = withinTime(250, () => ecdsaDerToRaw(bytes, 48));
        if (!raw) return;
        expect(raw).toHaveLength(96);
        if (r && s && sameBytes(bytes, derSequence(derInteger(r), derInteger(s)))) {
          expect(sameBytes(raw, concat(leftPad(r, 48), leftPad(s, 48)))).toBe(true);
        }
      }),
      { numRuns: 1500, runTimeLimitMs: 1000 },
    );
  }, testTimeout(30_000));
});

/** True when the signed data differs; a field too long for the signature counts as a difference. */
function signedDataDiffers(mutated: () => Uint8Array, original: () => Uint8Array): boolean {
  try {
    return !sameBytes(mutated(), original());
  } catch (error) {
    if (error instanceof RangeError) return true;
    throw error;
  }
}

/**
 * 改ざん検証 passes only when nothing it covers changed: the signed data and the signature, and the certificate's
 * public key (the rest of a certificate is the issuer check's business).
 */
function expectTamperVerdict(
  verification: CardVerification,
  signedDataChanged: boolean,
  signature: Uint8Array,
  originalSignature: Uint8Array,
  certificate: Uint8Array,
  originalCertificate: Uint8Array,
): void {
  if (verification.tamperCheck.outcome !== 'ok') return;
  expect(signedDataChanged, 'signed data changed but 改ざん検証 passed').toBe(false);
  expect(sameBytes(signature, originalSignature), 'signature changed but 改ざん検証 passed').toBe(true);
  expect(samePublicKey(certificate, originalCertificate), 'another key, yet 改ざん検証 passed').toBe(true);
}

function derLength(length: number): Uint8Array {
  return length < 0x80 ? Uint8Array.of(length) : Uint8Array.of(0x81, length);
}

function derInteger(magnitude: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(0x02), derLength(magnitude.length), magnitude);
}

function derSequence(...parts: Uint8Array[]): Uint8Array {
  const content = concat(...parts);
  return concat(Uint8Array.of(0x30), derLength(content.length), content);
}

/** The integer's magnitude right-aligned in `size` bytes (the raw encoding of a non-negative DER INTEGER). */
function leftPad(integer: Uint8Array, size: number): Uint8Array {
  let start = 0;
  while (start < integer.length - 1 && integer[start] === 0) start++;
  const magnitude = integer.subarray(start);
  const padded = new Uint8Array(size);
  padded.set(magnitude, size - magnitude.length);
  return padded;
}
