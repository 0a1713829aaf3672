import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { KioskError, KioskErrorCode } from '../../kernel/errors/kiosk-error';
import { presentError } from '../../kernel/errors/error-presentation';
import { ErrorDialog } from './components/error-dialog';
import { IdleWarning } from './components/idle-warning';
import { LanguageToggle } from './components/language-toggle';
import { ContrastToggle } from './components/contrast-toggle';
import { KioskContext, type KioskServices } from './kiosk-context';
import { initialKioskState, kioskReducer } from './screen-state';
import { HelpScreen } from './screens/help-screen';
import { ReadingScreen } from './screens/reading-screen';
import { ResultScreen } from './screens/result-screen';
import { TopScreen } from './screens/top-screen';
import { ViewScreen } from './screens/view-screen';
import { useIdleReturn } from './use-idle-return';
import { useCardRemovalReturn } from './use-card-removal-return';
import { CardSessionError } from '../../kernel/session/card-session-service';
import type { SessionWipeReason } from '../../kernel/audit/audit-record';

export const REVOCATION_VIEW_ID = 'revocation.inquiry';

/**
 * The kiosk: one screen at a time, an error dialog over it, and a return to top that forgets the session.
 * `onWipe` hears each return to top with its reason (the audit log's session.wiped).
 */
