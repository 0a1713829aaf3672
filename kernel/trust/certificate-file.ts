import { sha256 } from '../crypto/hash';

/**
 * A certificate file as the operator saved it: DER, or PEM with exactly one CERTIFICATE block. Pinning and
 * parsing always work on the DER bytes, so the same root saved as .cer or as .pem has the same fingerprint.
 */
export type CertificateFileDecoding =
  | { readonly ok: true; readonly der: Uint8Array; readonly encoding: 'der' | 'pem' }
  | { readonly ok: false; readonly reason: 'empty-file' | 'pem-malformed' | 'pem-multiple-certificates' | 'not-a-certificate-file' };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;
const ASN1_SEQUENCE = 0x30;

export function decodeCertificateFile(bytes: Uint8Array): CertificateFileDecoding {
  if (bytes.length === 0) return { ok: false, reason: 'empty-file' };
  // A DER certificate is one SEQUENCE; PEM is text and can never start with 0x30 ('0' is not a PEM start).
  if (bytes[0] === ASN1_SEQUENCE) return { ok: true, der: bytes, encoding: 'der' };

  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) return { ok: false, reason: text.includes('-----BEGIN') ? 'pem-malformed' : 'not-a-certificate-file' };
  if (blocks.length > 1) return { ok: false, reason: 'pem-multiple-certificates' };

  const body = (blocks[0]?.[1] ?? '').replace(/\s+/g, '');
  if (!BASE64_BODY.test(body) || body.length % 4 !== 0) return { ok: false, reason: 'pem-malformed' };
  const der = Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
  return { ok: true, der, encoding: 'pem' };
}

/** SHA-256 of DER bytes as lower-case hex: the form of the pinned fingerprints. */
export function derFingerprint(der: Uint8Array): string {
  return Array.from(sha256(der), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
