// Test support only (imported by *.test.ts): throwaway self-signed roots made with the openssl command line,
// shaped like the ISA roots (chip spec §6), plus OpenSSL's own view of their fingerprints.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRoot {
  readonly der: Uint8Array;
  readonly pem: Uint8Array;
  /** `openssl x509 -fingerprint -sha256`, as lower-case hex without colons. */
  readonly opensslFingerprint: string;
}

const CONFIG = `
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_root
[dn]
C = JP
O = Japanese Government
OU = The Ministry of Justice
CN = Test ZairyuCard CA
[v3_root]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
`;

export function makeTestRoot(key: 'rsa' | 'ec-p384' = 'rsa', days = 30): TestRoot {
  const folder = mkdtempSync(join(tmpdir(), 'zairyu-trust-'));
  try {
    const run = (...args: string[]): string => execFileSync('openssl', args, { cwd: folder, encoding: 'utf8', stdio: 'pipe' });
    writeFileSync(join(folder, 'openssl.cnf'), CONFIG);
    const keyArgs = key === 'rsa' ? ['rsa:2048'] : ['ec', '-pkeyopt', 'ec_paramgen_curve:P-384'];
    run('req', '-x509', '-config', 'openssl.cnf', '-newkey', ...keyArgs, '-nodes', '-sha256', '-days', String(days), '-keyout', 'root.key', '-out', 'root.pem');
    run('x509', '-in', 'root.pem', '-outform', 'DER', '-out', 'root.der');
    const fingerprint = run('x509', '-in', 'root.pem', '-noout', '-fingerprint', '-sha256');
    return {
      der: new Uint8Array(readFileSync(join(folder, 'root.der'))),
      pem: new Uint8Array(readFileSync(join(folder, 'root.pem'))),
      opensslFingerprint: (fingerprint.split('=')[1] ?? '').trim().replaceAll(':', '').toLowerCase(),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
