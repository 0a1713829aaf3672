import { z } from 'zod';
import type { ContributionPoint } from '../contribution-point';
import { cardTypeCode, contributionId, messageKey } from './common-schemas';

/** Slots of the result screen, top to bottom as in the manual's result screen. */
export const resultPanelSlots = ['verification', 'actions', 'cardFace', 'details'] as const;

const resultPanel = z.strictObject({
  id: contributionId,
  cardTypes: z.array(cardTypeCode).min(1),
  slot: z.enum(resultPanelSlots),
  order: z.number().int().default(0),
  titleKey: messageKey.optional(),
});

export type ResultPanelContribution = z.infer<typeof resultPanel>;

export const resultPanelsPoint: ContributionPoint<ResultPanelContribution[]> = {
  name: 'resultPanels',
  schema: z.array(resultPanel).min(1),
  qualify: (panels, plugin) =>
    panels.map((panel) => (panel.titleKey ? { ...panel, titleKey: plugin.messageKey(panel.titleKey) } : panel)),
};
