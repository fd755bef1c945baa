import { z } from 'zod';

/**
 * The JSON Schema sent with a chat request (`response_format: json_schema`, strict mode),
 * derived from the zod schema that validates the reply, so the two cannot drift apart (after
 * vercel/ai's `zodSchema` and openai-node's `zodResponseFormat`).
 *
 * Strict mode wants every object closed and every property required, and accepts few keywords
 * beyond the structure. The schema is read as output (`io: 'output'`): a `preprocess` that
 * repairs near misses, or a `default`, loosens only what the parser accepts, never what the
 * model is asked for. Only structural keywords and descriptions are sent (`sentKeywords`);
 * bounds such as `maxLength`, and the safe-integer range zod puts on every integer, are checked
 * by the parser instead, as strict mode and many OpenAI-compatible servers reject them. A zod
 * schema that cannot be made strict (an optional property, an open object) is a programming
 * error and throws.
 */
export function toStrictJsonSchema(schema: z.ZodType): Readonly<Record<string, unknown>> {
  const jsonSchema = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }) as Record<string, unknown>;
  return simplify(jsonSchema, '(root)');
}

const sentKeywords = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  'const',
  'pattern',
  'description',
]);

function simplify(node: Record<string, unknown>, path: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!sentKeywords.has(key)) continue;
    if (key === 'properties') {
      result[key] = Object.fromEntries(
        Object.entries(value as Record<string, Record<string, unknown>>).map(([name, property]) => [
          name,
          simplify(property, `${path}.${name}`),
        ]),
      );
    } else if (key === 'items' || key === 'additionalProperties') {
      result[key] =
        typeof value === 'object' && value !== null
          ? simplify(value as Record<string, unknown>, `${path}[]`)
          : value;
    } else if (key === 'anyOf') {
      result[key] = (value as Record<string, unknown>[]).map((branch) => simplify(branch, path));
    } else {
      result[key] = value;
    }
  }
  if (result.type === 'object') {
    const properties = Object.keys((result.properties as object | undefined) ?? {});
    const required = new Set((result.required as string[] | undefined) ?? []);
    if (result.additionalProperties !== false || properties.some((name) => !required.has(name))) {
      throw new Error(`${path}: strict mode needs a closed object with every property required`);
    }
  }
  return result;
}
