import { useEffect, useState } from 'preact/hooks';
import { useKiosk, useT } from '../kiosk-context';

export function ReaderStatusBar() {
  const { reader } = useKiosk();
  const t = useT();
  const [status, setStatus] = useState(reader.current());
  useEffect(() => {
    const unsubscribe = reader.subscribe(setStatus);
    // The status may have changed between the first render and this subscription.
    setStatus(reader.current());
    return unsubscribe;
  }, [reader]);
  return (
    <div class={`reader-status reader-${status.state}`} role="status" aria-live="polite" data-testid="reader-status" data-state={status.state}>
      <span class="reader-dot" aria-hidden="true" />
      <span>{t(`reader.${status.state}`)}</span>
      {status.readerName && <span class="reader-name">{status.demo ? t('reader.demo') : status.readerName}</span>}
      {status.demo && <span class="badge demo-badge">{t('app.demoBadge')}</span>}
    </div>
  );
}
