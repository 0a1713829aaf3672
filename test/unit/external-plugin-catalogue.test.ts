import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalPluginFolders } from '../../kernel/node/external-plugin-folders';
import { pluginSourcesFromCatalogue, unavailableCatalogue } from '../../kernel/plugins/signing/external-plugin-catalogue';
import { UrlPluginSource } from '../../kernel/plugins/url-plugin-source';
import { startWebKioskServer } from '../../shell/web/server/static-server';
import { makePublisher, MemoryPluginFiles, signMemoryPlugin } from '../support/plugin-signing';

/**
 * The web host's plugin folders: the server lists files and publisher certificates, the page verifies. Here the
 * page's fetch is answered straight from ExternalPluginFolders.read, as the web server does.
 */
const publisher = makePublisher('Web Plugin Publisher');
const manifest = JSON.stringify({ name: 'web-sample', version: '1.0.0', main: 'main.js', engines: { zairyu: '^1.0.0' } });

let work: string;
let root: string;
let publishers: string;

async function writePlugin(folder: string, files: MemoryPluginFiles): Promise<void> {
  for (const [path, bytes] of files.files) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), bytes);
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zairyu-catalogue-'));
  root = join(work, 'plugins');
  publishers = join(work, 'publishers');
  await mkdir(publishers, { recursive: true });
  await writeFile(join(publishers, 'publisher.pem'), publisher.certPem);
  const files = new MemoryPluginFiles({ 'package.json': manifest, 'main.js': 'export function activate() {}\n' });
  await signMemoryPlugin(files, publisher);
  await writePlugin(join(root, 'a-signed'), files);
  await writePlugin(join(root, 'b-linked'), files);
  await symlink('/etc/hostname', join(root, 'b-linked', 'linked.txt'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function pageFetch(folders: ExternalPluginFolders): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    const match = /\/external-plugins\/(\d+)\/(.+)$/.exec(url.pathname);
    const bytes = match ? await folders.read(Number(match[1]), match[2]!, url.searchParams.get('sha256') ?? undefined) : undefined;
    return bytes ? new Response(new Uint8Array(bytes)) : new Response('not found', { status: 404 });
  }) as typeof fetch;
}

describe('external plugins served to the web kiosk page', () => {
  it('lists every plugin folder, with why a folder cannot be listed', async () => {
    const folders = new ExternalPluginFolders(async () => ({ pluginFolders: [root, join(work, 'missing')], pluginPublisherFolder: publishers }));
    const catalogue = await folders.catalogue();
    expect(catalogue.plugins[0]).toEqual({ folder: join(root, 'a-signed'), files: expect.arrayContaining(['package.json', 'main.js', 'signature/files.json', 'signature/files.json.p7s']) });
    expect(catalogue.plugins[1]).toEqual({ folder: join(root, 'b-linked'), problem: 'symbolic link not allowed: linked.txt' });
    expect(catalogue.plugins[2]?.problem).toMatch(/^plugin folder cannot be read: ENOENT/);
    expect(catalogue.publishers.files.map((file) => file.name)).toEqual(['publisher.pem']);
  });

  it('the page accepts the signed plugin from the served bytes and refuses the others with their reasons', async () => {
    const folders = new ExternalPluginFolders(async () => ({ pluginFolders: [root], pluginPublisherFolder: publishers }));
    const sources = pluginSourcesFromCatalogue(await folders.catalogue(), 'http://127.0.0.1:1234/', pageFetch(folders));
    expect(sources.map((source) => source.location)).toEqual(['http://127.0.0.1:1234/external-plugins/0/', 'http://127.0.0.1:1234/external-plugins/1/']);
    expect(await sources[0]!.refusal()).toBeUndefined();
    expect(await sources[0]!.readManifest()).toMatchObject({ name: 'web-sample' });
    expect(await sources[1]!.refusal()).toBe('plugin folder cannot be checked: symbolic link not allowed: linked.txt');
  });

  it('without the publisher folder every plugin is refused, saying so', async () => {
    const missing = join(work, 'no-publishers');
    const folders = new ExternalPluginFolders(async () => ({ pluginFolders: [root], pluginPublisherFolder: missing }));
    const [source] = pluginSourcesFromCatalogue(await folders.catalogue(), 'http://127.0.0.1:1234/', pageFetch(folders));
    expect(await source!.refusal()).toBe(`publisher not trusted: Web Plugin Publisher (no publisher certificates: folder ${missing} does not exist)`);
  });

  it('a catalogue that could not be fetched shows as one refused plugin with the reason', async () => {
    const [source] = pluginSourcesFromCatalogue(unavailableCatalogue('external-plugins.json: HTTP 500'), 'http://127.0.0.1:1234/');
    expect(await source!.refusal()).toBe('plugin folder cannot be checked: external-plugins.json: HTTP 500');
  });

  it('serves only files of the last listing, whatever the path says', async () => {
    const folders = new ExternalPluginFolders(async () => ({ pluginFolders: [root], pluginPublisherFolder: publishers }));
    expect(await folders.read(0, 'package.json')).toBeUndefined();
    await folders.catalogue();
    expect(new TextDecoder().decode(await folders.read(0, 'package.json'))).toBe(manifest);
    for (const [index, path] of [[0, '../b-linked/package.json'], [0, '/etc/hostname'], [1, 'linked.txt'], [0, 'not-there.js'], [5, 'package.json']] as const) {
      expect(await folders.read(index, path), `${index}/${path}`).toBeUndefined();
    }
  });
});

