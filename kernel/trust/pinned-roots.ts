/**
 * The ISA root certificates of the residence-card chip (chip spec §6). The files are not shipped: the operator
 * puts them in the trust-store folder, and only files whose SHA-256 (over the DER encoding) equals one of these
 * fingerprints are trusted. Every root is kept after it expires, because a card is signed under the root that
 * was current when it was issued.
 */

/** `production`: may enter the production trust store. `isaTest`: the ISA's own test root, never production. */
export type PinnedRootPurpose = 'production' | 'isaTest';

export interface PinnedRoot {
  readonly commonName: string;
  readonly keyType: 'RSA-2048' | 'EC P-384';
  /** ISO dates (UTC) as published; informational, the certificate itself is authoritative. */
  readonly validFrom: string;
  readonly validUntil: string;
  /** The ISA download the certificate comes from. */
  readonly archive: string;
  /** SHA-256 of the DER certificate, lower-case hex. */
  readonly sha256: string;
  readonly purpose: PinnedRootPurpose;
}

export const PINNED_ISA_ROOTS: readonly PinnedRoot[] = [
  {
    commonName: 'ZairyuCard CA',
    keyType: 'RSA-2048',
    validFrom: '2015-06-06',
    validUntil: '2025-09-06',
    archive: '001460774.zip',
    sha256: '97f37c5967af5f3cd84e6ed694b09539abb7f8e7e76b6f7496a060008982983d',
    purpose: 'production',
  },
  {
    commonName: 'ZairyuCard CA',
    keyType: 'RSA-2048',
    validFrom: '2018-04-07',
    validUntil: '2028-07-07',
    archive: '001460775.zip',
    sha256: 'ff02323cea7b8c3dfc0dc2de79d46e78514af587368523086b188e9690aec861',
    purpose: 'production',
  },
  {
    commonName: 'ZairyuCard CA',
    keyType: 'RSA-2048',
    validFrom: '2021-05-27',
    validUntil: '2031-08-27',
    archive: '001460776.zip',
    sha256: '6f50161aa80f7ff7c630505faf472906f7b101d5083e327a6182c82cd7985e67',
    purpose: 'production',
  },
  {
    commonName: 'ZairyuCard CA',
    keyType: 'RSA-2048',
    validFrom: '2024-05-08',
    validUntil: '2034-08-08',
    archive: '001460777.zip',
    sha256: 'bf854466ed9abf61f559c39bf8790546f8acdab99b51fd2330563669ce4a71b2',
    purpose: 'production',
  },
  {
    commonName: 'ZairyuCard CA2',
    keyType: 'EC P-384',
    validFrom: '2026-04-20',
    validUntil: '2039-07-20',
    archive: '001462221.zip',
    sha256: '11e6ad8b8e64f0cdb1d8ba9e3689926c80e8479a2f098616f674a23582bec13b',
    purpose: 'production',
  },
  {
    commonName: 'ZairyuCard CA2 (test)',
    keyType: 'EC P-384',
    validFrom: '2026-03-19',
    validUntil: '2039-06-19',
    archive: '001460788.zip',
    sha256: '1846b815d31f04fe93d57450a6d8a8c351eac3d8c444a2375d95734df7dd1057',
    purpose: 'isaTest',
  },
];

export const PRODUCTION_PINNED_ROOTS: readonly PinnedRoot[] = PINNED_ISA_ROOTS.filter((root) => root.purpose === 'production');
