import { useEffect, useState } from 'preact/hooks';
import type { CardReadResult } from '../../../kernel/api';
import { LanguageToggle } from '../components/language-toggle';
import { useKiosk, useT } from '../kiosk-context';

interface Props {
  readonly cardNumber: string;
  readonly onResult: (result: CardReadResult) => void;
  readonly onError: (error: unknown) => void;
}

/** Shown while the chip is read: progress and the manual's "don't move the card" notice. */
export function ReadingScreen({ cardNumber, onResult, onError }: Props) {
  const { cardReading } = useKiosk();
  const t = useT();
  const [progress, setProgress] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    cardReading
      .read({ cardNumber, signal: abort.signal, onProgress: setProgress })
      .then((result) => !abort.signal.aborted && onResult(result))
      .catch((error: unknown) => !abort.signal.aborted && onError(error));
    return () => abort.abort();
  }, [cardNumber]);
  return (
    <main class="screen reading-screen" data-screen="reading" aria-busy="true">
      <header class="screen-header">
        <h1>{t('reading.title')}</h1>
        <LanguageToggle />
      </header>
      <progress class="reading-progress" max={1} value={progress} aria-label={t('reading.title')} />
      <p class="notice" role="alert">
        {t('reading.dontMove')}
      </p>
    </main>
  );
}
