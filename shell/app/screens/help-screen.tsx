import { LanguageToggle } from '../components/language-toggle';
import { useKiosk, useT } from '../kiosk-context';

interface Props {
  readonly page: number;
  readonly onPage: (page: number) => void;
  readonly onClose: () => void;
}

/**
 * 在留カード等番号位置表示画面 (Windows manual §4): the pages plugins contribute, in order; "閉じる" returns to
 * number entry, "<" and ">" appear only where there is a page to go to, as the manual's tables say.
 */
export function HelpScreen({ page, onPage, onClose }: Props) {
  const { kernel } = useKiosk();
  const t = useT();
  const pages = kernel.contributions.helpPages();
  const current = pages[Math.min(Math.max(page, 0), pages.length - 1)];
  return (
    <main class="screen help-screen" data-screen="help">
      <header class="screen-header">
        <h1>{t('help.title')}</h1>
        <LanguageToggle />
      </header>
      {current && (
        <figure class="help-page" data-testid="help-page" data-page-id={current.id}>
          <figcaption>
            <h2>{t(current.titleKey)}</h2>
          </figcaption>
          <div class="help-illustration">
            <img src={kernel.plugins.assetUrl(current.pluginName, current.image)} alt={t(current.titleKey)} draggable={false} />
            <div
              class="help-highlight"
              aria-hidden="true"
              style={{
                left: `${current.highlight.x * 100}%`,
                top: `${current.highlight.y * 100}%`,
                width: `${current.highlight.width * 100}%`,
                height: `${current.highlight.height * 100}%`,
              }}
            />
          </div>
          <p class="help-caption">{t(current.captionKey)}</p>
        </figure>
      )}
      <nav class="help-nav">
        {page > 0 ? (
          <button type="button" class="button secondary" data-testid="help-previous" aria-label={t('help.previous')} onClick={() => onPage(page - 1)}>
            &lt;
          </button>
        ) : (
          <span />
        )}
        <span class="help-page-number">{t('help.page', { current: page + 1, total: pages.length })}</span>
        {page < pages.length - 1 ? (
          <button type="button" class="button secondary" data-testid="help-next" aria-label={t('help.next')} onClick={() => onPage(page + 1)}>
            &gt;
          </button>
        ) : (
          <span />
        )}
      </nav>
      <button type="button" class="button primary" data-testid="help-close" onClick={onClose}>
        {t('help.close')}
      </button>
    </main>
  );
}
