import { CARD_NUMBER_LENGTH, normaliseCardNumberInput } from '../../../kernel/api';
import { useT } from '../kiosk-context';

const LETTER_ROWS = ['ABCDEFGHIJKLM', 'NOPQRSTUVWXYZ'];
const DIGITS = '1234567890';

interface Props {
  readonly value: string;
  readonly onChange: (value: string) => void;
}

/** A kiosk has no keyboard: large keys for the letters and digits of a card number. */
export function Keypad({ value, onChange }: Props) {
  const t = useT();
  const type = (char: string) => {
    if (value.length < CARD_NUMBER_LENGTH) onChange(normaliseCardNumberInput(value + char));
  };
  const key = (char: string) => (
    <button key={char} type="button" class="key" data-key={char} onClick={() => type(char)}>
      {char}
    </button>
  );
  return (
    <div class="keypad" role="group" aria-label={t('top.numberLabel')} data-testid="keypad">
      <div class="keypad-row">{[...DIGITS].map(key)}</div>
      {LETTER_ROWS.map((row) => (
        <div key={row} class="keypad-row">
          {[...row].map(key)}
        </div>
      ))}
      <div class="keypad-row">
        <button type="button" class="key wide" data-key="backspace" aria-label={t('top.backspace')} onClick={() => onChange(value.slice(0, -1))}>
          ⌫
        </button>
        <button type="button" class="key wide" data-key="clear" onClick={() => onChange('')}>
          {t('top.clear')}
        </button>
      </div>
    </div>
  );
}
