// Test support only (imported by *.test.ts): throwaway roots and card certificates shaped like the ISA ones
// (chip spec §6), with any validity period. Keys and signatures come from node:crypto, so the code under test
// does not check its own output; `opensslVerify` lets OpenSSL confirm the certificates are well-formed.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { IssuerTrustAnchors, TrustAnchor } from './trust-anchors';

export type TestKeyType = 'rsa-2048' | 'rsa-1024' | 'ec-p384' | 'ec-p256';
export type TestHash = 'sha256' | 'sha384';

export interface TestCertificate {
  readonly der: Uint8Array;
  readonly privateKey: KeyObject;
  readonly keyType: TestKeyType;
  readonly subjectName: string;
}

export interface CertificateOptions {
  readonly commonName: string;
  readonly keyType: TestKeyType;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Self-signed when absent. */
  readonly issuer?: TestCertificate;
  /** Root defaults: CA:TRUE, pathlen:0; card defaults: CA:FALSE. */
  readonly certificateAuthority?: boolean;
  /** pathlen of a CA certificate; 'absent' leaves it out. Default 0, as on the ISA roots. */
  readonly pathLength?: number | 'absent';
  /** Hash of the issuer's signature over the certificate. */
  readonly hash?: TestHash;
}

const DAY = 24 * 60 * 60 * 1000;
/** Whole seconds: UTCTime cannot hold milliseconds. */
export const wholeSeconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000);
export const daysFromNow = (days: number): Date => wholeSeconds(new Date(Date.now() + days * DAY));

export function generateKey(keyType: TestKeyType): KeyObject {
  switch (keyType) {
    case 'rsa-2048':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    case 'rsa-1024':
      return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    case 'ec-p384':
      return generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    case 'ec-p256':
      return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  }
}

const SIGNATURE_ALGORITHMS: Record<'rsa' | 'ec', Record<TestHash, string>> = {
  rsa: { sha256: '1.2.840.113549.1.1.11', sha384: '1.2.840.113549.1.1.12' },
  ec: { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3' },
};

export function makeCertificate(options: CertificateOptions, privateKey: KeyObject = generateKey(options.keyType)): TestCertificate {
  const isRoot = options.issuer === undefined;
  const signer = options.issuer ?? { privateKey, keyType: options.keyType, subjectName: options.commonName };
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = randomBytes(8);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01; // positive and minimal
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial });
  certificate.subject = isaName(options.commonName);
  certificate.issuer = isaName(signer.subjectName);
  certificate.notBefore = timeOf(options.notBefore ?? daysFromNow(-1));
  certificate.notAfter = timeOf(options.notAfter ?? daysFromNow(365));
  const publicKeyDer = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  certificate.subjectPublicKeyInfo.fromSchema(asn1js.fromBER(publicKeyDer).result);

  const certificateAuthority = options.certificateAuthority ?? isRoot;
  const subjectKeyId = keyIdentifier(privateKey);
  const authorityKeyId = keyIdentifier(signer.privateKey);
  const constraints = new pkijs.BasicConstraints(
    certificateAuthority ? { cA: true, ...(options.pathLength === 'absent' ? {} : { pathLenConstraint: options.pathLength ?? 0 }) } : { cA: false },
  );
  certificate.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: constraints.toSchema().toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.14', extnValue: new asn1js.OctetString({ valueHex: subjectKeyId }).toBER(false) }),
    new pkijs.Extension({
      extnID: '2.5.29.35',
      extnValue: new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: authorityKeyId }) }).toSchema().toBER(false),
    }),
    new pkijs.Extension({
      extnID: '2.5.29.15',
      critical: true,
      // keyCertSign + cRLSign for a CA, digitalSignature for a card
      extnValue: new asn1js.BitString({ valueHex: new Uint8Array([certificateAuthority ? 0x06 : 0x80]), unusedBits: certificateAuthority ? 1 : 7 }).toBER(false),
    }),
  ];

  const family = signer.keyType.startsWith('rsa') ? 'rsa' : 'ec';
  const algorithm = new pkijs.AlgorithmIdentifier({
    algorithmId: SIGNATURE_ALGORITHMS[family][options.hash ?? 'sha256'],
    ...(family === 'rsa' ? { algorithmParams: new asn1js.Null() } : {}),
  });
  certificate.signature = algorithm;
  certificate.signatureAlgorithm = algorithm;
  const toBeSigned = Buffer.from(certificate.encodeTBS().toBER(false));
  // node:crypto signs ECDSA as DER, which is what X.509 carries.
  certificate.signatureValue = new asn1js.BitString({ valueHex: sign(options.hash ?? 'sha256', toBeSigned, signer.privateKey) });
  return { der: new Uint8Array(certificate.toSchema(true).toBER(false)), privateKey, keyType: options.keyType, subjectName: options.commonName };
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(privateKey: KeyObject): Uint8Array {
  const spki = asn1js.fromBER(new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' })));
  const keyInfo = new pkijs.PublicKeyInfo({ schema: spki.result });
  return new Uint8Array(createHash('sha1').update(keyInfo.subjectPublicKey.valueBlock.valueHexView).digest());
}

function timeOf(value: Date): pkijs.Time {
  return new pkijs.Time({ type: value.getUTCFullYear() >= 2050 ? pkijs.TimeType.GeneralizedTime : pkijs.TimeType.UTCTime, value });
}

/** C=JP, O=Japanese Government, OU=The Ministry of Justice, CN=…, one attribute per RDN as usual. */
function isaName(commonName: string): pkijs.RelativeDistinguishedNames {
  const attributes: [string, asn1js.PrintableString | asn1js.Utf8String][] = [
    ['2.5.4.6', new asn1js.PrintableString({ value: 'JP' })],
    ['2.5.4.10', new asn1js.PrintableString({ value: 'Japanese Government' })],
    ['2.5.4.11', new asn1js.PrintableString({ value: 'The Ministry of Justice' })],
    ['2.5.4.3', new asn1js.Utf8String({ value: commonName })],
  ];
  // pkijs would put every attribute into one multi-valued RDN; build the SEQUENCE OF SET by hand instead.
  const schema = new asn1js.Sequence({
    value: attributes.map(([type, value]) => new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] })),
  });
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(schema.toBER(false)).result });
}

