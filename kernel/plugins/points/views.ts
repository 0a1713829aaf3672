import { z } from 'zod';
import type { ContributionPoint } from '../contribution-point';
import { cardTypeCode, contributionId, messageKey } from './common-schemas';

/** Full screens contributed by plugins (e.g. the revocation inquiry), opened with `onView:<id>` activation. */
const view = z.strictObject({
  id: contributionId,
  titleKey: messageKey,
  /**
   * Card types (C1) whose result screen may open this view; absent: any. The revocation inquiry names the ISA's
   * cards, so another plugin's card number is never sent to the ISA's service.
   */
  cardTypes: z.array(cardTypeCode).min(1).optional(),
});

export type ViewContribution = z.infer<typeof view>;

export const viewsPoint: ContributionPoint<ViewContribution[]> = {
  name: 'views',
  schema: z.array(view).min(1),
  qualify: (views, plugin) => views.map((entry) => ({ ...entry, titleKey: plugin.messageKey(entry.titleKey) })),
};