describe('the web host serves a snapshot: the bytes the page verifies are the bytes it imports', () => {
  const VERIFIED_MAIN = 'export function activate() {}\n';
  const SWAPPED_MAIN = 'export function activate() { steal(); }\n';
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

  /** A plugin folder of its own, signed with main.js as VERIFIED_MAIN. */
  async function freshPlugin(name: string): Promise<{ root: string; folder: string }> {
    const pluginRoot = join(work, name);
    const files = new MemoryPluginFiles({ 'package.json': manifest, 'main.js': VERIFIED_MAIN, 'images/help.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    await signMemoryPlugin(files, publisher);
    await writePlugin(join(pluginRoot, 'plugin'), files);
    return { root: pluginRoot, folder: join(pluginRoot, 'plugin') };
  }

  it('a file changed or removed on disk after the catalogue is still served as it was listed', async () => {
    const { root: pluginRoot, folder } = await freshPlugin('snapshot-read');
    const folders = new ExternalPluginFolders(async () => ({ pluginFolders: [pluginRoot], pluginPublisherFolder: publishers }));
    const catalogue = await folders.catalogue();
    await writeFile(join(folder, 'main.js'), SWAPPED_MAIN);
    await rm(join(folder, 'images'), { recursive: true });
    await writeFile(join(folder, 'added.js'), 'export {};\n');

    expect(text(await folders.read(0, 'main.js'))).toBe(VERIFIED_MAIN);
    expect(text(await folders.read(0, 'images/help.svg'))).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(await folders.read(0, 'added.js')).toBeUndefined();
    // Asked by digest (the page's import of main): those bytes, or nothing.
    expect(text(await folders.read(0, 'main.js', sha256(VERIFIED_MAIN)))).toBe(VERIFIED_MAIN);
    expect(await folders.read(0, 'main.js', sha256(SWAPPED_MAIN))).toBeUndefined();

    // The page verifies the snapshot (what was signed), although the folder no longer is what was signed.
    const [source] = pluginSourcesFromCatalogue(catalogue, 'http://127.0.0.1:1234/', pageFetch(folders));
    expect(await source!.refusal()).toBeUndefined();
    // A new catalogue (the page loaded again) is a new snapshot, of the folder as it is now: refused.
    const [reloaded] = pluginSourcesFromCatalogue(await folders.catalogue(), 'http://127.0.0.1:1234/', pageFetch(folders));
    expect(await reloaded!.refusal()).toBe('file missing: images/help.svg; file changed: main.js; file not signed: added.js');
  });

  it('the page accepts the plugin from the snapshot although the folder changed after listing', async () => {
    const { root: pluginRoot, folder } = await freshPlugin('snapshot-page');
    const folders = new ExternalPluginFolders(async () => ({ pluginFolders: [pluginRoot], pluginPublisherFolder: publishers }));
    const [source] = pluginSourcesFromCatalogue(await folders.catalogue(), 'http://127.0.0.1:1234/', pageFetch(folders));
    await writeFile(join(folder, 'main.js'), SWAPPED_MAIN);
    expect(await source!.refusal()).toBeUndefined();
    // Images go to the page as data: URLs of the verified bytes, not as URLs of the server.
    expect(source!.assetUrl('images/help.svg')).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('over HTTP: the served main is the listed one, its digest URL serves only it, and a later listing answers 404', async () => {
    const { root: pluginRoot, folder } = await freshPlugin('snapshot-http');
    const webRoot = join(work, 'web-root');
    await mkdir(webRoot, { recursive: true });
    const folders = new ExternalPluginFolders(async () => ({ pluginFolders: [pluginRoot], pluginPublisherFolder: publishers }));
    const server = await startWebKioskServer({ webRoot, configText: async () => '{}', externalPlugins: folders });
    try {
      const get = async (path: string) => {
        const response = await fetch(`${server.url}${path}`);
        return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
      };
      expect((await get('external-plugins.json')).status).toBe(200);
      await writeFile(join(folder, 'main.js'), SWAPPED_MAIN);

      expect(await get('external-plugins/0/main.js')).toEqual({ status: 200, body: VERIFIED_MAIN, type: 'text/javascript; charset=utf-8' });
      const verifiedUrl = new UrlPluginSource(`${server.url}external-plugins/0/`, false).verifiedMainUrl({ path: 'main.js', bytes: new Uint8Array(), sha256: sha256(VERIFIED_MAIN) });
      expect(verifiedUrl).toBe(`${server.url}external-plugins/0/main.js?sha256=${sha256(VERIFIED_MAIN)}`);
      expect((await fetch(verifiedUrl)).status).toBe(200);
      expect(await (await fetch(verifiedUrl)).text()).toBe(VERIFIED_MAIN);
      expect((await get(`external-plugins/0/main.js?sha256=${sha256(SWAPPED_MAIN)}`)).status).toBe(404);

      // The page is loaded again: the new snapshot holds the swapped file, and the old digest finds nothing.
      expect((await get('external-plugins.json')).status).toBe(200);
      expect((await get('external-plugins/0/main.js')).body).toBe(SWAPPED_MAIN);
      expect((await fetch(verifiedUrl)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
