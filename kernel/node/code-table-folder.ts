import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseOperatorCodeTables, type CodeTableFile, type OperatorCodeTables } from '../code-tables/operator-code-tables';

/** The `.json` files of the operator's code-table folder, unparsed (the web host hands them to the page). */
export async function readCodeTableFiles(folder: string): Promise<{ source: string; files: CodeTableFile[]; problem?: string }> {
  const source = resolve(folder);
  let names: string[];
  try {
    names = (await readdir(source, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    // No folder is the usual case: the plugins' own tables are all there is.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { source, files: [] };
    return { source, files: [], problem: `folder ${source} cannot be read (${(error as Error).message})` };
  }
  const files = await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(source, name), 'utf8') })));
  return { source, files };
}

/** The operator's code tables from `folder`, each file validated; refused files are listed with their reasons. */
export async function loadOperatorCodeTables(folder: string): Promise<OperatorCodeTables> {
  const read = await readCodeTableFiles(folder);
  const parsed = parseOperatorCodeTables(read.source, read.files);
  return read.problem === undefined ? parsed : { ...parsed, problems: [read.problem, ...parsed.problems] };
}
