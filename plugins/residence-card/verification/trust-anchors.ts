/** What the issuer check needs from the kernel's trust store (kernel/api `TrustAnchors`). */
export type { TrustAnchor, TrustAnchors as IssuerTrustAnchors } from '../../../kernel/api';
