import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** The few X.509 facts the tamper and issuer checks need, read with pkijs from untrusted card bytes. */

const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const KEY_CERT_SIGN_MASK = 0x04; // KeyUsage bit 5, counted from the most significant bit of the first byte
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const NAMED_CURVES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

export type PublicKeyKind =
  | { readonly kind: 'rsa' }
  | { readonly kind: 'ec'; readonly curve: string | undefined }
  | { readonly kind: 'other'; readonly algorithm: string };

/** Exactly one DER certificate, nothing after it; undefined for anything else (never throws). */
export function parseCertificate(der: Uint8Array): pkijs.Certificate | undefined {
  if (der.length === 0) return undefined;
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset !== der.length) return undefined;
    return new pkijs.Certificate({ schema: asn1.result });
  } catch {
    return undefined;
  }
}

export function publicKeyKind(certificate: pkijs.Certificate): PublicKeyKind {
  const algorithm = certificate.subjectPublicKeyInfo.algorithm;
  if (algorithm.algorithmId === RSA_ENCRYPTION) return { kind: 'rsa' };
  if (algorithm.algorithmId === EC_PUBLIC_KEY) {
    const parameters: unknown = algorithm.algorithmParams;
    return { kind: 'ec', curve: parameters instanceof asn1js.ObjectIdentifier ? NAMED_CURVES[parameters.getValue()] : undefined };
  }
  return { kind: 'other', algorithm: algorithm.algorithmId };
}

/** The SubjectPublicKeyInfo, DER, as WebCrypto's 'spki' import wants it. */
export function subjectPublicKeyInfoDer(certificate: pkijs.Certificate): Uint8Array<ArrayBuffer> {
  return new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false));
}

export interface BasicConstraintsFacts {
  readonly isCertificateAuthority: boolean;
  readonly pathLength: number | undefined;
}

/** Undefined when the extension is absent (an end-entity certificate, by RFC 5280 defaults). */
export function basicConstraints(certificate: pkijs.Certificate): BasicConstraintsFacts | undefined {
  const value = certificate.extensions?.find((extension) => extension.extnID === BASIC_CONSTRAINTS)?.parsedValue;
  if (!(value instanceof pkijs.BasicConstraints)) return undefined;
  const pathLength = value.pathLenConstraint;
  return {
    isCertificateAuthority: value.cA,
    pathLength: pathLength === undefined ? undefined : typeof pathLength === 'number' ? pathLength : pathLength.valueBlock.valueDec,
  };
}

/** True unless a KeyUsage extension is present without keyCertSign. */
export function mayIssueCertificates(certificate: pkijs.Certificate): boolean {
  const extension = certificate.extensions?.find((candidate) => candidate.extnID === KEY_USAGE);
  if (!extension) return true;
  const value: unknown = extension.parsedValue;
  if (!(value instanceof asn1js.BitString)) return false;
  return ((value.valueBlock.valueHexView[0] ?? 0) & KEY_CERT_SIGN_MASK) !== 0;
}

/** The certificate's own signature bytes (the BIT STRING content, without the unused-bits octet). */
export function certificateSignatureBytes(certificate: pkijs.Certificate): Uint8Array<ArrayBuffer> {
  return new Uint8Array(certificate.signatureValue.valueBlock.valueHexView);
}

/** The signed part of the certificate as it was encoded, not re-encoded. */
export function toBeSignedBytes(certificate: pkijs.Certificate): Uint8Array<ArrayBuffer> {
  return new Uint8Array(certificate.tbsView);
}
