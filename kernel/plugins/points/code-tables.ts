import { z } from 'zod';
import type { ContributionPoint } from '../contribution-point';
import { contributionId, relativePath } from './common-schemas';

/**
 * Code tables (e.g. nationality/region and status-of-residence codes) are data files, so an operator can
 * replace them when the ISA publishes new codes, without a new release.
 */
const codeTable = z.strictObject({
  id: contributionId,
  path: relativePath,
});

export const codeTableFileSchema = z.record(
  z.string().min(1),
  z.strictObject({ ja: z.string().min(1), en: z.string().min(1) }),
);

export type CodeTableContribution = z.infer<typeof codeTable>;
export type CodeTable = z.infer<typeof codeTableFileSchema>;

export const codeTablesPoint: ContributionPoint<CodeTableContribution[]> = {
  name: 'codeTables',
  schema: z.array(codeTable).min(1),
  resourcePaths: (tables) => tables.map((table) => table.path),
};
