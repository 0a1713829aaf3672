import type { ResidenceCardDetails } from '../model';
import type { CardVerifier } from '../reader/residence-card-reader';
import type { IssuerTrustAnchors } from './trust-anchors';
import { verifyGen1, verifyGen2 } from './verify-card';

/** Connects the reader to the checks: picks the generation's signed data out of what was read. */
export function createResidenceCardVerifier(trust: IssuerTrustAnchors, clock: () => Date = () => new Date()): CardVerifier {
  return async (details: ResidenceCardDetails) => {
    const verification =
      details.generation === 1
        ? await verifyGen1({
            frontImage: details.frontImage.bytes,
            faceImage: details.faceImage?.bytes,
            signature: details.signature?.signature,
            certificate: details.signature?.certificate,
            trust,
            now: clock(),
          })
        : await verifyGen2({
            printedEntries: details.printed.signedBytes,
            faceImage: details.faceImage?.bytes,
            nameImage: details.nameImage.bytes,
            signature: details.signature?.signature,
            certificate: details.signature?.certificate,
            trust,
            now: clock(),
          });
    return { tamperCheck: verification.tamperCheck, issuerCheck: verification.issuerCheck };
  };
}
