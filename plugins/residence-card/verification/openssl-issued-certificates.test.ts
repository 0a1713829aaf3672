import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gen1SignedData, gen2SignedData } from './signed-data';
import { signCardData } from './throwaway-pki.test-support';
import { verifyGen1, verifyGen2 } from './verify-card';

// Certificates made by the openssl command line, not by our own test helper: the checks must accept what a
// standard CA tool produces, not only what our generator encodes.
const folder = mkdtempSync(join(tmpdir(), 'zairyu-openssl-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
C = JP
O = Japanese Government
OU = The Ministry of Justice
CN = OpenSSL ZairyuCard CA
[v3_root]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_card]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: folder, stdio: 'pipe' });
}

function opensslChain(prefix: string, keyArgs: string[]): { root: Uint8Array; card: Uint8Array; cardKey: ReturnType<typeof createPrivateKey> } {
  writeFileSync(join(folder, 'openssl.cnf'), CONFIG);
  openssl('req', '-x509', '-config', 'openssl.cnf', '-extensions', 'v3_root', '-newkey', ...keyArgs, '-nodes', '-sha256', '-days', '30',
    '-keyout', `${prefix}-root.key`, '-out', `${prefix}-root.der`, '-outform', 'DER');
  openssl('req', '-new', '-config', 'openssl.cnf', '-subj', '/C=JP/O=Japanese Government/OU=The Ministry of Justice/CN=card',
    '-newkey', ...keyArgs, '-nodes', '-keyout', `${prefix}-card.key`, '-out', `${prefix}-card.csr`);
  openssl('x509', '-req', '-in', `${prefix}-card.csr`, '-CA', `${prefix}-root.der`, '-CAform', 'DER', '-CAkey', `${prefix}-root.key`,
    '-set_serial', '4660', '-days', '10', '-sha256', '-extfile', 'openssl.cnf', '-extensions', 'v3_card', '-outform', 'DER', '-out', `${prefix}-card.der`);
  return {
    root: new Uint8Array(readFileSync(join(folder, `${prefix}-root.der`))),
    card: new Uint8Array(readFileSync(join(folder, `${prefix}-card.der`))),
    cardKey: createPrivateKey(readFileSync(join(folder, `${prefix}-card.key`))),
  };
}

const anchors = (root: Uint8Array) => ({ isTestProfile: true, roots: [{ name: 'openssl root', der: root, fingerprint: '' }] });

describe('certificates issued by the openssl command line', () => {
  it('verify for a 1st-gen card (RSA-2048 root and card key)', async () => {
    const { root, card, cardKey } = opensslChain('rsa', ['rsa:2048']);
    const frontImage = randomBytes(7000);
    const faceImage = randomBytes(3000);
    const signature = signCardData(gen1SignedData(frontImage, faceImage), cardKey);
    const result = await verifyGen1({ frontImage, faceImage, signature, certificate: card, trust: anchors(root) });
    expect(result.tamperCheck).toEqual({ outcome: 'ok', reasons: ['signature-valid'] });
    expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted', 'test-trust-store'] });
  });

  it('verify for a 2nd-gen card (P-384 root and card key), raw and DER signatures', async () => {
    const { root, card, cardKey } = opensslChain('ec', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    const printedEntries = randomBytes(53);
    const faceImage = randomBytes(3000);
    const nameImage = randomBytes(2500);
    for (const encoding of ['ieee-p1363', 'der'] as const) {
      const signature = signCardData(gen2SignedData(printedEntries, faceImage, nameImage), cardKey, encoding);
      const result = await verifyGen2({ printedEntries, faceImage, nameImage, signature, certificate: card, trust: anchors(root) });
      expect(result.tamperCheck).toEqual({ outcome: 'ok', reasons: ['signature-valid'] });
      expect(result.issuerCheck).toEqual({ outcome: 'ok', reasons: ['issuer-trusted', 'test-trust-store'] });
    }
  });
});
