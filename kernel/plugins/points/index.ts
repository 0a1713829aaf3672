import type { ContributionPoint } from '../contribution-point';
import { cardTypesPoint } from './card-types';
import { codeTablesPoint } from './code-tables';
import { errorMappingsPoint } from './error-mappings';
import { localesPoint } from './locales';
import { numberPositionHelpPoint } from './number-position-help';
import { resultPanelsPoint } from './result-panels';
import { settingsPoint } from './settings';
import { viewsPoint } from './views';

/** The contribution points the kernel defines; bound into the container by the plugin module. */
export const builtinContributionPoints: readonly ContributionPoint<never>[] = [
  cardTypesPoint,
  numberPositionHelpPoint,
  resultPanelsPoint,
  viewsPoint,
  errorMappingsPoint,
  localesPoint,
  codeTablesPoint,
  settingsPoint,
] as unknown as readonly ContributionPoint<never>[];
