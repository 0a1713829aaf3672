import type { ComponentType } from 'preact';
import type { CardReadResult } from './card';

export interface ResultPanelProps {
  readonly result: CardReadResult;
}

export interface ViewProps {
  /** The result of the current session, when the view was opened from a result screen. */
  readonly result?: CardReadResult;
  /** Asks the shell to leave the view (back to where it was opened from). */
  readonly close: () => void;
}

export type ResultPanelComponent = ComponentType<ResultPanelProps>;
export type ViewComponent = ComponentType<ViewProps>;