/** RSA PKCS#1 v1.5 SHA-256 (1st gen) or ECDSA SHA-256 (2nd gen), as the ISA signs chip data. */
export function signCardData(data: Uint8Array, key: KeyObject, ecdsaEncoding: 'ieee-p1363' | 'der' = 'ieee-p1363'): Uint8Array {
  return new Uint8Array(sign('sha256', data, { key, dsaEncoding: ecdsaEncoding }));
}

export function anchorOf(certificate: TestCertificate, name = certificate.subjectName): TrustAnchor {
  return { name, der: certificate.der, fingerprint: createHash('sha256').update(certificate.der).digest('hex') };
}

export function testAnchors(...certificates: TestCertificate[]): IssuerTrustAnchors {
  return { isTestProfile: true, roots: certificates.map((certificate) => anchorOf(certificate)) };
}

export function productionAnchors(...certificates: TestCertificate[]): IssuerTrustAnchors {
  return { isTestProfile: false, roots: certificates.map((certificate) => anchorOf(certificate)) };
}

/** Runs `openssl verify` (strict X.509 checks) on a card certificate against one root, at a given time. */
export function opensslVerify(root: Uint8Array, card: Uint8Array, at: Date): string {
  const folder = mkdtempSync(join(tmpdir(), 'zairyu-pki-'));
  try {
    writeFileSync(join(folder, 'root.pem'), toPem(root));
    writeFileSync(join(folder, 'card.pem'), toPem(card));
    const attime = String(Math.floor(at.getTime() / 1000));
    return execFileSync('openssl', ['verify', '-x509_strict', '-attime', attime, '-CAfile', join(folder, 'root.pem'), join(folder, 'card.pem')], {
      encoding: 'utf8',
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export function toPem(der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----', ''].join('\n');
}
