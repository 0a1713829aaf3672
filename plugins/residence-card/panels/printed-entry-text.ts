import type { CodeTables, PluginI18n } from '../../../kernel/api';
import type { PrintedEntries } from '../model';

/** YYYYMMDD as the card writes dates, in the current language; anything else as it is. */
export function formatCardDate(i18n: PluginI18n, yyyymmdd: string | undefined): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd ?? '');
  return match ? i18n.t('cardFace.date', { year: match[1], month: match[2], day: match[3] }) : (yyyymmdd ?? '');
}

export function sexText(i18n: PluginI18n, sex: PrintedEntries['sex']): string {
  switch (sex) {
    case 'male':
      return i18n.t('cardFace.sex.male');
    case 'female':
      return i18n.t('cardFace.sex.female');
    default:
      return i18n.t('cardFace.sex.unspecified');
  }
}

/** CC 就労制限の有無, in the card's own words; undefined when the card has none (special permanent residents). */
export function workRestrictionText(i18n: PluginI18n, code: PrintedEntries['workRestriction']): string | undefined {
  switch (code) {
    case '1':
      return i18n.t('cardFace.workRestriction.none');
    case '2':
      return i18n.t('cardFace.workRestriction.withinStatus');
    case '4':
      return i18n.t('cardFace.workRestriction.designated');
    case '9':
      return i18n.t('cardFace.workRestriction.notPermitted');
    default:
      return undefined;
  }
}

/**
 * A code of the printed entries as text, from the code tables (the plugins' own with the operator's laid over them,
 * see config codeTableFolder); a code no table knows is shown as the code, saying so, never guessed.
 */
export function codeText(i18n: PluginI18n, codeTables: CodeTables, tableId: string, code: string): string {
  return codeTables.lookup(tableId, code)?.[i18n.language] ?? i18n.t('cardFace.unknownCode', { code });
}

/**
 * CE 在留期間: YYMM (years and months), DDD (days), 0000 for an indefinite period (永住者), joined with CD, the
 * date it ends, as the card prints them: 「5年（2030年03月31日）」. Anything else is shown as it is.
 */
export function periodOfStayText(i18n: PluginI18n, periodOfStay: string, expiry: string | undefined): string {
  const counted = (count: number, one: string, many: string) => (count === 1 ? i18n.t(one, { count }) : i18n.t(many, { count }));
  let period = periodOfStay;
  if (/^0000$/.test(periodOfStay)) return i18n.t('cardFace.periodOfStay.indefinite');
  if (/^\d{4}$/.test(periodOfStay)) {
    const years = Number(periodOfStay.slice(0, 2));
    const months = Number(periodOfStay.slice(2));
    const parts = [
      ...(years > 0 ? [counted(years, 'cardFace.periodOfStay.year', 'cardFace.periodOfStay.years')] : []),
      ...(months > 0 ? [counted(months, 'cardFace.periodOfStay.month', 'cardFace.periodOfStay.months')] : []),
    ];
    period = parts.join(i18n.t('cardFace.periodOfStay.separator'));
  } else if (/^\d{3}$/.test(periodOfStay)) {
    period = counted(Number(periodOfStay), 'cardFace.periodOfStay.day', 'cardFace.periodOfStay.days');
  }
  return expiry ? i18n.t('cardFace.withDate', { value: period, date: formatCardDate(i18n, expiry) }) : period;
}
