import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PluginModule } from '../../kernel/api';
import {
  FILE_LIST_PATH,
  parseFileList,
  serialiseFileList,
  SignedPluginSource,
  SIGNATURE_PATH,
  signFileList,
  verifyPluginSignature,
  type PluginFileList,
} from '../../kernel/plugins/signing';
import type { VerifiedMainLoader, VerifiedModule } from '../../kernel/plugins/plugin-source';
import { daysFromNow } from '../../plugins/residence-card/verification/throwaway-pki.test-support';
import { testKernel } from '../support/kernel';
import { manifest, MemoryPluginSource } from '../support/memory-plugin-source';
import { makePublisher, MemoryPluginFiles, publishersOf, signMemoryPlugin, webCryptoKey } from '../support/plugin-signing';

const acme = makePublisher('Acme Kiosk Plugins');
const stranger = makePublisher('Somebody Else');

function pluginFiles(): MemoryPluginFiles {
  return new MemoryPluginFiles({
    'package.json': JSON.stringify(manifest('signed-one', { contributes: { views: [{ id: 'signed-one.view', titleKey: 'title' }] } })),
    'main.js': 'export function activate() {}\n',
    'locales/en.json': '{"title":"Title"}',
  });
}

async function signed(publisher = acme): Promise<MemoryPluginFiles> {
  const files = pluginFiles();
  await signMemoryPlugin(files, publisher);
  return files;
}

const reasonOf = async (files: MemoryPluginFiles, trusted = publishersOf(acme), now?: Date) => {
  const check = await verifyPluginSignature(files, trusted, now ? { now } : {});
  return check.ok ? 'ok' : check.reason;
};

