import type { Language } from './plugin';

/** One code's display text in every language of the kiosk. */
export type CodeText = Readonly<Record<Language, string>>;

/**
 * The code tables of all plugins (`contributes.codeTables`), with the operator's tables from the config's
 * `codeTableFolder` laid over them: the ISA publishes codes (nationality/region, status of residence, permission
 * types) separately from the card specification, so a kiosk follows a new code by a data file, not a release.
 */
export interface CodeTables {
  /** The text of `code` in table `tableId`, or undefined when neither the plugins nor the operator define it. */
  lookup(tableId: string, code: string): CodeText | undefined;
}
