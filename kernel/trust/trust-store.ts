import { decodeCertificateFile, derFingerprint, type CertificateFileDecoding } from './certificate-file';
import { PINNED_ISA_ROOTS, type PinnedRoot } from './pinned-roots';
import { describeRootCertificate, parseRootCertificate, type RootCertificateFacts } from './root-certificate';

/**
 * The root certificates card plugins verify issuers against (chip spec §6). Web code: the files come through
 * `TrustStoreFiles` (a folder on Node, anything else in a browser).
 *
 * - production: only files whose DER SHA-256 equals a pinned production fingerprint are trusted; every other
 *   file is refused with a recorded reason. The ISA's own test root is pinned too, but refused here.
 * - test: created on purpose with `forTesting`, trusts the given certificates without pinning, and says so
 *   (`isTestProfile`) so the screen can show a "test CA" badge.
 *
 * Expired roots are kept: a card is signed under the root current when it was issued, so expiry is reported
 * (`validityNotices`) and never removes a root.
 */
export type TrustProfile = 'production' | 'test';

export interface TrustStoreFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface TrustStoreFiles {
  list(): Promise<TrustStoreFile[]>;
}

export type TrustFileRefusalReason =
  | Extract<CertificateFileDecoding, { ok: false }>['reason']
  | 'certificate-unparseable'
  | 'fingerprint-not-pinned'
  | 'isa-test-root-in-production'
  | 'duplicate-certificate';

export interface RefusedTrustFile {
  readonly name: string;
  readonly reason: TrustFileRefusalReason;
  /** SHA-256 of the DER, when the file decoded that far: lets the operator compare with the ISA page. */
  readonly fingerprint?: string;
}

export interface TrustedRoot extends RootCertificateFacts {
  /** The file name (or the label given to `forTesting`). */
  readonly name: string;
  readonly der: Uint8Array;
  /** SHA-256 of `der`, lower-case hex. */
  readonly fingerprint: string;
  /** The pinned entry this root matches; always set in production, set in test only for the ISA test root. */
  readonly pinned: PinnedRoot | undefined;
}

export type RootValidityReason = 'root-expired' | 'root-not-yet-valid';

export interface RootValidityNotice {
  readonly name: string;
  readonly fingerprint: string;
  readonly reason: RootValidityReason;
}

export interface ProductionTrustOptions {
  /**
   * The pins to enforce; defaults to the ISA roots of the chip spec. Meant for tests and for pinning a root the
   * ISA publishes after this release. Entries whose purpose is not 'production' are never trusted here.
   */
  readonly pinnedRoots?: readonly PinnedRoot[];
}

export class TrustStore {
  private constructor(
    readonly profile: TrustProfile,
    readonly roots: readonly TrustedRoot[],
    readonly refused: readonly RefusedTrustFile[],
    private readonly productionPins: readonly PinnedRoot[],
  ) {}

  static async forProduction(files: TrustStoreFiles, options: ProductionTrustOptions = {}): Promise<TrustStore> {
    const pins = options.pinnedRoots ?? PINNED_ISA_ROOTS;
    const productionPins = pins.filter((pin) => pin.purpose === 'production');
    const { roots, refused } = admit(await files.list(), (fingerprint) => {
      const pin = pins.find((candidate) => candidate.sha256 === fingerprint);
      if (!pin) return 'fingerprint-not-pinned';
      if (pin.purpose !== 'production') return 'isa-test-root-in-production';
      return pin;
    });
    return new TrustStore('production', roots, refused, productionPins);
  }

  /** Trusts the given certificates as they are. Never use it for a production kiosk. */
  static forTesting(certificates: readonly TrustStoreFile[]): TrustStore {
    const { roots, refused } = admit(certificates, (fingerprint) => PINNED_ISA_ROOTS.find((pin) => pin.sha256 === fingerprint));
    return new TrustStore('test', roots, refused, []);
  }

  get isTestProfile(): boolean {
    return this.profile === 'test';
  }

  /** Production pins with a certificate in the store. */
  get presentPinnedRoots(): readonly PinnedRoot[] {
    return this.productionPins.filter((pin) => this.roots.some((root) => root.fingerprint === pin.sha256));
  }

  /** Production pins the operator still has to add; always empty for the test profile, which does not pin. */
  get missingPinnedRoots(): readonly PinnedRoot[] {
    return this.productionPins.filter((pin) => !this.roots.some((root) => root.fingerprint === pin.sha256));
  }

  /** Roots outside their validity period at `now`. Reported only: they stay in the store. */
  validityNotices(now: Date = new Date()): RootValidityNotice[] {
    return this.roots.flatMap((root) => {
      const reason = rootValidityAt(root, now);
      return reason ? [{ name: root.name, fingerprint: root.fingerprint, reason }] : [];
    });
  }
}

export function rootValidityAt(root: Pick<RootCertificateFacts, 'notBefore' | 'notAfter'>, now: Date): RootValidityReason | undefined {
  if (now.getTime() > root.notAfter.getTime()) return 'root-expired';
  if (now.getTime() < root.notBefore.getTime()) return 'root-not-yet-valid';
  return undefined;
}

/** Decides per fingerprint: a pin (or undefined) admits the file, a reason refuses it. */
type AdmissionRule = (fingerprint: string) => PinnedRoot | undefined | TrustFileRefusalReason;

function admit(files: readonly TrustStoreFile[], rule: AdmissionRule): { roots: TrustedRoot[]; refused: RefusedTrustFile[] } {
  const roots: TrustedRoot[] = [];
  const refused: RefusedTrustFile[] = [];
  for (const file of files) {
    const decoded = decodeCertificateFile(file.bytes);
    if (!decoded.ok) {
      refused.push({ name: file.name, reason: decoded.reason });
      continue;
    }
    const fingerprint = derFingerprint(decoded.der);
    const verdict = rule(fingerprint);
    if (typeof verdict === 'string') {
      refused.push({ name: file.name, reason: verdict, fingerprint });
      continue;
    }
    if (roots.some((root) => root.fingerprint === fingerprint)) {
      refused.push({ name: file.name, reason: 'duplicate-certificate', fingerprint });
      continue;
    }
    const certificate = parseRootCertificate(decoded.der);
    if (!certificate) {
      refused.push({ name: file.name, reason: 'certificate-unparseable', fingerprint });
      continue;
    }
    roots.push({ name: file.name, der: decoded.der.slice(), fingerprint, pinned: verdict, ...describeRootCertificate(certificate) });
  }
  return { roots, refused };
}
