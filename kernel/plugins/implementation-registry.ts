import type { CardTypeReader } from '../api/card';
import type { ResultPanelComponent, ViewComponent } from '../api/ui';

export interface Implementation<T> {
  readonly pluginName: string;
  readonly value: T;
}

/**
 * Code that plugins register at activation for ids their manifests declared. Kept apart from the
 * declarative contributions, which exist before any plugin code runs.
 */
export class ImplementationRegistry {
  readonly cardTypeReaders = new Map<string, Implementation<CardTypeReader>>();
  readonly resultPanels = new Map<string, Implementation<ResultPanelComponent>>();
  readonly views = new Map<string, Implementation<ViewComponent>>();

  withdraw(pluginName: string): void {
    for (const map of [this.cardTypeReaders, this.resultPanels, this.views] as Map<string, Implementation<unknown>>[]) {
      for (const [id, entry] of map) if (entry.pluginName === pluginName) map.delete(id);
    }
  }
}
