import { z } from 'zod';

export const messageKey = z.string().regex(/^([a-z0-9-]+:)?[A-Za-z0-9_.-]+$/, 'must be a message key such as "title" or "ns:title"');
export const relativePath = z
  .string()
  .regex(/^(\.\/)?(?!\/)(?!.*\.\.)[A-Za-z0-9_.\-/]+$/, 'must be a relative path inside the plugin folder');
/** C1 values of MF/EF02: '1', '2' (1st gen), '05'..'08' (2nd gen and 特定). */
export const cardTypeCode = z.string().regex(/^[0-9]{1,2}$/, 'must be a card type (C1) value such as "1" or "05"');
export const contributionId = z.string().regex(/^[a-z0-9][a-zA-Z0-9.-]*$/, 'must be an id of letters, digits, dots and dashes');
