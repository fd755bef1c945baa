import { z } from 'zod';
import { formatZodIssues } from '../../core/zod-errors.js';

/**
 * What the model returns: the answer's cited parts, with citations as the numbers of the
 * passages in the prompt. Everything else in an answer (sources, limitations, disclaimer,
 * dates) is made by Amicus, never by the model.
 *
 * The parser is looser than the JSON Schema sent to the server, because servers without
 * structured output produce near misses: citations as strings ("3", "[3]"), a sentence as a
 * bare string, missing empty lists. The verifier decides what survives.
 */
const citationSchema = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^\[?\d+\]?$/, 'a citation is a passage number')
    .transform((value) => Number(value.replace(/[[\]]/g, ''))),
]);

const draftSentenceSchema = z.union([
  z.object({ text: z.string(), citations: z.array(citationSchema).default([]) }),
  z.string().transform((text) => ({ text, citations: [] as number[] })),
]);

export const llmDraftSchema = z.object({
  summary: z.array(draftSentenceSchema),
  sections: z.array(z.object({ heading: z.string(), sentences: z.array(draftSentenceSchema) })).default([]),
  gaps: z.array(z.string()).default([]),
  followUps: z.array(z.string()).default([]),
});

export type LlmDraft = z.output<typeof llmDraftSchema>;
export type DraftSentence = LlmDraft['summary'][number];

const sentenceJsonSchema = {
  type: 'object',
  properties: {
    text: { type: 'string', description: 'One sentence, without [n] markers.' },
    citations: {
      type: 'array',
      description: 'Numbers of the passages that support the sentence.',
      items: { type: 'integer' },
    },
  },
  required: ['text', 'citations'],
  additionalProperties: false,
} as const;

/**
 * The JSON Schema for `response_format: json_schema` in strict mode: every property required,
 * no additional properties, no formats or bounds (strict mode rejects many keywords).
 */
export const llmDraftJsonSchema: Readonly<Record<string, unknown>> = {
  type: 'object',
  properties: {
    summary: {
      type: 'array',
      description: '1 to 3 cited sentences, at most 60 words in all, the key fact first.',
      items: sentenceJsonSchema,
    },
    sections: {
      type: 'array',
      description: '1 to 3 themes, only provisions that answer the question.',
      items: {
        type: 'object',
        properties: {
          heading: { type: 'string' },
          sentences: { type: 'array', items: sentenceJsonSchema },
        },
        required: ['heading', 'sentences'],
        additionalProperties: false,
      },
    },
    gaps: { type: 'array', items: { type: 'string' } },
    followUps: { type: 'array', items: { type: 'string' } },
  },
  required: ['summary', 'sections', 'gaps', 'followUps'],
  additionalProperties: false,
};

export const llmDraftSchemaName = 'amicus_answer';

export type DraftParseResult =
  | { readonly ok: true; readonly draft: LlmDraft }
  | { readonly ok: false; readonly error: string };

/**
 * Reads the model's reply: code fences and any prose around the JSON object are stripped, then
 * it is parsed and validated. The error names what is wrong, for the repair request.
 */
export function parseDraft(content: string): DraftParseResult {
  const json = extractJsonObject(content);
  if (json === undefined) return { ok: false, error: 'The reply contains no JSON object.' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `The reply is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = llmDraftSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, error: `The JSON does not match the schema: ${formatZodIssues(parsed.error)}` };
  }
  return { ok: true, draft: parsed.data };
}

function extractJsonObject(content: string): string | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  const text = (fenced?.[1] ?? content).trim();
  if (text.startsWith('{')) return text;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}
