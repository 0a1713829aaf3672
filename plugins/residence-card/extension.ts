import type { PluginContext } from '../../kernel/api';
import { residenceCardApi, type ResidenceCardApi } from './api';
import { createAddressPanel, createWorkPermissionPanel } from './panels/result-panels';

export type { ResidenceCardApi } from './api';

export function activate(context: PluginContext): ResidenceCardApi {
  context.registerResultPanel('residence-card.work-permission', createWorkPermissionPanel(context.i18n));
  context.registerResultPanel('residence-card.address', createAddressPanel(context.i18n));
  context.logger.info('residence-card activated', { extendedApdu: context.settings.get<string>('extendedApdu') });
  return residenceCardApi;
}
