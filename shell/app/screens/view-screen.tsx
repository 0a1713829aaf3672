import { useEffect, useState } from 'preact/hooks';
import type { CardReadResult } from '../../../kernel/api';
import { ContributionBoundary } from '../components/contribution-boundary';
import { LanguageToggle } from '../components/language-toggle';
import { useKiosk, useT } from '../kiosk-context';

interface Props {
  readonly viewId: string;
  readonly result: CardReadResult | undefined;
  readonly onClose: () => void;
}

/** A full screen contributed by a plugin (e.g. the revocation inquiry), activated on `onView:<id>`. */
export function ViewScreen({ viewId, result, onClose }: Props) {
  const { kernel } = useKiosk();
  const t = useT();
  const [activated, setActivated] = useState(false);
  useEffect(() => {
    let live = true;
    void kernel.plugins.activateByEvent(`onView:${viewId}`).then(() => live && setActivated(true));
    return () => {
      live = false;
    };
  }, [viewId]);
  const declared = kernel.contributions.views().find((entry) => entry.value.id === viewId);
  const View = kernel.implementations.views.get(viewId)?.value;
  const fallback = (
    <div>
      <p class="panel-unavailable">{t('panel.unavailable')}</p>
      <button type="button" class="button secondary" onClick={onClose}>
        {t('result.backToTop')}
      </button>
    </div>
  );
  return (
    <main class="screen view-screen" data-screen="view" data-view={viewId}>
      <header class="screen-header">
        <h1>{declared ? t(declared.value.titleKey) : ''}</h1>
        <LanguageToggle />
      </header>
      {activated &&
        (View && declared ? (
          <ContributionBoundary host={kernel.plugins} pluginName={declared.pluginName} contributionId={viewId} fallback={fallback}>
            <View result={result} close={onClose} />
          </ContributionBoundary>
        ) : (
          fallback
        ))}
    </main>
  );
}
