import type { KeyObject } from 'node:crypto';
import {
  createFileList,
  FILE_LIST_PATH,
  readPublisherCertificates,
  serialiseFileList,
  signFileList,
  SIGNATURE_PATH,
  type PluginFiles,
  type PluginPublishers,
  type SigningHash,
} from '../../kernel/plugins/signing';
import { makeCertificate, toPem, type TestCertificate, type TestKeyType } from '../../plugins/residence-card/verification/throwaway-pki.test-support';

/** A plugin folder in memory; `files` can be changed after signing to tamper with it. */
export class MemoryPluginFiles implements PluginFiles {
  readonly files: Map<string, Uint8Array>;

  constructor(
    files: Record<string, string | Uint8Array>,
    readonly location = 'memory-plugin',
  ) {
    this.files = new Map(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? new TextEncoder().encode(content) : content]));
  }

  async list(): Promise<string[]> {
    return [...this.files.keys()];
  }

  async read(path: string): Promise<Uint8Array> {
    const bytes = this.files.get(path);
    if (!bytes) throw new Error(`${path}: no such file`);
    return bytes;
  }

  set(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }
}

export interface TestPublisher {
  readonly certificate: TestCertificate;
  readonly keyType: TestKeyType;
  readonly keyPem: string;
  readonly certPem: string;
}

/** A throwaway publisher: a self-signed end-entity certificate and its key. */
export function makePublisher(commonName: string, keyType: TestKeyType = 'ec-p256', validity: { notBefore?: Date; notAfter?: Date } = {}): TestPublisher {
  const certificate = makeCertificate({ commonName, keyType, certificateAuthority: false, ...validity });
  return {
    certificate,
    keyType,
    keyPem: certificate.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem: toPem(certificate.der),
  };
}

export function publishersOf(...publishers: TestPublisher[]): PluginPublishers {
  return readPublisherCertificates(
    'test publishers',
    publishers.map((publisher, index) => ({ name: `publisher-${index}.pem`, bytes: new TextEncoder().encode(publisher.certPem) })),
  );
}

export async function webCryptoKey(key: KeyObject, keyType: TestKeyType): Promise<CryptoKey> {
  const algorithm = keyType.startsWith('rsa')
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: keyType === 'ec-p384' ? 'P-384' : 'P-256' };
  return crypto.subtle.importKey('pkcs8', new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })), algorithm, false, ['sign']);
}

/** Adds signature/files.json and signature/files.json.p7s for the files as they are now. */
export async function signMemoryPlugin(files: MemoryPluginFiles, publisher: TestPublisher, hash: SigningHash = 'SHA-256'): Promise<void> {
  const list = serialiseFileList(await createFileList(files));
  const signature = await signFileList(list, {
    privateKey: await webCryptoKey(publisher.certificate.privateKey, publisher.keyType),
    certificateDer: publisher.certificate.der,
    hash,
  });
  files.set(FILE_LIST_PATH, list);
  files.set(SIGNATURE_PATH, signature);
}
