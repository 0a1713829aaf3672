import { useKiosk, useT } from '../kiosk-context';

/** JA/EN switch shown on every screen; the kiosk starts in the configured language (Japanese by default). */
export function LanguageToggle() {
  const { kernel } = useKiosk();
  const t = useT();
  const next = kernel.i18n.language === 'ja' ? 'en' : 'ja';
  return (
    <button
      type="button"
      class="language-toggle"
      lang={next}
      aria-label={t('language.toggleLabel')}
      data-testid="language-toggle"
      onClick={() => void kernel.i18n.setLanguage(next)}
    >
      {t('language.toggle')}
    </button>
  );
}
