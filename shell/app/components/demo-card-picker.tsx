import { useEffect, useState } from 'preact/hooks';
import type { Language } from '../../../kernel/api';
import type { DemoReader } from '../demo-reader';
import { useKiosk, useT } from '../kiosk-context';

/** Places a sample card on the demo reader. Shown only for the demo reader, and labelled as fictional. */
export function DemoCardPicker({ demo }: { demo: DemoReader }) {
  const { kernel } = useKiosk();
  const t = useT();
  const [current, setCurrent] = useState(demo.current());
  useEffect(() => demo.subscribe(setCurrent), [demo]);
  const language = kernel.i18n.language as Language;
  return (
    <details class="demo-picker" data-testid="demo-picker">
      <summary>{t('demo.title')}</summary>
      <p class="note">{t('demo.explanation')}</p>
      <ul class="demo-cards">
        {demo.cards.map((card) => (
          <li key={card.id}>
            <button
              type="button"
              class={`demo-card${card.id === current ? ' placed' : ''}`}
              aria-pressed={card.id === current}
              data-demo-card={card.id}
              onClick={() => demo.insert(card.id)}
            >
              <span class="demo-card-description">{card.description[language]}</span>
              {card.cardNumber && <span class="demo-card-number">{card.cardNumber}</span>}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="button secondary" data-testid="demo-remove" disabled={current === undefined} onClick={() => demo.remove()}>
        {t('demo.remove')}
      </button>
    </details>
  );
}
