import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { cp, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkManifest, type PluginManifest } from '../../../kernel/plugins/manifest';
import { builtinContributionPoints } from '../../../kernel/plugins/points';
import { normalisePluginPath } from '../../../kernel/plugins/plugin-source';
import { createFileList, FILE_LIST_PATH, serialiseFileList, SIGNATURE_FOLDER, SIGNATURE_PATH } from '../../../kernel/plugins/signing/file-list';
import { verifyPluginSignature } from '../../../kernel/plugins/signing/plugin-signature';
import { readPublisherCertificates } from '../../../kernel/plugins/signing/publisher-certificates';
import { signFileList, type SigningHash } from '../../../kernel/plugins/signing/sign-file-list';
import { decodeCertificateFile } from '../../../kernel/trust/certificate-file';
import { parseRootCertificate } from '../../../kernel/trust/root-certificate';
import { loadPluginPublishers, pluginFolderFiles } from '../../../kernel/node/plugin-folder-files';

export interface SignPluginOptions {
  /** The plugin folder (with package.json). */
  readonly folder: string;
  /** PEM private key (PKCS#8, PKCS#1 or SEC1): RSA, or EC P-256 / P-384. */
  readonly keyFile: string;
  /** The publisher certificate (PEM or DER) the kiosks trust; its public key must be the key's pair. */
  readonly certFile: string;
  /**
   * Copy the installable files (package.json and the manifest's "files" list) into this new folder and sign the
   * copy. Without it the folder is signed as it is (it must then hold nothing but the plugin).
   */
  readonly out?: string;
  readonly passphrase?: string;
  readonly now?: Date;
}

export interface SignedPlugin {
  readonly folder: string;
  readonly name: string;
  readonly version: string;
  readonly files: number;
  readonly publisher: string;
}

/** `zairyu plugin sign`: writes signature/files.json and its detached CMS signature signature/files.json.p7s. */
export async function signPlugin(options: SignPluginOptions): Promise<SignedPlugin> {
  const source = resolve(options.folder);
  const { manifest, raw } = await readManifest(source);
  const signer = await readSigner(options);
  const now = options.now ?? new Date();
  if (now < signer.notBefore || now > signer.notAfter) {
    throw new Error(`${options.certFile}: the certificate is not valid now (${signer.notBefore.toISOString()} to ${signer.notAfter.toISOString()}); kiosks would refuse the plugin`);
  }

  if (options.out === undefined) {
    if (await exists(join(source, 'node_modules'))) {
      throw new Error(`${source} holds node_modules: sign an installable copy with --out DIR (package.json and the manifest's "files" are copied)`);
    }
    return signFolder(source, manifest, signer, options.certFile, now);
  }
  const target = resolve(options.out);
  if (await exists(target)) {
    if ((await readdir(target)).length > 0) throw new Error(`${target} exists and is not empty`);
  }
  try {
    await copyInstallableFiles(source, target, raw);
    return await signFolder(target, manifest, signer, options.certFile, now);
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
}

async function signFolder(target: string, manifest: PluginManifest, signer: Signer, certFile: string, now: Date): Promise<SignedPlugin> {
  await rm(join(target, SIGNATURE_FOLDER), { recursive: true, force: true });
  const files = pluginFolderFiles(target);
  const listed = new Set(await files.list());
  const missing = requiredFiles(manifest).filter((path) => !listed.has(path));
  if (missing.length > 0) throw new Error(`${target}: files named in the manifest are missing: ${missing.join(', ')} (built? listed in "files"?)`);

  const fileList = await createFileList(files);
  const listBytes = serialiseFileList(fileList);
  const signature = await signFileList(listBytes, { privateKey: signer.privateKey, certificateDer: signer.certificateDer, hash: signer.hash, signingTime: now });
  await mkdir(join(target, SIGNATURE_FOLDER), { recursive: true });
  await writeFile(join(target, FILE_LIST_PATH), listBytes);
  await writeFile(join(target, SIGNATURE_PATH), signature);

  // Check the result as a kiosk that trusts this certificate would.
  const check = await verifyPluginSignature(pluginFolderFiles(target), readPublisherCertificates(certFile, [{ name: certFile, bytes: signer.certificateDer }]), { now });
  if (!check.ok) throw new Error(`the new signature does not check: ${check.reason}`);
  return { folder: target, name: manifest.name, version: manifest.version, files: fileList.files.length, publisher: check.publisher.commonName };
}

export interface PluginVerification {
  readonly folder: string;
  readonly ok: boolean;
  readonly reason?: string;
  readonly publisher?: string;
  readonly files?: number;
  readonly name?: string;
  readonly version?: string;
}

/** `zairyu plugin verify`: the check the kiosk makes at start-up, against the publisher certificates in `publisherFolder`. */
export async function verifyPlugin(folder: string, publisherFolder: string, now = new Date()): Promise<PluginVerification> {
  const location = resolve(folder);
  const check = await verifyPluginSignature(pluginFolderFiles(location), await loadPluginPublishers(publisherFolder), { now });
  if (!check.ok) return { folder: location, ok: false, reason: check.reason };
  const manifest = checkManifest(JSON.parse(new TextDecoder().decode(check.contents.get('package.json') ?? new Uint8Array())));
  if (!manifest.ok) return { folder: location, ok: false, reason: `signed, but the manifest is invalid: ${manifest.problems.join('; ')}` };
  return { folder: location, ok: true, publisher: check.publisher.commonName, files: check.fileList.files.length, name: manifest.manifest.name, version: manifest.manifest.version };
}

async function readManifest(folder: string): Promise<{ manifest: PluginManifest; raw: unknown }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'));
  } catch (error) {
    throw new Error(`${folder}/package.json cannot be read: ${(error as Error).message}`);
  }
  const check = checkManifest(raw);
  if (!check.ok) throw new Error(`${folder}/package.json is not a valid plugin manifest: ${check.problems.join('; ')}`);
  return { manifest: check.manifest, raw };
}

