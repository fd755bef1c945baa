import { z } from 'zod';
import { parseJsonReply } from '../../llm/json-reply.js';
import { toStrictJsonSchema } from '../../llm/json-schema.js';

/**
 * What the model returns: the answer's cited parts, with citations as the numbers of the
 * passages in the prompt. Everything else in an answer (sources, limitations, disclaimer,
 * dates) is made by Amicus, never by the model.
 *
 * One zod schema is both the parser and, through `toStrictJsonSchema`, the JSON Schema sent to
 * the server. The parser is looser than what the model is asked for, because servers without
 * structured output produce near misses; each `preprocess` below repairs one of them before the
 * strict shape is checked: citations as strings ("3", "[3]"), a sentence as a bare string,
 * missing empty lists (the defaults). The verifier decides what survives.
 */
const citationSchema = z.preprocess(
  (value) =>
    typeof value === 'string' && /^\s*\[?\d+\]?\s*$/.test(value)
      ? Number(value.replace(/[\s[\]]/g, ''))
      : value,
  z.number().int(),
);

export const draftSentenceSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { text: value, citations: [] } : value),
  z.object({
    text: z.string().describe('One sentence, without [n] markers.'),
    citations: z
      .array(citationSchema)
      .default([])
      .describe('Numbers of the passages that support the sentence.'),
  }),
);

export const llmDraftSchema = z.object({
  summary: z
    .array(draftSentenceSchema)
    .describe('1 to 3 cited sentences, at most 60 words in all, the key fact first.'),
  sections: z
    .array(z.object({ heading: z.string(), sentences: z.array(draftSentenceSchema) }))
    .default([])
    .describe('1 to 3 themes, only provisions that answer the question.'),
  gaps: z.array(z.string()).default([]),
  followUps: z.array(z.string()).default([]),
});

export type LlmDraft = z.output<typeof llmDraftSchema>;
export type DraftSentence = LlmDraft['summary'][number];

/** The JSON Schema for `response_format: json_schema` in strict mode. */
export const llmDraftJsonSchema = toStrictJsonSchema(llmDraftSchema);

export const llmDraftSchemaName = 'amicus_answer';

export type DraftParseResult =
  | { readonly ok: true; readonly draft: LlmDraft }
  | { readonly ok: false; readonly error: string };

/**
 * Reads the model's reply: code fences and any prose around the JSON object are stripped, then
 * it is parsed and validated. The error names what is wrong, for the repair request.
 */
export function parseDraft(content: string): DraftParseResult {
  const reply = parseJsonReply(content, llmDraftSchema);
  return reply.ok ? { ok: true, draft: reply.value } : reply;
}
