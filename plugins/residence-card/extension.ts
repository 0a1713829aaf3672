import type { PluginContext } from '../../kernel/api';
import { residenceCardApi, type ResidenceCardApi } from './api';
import { createCardFacePanel } from './panels/card-face-panel';
import { createAddressPanel, createWorkPermissionPanel } from './panels/result-panels';

export type { ResidenceCardApi } from './api';

export function activate(context: PluginContext): ResidenceCardApi {
  context.registerCardTypeReader('1', residenceCardApi.createReader(context, { cardType: '1', generation: 1, residenceCard: true }));
  context.registerCardTypeReader('05', residenceCardApi.createReader(context, { cardType: '05', generation: 2, residenceCard: true }));
  context.registerCardTypeReader('07', residenceCardApi.createSpecificCardReader());
  context.registerResultPanel('residence-card.work-permission', createWorkPermissionPanel(context.i18n));
  context.registerResultPanel('residence-card.address', createAddressPanel(context.i18n));
  context.registerResultPanel('residence-card.card-face', createCardFacePanel(context.i18n, context.codeTables, context.logger));
  return residenceCardApi;
}