/** `main` and the files contribution points read at load time (locales, code tables, help images). */
function requiredFiles(manifest: PluginManifest): string[] {
  const paths = manifest.main ? [manifest.main] : [];
  for (const point of builtinContributionPoints) {
    const value = manifest.contributes[point.name];
    if (value === undefined || !point.resourcePaths) continue;
    const parsed = point.schema.safeParse(value);
    if (parsed.success) paths.push(...point.resourcePaths(parsed.data));
  }
  return ['package.json', ...paths.map(normalisePluginPath)];
}

/** package.json and every path of the manifest's "files" (files or folders; no globs), as `npm pack` would. */
async function copyInstallableFiles(source: string, target: string, rawManifest: unknown): Promise<void> {
  const entries = (rawManifest as { files?: unknown }).files;
  if (!Array.isArray(entries) || entries.length === 0 || !entries.every((entry): entry is string => typeof entry === 'string')) {
    throw new Error(`${source}/package.json has no "files" list: name what gets installed, e.g. "files": ["dist", "locales"]`);
  }
  await mkdir(target, { recursive: true });
  for (const entry of ['package.json', ...entries]) {
    if (/[*?[\]{}!]/.test(entry)) throw new Error(`"files": "${entry}" is a pattern; name files and folders only`);
    const path = normalisePluginPath(entry.replace(/\/$/, ''));
    if (path === SIGNATURE_FOLDER || path.startsWith(`${SIGNATURE_FOLDER}/`)) continue;
    const from = join(source, path);
    const info = await lstat(from).catch(() => undefined);
    if (!info) throw new Error(`"files": ${entry} does not exist in ${source} (built yet?)`);
    if (info.isSymbolicLink()) throw new Error(`"files": ${entry} is a symbolic link`);
    await mkdir(dirname(join(target, path)), { recursive: true });
    await cp(from, join(target, path), { recursive: true, verbatimSymlinks: true, errorOnExist: true, force: false });
  }
}

interface Signer {
  readonly privateKey: CryptoKey;
  readonly certificateDer: Uint8Array;
  readonly hash: SigningHash;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

async function readSigner(options: SignPluginOptions): Promise<Signer> {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: await readFile(options.keyFile), ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}) });
  } catch (error) {
    throw new Error(`${options.keyFile}: not a usable private key (${(error as Error).message}); encrypted keys need --passphrase-env`);
  }
  const decoded = decodeCertificateFile(new Uint8Array(await readFile(options.certFile)));
  const certificate = decoded.ok ? parseRootCertificate(decoded.der) : undefined;
  if (!decoded.ok || !certificate) throw new Error(`${options.certFile}: not one certificate (PEM or DER)`);

  const certificateKey = new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false));
  const keyPublic = new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  if (Buffer.compare(Buffer.from(certificateKey), Buffer.from(keyPublic)) !== 0) {
    throw new Error(`${options.keyFile} is not the key of the certificate ${options.certFile}`);
  }

  let algorithm: RsaHashedImportParams | EcKeyImportParams;
  let hash: SigningHash;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'rsa') {
    hash = 'SHA-256';
    algorithm = { name: 'RSASSA-PKCS1-v1_5', hash };
  } else if (key.asymmetricKeyType === 'ec' && (curve === 'prime256v1' || curve === 'secp384r1')) {
    hash = curve === 'prime256v1' ? 'SHA-256' : 'SHA-384';
    algorithm = { name: 'ECDSA', namedCurve: curve === 'prime256v1' ? 'P-256' : 'P-384' };
  } else {
    throw new Error(`${options.keyFile}: ${key.asymmetricKeyType}${curve ? ` ${curve}` : ''} keys are not supported; use RSA (2048 bits or more) or EC P-256 / P-384`);
  }
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new Error(`${options.keyFile}: RSA keys need at least 2048 bits`);
  }
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const privateKey = await crypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), algorithm, false, ['sign']);
  return { privateKey, certificateDer: decoded.der, hash, notBefore: certificate.notBefore.value, notAfter: certificate.notAfter.value };
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
