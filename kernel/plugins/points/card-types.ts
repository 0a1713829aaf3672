import { z } from 'zod';
import type { ContributionPoint } from '../contribution-point';
import { cardTypeCode, messageKey } from './common-schemas';

const cardType = z.strictObject({
  c1: cardTypeCode,
  generation: z.union([z.literal(1), z.literal(2)]),
  family: z.enum(['residenceCard', 'specialPermanentResident', 'other']),
  /** 特定在留カード / 特定特別永住者証明書 (with My Number functions). */
  specific: z.boolean().default(false),
  displayNameKey: messageKey,
});

export type CardTypeContribution = z.infer<typeof cardType>;

export const cardTypesPoint: ContributionPoint<CardTypeContribution[]> = {
  name: 'cardTypes',
  schema: z.array(cardType).min(1),
  qualify: (value, plugin) => value.map((entry) => ({ ...entry, displayNameKey: plugin.messageKey(entry.displayNameKey) })),
};
