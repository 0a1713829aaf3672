import { useEffect, useRef } from 'preact/hooks';
import { useFocusTrap } from '../../../kernel/ui/use-focus-trap';
import type { ErrorPresentation } from '../../../kernel/errors/error-presentation';
import { useKiosk, useT } from '../kiosk-context';
import { LanguageToggle } from './language-toggle';

interface Props {
  readonly error: ErrorPresentation;
  readonly onConfirm: () => void;
}

const CONFIRM_LABEL: Record<ErrorPresentation['action'], string> = {
  returnToTop: 'errors.backToTop',
  reenterNumber: 'errors.reenter',
  retry: 'errors.retry',
  close: 'errors.ok',
  exitApp: 'errors.ok',
};

/** A modal dialog with the manual's message and one recovery action; focus moves to it for keyboard users. */
export function ErrorDialog({ error, onConfirm }: Props) {
  const t = useT();
  const { pcscServiceName } = useKiosk();
  const dialog = useRef<HTMLDivElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  // Tab stays in the dialog (the screen behind it is inert for keyboard users too); focus starts on the action.
  const trapFocus = useFocusTrap(dialog);
  useEffect(() => confirm.current?.focus(), [error]);
  return (
    <div class="dialog-backdrop">
      <div ref={dialog} onKeyDown={trapFocus} class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="error-title" aria-describedby="error-message" data-testid="error-dialog" data-code={error.code}>
        <div class="dialog-header">
          <h2 id="error-title">{t('errors.dialogTitle')}</h2>
          <LanguageToggle />
        </div>
        <p id="error-message" class="error-message">
          {t(error.messageKey)}
        </p>
        {error.detailKey && <p class="error-detail">{t(error.detailKey, { service: pcscServiceName })}</p>}
        {error.helpUrl && (
          <p class="error-help">
            {t('errors.moreInfo')}: <span class="url">{error.helpUrl}</span>
          </p>
        )}
        <button ref={confirm} type="button" class="button primary" onClick={onConfirm} data-testid="error-confirm">
          {t(CONFIRM_LABEL[error.action])}
        </button>
      </div>
    </div>
  );
}
