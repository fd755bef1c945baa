import type { z } from 'zod';
import { formatZodIssues } from '../core/zod-errors.js';

/**
 * Reading a model's JSON reply, for every caller of the chat model (the composer, the policy
 * second opinion, the follow-up rewriter). Servers without structured output wrap the object in
 * code fences or in prose ("Here is the answer: {…}"); both are stripped here, once, before the
 * caller's zod schema validates what is left.
 */
export type JsonReply<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly error: string };

/** The JSON object in a reply: inside a code fence if there is one, else from the first `{` to the last `}`. */
export function extractJsonObject(content: string): string | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  const text = (fenced?.[1] ?? content).trim();
  if (text.startsWith('{')) return text;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}

/** The reply parsed and validated; the error names what is wrong, in words a repair request can quote. */
export function parseJsonReply<Schema extends z.ZodType>(
  content: string,
  schema: Schema,
): JsonReply<z.output<Schema>> {
  const json = extractJsonObject(content);
  if (json === undefined) return { ok: false, error: 'The reply contains no JSON object.' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `The reply is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, error: `The JSON does not match the schema: ${formatZodIssues(parsed.error)}` };
  }
  return { ok: true, value: parsed.data };
}
