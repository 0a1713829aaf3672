import { useKiosk, useT } from '../kiosk-context';

export function AppFooter() {
  const { appVersion } = useKiosk();
  const t = useT();
  return (
    <footer class="app-footer">
      <span>{t('app.name')}</span>
      <span data-testid="app-version">{t('app.version', { version: appVersion })}</span>
      <a href="licenses.txt" target="_self" class="licence-link">
        {t('app.licence')}
      </a>
    </footer>
  );
}
