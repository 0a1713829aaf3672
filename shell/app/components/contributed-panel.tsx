import { useEffect, useState } from 'preact/hooks';
import type { CardReadResult } from '../../../kernel/api';
import { useKiosk, useT } from '../kiosk-context';
import { ContributionBoundary } from './contribution-boundary';

interface Props {
  readonly pluginName: string;
  readonly panelId: string;
  readonly result: CardReadResult;
}

/** Activates the contributing plugin (`onView:<panel id>`) and renders its panel inside an error boundary. */
export function ContributedPanel({ pluginName, panelId, result }: Props) {
  const { kernel } = useKiosk();
  const t = useT();
  const [ready, setReady] = useState(kernel.implementations.resultPanels.has(panelId));
  useEffect(() => {
    if (ready) return;
    let live = true;
    void kernel.plugins.activateByEvent(`onView:${panelId}`).then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [panelId]);
  const Panel = kernel.implementations.resultPanels.get(panelId)?.value;
  const fallback = <p class="panel-unavailable">{t('panel.unavailable')}</p>;
  if (!ready) return null;
  if (!Panel) return fallback;
  return (
    <ContributionBoundary host={kernel.plugins} pluginName={pluginName} contributionId={panelId} fallback={fallback}>
      <Panel result={result} />
    </ContributionBoundary>
  );
}
