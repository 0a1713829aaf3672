import { expect } from 'vitest';
import type { VerificationResult } from '../../../kernel/api';
import { parseCertificate, toBeSignedBytes } from '../../../plugins/residence-card/verification/x509';
import { sameBytes } from './fuzz-support';

/**
 * What a verdict on mutated card data may be. 'verification-error' is the safety net for a check that threw
 * although both promise not to, so it counts as a bug.
 */
export function expectWellFormedResult(result: VerificationResult): void {
  expect(['ok', 'ng', 'notApplicable']).toContain(result.outcome);
  expect(result.reasons.length).toBeGreaterThan(0);
  expect(result.reasons).not.toContain('verification-error');
}

/**
 * Whether two certificates carry the same key bits. 改ざん検証 depends on nothing else: a certificate altered
 * elsewhere (even in its key's algorithm parameters, which Node's WebCrypto reads leniently) still verifies the
 * card's signature, and it is 発行元検証 that must fail.
 */
export function samePublicKey(certificate: Uint8Array, original: Uint8Array): boolean {
  const parsed = parseCertificate(certificate);
  const expected = parseCertificate(original);
  if (!parsed || !expected) return false;
  return sameBytes(parsed.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView, expected.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
}

/** Whether two certificates have the same to-be-signed part: the only bytes a root's signature vouches for. */
export function sameSignedCertificate(certificate: Uint8Array, original: Uint8Array): boolean {
  const parsed = parseCertificate(certificate);
  const expected = parseCertificate(original);
  return parsed !== undefined && expected !== undefined && sameBytes(toBeSignedBytes(parsed), toBeSignedBytes(expected));
}
