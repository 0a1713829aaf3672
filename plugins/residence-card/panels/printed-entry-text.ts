import type { Language, PluginI18n } from '../../../kernel/api';
import nationalityTable from '../code-tables/nationality.json';
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

const nationalities: Readonly<Record<string, Readonly<Record<Language, string>> | undefined>> = nationalityTable;

/**
 * The nationality code as a name, from this plugin's own `nationality` code table (bundled with its code: the
 * plugin API has no code-table accessor yet). A code the table lacks is shown as the code.
 */
export function nationalityText(language: Language, code: string): string {
  return nationalities[code]?.[language] ?? code;
}
