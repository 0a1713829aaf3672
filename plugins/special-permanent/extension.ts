import type { PluginContext } from '../../kernel/api';
import type { ResidenceCardApi } from '../residence-card/api';

/**
 * Special permanent resident certificates share the residence card's chip protocol; this plugin reaches it only
 * through the API the residence-card plugin returns from `activate`.
 */
export function activate(context: PluginContext): { readonly residenceCardApiVersion: number } {
  const residenceCard = context.dependencyApi<ResidenceCardApi>('residence-card');
  if (residenceCard.apiVersion !== 1) throw new Error(`residence-card API ${residenceCard.apiVersion} is not supported`);
  context.registerCardTypeReader('2', residenceCard.createReader(context, { cardType: '2', generation: 1, residenceCard: false }));
  context.registerCardTypeReader('06', residenceCard.createReader(context, { cardType: '06', generation: 2, residenceCard: false }));
  context.registerCardTypeReader('08', residenceCard.createSpecificCardReader());
  return { residenceCardApiVersion: residenceCard.apiVersion };
}
