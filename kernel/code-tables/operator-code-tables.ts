import { codeTableFileSchema, type CodeTable } from '../plugins/points/code-tables';
import { describeSchemaIssues } from '../plugins/schema-errors';

/** The operator's code tables (config `codeTableFolder`): one `<table id>.json` file per table. */
export interface OperatorCodeTables {
  /** Where they came from, for messages. */
  readonly source: string;
  readonly tables: Readonly<Record<string, CodeTable>>;
  /** Files that were refused, with the reason; the plugins' own tables stay in force for them. */
  readonly problems: readonly string[];
}

export const NO_OPERATOR_CODE_TABLES: OperatorCodeTables = { source: 'none', tables: {}, problems: [] };

/** A code table file as a host read it. */
export interface CodeTableFile {
  readonly name: string;
  readonly text: string;
}

const TABLE_FILE = /^([a-z0-9][a-zA-Z0-9.-]*)\.json$/;

/**
 * Validates the files of an operator's code-table folder. A file that is not JSON, or not a table of
 * `{ "<code>": { "ja": "…", "en": "…" } }`, is refused with its reason and the rest are used: one typo must not
 * take every other table with it.
 */
export function parseOperatorCodeTables(source: string, files: readonly CodeTableFile[]): OperatorCodeTables {
  const tables: Record<string, CodeTable> = {};
  const problems: string[] = [];
  for (const file of files) {
    const id = TABLE_FILE.exec(file.name)?.[1];
    if (!id) {
      problems.push(`${file.name}: not a code table file name (<table id>.json)`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(file.text);
    } catch (error) {
      problems.push(`${file.name}: not JSON (${(error as Error).message})`);
      continue;
    }
    const parsed = codeTableFileSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(`${file.name}: ${describeSchemaIssues(parsed.error).join('; ')}`);
      continue;
    }
    tables[id] = parsed.data;
  }
  return { source, tables, problems };
}
