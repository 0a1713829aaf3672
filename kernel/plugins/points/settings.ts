import { z } from 'zod';
import type { ContributionPoint } from '../contribution-point';
import { messageKey } from './common-schemas';

const base = { descriptionKey: messageKey };

const setting = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('string'), default: z.string(), pattern: z.string().optional() }),
  z.strictObject({ ...base, type: z.literal('boolean'), default: z.boolean() }),
  z.strictObject({
    ...base,
    type: z.literal('number'),
    default: z.number(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
  }),
  z.strictObject({ ...base, type: z.literal('enum'), default: z.string(), values: z.array(z.string()).min(1) }),
]);

export type SettingDeclaration = z.infer<typeof setting>;
export type SettingsContribution = Record<string, SettingDeclaration>;

export const settingsPoint: ContributionPoint<SettingsContribution> = {
  name: 'settings',
  schema: z
    .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9.]*$/, 'setting names are letters, digits and dots'), setting)
    .superRefine((settings, ctx) => {
      for (const [name, declaration] of Object.entries(settings)) {
        const problem = checkSettingValue(declaration, declaration.default);
        if (problem) ctx.addIssue({ code: 'custom', path: [name, 'default'], message: problem });
      }
    }),
  qualify: (settings, plugin) =>
    Object.fromEntries(
      Object.entries(settings).map(([name, declaration]) => [name, { ...declaration, descriptionKey: plugin.messageKey(declaration.descriptionKey) }]),
    ),
};

/** Returns why `value` does not fit the declaration, or undefined when it fits. */
export function checkSettingValue(declaration: SettingDeclaration, value: unknown): string | undefined {
  switch (declaration.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (declaration.pattern && !new RegExp(declaration.pattern).test(value)) return `must match ${declaration.pattern}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (declaration.minimum !== undefined && value < declaration.minimum) return `must be at least ${declaration.minimum}`;
      if (declaration.maximum !== undefined && value > declaration.maximum) return `must be at most ${declaration.maximum}`;
      return undefined;
    case 'enum':
      return typeof value === 'string' && declaration.values.includes(value) ? undefined : `must be one of ${declaration.values.join(', ')}`;
  }
}
