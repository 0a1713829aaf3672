import { useEffect, useRef, useState } from 'preact/hooks';
import { useFocusTrap } from '../../../kernel/ui/use-focus-trap';
import { useKiosk, useT } from '../kiosk-context';

/** App name, version and the licence texts, shown in the kiosk itself (a kiosk must never navigate away). */
export function AppFooter() {
  const { appVersion } = useKiosk();
  const t = useT();
  const [showLicences, setShowLicences] = useState(false);
  return (
    <footer class="app-footer">
      <span>{t('app.name')}</span>
      <span data-testid="app-version">{t('app.version', { version: appVersion })}</span>
      <button type="button" class="link-button" data-testid="licence-link" onClick={() => setShowLicences(true)}>
        {t('app.licence')}
      </button>
      {showLicences && <LicenceDialog onClose={() => setShowLicences(false)} />}
    </footer>
  );
}

function LicenceDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [text, setText] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    fetch('licenses.txt')
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
      .then((body) => live && setText(body))
      .catch(() => live && setText('—'));
    return () => {
      live = false;
    };
  }, []);
  const dialog = useRef<HTMLDivElement>(null);
  const trapFocus = useFocusTrap(dialog);
  return (
    <div class="dialog-backdrop">
      <div
        ref={dialog}
        class="dialog licence-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="licence-title"
        data-testid="licence-dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          else trapFocus(event);
        }}
      >
        <h2 id="licence-title">{t('licence.title')}</h2>
        <pre class="licence-text">{text ?? t('licence.loading')}</pre>
        <button type="button" class="button primary" data-testid="licence-close" onClick={onClose}>
          {t('licence.close')}
        </button>
      </div>
    </div>
  );
}
