import type * as pkijs from 'pkijs';
import { publicKeyKind, subjectPublicKeyInfoDer } from './x509';

/**
 * Signature verification through WebCrypto (`crypto.subtle`, global in browsers and in Node 20), so the same
 * code runs in the kiosk page and in Node. ECDSA signatures given here are raw r‖s.
 */
export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

export type SignatureScheme =
  | { readonly name: 'RSASSA-PKCS1-v1_5'; readonly hash: HashName }
  | { readonly name: 'ECDSA'; readonly hash: HashName; readonly namedCurve: 'P-384' };

/** P-384 field size: each of r and s is 48 bytes in the raw encoding. */
export const P384_FIELD_LENGTH = 48;

/** Certificate signature algorithms an ISA root may use (chip spec §6: RSA roots, then ECDSA P-384 for CA2). */
const CERTIFICATE_SIGNATURE_SCHEMES: Readonly<Record<string, SignatureScheme>> = {
  '1.2.840.113549.1.1.11': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
  '1.2.840.10045.4.3.2': { name: 'ECDSA', hash: 'SHA-256', namedCurve: 'P-384' },
  '1.2.840.10045.4.3.3': { name: 'ECDSA', hash: 'SHA-384', namedCurve: 'P-384' },
  '1.2.840.10045.4.3.4': { name: 'ECDSA', hash: 'SHA-512', namedCurve: 'P-384' },
};

/** Undefined for algorithms we do not accept (SHA-1, RSA-PSS, anything unknown). */
export function certificateSignatureScheme(algorithmOid: string): SignatureScheme | undefined {
  return CERTIFICATE_SIGNATURE_SCHEMES[algorithmOid];
}

/** WebCrypto exists only in secure contexts (https, file, localhost) of a browser; always in Node 20. */
export function isWebCryptoAvailable(): boolean {
  const subtle: SubtleCrypto | undefined = (globalThis.crypto as Crypto | undefined)?.subtle;
  return subtle !== undefined;
}

export interface VerificationKey {
  readonly key: CryptoKey;
  /** RSA modulus length in bits; undefined for EC keys. */
  readonly rsaBits: number | undefined;
}

/** The certificate's public key for `scheme`, or undefined when the key is of another type or curve. */
export async function importVerificationKey(certificate: pkijs.Certificate, scheme: SignatureScheme): Promise<VerificationKey | undefined> {
  const kind = publicKeyKind(certificate);
  const matches = scheme.name === 'ECDSA' ? kind.kind === 'ec' && kind.curve === scheme.namedCurve : kind.kind === 'rsa';
  if (!matches) return undefined;
  try {
    const algorithm =
      scheme.name === 'ECDSA' ? { name: 'ECDSA', namedCurve: scheme.namedCurve } : { name: 'RSASSA-PKCS1-v1_5', hash: scheme.hash };
    const key = await crypto.subtle.importKey('spki', subjectPublicKeyInfoDer(certificate), algorithm, false, ['verify']);
    const rsaBits = scheme.name === 'ECDSA' ? undefined : (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
    return { key, rsaBits };
  } catch {
    return undefined; // a malformed key inside a parseable certificate
  }
}

/** False for a wrong signature and for anything WebCrypto refuses; never throws. */
export async function verifySignature(
  key: CryptoKey,
  scheme: SignatureScheme,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const algorithm = scheme.name === 'ECDSA' ? { name: 'ECDSA', hash: scheme.hash } : { name: 'RSASSA-PKCS1-v1_5' };
  try {
    return await crypto.subtle.verify(algorithm, key, new Uint8Array(signature), new Uint8Array(data));
  } catch {
    return false;
  }
}
