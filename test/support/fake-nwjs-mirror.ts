import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * A stand-in for a local mirror of dl.nwjs.io (no NW.js binary can be downloaded in tests): versions.json,
 * v<version>/SHASUMS256.txt with real checksums, and an NW.js archive for linux-x64 in the layout of the real
 * one — a top folder nwjs-v<version>-linux-x64/ with the `nw` executable (here a shell script) and its files.
 */
export const FAKE_NW_VERSION = '0.117.0';

interface TarFile {
  readonly name: string;
  readonly content?: string;
  readonly mode?: number;
  readonly directory?: boolean;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A minimal ustar archive (names shorter than 100 bytes). */
export function tarArchive(files: readonly TarFile[]): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const content = Buffer.from(file.directory ? '' : (file.content ?? ''), 'utf8');
    const header = Buffer.alloc(512);
    header.write(file.directory && !file.name.endsWith('/') ? `${file.name}/` : file.name, 0, 100, 'utf8');
    header.write(octal(file.mode ?? (file.directory ? 0o755 : 0o644), 8), 100, 'latin1');
    header.write(octal(0, 8), 108, 'latin1');
    header.write(octal(0, 8), 116, 'latin1');
    header.write(octal(content.length, 12), 124, 'latin1');
    header.write(octal(Math.floor(Date.UTC(2025, 0, 1) / 1000), 12), 136, 'latin1');
    header.write('        ', 148, 'latin1');
    header.write(file.directory ? '5' : '0', 156, 'latin1');
    header.write('ustar\0', 257, 'latin1');
    header.write('00', 263, 'latin1');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    blocks.push(header, content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const STUB_NW_OUTPUT = 'stub NW.js started';

/** Writes the mirror under `mirrorDir`; returns the archive's name and checksum. */
export async function writeFakeNwMirror(mirrorDir: string, version = FAKE_NW_VERSION): Promise<{ archive: string; checksum: string }> {
  const top = `nwjs-v${version}-linux-x64`;
  const archive = `${top}.tar.gz`;
  const bytes = gzipSync(
    tarArchive([
      { name: top, directory: true },
      { name: `${top}/nw`, content: `#!/bin/sh\necho "${STUB_NW_OUTPUT} $*"\n`, mode: 0o755 },
      { name: `${top}/credits.html`, content: '<!doctype html><title>credits</title>\n' },
      { name: `${top}/icudtl.dat`, content: 'stand-in\n' },
      { name: `${top}/lib`, directory: true },
      { name: `${top}/lib/libnode.so`, content: 'stand-in\n' },
      { name: `${top}/locales`, directory: true },
      { name: `${top}/locales/ja.pak`, content: 'stand-in\n' },
    ]),
  );
  const checksum = sha256(bytes);
  await mkdir(join(mirrorDir, `v${version}`), { recursive: true });
  await writeFile(join(mirrorDir, `v${version}`, archive), bytes);
  // Like the real file: one line per artifact of the release, most of them not in this mirror.
  await writeFile(
    join(mirrorDir, `v${version}`, 'SHASUMS256.txt'),
    [
      `${'0'.repeat(64)}  nwjs-sdk-v${version}-linux-x64.tar.gz`,
      `${checksum}  ${archive}`,
      `${'1'.repeat(64)}  nwjs-v${version}-win-x64.zip`,
      `${'2'.repeat(64)}  node-v${version}.tar.gz`,
    ].join('\n') + '\n',
  );
  await writeFile(
    join(mirrorDir, 'versions.json'),
    JSON.stringify(
      {
        latest: `v${version}`,
        stable: `v${version}`,
        lts: `v${version}`,
        versions: [
          {
            version: `v${version}`,
            date: '2025/11/01',
            files: ['win-x64', 'win-ia32', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64'],
            flavors: ['normal', 'sdk'],
            components: { node: '25.0.0', chromium: '142.0.0.0' },
          },
        ],
      },
      null,
      2,
    ),
  );
  return { archive, checksum };
}