describe('plugin signatures', () => {
  it('accepts a plugin signed by a configured publisher, with EC P-256, EC P-384 and RSA keys', async () => {
    for (const publisher of [acme, makePublisher('P-384 publisher', 'ec-p384'), makePublisher('RSA publisher', 'rsa-2048')]) {
      const files = await signed(publisher);
      const check = await verifyPluginSignature(files, publishersOf(stranger, publisher));
      expect(check.ok ? check.publisher.commonName : check.reason).toBe(publisher.certificate.subjectName);
      if (check.ok) expect([...check.contents.keys()].sort()).toEqual(['locales/en.json', 'main.js', 'package.json']);
    }
  });

  it('writes a canonical, sorted file list with sizes and SHA-256', async () => {
    const files = await signed();
    const parsed = parseFileList(files.files.get(FILE_LIST_PATH)!);
    expect(parsed.ok).toBe(true);
    const list = (parsed as { list: PluginFileList }).list;
    expect(list.format).toBe('zairyu-plugin-files/1');
    expect(list.files.map((file) => file.path)).toEqual(['locales/en.json', 'main.js', 'package.json']);
    const main = 'export function activate() {}\n';
    expect(list.files[1]).toEqual({ path: 'main.js', size: main.length, sha256: createHash('sha256').update(main).digest('hex') });
    expect(serialiseFileList(list)).toEqual(files.files.get(FILE_LIST_PATH));
  });

  it('refuses with a reason an operator can act on', async () => {
    const unsigned = pluginFiles();
    expect(await reasonOf(unsigned)).toBe('unsigned (signature/files.json.p7s missing)');

    const changed = await signed();
    changed.set('main.js', 'export function activate() { steal(); }\n');
    expect(await reasonOf(changed)).toBe('file changed: main.js');

    const extra = await signed();
    extra.set('extra.js', 'evil');
    expect(await reasonOf(extra)).toBe('file not signed: extra.js');

    const missing = await signed();
    missing.files.delete('locales/en.json');
    expect(await reasonOf(missing)).toBe('file missing: locales/en.json');

    const extraSignatureFile = await signed();
    extraSignatureFile.set('signature/notes.txt', 'hello');
    expect(await reasonOf(extraSignatureFile)).toBe('file not signed: signature/notes.txt');

    expect(await reasonOf(await signed(stranger))).toBe('publisher not trusted: Somebody Else');
    expect(await reasonOf(await signed(stranger), { source: '/etc/zairyu/plugin-publishers', publishers: [], refused: [], problem: 'folder /etc/zairyu/plugin-publishers does not exist' })).toBe(
      'publisher not trusted: Somebody Else (no publisher certificates: folder /etc/zairyu/plugin-publishers does not exist)',
    );

    const listChanged = await signed();
    const list = new TextDecoder().decode(listChanged.files.get(FILE_LIST_PATH));
    listChanged.set(FILE_LIST_PATH, list.replace('"size": 30', '"size": 31'));
    expect(await reasonOf(listChanged)).toBe('signature does not verify (signature/files.json changed after signing)');

    const garbage = await signed();
    garbage.set(SIGNATURE_PATH, 'not a signature');
    expect(await reasonOf(garbage)).toMatch(/^signature\/files\.json\.p7s is not a CMS signature/);
  });

  it('refuses every changed file at once, naming at most five', async () => {
    const files = await signed();
    for (let index = 0; index < 7; index++) files.set(`extra-${index}.js`, 'x');
    expect(await reasonOf(files)).toBe(
      'file not signed: extra-0.js; file not signed: extra-1.js; file not signed: extra-2.js; file not signed: extra-3.js; file not signed: extra-4.js; and 2 more',
    );
  });

  it('refuses expired and not yet valid publisher certificates', async () => {
    const expired = makePublisher('Expired Publisher', 'ec-p256', { notBefore: daysFromNow(-400), notAfter: daysFromNow(-1) });
    expect(await reasonOf(await signed(expired), publishersOf(expired))).toMatch(/^publisher certificate expired: Expired Publisher \(valid until \d{4}-\d{2}-\d{2}\)$/);
    const future = makePublisher('Future Publisher', 'ec-p256', { notBefore: daysFromNow(10), notAfter: daysFromNow(400) });
    expect(await reasonOf(await signed(future), publishersOf(future))).toMatch(/^publisher certificate not yet valid: Future Publisher/);
    // The same signature is accepted while the certificate is valid.
    expect(await reasonOf(await signed(expired), publishersOf(expired), daysFromNow(-10))).toBe('ok');
  });

  it('refuses SHA-1, CMS with embedded content, and a file list that is not canonical', async () => {
    const sha1 = pluginFiles();
    const list = serialiseFileList({ format: 'zairyu-plugin-files/1', files: [] });
    sha1.set(FILE_LIST_PATH, list);
    sha1.set(SIGNATURE_PATH, await signFileList(list, { privateKey: await webCryptoKey(acme.certificate.privateKey, 'ec-p256'), certificateDer: acme.certificate.der, hash: 'SHA-1' as 'SHA-256' }));
    expect(await reasonOf(sha1)).toBe('signature uses digest 1.3.14.3.2.26; SHA-256 or stronger is required');

    // A signature over other, embedded content must not pass for a signature over files.json.
    const embedded = await signed();
    const contentInfo = new pkijs.ContentInfo({ schema: asn1js.fromBER(embedded.files.get(SIGNATURE_PATH)!).result });
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    signedData.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: new TextEncoder().encode('{}') });
    embedded.set(SIGNATURE_PATH, new Uint8Array(new pkijs.ContentInfo({ contentType: contentInfo.contentType, content: signedData.toSchema(true) }).toSchema().toBER(false)));
    expect(await reasonOf(embedded)).toBe('signature/files.json.p7s is not a detached signature over signature/files.json');

    // Signed, but not in canonical form: the list is checked after the signature, and refused.
    const unsorted = pluginFiles();
    const listed = serialiseFileList({
      format: 'zairyu-plugin-files/1',
      files: [
        { path: 'main.js', size: 30, sha256: '0'.repeat(64) },
        { path: 'locales/en.json', size: 17, sha256: '0'.repeat(64) },
      ],
    });
    unsorted.set(FILE_LIST_PATH, listed);
    unsorted.set(SIGNATURE_PATH, await signFileList(listed, { privateKey: await webCryptoKey(acme.certificate.privateKey, 'ec-p256'), certificateDer: acme.certificate.der }));
    expect(await reasonOf(unsorted)).toBe('signature/files.json is malformed: files: must be sorted by path, without duplicates');
  });

  describe('interoperability', () => {
    const folder = mkdtempSync(join(tmpdir(), 'zairyu-cms-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('accepts a detached signature made by OpenSSL (openssl cms -sign), e.g. from an HSM workflow', async () => {
      const rsa = makePublisher('OpenSSL RSA Publisher', 'rsa-2048');
      const files = await signed(rsa);
      writeFileSync(join(folder, 'files.json'), files.files.get(FILE_LIST_PATH)!);
      writeFileSync(join(folder, 'key.pem'), rsa.keyPem);
      writeFileSync(join(folder, 'cert.pem'), rsa.certPem);
      execFileSync('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-outform', 'DER', '-in', join(folder, 'files.json'), '-signer', join(folder, 'cert.pem'), '-inkey', join(folder, 'key.pem'), '-out', join(folder, 'files.json.p7s')]);
      files.set(SIGNATURE_PATH, readFileSync(join(folder, 'files.json.p7s')));
      expect(await reasonOf(files, publishersOf(rsa))).toBe('ok');
    });

    it('makes signatures OpenSSL verifies', async () => {
      const files = await signed();
      writeFileSync(join(folder, 'ours.json'), files.files.get(FILE_LIST_PATH)!);
      writeFileSync(join(folder, 'ours.p7s'), files.files.get(SIGNATURE_PATH)!);
      writeFileSync(join(folder, 'acme.pem'), acme.certPem);
      const output = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(folder, 'ours.p7s'), '-content', join(folder, 'ours.json'), '-CAfile', join(folder, 'acme.pem'), '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
      expect(output).toBeDefined();
    });
  });
});

