import { z } from 'zod';
import type { ContributionPoint } from '../contribution-point';
import { contributionId, messageKey, relativePath } from './common-schemas';

const fraction = z.number().min(0).max(1);

/** Where the card number is printed, as fractions of the illustration's width and height. */
const region = z.strictObject({ x: fraction, y: fraction, width: fraction, height: fraction });

const helpPage = z.strictObject({
  id: contributionId,
  /** Pages of all plugins are shown in ascending order (1st gen, 2nd gen, 特定 in the manual). */
  order: z.number().int(),
  image: relativePath,
  highlight: region,
  titleKey: messageKey,
  captionKey: messageKey,
});

export type NumberPositionHelpPage = z.infer<typeof helpPage> & { readonly pluginName: string };

export const numberPositionHelpPoint: ContributionPoint<z.infer<typeof helpPage>[]> = {
  name: 'numberPositionHelp',
  schema: z.array(helpPage).min(1),
  resourcePaths: (pages) => pages.map((page) => page.image),
  qualify: (pages, plugin) =>
    pages.map((page) => ({ ...page, titleKey: plugin.messageKey(page.titleKey), captionKey: plugin.messageKey(page.captionKey) })),
};
