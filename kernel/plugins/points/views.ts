import { z } from 'zod';
import type { ContributionPoint } from '../contribution-point';
import { contributionId, messageKey } from './common-schemas';

/** Full screens contributed by plugins (e.g. the revocation inquiry), opened with `onView:<id>` activation. */
const view = z.strictObject({
  id: contributionId,
  titleKey: messageKey,
});

export type ViewContribution = z.infer<typeof view>;

export const viewsPoint: ContributionPoint<ViewContribution[]> = {
  name: 'views',
  schema: z.array(view).min(1),
  qualify: (views, plugin) => views.map((entry) => ({ ...entry, titleKey: plugin.messageKey(entry.titleKey) })),
};
