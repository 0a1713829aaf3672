import type { z } from 'zod';

/** Turns zod issues into short readable lines: `contributes.cardTypes[0].c1: must match ^[0-9]{1,2}$`. */
export function describeSchemaIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))]
      .join('')
      .replace(/^\./, '');
    return `${path || '(root)'}: ${issue.message}`;
  });
}
