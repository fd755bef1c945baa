import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { formatZodIssues } from '../core/zod-errors.js';

/** A retrieval/answer question, as in `../shared/eval/questions-dev.jsonl`. */
export const questionItemSchema = z.looseObject({
  id: z.string().min(1),
  question: z.string().min(1),
  gold: z.array(z.string().min(1)).default([]),
  answerable: z.enum(['yes', 'partial', 'no']),
  note: z.string().optional(),
});
export type QuestionItem = z.infer<typeof questionItemSchema>;

/** The outcome a policy item expects, as in `../shared/eval/policy-dev.jsonl`. */
export const expectedPolicyCategories = ['emergency', 'refused', 'individualized', 'general'] as const;
export type ExpectedPolicyCategory = (typeof expectedPolicyCategories)[number];

/** An advice-detection text, as in `../shared/eval/advice-dev.jsonl` (and `policy-dev.jsonl`, with `expected`). */
export const adviceItemSchema = z.looseObject({
  id: z.string().min(1).optional(),
  text: z.string().min(1),
  individualized: z.boolean(),
  expected: z.enum(expectedPolicyCategories).optional(),
});
export type AdviceItem = z.infer<typeof adviceItemSchema>;

export type EvaluationFile =
  | { readonly kind: 'questions'; readonly items: QuestionItem[] }
  | { readonly kind: 'advice'; readonly items: Array<AdviceItem & { readonly line: number }> };

/**
 * Reads an evaluation file. Its kind is decided by the first line's fields (`question` or
 * `text`); every line must then match that kind, and an error names the file, line and field.
 */
export function readEvaluationFile(file: string): EvaluationFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AmicusError(
      ErrorCode.InputInvalid,
      `${file}: cannot read (${error instanceof Error ? error.message : String(error)})`,
      {
        location: file,
      },
    );
  }
  const lines = text
    .split(/\r?\n/)
    .map((line, index) => ({ line: index + 1, text: line.trim() }))
    .filter((entry) => entry.text.length > 0);
  if (lines.length === 0)
    throw new AmicusError(ErrorCode.InputInvalid, `${file}: has no items`, { location: file });
  const values = lines.map(({ line, text: lineText }) => {
    try {
      return { line, value: JSON.parse(lineText) as unknown };
    } catch (error) {
      throw new AmicusError(ErrorCode.InputInvalid, `${file}:${line}: not valid JSON (${String(error)})`, {
        location: `${file}:${line}`,
      });
    }
  });
  const first = values[0]?.value;
  const isAdvice = typeof first === 'object' && first !== null && 'text' in first && !('question' in first);
  if (isAdvice) {
    return {
      kind: 'advice',
      items: values.map(({ line, value }) => ({ ...parseLine(adviceItemSchema, value, file, line), line })),
    };
  }
  return {
    kind: 'questions',
    items: values.map(({ line, value }) => parseLine(questionItemSchema, value, file, line)),
  };
}

function parseLine<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  file: string,
  line: number,
): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AmicusError(ErrorCode.InputInvalid, `${file}:${line}: ${formatZodIssues(parsed.error)}`, {
      location: `${file}:${line}`,
    });
  }
  return parsed.data;
}
