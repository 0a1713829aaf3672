import type * as pkijs from 'pkijs';
import type { VerificationResult } from '../../../kernel/api';
import { ecdsaDerToRaw } from './ecdsa-signature-encoding';
import type { IssuerTrustAnchors, TrustAnchor } from './trust-anchors';
import { certificateSignatureScheme, importVerificationKey, P384_FIELD_LENGTH, verifySignature, type SignatureScheme } from './web-crypto-signatures';
import {
  basicConstraints,
  certificateSignatureBytes,
  mayIssueCertificates,
  parseCertificate,
  toBeSignedBytes,
} from './x509';

/**
 * 発行元検証 (chip spec §6): the card certificate was issued directly by a root of the trust store (one level,
 * card certificate ← self-signed root). The cryptographic verdict is kept apart from time: an expired root or
 * an expired card certificate is reported as a reason, never turned into 'ng', because a card is signed under
 * the root current when it was issued and stays valid after that root expires.
 *
 * Card certificate expiry: whether a card certificate's validity matches the card's is not known here, so an
 * expired card certificate is reported ('certificate-expired') and the check still passes. What does fail is a
 * card certificate whose validity starts after its root expired: the root could not have issued it legitimately.
 */
export type IssuerReason =
  | 'issuer-trusted'
  | 'untrusted-issuer'
  | 'no-trust-anchors'
  | 'issuer-signature-mismatch'
  | 'root-constraints-invalid'
  | 'unexpected-key-type'
  | 'unsupported-signature-algorithm'
  | 'certificate-unparseable'
  | 'card-certificate-is-ca'
  | 'certificate-issued-after-root-expiry'
  | 'test-trust-store'
  | 'root-expired'
  | 'root-not-yet-valid'
  | 'certificate-expired'
  | 'certificate-not-yet-valid';

export interface IssuerCheck {
  readonly result: VerificationResult;
  readonly details: IssuerDetails;
}

export interface IssuerDetails {
  /** The root whose signature verified; undefined when none did. */
  readonly root: { readonly name: string; readonly fingerprint: string; readonly notAfter: string } | undefined;
  readonly testTrustStore: boolean;
  /** The root is past its validity now; separate from the cryptographic result. */
  readonly rootExpired: boolean;
  readonly certificateExpired: boolean;
}

/** A root may only issue with an RSA key of at least this size (the ISA roots are RSA-2048). */
const MINIMUM_ROOT_RSA_BITS = 2048;

export async function checkIssuer(certificateDer: Uint8Array, anchors: IssuerTrustAnchors, now: Date): Promise<IssuerCheck> {
  const testNote: IssuerReason[] = anchors.isTestProfile ? ['test-trust-store'] : [];
  const failed = (...reasons: IssuerReason[]): IssuerCheck => ({
    result: { outcome: 'ng', reasons: [...reasons, ...testNote] },
    details: { root: undefined, testTrustStore: anchors.isTestProfile, rootExpired: false, certificateExpired: false },
  });

  const card = parseCertificate(certificateDer);
  if (!card) return failed('certificate-unparseable');
  // The roots are pathlen:0, so the certificate they sign must be an end entity.
  if (basicConstraints(card)?.isCertificateAuthority) return failed('card-certificate-is-ca');
  const scheme = certificateSignatureScheme(card.signatureAlgorithm.algorithmId);
  if (!scheme || card.signature.algorithmId !== card.signatureAlgorithm.algorithmId) return failed('unsupported-signature-algorithm');
  if (anchors.roots.length === 0) return failed('untrusted-issuer', 'no-trust-anchors');

  const rejections = new Set<IssuerReason>();
  for (const anchor of anchors.roots) {
    const root = parseCertificate(anchor.der);
    if (!root || !card.issuer.isEqual(root.subject)) continue;
    const rejection = await rejectionBy(root, card, scheme);
    if (rejection) {
      rejections.add(rejection);
      continue;
    }
    if (card.notBefore.value.getTime() > root.notAfter.value.getTime()) return failed('certificate-issued-after-root-expiry');
    return trusted(anchor, root, card, anchors.isTestProfile, now);
  }
  return failed('untrusted-issuer', ...rejections);
}

/** Why `root` did not issue `card`, or undefined when it did. */
async function rejectionBy(root: pkijs.Certificate, card: pkijs.Certificate, scheme: SignatureScheme): Promise<IssuerReason | undefined> {
  const constraints = basicConstraints(root);
  // pathlen:0 as the ISA roots carry it; an absent pathlen is tolerated, since the chain is one level anyway.
  const isIssuingRoot = constraints?.isCertificateAuthority === true && (constraints.pathLength ?? 0) === 0 && mayIssueCertificates(root);
  if (!isIssuingRoot) return 'root-constraints-invalid';

  const key = await importVerificationKey(root, scheme);
  if (!key || (key.rsaBits !== undefined && key.rsaBits < MINIMUM_ROOT_RSA_BITS)) return 'unexpected-key-type';
  const encoded = certificateSignatureBytes(card);
  // X.509 carries ECDSA signatures as DER; WebCrypto wants raw r‖s.
  const signature = scheme.name === 'ECDSA' ? ecdsaDerToRaw(encoded, P384_FIELD_LENGTH) : encoded;
  if (!signature) return 'issuer-signature-mismatch';
  return (await verifySignature(key.key, scheme, signature, toBeSignedBytes(card))) ? undefined : 'issuer-signature-mismatch';
}

function trusted(anchor: TrustAnchor, root: pkijs.Certificate, card: pkijs.Certificate, testProfile: boolean, now: Date): IssuerCheck {
  const reasons: IssuerReason[] = ['issuer-trusted'];
  if (testProfile) reasons.push('test-trust-store');
  const rootExpired = now.getTime() > root.notAfter.value.getTime();
  if (rootExpired) reasons.push('root-expired');
  if (now.getTime() < root.notBefore.value.getTime()) reasons.push('root-not-yet-valid');
  const certificateExpired = now.getTime() > card.notAfter.value.getTime();
  if (certificateExpired) reasons.push('certificate-expired');
  if (now.getTime() < card.notBefore.value.getTime()) reasons.push('certificate-not-yet-valid');
  return {
    result: { outcome: 'ok', reasons },
    details: {
      root: { name: anchor.name, fingerprint: anchor.fingerprint, notAfter: root.notAfter.value.toISOString() },
      testTrustStore: testProfile,
      rootExpired,
      certificateExpired,
    },
  };
}
