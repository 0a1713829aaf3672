import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CardFileSystem, DedicatedFile } from '../../../plugins/residence-card/emulator/card-file-system';
import { requireSampleProfile, sampleFileSystem } from '../../../plugins/residence-card/emulator/sample-cards';
import { DF1, DF2, DF3 } from '../../../plugins/residence-card/protocol/file-map';

/** The sample cards' files and images: the valid inputs the fuzz properties mutate. */

export type DfName = 'MF' | 'DF1' | 'DF2' | 'DF3';

export interface SampleFile {
  /** 'gen2-residence-comprehensive-28h DF1/83'. */
  readonly name: string;
  readonly profileId: string;
  readonly df: DfName;
  /** READ BINARY P1 (0x80 | SFI). */
  readonly p1: number;
  readonly content: Uint8Array;
}

const DF_AIDS: Readonly<Record<Exclude<DfName, 'MF'>, Uint8Array>> = { DF1, DF2, DF3 };

export function dedicatedFileOf(fileSystem: CardFileSystem, df: DfName): DedicatedFile {
  if (df === 'MF') return fileSystem.mf;
  const aid = DF_AIDS[df];
  const found = fileSystem.dfs.find((candidate) => candidate.aid.length === aid.length && candidate.aid.every((byte, index) => byte === aid[index]));
  if (!found) throw new Error(`no ${df}`);
  return found;
}

/** Every file of a sample card, in MF, DF1, DF2, DF3 order. */
export function sampleFiles(profileId: string): SampleFile[] {
  const fileSystem = sampleFileSystem(requireSampleProfile(profileId));
  const files: SampleFile[] = [];
  for (const df of ['MF', 'DF1', 'DF2', 'DF3'] as const) {
    for (const [sfi, file] of dedicatedFileOf(fileSystem, df).files) {
      const p1 = 0x80 | sfi;
      files.push({ name: `${profileId} ${df}/${p1.toString(16).toUpperCase()}`, profileId, df, p1, content: file.content });
    }
  }
  return files;
}

export function sampleFile(profileId: string, df: DfName, p1: number): Uint8Array {
  const file = dedicatedFileOf(sampleFileSystem(requireSampleProfile(profileId)), df).files.get(p1 & 0x1f);
  if (!file) throw new Error(`${profileId} has no ${df}/${p1.toString(16)}`);
  return file.content;
}

/** Profiles whose files differ in shape: both generations, both card kinds, the photo-less cards. */
export const GEN1_PROFILES = ['gen1-residence-work-permitted', 'gen1-residence-no-work-permission', 'gen1-special-permanent', 'gen1-under-16'] as const;
export const GEN2_PROFILES = ['gen2-residence-comprehensive-28h', 'gen2-residence-individual', 'gen2-special-permanent', 'gen2-under-1'] as const;

const IMAGES = join(process.cwd(), 'test', 'fixtures', 'sample-cards', 'images');

/** The sample images of one format, by file name. */
export function sampleImages(extension: '.tif' | '.jp2'): Map<string, Uint8Array> {
  const names = readdirSync(IMAGES).filter((name) => name.endsWith(extension)).sort();
  return new Map(names.map((name) => [name, new Uint8Array(readFileSync(join(IMAGES, name)))]));
}
