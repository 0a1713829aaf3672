import { useT } from '../kiosk-context';

/** High contrast for people who need it; the kiosk returns to the configured default on return to top. */
export function ContrastToggle({ high, onToggle }: { high: boolean; onToggle: () => void }) {
  const t = useT();
  return (
    <button type="button" class="contrast-toggle" aria-pressed={high} aria-label={t('contrast.toggleLabel')} data-testid="contrast-toggle" onClick={onToggle}>
      {t('contrast.toggle')}
    </button>
  );
}
