import type { CardReadResult } from '../../kernel/api';
import type { ErrorPresentation } from '../../kernel/errors/error-presentation';

/** The screens of the manual. Card data lives only inside `result`, and only until the next return to top. */
export type Screen =
  | { readonly name: 'top' }
  | { readonly name: 'help'; readonly page: number }
  /** `attempt` counts the retries of one number: each is a new read. */
  | { readonly name: 'reading'; readonly cardNumber: string; readonly attempt: number }
  | { readonly name: 'result'; readonly result: CardReadResult }
  | { readonly name: 'view'; readonly viewId: string; readonly result: CardReadResult | undefined };

export interface KioskState {
  readonly screen: Screen;
  /** The number being typed on the top screen; kept so that "re-enter" after a wrong number can correct it. */
  readonly cardNumberInput: string;
  readonly error: ErrorPresentation | undefined;
}

export type KioskAction =
  | { readonly type: 'navigate'; readonly screen: Screen }
  | { readonly type: 'returnToTop' }
  | { readonly type: 'input'; readonly value: string }
  | { readonly type: 'showError'; readonly error: ErrorPresentation }
  | { readonly type: 'dismissError' };

export const initialKioskState: KioskState = { screen: { name: 'top' }, cardNumberInput: '', error: undefined };

export function kioskReducer(state: KioskState, action: KioskAction): KioskState {
  switch (action.type) {
    case 'navigate':
      return { ...state, screen: action.screen };
    case 'returnToTop':
      // Wipes the session: the result, the typed number and any dialog.
      return initialKioskState;
    case 'input':
      return { ...state, cardNumberInput: action.value };
    case 'showError':
      return { ...state, error: action.error };
    case 'dismissError':
      return { ...state, error: undefined };
  }
}
