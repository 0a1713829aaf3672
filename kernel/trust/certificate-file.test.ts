import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCertificateFile, derFingerprint } from './certificate-file';
import { makeTestRoot, type TestRoot } from './test-roots.test-support';

let root: TestRoot;
beforeAll(() => {
  root = makeTestRoot();
});

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const pemText = (): string => new TextDecoder().decode(root.pem);

describe('decodeCertificateFile', () => {
  it('passes DER through unchanged', () => {
    expect(decodeCertificateFile(root.der)).toEqual({ ok: true, der: root.der, encoding: 'der' });
  });

  it('decodes PEM (LF or CRLF) to the same DER', () => {
    for (const pem of [root.pem, text(pemText().replaceAll('\n', '\r\n'))]) {
      const decoded = decodeCertificateFile(pem);
      expect(decoded.ok && decoded.encoding).toBe('pem');
      expect(decoded.ok && Buffer.from(decoded.der)).toEqual(Buffer.from(root.der));
    }
  });

  it('refuses what is not exactly one certificate', () => {
    expect(decodeCertificateFile(new Uint8Array())).toEqual({ ok: false, reason: 'empty-file' });
    expect(decodeCertificateFile(text('hello'))).toEqual({ ok: false, reason: 'not-a-certificate-file' });
    expect(decodeCertificateFile(text(pemText() + pemText()))).toEqual({ ok: false, reason: 'pem-multiple-certificates' });
    expect(decodeCertificateFile(text('-----BEGIN CERTIFICATE-----\nAAAA\n'))).toEqual({ ok: false, reason: 'pem-malformed' });
    expect(decodeCertificateFile(text('-----BEGIN CERTIFICATE-----\nA*AA\n-----END CERTIFICATE-----\n'))).toEqual({ ok: false, reason: 'pem-malformed' });
    expect(decodeCertificateFile(text('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'))).toEqual({ ok: false, reason: 'pem-malformed' });
  });
});

describe('derFingerprint', () => {
  it('is SHA-256 over the DER bytes, as OpenSSL computes it — also for a PEM file once decoded', () => {
    expect(derFingerprint(root.der)).toBe(root.opensslFingerprint);
    const decoded = decodeCertificateFile(root.pem);
    expect(decoded.ok && derFingerprint(decoded.der)).toBe(root.opensslFingerprint);
    // The PEM text itself hashes differently: pinning must never hash the file as saved.
    expect(createHash('sha256').update(root.pem).digest('hex')).not.toBe(root.opensslFingerprint);
  });

  it('is lower-case hex of 64 digits', () => {
    expect(derFingerprint(new Uint8Array([1, 2, 3]))).toBe(createHash('sha256').update(new Uint8Array([1, 2, 3])).digest('hex'));
  });
});
