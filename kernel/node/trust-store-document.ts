import { stat } from 'node:fs/promises';
import { trustStoreFolder } from './trust-store-folder';

/** The folder's certificate files for the page, which pins them itself (the server is not trusted to). */
export async function readTrustStoreDocument(folder: string, profile: 'production' | 'test') {
  const exists = await stat(folder).then((info) => info.isDirectory(), () => false);
  const files = exists ? await trustStoreFolder(folder).list() : [];
  return { profile, files: files.map((file) => ({ name: file.name, base64: Buffer.from(file.bytes).toString('base64') })) };
}
