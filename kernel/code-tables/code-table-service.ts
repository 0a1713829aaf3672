import { inject, injectable } from 'inversify';
import type { CodeTables, CodeText } from '../api/code-tables';
import { ContributionRegistry } from '../plugins/contribution-registry';
import { OperatorCodeTablesToken } from '../plugins/tokens';
import type { OperatorCodeTables } from './operator-code-tables';

/**
 * Code lookups for plugins: the operator's entry for a code wins over the contributing plugin's, so a kiosk can
 * correct or extend a table (a new status of residence, a renamed region) without touching the plugin; codes
 * the operator did not list keep the plugin's text.
 */
@injectable()
export class CodeTableService implements CodeTables {
  constructor(
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(OperatorCodeTablesToken) private readonly operator: OperatorCodeTables,
  ) {}

  lookup(tableId: string, code: string): CodeText | undefined {
    return this.operator.tables[tableId]?.[code] ?? this.contributions.codeTable(tableId)?.[code];
  }
}
