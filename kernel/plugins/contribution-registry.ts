import type { KioskErrorCode } from '../errors/kiosk-error';
import type { CardTypeContribution } from './points/card-types';
import type { CodeTable } from './points/code-tables';
import type { ErrorMappingContribution } from './points/error-mappings';
import type { NumberPositionHelpPage } from './points/number-position-help';
import type { ResultPanelContribution } from './points/result-panels';
import type { SettingsContribution } from './points/settings';
import type { ViewContribution } from './points/views';

export interface Contributed<T> {
  readonly pluginName: string;
  readonly value: T;
}

/**
 * The validated contributions of all plugins, queried by the shell and the kernel's services. Contributions of
 * a plugin that is disabled or has failed are invisible: `isUsable` is asked on every query, so a plugin that
 * fails at activation withdraws its panels and mappings at once.
 */
export class ContributionRegistry {
  private readonly byPoint = new Map<string, Contributed<unknown>[]>();
  private readonly codeTables = new Map<string, Contributed<CodeTable>>();

  constructor(private readonly isUsable: (pluginName: string) => boolean) {}

  add(pluginName: string, point: string, value: unknown): void {
    const list = this.byPoint.get(point) ?? [];
    list.push({ pluginName, value });
    this.byPoint.set(point, list);
  }

  addCodeTable(pluginName: string, id: string, table: CodeTable): void {
    this.codeTables.set(id, { pluginName, value: table });
  }

  /** Every usable plugin's contribution to a point, flattened when the point's value is a list. */
  entries<T>(point: string): Contributed<T>[] {
    const result: Contributed<T>[] = [];
    for (const entry of this.byPoint.get(point) ?? []) {
      if (!this.isUsable(entry.pluginName)) continue;
      const values = Array.isArray(entry.value) ? entry.value : [entry.value];
      for (const value of values) result.push({ pluginName: entry.pluginName, value: value as T });
    }
    return result;
  }

  cardTypes(): Contributed<CardTypeContribution>[] {
    return this.entries<CardTypeContribution>('cardTypes');
  }

  cardType(c1: string): Contributed<CardTypeContribution> | undefined {
    return this.cardTypes().find((entry) => entry.value.c1 === c1);
  }

  helpPages(): NumberPositionHelpPage[] {
    return this.entries<Omit<NumberPositionHelpPage, 'pluginName'>>('numberPositionHelp')
      .map((entry) => ({ ...entry.value, pluginName: entry.pluginName }))
      .sort((a, b) => a.order - b.order);
  }

  resultPanels(cardType: string): Contributed<ResultPanelContribution>[] {
    return this.entries<ResultPanelContribution>('resultPanels')
      .filter((entry) => entry.value.cardTypes.includes(cardType))
      .sort((a, b) => a.value.order - b.value.order);
  }

  views(): Contributed<ViewContribution>[] {
    return this.entries<ViewContribution>('views');
  }

  /**
   * The mapping for an error: a status-word mapping for the card type wins over a code mapping, so a card-type
   * plugin can say what `6A82` means for its cards.
   */
  errorMapping(code: KioskErrorCode, options: { statusWord?: number; cardType?: string } = {}): Contributed<ErrorMappingContribution> | undefined {
    const mappings = this.entries<ErrorMappingContribution>('errorMappings');
    if (options.statusWord !== undefined) {
      const sw = options.statusWord.toString(16).toUpperCase().padStart(4, '0');
      const bySw = mappings.find((entry) => {
        if (entry.value.statusWord !== sw) return false;
        const types = entry.value.cardTypes ?? this.cardTypesOf(entry.pluginName);
        return options.cardType === undefined || types.includes(options.cardType);
      });
      if (bySw) return bySw;
    }
    return mappings.find((entry) => entry.value.code === code);
  }

  settingsOf(pluginName: string): SettingsContribution {
    return (this.byPoint.get('settings')?.find((entry) => entry.pluginName === pluginName)?.value as SettingsContribution | undefined) ?? {};
  }

  codeTable(id: string): CodeTable | undefined {
    const entry = this.codeTables.get(id);
    return entry && this.isUsable(entry.pluginName) ? entry.value : undefined;
  }

  /** Declared ids of a point for one plugin, usable or not (for checking registrations against the manifest). */
  declaredIds(pluginName: string, point: string): string[] {
    return (this.byPoint.get(point) ?? [])
      .filter((entry) => entry.pluginName === pluginName)
      .flatMap((entry) => (Array.isArray(entry.value) ? entry.value : []))
      .map((value) => (value as { id?: string; c1?: string }).id ?? (value as { c1?: string }).c1 ?? '');
  }

  private cardTypesOf(pluginName: string): string[] {
    return this.cardTypes()
      .filter((entry) => entry.pluginName === pluginName)
      .map((entry) => entry.value.c1);
  }
}
