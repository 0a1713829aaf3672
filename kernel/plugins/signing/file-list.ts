import { z } from 'zod';
import { describeSchemaIssues } from '../schema-errors';
import type { PluginFiles } from './plugin-files';

/**
 * The signed file list of a plugin (`signature/files.json`): every file of the plugin folder except the
 * `signature/` folder itself, sorted by path, with its size and SHA-256. The CMS signature
 * (`signature/files.json.p7s`) covers the exact bytes of this file, so it covers every listed file, and a
 * file that is in the folder but not in the list is refused.
 */
export const SIGNATURE_FOLDER = 'signature';
export const FILE_LIST_PATH = `${SIGNATURE_FOLDER}/files.json`;
export const SIGNATURE_PATH = `${SIGNATURE_FOLDER}/files.json.p7s`;
export const FILE_LIST_FORMAT = 'zairyu-plugin-files/1';

/**
 * Letters, digits and `. _ - + @` in each segment: names that mean the same on every file system and in a URL.
 * No empty, `.` or `..` segments, no leading or trailing slash.
 */
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._+@-]+$/;

export function isValidPluginFilePath(path: string): boolean {
  return path.length > 0 && path.length <= 1024 && path.split('/').every((segment) => SEGMENT.test(segment));
}

/** True for the files the list covers: everything outside `signature/`. */
export function isSignedPath(path: string): boolean {
  return path !== SIGNATURE_FOLDER && !path.startsWith(`${SIGNATURE_FOLDER}/`);
}

/** Code-unit order, the same in every JavaScript engine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const fileEntry = z.strictObject({
  path: z.string().refine(isValidPluginFilePath, 'must be a plugin-relative path of letters, digits and . _ - + @').refine(isSignedPath, 'must not be in signature/'),
  size: z.int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
});

export const pluginFileListSchema = z.strictObject({
  format: z.literal(FILE_LIST_FORMAT),
  files: z
    .array(fileEntry)
    .min(1)
    .refine((files) => files.every((file, index) => index === 0 || comparePaths(files[index - 1]!.path, file.path) < 0), {
      message: 'must be sorted by path, without duplicates',
    }),
});

export type PluginFileList = z.infer<typeof pluginFileListSchema>;
export type PluginFileListEntry = PluginFileList['files'][number];

/** The canonical bytes of a file list: two-space JSON, UTF-8, one trailing newline. */
export function serialiseFileList(list: PluginFileList): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${JSON.stringify(list, null, 2)}\n`);
}

export type FileListParse = { ok: true; list: PluginFileList } | { ok: false; problem: string };

export function parseFileList(bytes: Uint8Array): FileListParse {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return { ok: false, problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = pluginFileListSchema.safeParse(raw);
  return parsed.success ? { ok: true, list: parsed.data } : { ok: false, problem: describeSchemaIssues(parsed.error).join('; ') };
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The file list of a folder as it is now (what `zairyu plugin sign` signs). Throws, naming the file, when a path
 * cannot be signed; the `signature/` folder is left out.
 */
export async function createFileList(files: PluginFiles): Promise<PluginFileList> {
  const paths = (await files.list()).filter(isSignedPath).sort(comparePaths);
  if (paths.length === 0) throw new Error(`${files.location}: no files to sign`);
  const entries: PluginFileListEntry[] = [];
  for (const path of paths) {
    if (!isValidPluginFilePath(path)) throw new Error(`file name not allowed: ${path} (use letters, digits and . _ - + @)`);
    const bytes = await files.read(path);
    entries.push({ path, size: bytes.length, sha256: await sha256Hex(bytes) });
  }
  return { format: FILE_LIST_FORMAT, files: entries };
}
