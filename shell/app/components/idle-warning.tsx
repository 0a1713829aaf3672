import { useEffect, useRef } from 'preact/hooks';
import { useFocusTrap } from '../../../kernel/ui/use-focus-trap';
import { useT } from '../kiosk-context';
import { LanguageToggle } from './language-toggle';

/** The visible countdown before an idle return to top, with a large "continue" button. */
export function IdleWarning({ secondsLeft, onContinue }: { secondsLeft: number; onContinue: () => void }) {
  const t = useT();
  const dialog = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const trapFocus = useFocusTrap(dialog);
  useEffect(() => button.current?.focus(), []);
  return (
    <div class="dialog-backdrop">
      <div ref={dialog} onKeyDown={trapFocus} class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-message" data-testid="idle-warning">
        <div class="dialog-header">
          <h2 id="idle-title">{t('idle.title')}</h2>
          <LanguageToggle />
        </div>
        <p id="idle-message">
          {t('idle.message', { seconds: secondsLeft })}
        </p>
        <p class="idle-seconds" data-testid="idle-seconds" aria-hidden="true">
          {secondsLeft}
        </p>
        <button ref={button} type="button" class="button primary" data-testid="idle-continue" onClick={onContinue}>
          {t('idle.continue')}
        </button>
      </div>
    </div>
  );
}
