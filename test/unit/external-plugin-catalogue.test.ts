import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalPluginFolders } from '../../kernel/node/external-plugin-folders';
import { pluginSourcesFromCatalogue, unavailableCatalogue } from '../../kernel/plugins/signing/external-plugin-catalogue';
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
    const match = /\/external-plugins\/(\d+)\/(.+)$/.exec(new URL(String(input)).pathname);
    const bytes = match ? await folders.read(Number(match[1]), match[2]!) : undefined;
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