export function KioskApp({ services, onWipe }: { services: KioskServices; onWipe?: (reason: SessionWipeReason) => void }) {
  const { kernel } = services;
  const [state, dispatch] = useReducer(kioskReducer, initialKioskState);
  const [language, setLanguage] = useState(kernel.i18n.language);

  useEffect(() => kernel.i18n.onLanguageChanged(setLanguage), [kernel]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const [highContrast, setHighContrast] = useState(kernel.config.highContrast);
  useEffect(() => {
    document.documentElement.classList.toggle('high-contrast', highContrast);
  }, [highContrast]);

  const returnToTop = (reason: SessionWipeReason) => {
    dispatch({ type: 'returnToTop' });
    // Every new session starts from the configured contrast.
    setHighContrast(kernel.config.highContrast);
    onWipe?.(reason);
  };
  const idle = useIdleReturn(
    // The typed number is personal data too: an abandoned top screen is cleared as well.
    (state.screen.name !== 'top' && state.screen.name !== 'reading') || state.cardNumberInput !== '' || state.error !== undefined,
    kernel.config.idleTimeoutSeconds,
    kernel.config.idleWarningSeconds,
    () => returnToTop('idle'),
  );
  useCardRemovalReturn(
    services.reader,
    // Not on the revocation inquiry: for a 1st-generation card the person reads the validity date off the card
    // to type it, so the card is in their hand, not on the reader. The idle timeout still ends that screen.
    state.screen.name === 'result' || (state.screen.name === 'view' && state.screen.viewId !== REVOCATION_VIEW_ID),
    kernel.config.cardRemovalGraceSeconds,
    () => returnToTop('cardRemoved'),
  );

  // A new screen is announced to screen readers, and keyboard users start on it, by moving focus to its heading
  // (on the top screen: to the number field).
  const shownScreen = useRef(state.screen.name);
  useEffect(() => {
    if (shownScreen.current === state.screen.name) return;
    shownScreen.current = state.screen.name;
    const root = document.querySelector(`[data-screen="${state.screen.name}"]`);
    const target = state.screen.name === 'top' ? root?.querySelector('[data-testid="card-number"]') : root?.querySelector('h1');
    if (!(target instanceof HTMLElement)) return;
    if (target.tagName === 'H1') target.tabIndex = -1;
    target.focus({ preventScroll: true });
  }, [state.screen.name]);

  const showError = (error: unknown) => {
    kernel.logger.warn('error shown', { code: error instanceof KioskError ? error.code : KioskErrorCode.internal });
    const cardType = error instanceof CardSessionError ? error.cardType : undefined;
    dispatch({ type: 'showError', error: presentError(error, kernel.contributions, cardType) });
  };

  // Crash safety: anything that escapes shows the manual's "returning to top" and the session is wiped.
  useEffect(() => {
    const onFailure = (reason: unknown) => {
      kernel.logger.error('unexpected error', { reason: reason instanceof Error ? reason.message : String(reason) });
      dispatch({ type: 'showError', error: presentError(new KioskError(KioskErrorCode.internal, 'unexpected error'), kernel.contributions) });
    };
    const onError = (event: ErrorEvent) => {
      if (/ResizeObserver loop/.test(event.message)) return;
      onFailure(event.error ?? event.message);
    };
    const onRejection = (event: PromiseRejectionEvent) => onFailure(event.reason);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    return () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    };
  }, [kernel]);

  const confirmError = () => {
    const action = state.error?.action;
    dispatch({ type: 'dismissError' });
    if (action === 'exitApp') services.exitApp();
    else if (action === 'reenterNumber') dispatch({ type: 'navigate', screen: { name: 'top' } });
    else if (action === 'retry' && state.screen.name === 'reading') dispatch({ type: 'navigate', screen: { ...state.screen, attempt: state.screen.attempt + 1 } });
    else if (action !== 'close') returnToTop('error');
  };

  const screen = state.screen;
  // Offered for the card types the revocation plugin names (the ISA's cards), never for other plugins' cards.
  const revocationAvailable = (cardType: string) =>
    kernel.contributions.views().some((entry) => entry.value.id === REVOCATION_VIEW_ID && (entry.value.cardTypes?.includes(cardType) ?? true));
  return (
    <KioskContext.Provider value={services}>
      <div class="kiosk" data-language={language}>
        {services.testTrustStore && (
          <div class="badge test-trust-badge" role="note" data-testid="test-trust-badge">
            {kernel.i18n.t('app.testTrustBadge')}
          </div>
        )}
        {screen.name === 'top' && (
          <>
            <div class="top-bar">
              <ContrastToggle high={highContrast} onToggle={() => setHighContrast(!highContrast)} />
              <LanguageToggle />
            </div>
            <TopScreen
              value={state.cardNumberInput}
              onInput={(value) => dispatch({ type: 'input', value })}
              onHelp={() => dispatch({ type: 'navigate', screen: { name: 'help', page: 0 } })}
              onStart={(cardNumber) => dispatch({ type: 'navigate', screen: { name: 'reading', cardNumber, attempt: 0 } })}
              onWrongFormat={() => showError(new KioskError(KioskErrorCode.wrongCardNumber, 'card number has the wrong format'))}
            />
          </>
        )}
        {screen.name === 'help' && (
          <HelpScreen
            page={screen.page}
            onPage={(page) => dispatch({ type: 'navigate', screen: { name: 'help', page } })}
            onClose={() => dispatch({ type: 'navigate', screen: { name: 'top' } })}
          />
        )}
        {screen.name === 'reading' && (
          <ReadingScreen
            // A new attempt is a new screen: its effect starts the read again.
            key={screen.attempt}
            cardNumber={screen.cardNumber}
            onResult={(result) => dispatch({ type: 'navigate', screen: { name: 'result', result } })}
            onError={(error) => showError(error)}
          />
        )}
        {screen.name === 'result' && (
          <ResultScreen
            result={screen.result}
            onVerifyNumber={
              revocationAvailable(screen.result.cardType)
                ? () => dispatch({ type: 'navigate', screen: { name: 'view', viewId: REVOCATION_VIEW_ID, result: screen.result } })
                : undefined
            }
            onBackToTop={() => returnToTop('backToTop')}
          />
        )}
        {screen.name === 'view' && (
          <ViewScreen
            viewId={screen.viewId}
            result={screen.result}
            onClose={() =>
              screen.result ? dispatch({ type: 'navigate', screen: { name: 'result', result: screen.result } }) : returnToTop('backToTop')
            }
          />
        )}
        {state.error && <ErrorDialog error={state.error} onConfirm={confirmError} />}
        {idle.secondsLeft !== undefined && <IdleWarning secondsLeft={idle.secondsLeft} onContinue={idle.extend} />}
      </div>
    </KioskContext.Provider>
  );
}
