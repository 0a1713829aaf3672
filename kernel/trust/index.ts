/** The kernel's trust store for card-issuer roots: pinned ISA fingerprints, production and test profiles. */
export { PINNED_ISA_ROOTS, PRODUCTION_PINNED_ROOTS, type PinnedRoot, type PinnedRootPurpose } from './pinned-roots';
export { decodeCertificateFile, derFingerprint, type CertificateFileDecoding } from './certificate-file';
export type { RootCertificateFacts } from './root-certificate';
export {
  TrustStore,
  rootValidityAt,
  type ProductionTrustOptions,
  type RefusedTrustFile,
  type RootValidityNotice,
  type RootValidityReason,
  type TrustFileRefusalReason,
  type TrustProfile,
  type TrustStoreFile,
  type TrustStoreFiles,
  type TrustedRoot,
} from './trust-store';
