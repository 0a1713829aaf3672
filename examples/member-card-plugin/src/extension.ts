import type { PluginContext } from 'zairyu-plugin-api';
import { createMemberCardPanel } from './member-card-panel';
import { createMemberCardReader } from './member-card-reader';
import { MEMBER_CARD_TYPE } from './protocol';

/**
 * Called by the kiosk on the first `onCardType:90` (a member card was placed) or `onView:example-member-card.details`.
 * Everything registered here must be declared in package.json's `contributes`.
 */
export function activate(context: PluginContext): void {
  context.registerCardTypeReader(MEMBER_CARD_TYPE, createMemberCardReader(context.name));
  context.registerResultPanel('example-member-card.details', createMemberCardPanel(context.i18n, { showTier: context.settings.get<boolean>('showTier') }));
  context.logger.info('member card reader registered');
}
