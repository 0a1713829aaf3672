import { appendFile, readFile } from 'node:fs/promises';
import { AuditLog, verifyAuditLog } from '../audit/audit-log';

/**
 * An audit log in a file opened for append only; the chain continues from the file's last record. A file
 * whose chain is already broken is not continued (that would hide the break): opening it fails.
 */
export async function openAuditFile(path: string): Promise<AuditLog> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
  const verification = verifyAuditLog(existing);
  if (!verification.ok) throw new Error(`audit log ${path} is broken at line ${verification.line}: ${verification.reason}`);
  return new AuditLog({ append: (line) => appendFile(path, `${line}\n`, { encoding: 'utf8', flag: 'a', mode: 0o600 }) }, verification.last);
}
