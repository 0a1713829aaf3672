import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { FILE_LIST_PATH, isSignedPath, parseFileList, sha256Hex, SIGNATURE_PATH, type PluginFileList } from './file-list';
import type { PluginFiles } from './plugin-files';
import { commonNameOf, type PluginPublishers, type PublisherCertificate } from './publisher-certificates';

const ID_DATA = '1.2.840.113549.1.7.1';
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const ID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
/** The digests a signer may use: SHA-256, SHA-384, SHA-512 (SHA-1 is refused). */
const ACCEPTED_DIGESTS: ReadonlySet<string> = new Set(['2.16.840.1.101.3.4.2.1', '2.16.840.1.101.3.4.2.2', '2.16.840.1.101.3.4.2.3']);
/** At most this many file problems are named in one reason. */
const MAX_NAMED_PROBLEMS = 5;

export type PluginSignatureCheck =
  | {
      readonly ok: true;
      readonly publisher: PublisherCertificate;
      readonly fileList: PluginFileList;
      /** The bytes of every signed file as they were verified, by path (copies nothing else refers to). */
      readonly contents: ReadonlyMap<string, Uint8Array>;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a plugin folder against its detached CMS signature:
 * 1. `signature/files.json.p7s` is one CMS SignedData with one signer, detached, over `signature/files.json`,
 *    with a SHA-256 (or stronger) digest, and the signature verifies with the signer certificate it carries;
 * 2. that certificate is one of the operator's publisher certificates (byte for byte: no chains, no CAs) and is
 *    valid now;
 * 3. every listed file exists with the listed SHA-256, and the folder holds no other file outside `signature/`.
 * The reason of a refusal is one line an operator can act on.
 */
export async function verifyPluginSignature(
  files: PluginFiles,
  trusted: PluginPublishers,
  options: { readonly now?: Date } = {},
): Promise<PluginSignatureCheck> {
  const now = options.now ?? new Date();
  let present: Set<string>;
  try {
    present = new Set(await files.list());
  } catch (error) {
    return refuse(`plugin folder cannot be checked: ${messageOf(error)}`);
  }
  if (!present.has(SIGNATURE_PATH)) return refuse(`unsigned (${SIGNATURE_PATH} missing)`);
  if (!present.has(FILE_LIST_PATH)) return refuse(`unsigned (${FILE_LIST_PATH} missing)`);
  const extraInSignature = [...present].filter((path) => !isSignedPath(path) && path !== FILE_LIST_PATH && path !== SIGNATURE_PATH);
  if (extraInSignature.length > 0) return refuse(`file not signed: ${extraInSignature.sort()[0]}`);

  const listBytes = await files.read(FILE_LIST_PATH);
  const signature = await checkCmsSignature(await files.read(SIGNATURE_PATH), listBytes);
  if (!signature.ok) return signature;

  const signer = signature.signer;
  const signerDer = derOf(signer);
  const publisher = trusted.publishers.find((candidate) => sameBytes(derOf(candidate.certificate), signerDer));
  if (!publisher) {
    const name = commonNameOf(signer) ?? 'unnamed certificate';
    const hints: string[] = [];
    if (trusted.publishers.length === 0) hints.push(`no publisher certificates${trusted.problem ? `: ${trusted.problem}` : ` in ${trusted.source}`}`);
    if (trusted.refused.length > 0) hints.push(`unreadable publisher files: ${trusted.refused.map((file) => `${file.name} (${file.reason})`).join(', ')}`);
    return refuse(`publisher not trusted: ${name}${hints.length > 0 ? ` (${hints.join('; ')})` : ''}`);
  }
  if (now.getTime() > publisher.notAfter.getTime()) {
    return refuse(`publisher certificate expired: ${publisher.commonName} (valid until ${publisher.notAfter.toISOString().slice(0, 10)})`);
  }
  if (now.getTime() < publisher.notBefore.getTime()) {
    return refuse(`publisher certificate not yet valid: ${publisher.commonName} (valid from ${publisher.notBefore.toISOString().slice(0, 10)})`);
  }

  const parsed = parseFileList(listBytes);
  if (!parsed.ok) return refuse(`${FILE_LIST_PATH} is malformed: ${parsed.problem}`);
  const problems: string[] = [];
  const contents = new Map<string, Uint8Array>();
  for (const entry of parsed.list.files) {
    if (!present.has(entry.path)) {
      problems.push(`file missing: ${entry.path}`);
      continue;
    }
    // A private copy: these are the bytes the plugin is then served and run from, so no one else may hold them.
    const bytes = new Uint8Array(await files.read(entry.path));
    if (bytes.length !== entry.size || (await sha256Hex(bytes)) !== entry.sha256) {
      problems.push(`file changed: ${entry.path}`);
      continue;
    }
    contents.set(entry.path, bytes);
  }
  const listed = new Set(parsed.list.files.map((entry) => entry.path));
  for (const path of [...present].filter(isSignedPath).sort()) {
    if (!listed.has(path)) problems.push(`file not signed: ${path}`);
  }
  if (problems.length > 0) {
    const more = problems.length > MAX_NAMED_PROBLEMS ? `; and ${problems.length - MAX_NAMED_PROBLEMS} more` : '';
    return refuse(problems.slice(0, MAX_NAMED_PROBLEMS).join('; ') + more);
  }
  return { ok: true, publisher, fileList: parsed.list, contents };
}

type CmsCheck = { ok: true; signer: pkijs.Certificate } | { ok: false; reason: string };

/** Parses and verifies the detached signature over `content`; the signer is the certificate it carries. */
async function checkCmsSignature(p7s: Uint8Array, content: Uint8Array): Promise<CmsCheck> {
  let signedData: pkijs.SignedData;
  try {
    const asn1 = asn1js.fromBER(p7s);
    if (asn1.offset === -1 || asn1.offset !== p7s.length) throw new Error('not one DER object');
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== ID_SIGNED_DATA) throw new Error(`content type ${contentInfo.contentType} is not SignedData`);
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    return refuse(`${SIGNATURE_PATH} is not a CMS signature (${messageOf(error)})`);
  }
  // pkijs would verify embedded content instead of ours: the signature must be detached, over plain data.
  if (signedData.encapContentInfo.eContentType !== ID_DATA || signedData.encapContentInfo.eContent !== undefined) {
    return refuse(`${SIGNATURE_PATH} is not a detached signature over ${FILE_LIST_PATH}`);
  }
  if (signedData.signerInfos.length !== 1) return refuse(`${SIGNATURE_PATH} has ${signedData.signerInfos.length} signers; exactly one is accepted`);
  const signerInfo = signedData.signerInfos[0]!;
  if (!ACCEPTED_DIGESTS.has(signerInfo.digestAlgorithm.algorithmId)) return refuse(`signature uses digest ${signerInfo.digestAlgorithm.algorithmId}; SHA-256 or stronger is required`);
  if (signerInfo.signedAttrs) {
    const types = signerInfo.signedAttrs.attributes.map((attribute) => attribute.type);
    if (!types.includes(ID_CONTENT_TYPE) || !types.includes(ID_MESSAGE_DIGEST)) {
      return refuse('signature does not verify (signed attributes lack content-type or message-digest)');
    }
  }
  try {
    const result = await signedData.verify({ signer: 0, data: toArrayBuffer(content), checkChain: false, extendedMode: true });
    if (!result.signatureVerified || !result.signerCertificate) return refuse('signature does not verify');
    return { ok: true, signer: result.signerCertificate };
  } catch (error) {
    const verifyError = error as { code?: number; message?: string };
    if (verifyError.code === 3 || verifyError.code === 2) return refuse('signature does not verify (it carries no signer certificate)');
    if (/digest doesn't match/i.test(verifyError.message ?? '')) return refuse(`signature does not verify (${FILE_LIST_PATH} changed after signing)`);
    return refuse(`signature does not verify (${messageOf(error)})`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** Both sides re-encoded the same way, so a certificate saved as PEM or DER compares equal to itself. */
function derOf(certificate: pkijs.Certificate): Uint8Array {
  return new Uint8Array(certificate.toSchema().toBER(false));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
