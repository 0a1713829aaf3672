/**
 * The trust anchors a card plugin verifies issuers against: the ISA roots the operator installed (pinned by
 * fingerprint), or an explicit test profile of throwaway CAs, which the UI labels as such.
 */
export interface TrustAnchor {
  /** The file or label the root came from. */
  readonly name: string;
  /** The root certificate, DER. */
  readonly der: Uint8Array;
  /** SHA-256 of `der`, lower-case hex. */
  readonly fingerprint: string;
}

export interface TrustAnchors {
  readonly isTestProfile: boolean;
  readonly roots: readonly TrustAnchor[];
}

/** No roots: every issuer check fails until the operator installs the ISA roots. */
export const NO_TRUST_ANCHORS: TrustAnchors = { isTestProfile: false, roots: [] };
