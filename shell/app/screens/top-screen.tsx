import { CARD_NUMBER_LENGTH, isValidCardNumber, normaliseCardNumberInput } from '../../../kernel/api';
import { AppFooter } from '../components/app-footer';
import { Keypad } from '../components/keypad';
import { ReaderStatusBar } from '../components/reader-status';
import { useKiosk, useT } from '../kiosk-context';
import { DemoCardPicker } from '../components/demo-card-picker';

interface Props {
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly onHelp: () => void;
  /** Called with a number of the right format; a wrong format is reported without touching the card. */
  readonly onStart: (cardNumber: string) => void;
  readonly onWrongFormat: () => void;
}

export function TopScreen({ value, onInput, onHelp, onStart, onWrongFormat }: Props) {
  const t = useT();
  const { demo } = useKiosk();
  const start = () => (isValidCardNumber(value) ? onStart(value) : onWrongFormat());
  return (
    <main class="screen top-screen" data-screen="top">
      <ReaderStatusBar />
      {demo && <DemoCardPicker demo={demo} />}
      <form
        class="number-entry"
        onSubmit={(event) => {
          event.preventDefault();
          start();
        }}
      >
        <h1 class="step">
          <span class="step-badge">{t('top.step1')}</span> <span data-testid="enter-number-title">{t('top.enterNumber')}</span>
        </h1>
        <div class="number-row">
          <input
            id="card-number"
            class="card-number-input"
            data-testid="card-number"
            aria-label={t('top.numberLabel')}
            value={value}
            maxLength={CARD_NUMBER_LENGTH}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            inputMode="none"
            onInput={(event) => onInput(normaliseCardNumberInput((event.target as HTMLInputElement).value))}
          />
          <button type="button" class="help-button" aria-label={t('top.numberHelp')} data-testid="number-help" onClick={onHelp}>
            ?
          </button>
        </div>
        <Keypad value={value} onChange={onInput} />
        <button type="submit" class="button primary start-button" data-testid="start-reading">
          {t('top.start')}
        </button>
      </form>
      <AppFooter />
    </main>
  );
}
