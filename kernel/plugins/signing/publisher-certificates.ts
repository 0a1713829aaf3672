import type * as pkijs from 'pkijs';
import { decodeCertificateFile, derFingerprint } from '../../trust/certificate-file';
import { describeRootCertificate, parseRootCertificate } from '../../trust/root-certificate';

/** A publisher certificate the operator installed: plugins signed with exactly this certificate are accepted. */
export interface PublisherCertificate {
  /** The file it came from. */
  readonly name: string;
  readonly der: Uint8Array;
  /** SHA-256 of `der`, lower-case hex. */
  readonly fingerprint: string;
  /** e.g. "CN=Example Corp plugins, O=Example Corp". */
  readonly subject: string;
  /** The subject's CN, or the whole subject when it has none: how reasons name the publisher. */
  readonly commonName: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly certificate: pkijs.Certificate;
}

export interface RefusedPublisherFile {
  readonly name: string;
  readonly reason: string;
}

/** What the kiosk trusts for plugin signatures, with where it came from for messages. */
export interface PluginPublishers {
  /** e.g. the folder path, for "no publisher certificates in …". */
  readonly source: string;
  readonly publishers: readonly PublisherCertificate[];
  readonly refused: readonly RefusedPublisherFile[];
  /** Why there are no publishers at all (e.g. the folder does not exist), when that is the case. */
  readonly problem?: string;
}

/** The publisher folder's certificate files as a host read them, or why it could not. */
export interface PublisherFiles {
  readonly source: string;
  readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  readonly problem?: string;
}

export function publishersFromFiles(folder: PublisherFiles): PluginPublishers {
  if (folder.problem !== undefined) return { source: folder.source, publishers: [], refused: [], problem: folder.problem };
  return readPublisherCertificates(folder.source, folder.files);
}

/** Certificate files (DER or PEM, one certificate each) into publishers; anything else is refused with a reason. */
export function readPublisherCertificates(source: string, files: readonly { name: string; bytes: Uint8Array }[]): PluginPublishers {
  const publishers: PublisherCertificate[] = [];
  const refused: RefusedPublisherFile[] = [];
  for (const file of files) {
    const decoded = decodeCertificateFile(file.bytes);
    if (!decoded.ok) {
      refused.push({ name: file.name, reason: decoded.reason });
      continue;
    }
    const certificate = parseRootCertificate(decoded.der);
    if (!certificate) {
      refused.push({ name: file.name, reason: 'not-a-certificate' });
      continue;
    }
    const facts = describeRootCertificate(certificate);
    publishers.push({
      name: file.name,
      der: decoded.der,
      fingerprint: derFingerprint(decoded.der),
      subject: facts.subject,
      commonName: commonNameOf(certificate) ?? facts.subject,
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      certificate,
    });
  }
  return { source, publishers, refused };
}

export function commonNameOf(certificate: pkijs.Certificate): string | undefined {
  const attribute = certificate.subject.typesAndValues.find((entry) => entry.type === '2.5.4.3');
  const value: unknown = (attribute?.value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return typeof value === 'string' ? value : undefined;
}
