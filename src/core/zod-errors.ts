import type { z } from 'zod';

/**
 * Formats zod issues as "field.path: message" lines so every validation error names the field
 * that is wrong. Callers prefix the file or option that held the value.
 */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