describe('signed plugin source', () => {
  /** A loader that records the bytes it is asked to run, as a host would import them. */
  const memoryLoader = (files: MemoryPluginFiles, module: PluginModule) => {
    const loaded: VerifiedModule[] = [];
    const loader: VerifiedMainLoader = {
      location: files.location,
      loadVerifiedMain: async (main) => {
        loaded.push(main);
        return module;
      },
    };
    return { loader, loaded };
  };
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it('serves the verified bytes and runs the verified main, whatever the files hold after the check', async () => {
    const files = await signed();
    const activate = () => undefined;
    const { loader, loaded } = memoryLoader(files, { activate });
    const source = new SignedPluginSource(loader, files, async () => publishersOf(acme));
    expect(await source.refusal()).toBeUndefined();
    files.set('locales/en.json', '{"title":"Changed"}');
    files.set('main.js', 'export function activate() { steal(); }\n');
    expect(await source.readText('./locales/en.json')).toBe('{"title":"Title"}');
    expect(await source.loadMain('./main.js')).toEqual({ activate });
    expect(loaded.map((main) => [main.path, text(main.bytes), main.sha256])).toEqual([
      ['main.js', 'export function activate() {}\n', createHash('sha256').update('export function activate() {}\n').digest('hex')],
    ]);
    files.files.delete('main.js');
    await expect(source.loadMain('main.js')).resolves.toEqual({ activate });
    expect(text(loaded[1]!.bytes)).toBe('export function activate() {}\n');
    await expect(source.loadMain('other.js')).rejects.toThrow('other.js: not a signed file');
  });

  it('hands out data: URLs of the verified bytes as asset URLs, and nothing for other paths', async () => {
    const files = await signed();
    files.set('images/help.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await signMemoryPlugin(files, acme);
    const source = new SignedPluginSource(memoryLoader(files, { activate: () => undefined }).loader, files, async () => publishersOf(acme));
    expect(source.assetUrl('images/help.svg')).toMatch(/^about:invalid#/); // not checked yet
    expect(await source.refusal()).toBeUndefined();
    files.set('images/help.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>steal()</script></svg>');
    const url = source.assetUrl('./images/help.svg');
    expect(url).toBe(`data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64')}`);
    expect(text(new Uint8Array(await (await fetch(url)).arrayBuffer()))).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(source.assetUrl('locales/en.json')).toMatch(/^data:application\/json;charset=utf-8;base64,/);
    expect(source.assetUrl('images/other.png')).toBe('about:invalid#not-a-signed-file:images%2Fother.png');
    expect(() => source.assetUrl('../outside.svg')).toThrow(/leaves the plugin folder/);
  });

  it('is disabled by the host with the refusal as its reason, while the other plugins load', async () => {
    const kernel = await testKernel();
    const tampered = await signed();
    tampered.set('main.js', 'changed');
    const refused = new SignedPluginSource(memoryLoader(tampered, { activate: () => undefined }).loader, tampered, async () => publishersOf(acme));
    const good = new MemoryPluginSource('good', { 'package.json': manifest('good', { main: undefined }) });
    await kernel.plugins.load([refused, good]);
    const summaries = kernel.plugins.summaries();
    expect(summaries.find((summary) => summary.location === 'memory-plugin')).toMatchObject({ state: 'disabled', reason: 'file changed: main.js', builtin: false });
    expect(kernel.plugins.stateOf('good')).toBe('enabled');
    await expect(refused.readManifest()).rejects.toThrow('file changed: main.js');
  });
});
