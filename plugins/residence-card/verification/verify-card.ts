import type { VerificationResult } from '../../../kernel/api';
import { checkIssuer, type IssuerDetails, type IssuerReason } from './issuer';
import { verifyGen1Signature, verifyGen2Signature, type SignatureCheck, type SignatureReason } from './signature';
import { gen1SignedData, gen2SignedData } from './signed-data';
import type { IssuerTrustAnchors } from './trust-anchors';
import { isWebCryptoAvailable } from './web-crypto-signatures';

/**
 * Both checks the manual shows for a card: 改ざん検証 (tamperCheck) and 発行元検証 (issuerCheck). They are
 * independent: a tampered image does not make the issuer untrusted, and an untrusted issuer does not make the
 * signature wrong. Never throws; reasons are log-safe codes.
 *
 * Cards of holders under 16 (1st gen) / under 1 (2nd gen) have no photo and may have empty signature objects
 * (spec confidence C): with no face image and no signature, both checks are 'notApplicable' (the manual's third
 * icon state), never 'ng'. A zero-filled signature counts as empty, since it can never be a valid one.
 */
/** Every reason code either check can give: what result panels and locales map to words. */
export type CardCheckReason =
  | SignatureReason
  | IssuerReason
  | 'no-signature-under-age'
  | 'signature-missing'
  | 'certificate-missing'
  | 'signed-data-oversize'
  | 'webcrypto-unavailable'
  | 'verification-error';

export interface Gen1VerificationInput {
  /** D0 value: the front-face image. */
  readonly frontImage: Uint8Array;
  /** D1 value: the face image; absent for holders under 16. */
  readonly faceImage: Uint8Array | undefined;
  /** DA: the signature. */
  readonly signature: Uint8Array | undefined;
  /** DB: the card certificate, DER. */
  readonly certificate: Uint8Array | undefined;
  readonly trust: IssuerTrustAnchors;
  /** Defaults to the current time; only affects the expiry notes. */
  readonly now?: Date;
}

export interface Gen2VerificationInput {
  /** The C5..CE values concatenated in file order (PrintedEntries.signedBytes). */
  readonly printedEntries: Uint8Array;
  /** D1 value: the face image; absent for holders under 1. */
  readonly faceImage: Uint8Array | undefined;
  /** D0 value: the name image. */
  readonly nameImage: Uint8Array;
  /** DC: the signature, raw r‖s or DER. */
  readonly signature: Uint8Array | undefined;
  /** DD: the card certificate, DER. */
  readonly certificate: Uint8Array | undefined;
  readonly trust: IssuerTrustAnchors;
  readonly now?: Date;
}

export interface CardVerificationDetails {
  /** No face image and no signature: the under-16 / under-1 case. */
  readonly unsignedUnderAgeCard: boolean;
  /** 2nd gen: the encoding of DC that verified. */
  readonly signatureEncoding: 'raw' | 'der' | undefined;
  /** Undefined when the issuer was not checked (no certificate, or the under-age case). */
  readonly issuer: IssuerDetails | undefined;
}

export interface CardVerification {
  readonly tamperCheck: VerificationResult;
  readonly issuerCheck: VerificationResult;
  readonly details: CardVerificationDetails;
}

type SignatureVerifier = (signature: Uint8Array, certificate: Uint8Array, signedData: Uint8Array) => Promise<SignatureCheck>;

export function verifyGen1(input: Gen1VerificationInput): Promise<CardVerification> {
  return verifyCard(input, () => gen1SignedData(input.frontImage, input.faceImage ?? new Uint8Array()), verifyGen1Signature);
}

export function verifyGen2(input: Gen2VerificationInput): Promise<CardVerification> {
  return verifyCard(
    input,
    () => gen2SignedData(input.printedEntries, input.faceImage ?? new Uint8Array(), input.nameImage),
    verifyGen2Signature,
  );
}

interface CommonInput {
  readonly faceImage: Uint8Array | undefined;
  readonly signature: Uint8Array | undefined;
  readonly certificate: Uint8Array | undefined;
  readonly trust: IssuerTrustAnchors;
  readonly now?: Date;
}

async function verifyCard(input: CommonInput, signedData: () => Uint8Array, verifySignature: SignatureVerifier): Promise<CardVerification> {
  // Decided on the signature alone: a certificate left on such a card has nothing to vouch for.
  if (isEmpty(input.faceImage) && isEmpty(input.signature)) {
    return sameForBoth({ outcome: 'notApplicable', reasons: ['no-signature-under-age'] }, true);
  }
  // Not a verdict on the card, but the checks did not pass either: 'ng' with a reason the operator can act on.
  if (!isWebCryptoAvailable()) return sameForBoth(ng('webcrypto-unavailable'));
  try {
    const [tamper, issuer] = await Promise.all([
      checkTamper(input, signedData, verifySignature),
      input.certificate?.length ? checkIssuer(input.certificate, input.trust, input.now ?? new Date()) : undefined,
    ]);
    return {
      tamperCheck: tamper.result,
      issuerCheck: issuer?.result ?? ng('certificate-missing'),
      details: { unsignedUnderAgeCard: false, signatureEncoding: tamper.signatureEncoding, issuer: issuer?.details },
    };
  } catch {
    // The checks are written not to throw; this keeps a bug from turning into a crashed read.
    return sameForBoth(ng('verification-error'));
  }
}

function sameForBoth(result: VerificationResult, unsignedUnderAgeCard = false): CardVerification {
  return { tamperCheck: result, issuerCheck: result, details: { unsignedUnderAgeCard, signatureEncoding: undefined, issuer: undefined } };
}

async function checkTamper(input: CommonInput, signedData: () => Uint8Array, verifySignature: SignatureVerifier): Promise<SignatureCheck> {
  const unchecked = (reason: CardCheckReason): SignatureCheck => ({ result: ng(reason), signatureEncoding: undefined });
  if (!input.signature || isEmpty(input.signature)) return unchecked('signature-missing');
  if (!input.certificate?.length) return unchecked('certificate-missing');
  let data: Uint8Array;
  try {
    data = signedData();
  } catch (error) {
    if (error instanceof RangeError) return unchecked('signed-data-oversize'); // a field longer than the signature covers
    throw error;
  }
  return verifySignature(input.signature, input.certificate, data);
}

function isEmpty(bytes: Uint8Array | undefined): boolean {
  return !bytes || bytes.every((byte) => byte === 0);
}

function ng(reason: CardCheckReason): VerificationResult {
  return { outcome: 'ng', reasons: [reason] };
}
