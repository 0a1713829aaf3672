import { z } from 'zod';
import { KioskErrorCode } from '../../errors/kiosk-error';
import type { ContributionPoint } from '../contribution-point';
import { cardTypeCode, messageKey } from './common-schemas';

/** What the screen does once the person has read the message. */
export const errorActions = ['returnToTop', 'reenterNumber', 'retry', 'close', 'exitApp'] as const;
export type ErrorAction = (typeof errorActions)[number];

const errorCodes = Object.values(KioskErrorCode) as [KioskErrorCode, ...KioskErrorCode[]];

const errorMapping = z
  .strictObject({
    code: z.enum(errorCodes).optional(),
    /** ISO 7816 status word as four hex digits, e.g. "6A82". */
    statusWord: z.string().regex(/^[0-9A-F]{4}$/, 'must be four upper-case hex digits such as "6A82"').optional(),
    /** Limits a status-word mapping to some card types; all of the plugin's types when absent. */
    cardTypes: z.array(cardTypeCode).optional(),
    messageKey,
    detailKey: messageKey.optional(),
    helpUrl: z.url({ protocol: /^https$/ }).optional(),
    action: z.enum(errorActions),
  })
  .refine((value) => (value.code === undefined) !== (value.statusWord === undefined), {
    message: 'needs exactly one of "code" or "statusWord"',
  });

export type ErrorMappingContribution = z.infer<typeof errorMapping>;

export const errorMappingsPoint: ContributionPoint<ErrorMappingContribution[]> = {
  name: 'errorMappings',
  schema: z.array(errorMapping).min(1),
  qualify: (mappings, plugin) =>
    mappings.map((mapping) => ({
      ...mapping,
      messageKey: plugin.messageKey(mapping.messageKey),
      ...(mapping.detailKey ? { detailKey: plugin.messageKey(mapping.detailKey) } : {}),
    })),
};
