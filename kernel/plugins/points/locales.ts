import { z } from 'zod';
import type { ContributionPoint } from '../contribution-point';
import { relativePath } from './common-schemas';

/** A plugin's message file for one language; its keys live in the namespace named after the plugin. */
const localeFile = z.strictObject({
  language: z.enum(['ja', 'en']),
  path: relativePath,
});

export type LocaleContribution = z.infer<typeof localeFile>;

export const localesPoint: ContributionPoint<LocaleContribution[]> = {
  name: 'locales',
  schema: z
    .array(localeFile)
    .min(1)
    .refine((files) => ['ja', 'en'].every((language) => files.some((file) => file.language === language)), {
      message: 'must provide both "ja" and "en"',
    }),
  resourcePaths: (files) => files.map((file) => file.path),
};
