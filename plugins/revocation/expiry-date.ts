/**
 * 在留カード等有効期間 as the inquiry form wants it (manual §6): year, month and day in half-width digits, month
 * and day with a leading zero ("2012年7月9日" → "2012" / "07" / "09").
 */
export interface ExpiryParts {
  readonly year: string;
  readonly month: string;
  readonly day: string;
}

export const EMPTY_EXPIRY: ExpiryParts = { year: '', month: '', day: '' };
export const EXPIRY_FIELD_LENGTH = { year: 4, month: 2, day: 2 } as const;

export type ExpiryCheck =
  | { readonly ok: true; readonly parts: ExpiryParts }
  /** incomplete: a field has fewer digits than it needs; invalid: not a date on the calendar. */
  | { readonly ok: false; readonly problem: 'incomplete' | 'invalid' };

/** Checks a typed date: 4-digit year, 2-digit month and day, and a real calendar date (leap years included). */
export function checkExpiry(parts: ExpiryParts): ExpiryCheck {
  if (!/^[0-9]{4}$/.test(parts.year) || !/^[0-9]{2}$/.test(parts.month) || !/^[0-9]{2}$/.test(parts.day)) {
    return { ok: false, problem: 'incomplete' };
  }
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return { ok: false, problem: 'invalid' };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return { ok: false, problem: 'invalid' };
  return { ok: true, parts };
}

/** The chip's YYYYMMDD (2nd gen, tag C5) as form parts, or undefined when it is absent or not a real date. */
export function expiryFromCard(cardExpiry: string | undefined): ExpiryParts | undefined {
  if (!cardExpiry || !/^[0-9]{8}$/.test(cardExpiry)) return undefined;
  const parts = { year: cardExpiry.slice(0, 4), month: cardExpiry.slice(4, 6), day: cardExpiry.slice(6, 8) };
  return checkExpiry(parts).ok ? parts : undefined;
}
