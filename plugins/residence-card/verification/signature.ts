import type { VerificationResult } from '../../../kernel/api';
import { ecdsaDerToRaw } from './ecdsa-signature-encoding';
import { importVerificationKey, P384_FIELD_LENGTH, verifySignature, type SignatureScheme } from './web-crypto-signatures';
import { parseCertificate } from './x509';

/**
 * 改ざん検証 (chip spec §6): the signature over the chip data verifies with the public key of the card
 * certificate. Which bytes are signed is signed-data.ts's business; this file checks one signature.
 * Never throws: every failure is an 'ng' result with a log-safe reason.
 */
export type SignatureReason =
  | 'signature-valid'
  | 'signature-mismatch'
  | 'signature-length-invalid'
  | 'signature-malformed'
  | 'certificate-unparseable'
  | 'unexpected-key-type';

export interface SignatureCheck {
  readonly result: VerificationResult;
  /** 2nd gen: the encoding of DC that verified; undefined for 1st gen or when nothing verified. */
  readonly signatureEncoding: 'raw' | 'der' | undefined;
}

/** 1st gen DA: RSA-2048, so exactly 256 bytes. */
export const GEN1_SIGNATURE_LENGTH = 256;
export const GEN1_RSA_BITS = 2048;
/** 2nd gen DC: raw r‖s for P-384. */
export const GEN2_RAW_SIGNATURE_LENGTH = 2 * P384_FIELD_LENGTH;

const GEN1_SCHEME: SignatureScheme = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const GEN2_SCHEME: SignatureScheme = { name: 'ECDSA', hash: 'SHA-256', namedCurve: 'P-384' };
const DER_SEQUENCE = 0x30;

/** 1st gen: RSA-2048 PKCS#1 v1.5 with SHA-256; DA with the key of the DB certificate. */
export async function verifyGen1Signature(signature: Uint8Array, certificateDer: Uint8Array, signedData: Uint8Array): Promise<SignatureCheck> {
  if (signature.length !== GEN1_SIGNATURE_LENGTH) return failed('signature-length-invalid');
  const certificate = parseCertificate(certificateDer);
  if (!certificate) return failed('certificate-unparseable');
  const key = await importVerificationKey(certificate, GEN1_SCHEME);
  if (!key || key.rsaBits !== GEN1_RSA_BITS) return failed('unexpected-key-type');
  const valid = await verifySignature(key.key, GEN1_SCHEME, signature, signedData);
  return valid ? { result: { outcome: 'ok', reasons: ['signature-valid'] }, signatureEncoding: undefined } : failed('signature-mismatch');
}

/**
 * 2nd gen: ECDSA P-384 with SHA-256; DC with the key of the DD certificate. DC is raw r‖s (96 bytes); a DER
 * signature is accepted too, as the spec asks.
 */
export async function verifyGen2Signature(signature: Uint8Array, certificateDer: Uint8Array, signedData: Uint8Array): Promise<SignatureCheck> {
  const candidates = gen2SignatureCandidates(signature);
  if (candidates.length === 0) {
    return failed(signature[0] === DER_SEQUENCE ? 'signature-malformed' : 'signature-length-invalid');
  }
  const certificate = parseCertificate(certificateDer);
  if (!certificate) return failed('certificate-unparseable');
  const key = await importVerificationKey(certificate, GEN2_SCHEME);
  if (!key) return failed('unexpected-key-type');
  for (const candidate of candidates) {
    if (await verifySignature(key.key, GEN2_SCHEME, candidate.raw, signedData)) {
      return { result: { outcome: 'ok', reasons: ['signature-valid'] }, signatureEncoding: candidate.encoding };
    }
  }
  return failed('signature-mismatch');
}

/**
 * The readings of DC worth trying. 96 bytes is raw; DER is tried as well when the bytes parse as DER, because a
 * raw signature may start with 0x30 by chance and a DER one could, rarely, be 96 bytes long.
 */
function gen2SignatureCandidates(signature: Uint8Array): { encoding: 'raw' | 'der'; raw: Uint8Array }[] {
  const candidates: { encoding: 'raw' | 'der'; raw: Uint8Array }[] = [];
  if (signature.length === GEN2_RAW_SIGNATURE_LENGTH) candidates.push({ encoding: 'raw', raw: signature });
  const fromDer = signature[0] === DER_SEQUENCE ? ecdsaDerToRaw(signature, P384_FIELD_LENGTH) : undefined;
  if (fromDer) candidates.push({ encoding: 'der', raw: fromDer });
  return candidates;
}

function failed(reason: SignatureReason): SignatureCheck {
  return { result: { outcome: 'ng', reasons: [reason] }, signatureEncoding: undefined };
}
