import type { PluginI18n } from '../../../kernel/api';
import { EXPIRY_FIELD_LENGTH, type ExpiryParts } from '../expiry-date';

export type ExpiryField = keyof ExpiryParts;
export const EXPIRY_FIELDS: readonly ExpiryField[] = ['year', 'month', 'day'];

const DIGITS = '1234567890';

interface Props {
  readonly i18n: PluginI18n;
  readonly parts: ExpiryParts;
  readonly active: ExpiryField;
  readonly onChange: (parts: ExpiryParts, active: ExpiryField) => void;
}

/**
 * A kiosk has no keyboard: digits for the card's validity period, typed into the selected field (year, month,
 * day). A full field moves on to the next one; only half-width digits can be entered.
 */
export function DateKeypad({ i18n, parts, active, onChange }: Props) {
  const type = (digit: string) => {
    const current = parts[active];
    if (current.length >= EXPIRY_FIELD_LENGTH[active]) return;
    const value = current + digit;
    const next = { ...parts, [active]: value };
    const index = EXPIRY_FIELDS.indexOf(active);
    const full = value.length === EXPIRY_FIELD_LENGTH[active];
    onChange(next, full && index < EXPIRY_FIELDS.length - 1 ? EXPIRY_FIELDS[index + 1]! : active);
  };
  const backspace = () => {
    if (parts[active] === '') {
      // An empty field: go back to the previous one and delete there.
      const index = EXPIRY_FIELDS.indexOf(active);
      if (index === 0) return;
      const previous = EXPIRY_FIELDS[index - 1]!;
      onChange({ ...parts, [previous]: parts[previous].slice(0, -1) }, previous);
      return;
    }
    onChange({ ...parts, [active]: parts[active].slice(0, -1) }, active);
  };
  return (
    <div class="keypad revocation-date-keypad" role="group" aria-label={i18n.t('keypad.label')} data-testid="revocation-date-keypad">
      <div class="keypad-row">
        {[...DIGITS].map((digit) => (
          <button key={digit} type="button" class="key" data-date-key={digit} onClick={() => type(digit)}>
            {digit}
          </button>
        ))}
      </div>
      <div class="keypad-row">
        <button type="button" class="key wide" data-date-key="backspace" aria-label={i18n.t('keypad.backspace')} onClick={backspace}>
          ⌫
        </button>
        <button type="button" class="key wide" data-date-key="clear" onClick={() => onChange({ year: '', month: '', day: '' }, 'year')}>
          {i18n.t('keypad.clear')}
        </button>
      </div>
    </div>
  );
}
