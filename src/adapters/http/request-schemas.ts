import { z } from 'zod';
import { audienceSchema } from '../../core/config.js';
import {
  reviewerNameSchema,
  reviewNoteSchema,
  reviewReasons,
  reviewStatuses,
  reviewVerdicts,
} from '../../review/review-store.js';

/**
 * The API's inputs, validated with zod at the edge. Unknown fields are refused so a misspelt
 * field (`juridiction`) is reported instead of silently ignored.
 */
export const maxQuestionLength = 2000;

/** `US-CA`, `US-federal`: letters, digits and hyphens. */
const jurisdiction = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9-]+$/, 'expected a jurisdiction code such as US-CA or US-federal');

/** Chosen by the client; letters, digits, `_` and `-`. */
const threadId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, "_" or "-"');

export const askRequestSchema = z.strictObject({
  question: z
    .string()
    .trim()
    .min(1, 'the question is empty')
    .max(maxQuestionLength, `the question is longer than ${maxQuestionLength} characters`),
  jurisdiction: jurisdiction.optional(),
  threadId: threadId.optional(),
  /** Who asks (`public`, `students`, `staff`); the deployment's audience when absent. */
  audience: audienceSchema.optional(),
});
export type AskRequestBody = z.infer<typeof askRequestSchema>;

export const feedbackRequestSchema = z.strictObject({
  answerId: z.string().min(1).max(200),
  rating: z.enum(['up', 'down']),
  reason: z.string().trim().max(2000).optional(),
});
export type FeedbackRequestBody = z.infer<typeof feedbackRequestSchema>;

export const passageParamsSchema = z.object({
  id: z.string().min(1).max(200),
});

export const passageQuerySchema = z.object({
  /** The answer sentence that cited the passage; its supporting words are returned as ranges. */
  sentence: z.string().max(8000).optional(),
});

/** The no-JavaScript form: the same fields as the JSON ask, plus the token when one is needed. */
export const answerFormSchema = z.object({
  question: askRequestSchema.shape.question,
  jurisdiction: z
    .string()
    .trim()
    .max(40)
    .transform((value) => (value.length === 0 ? undefined : value))
    .pipe(jurisdiction.optional())
    .optional(),
  token: z.string().max(500).optional(),
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'not a real date');

export const reviewListQuerySchema = z.strictObject({
  status: z.enum(reviewStatuses).optional(),
  reason: z.enum(reviewReasons).optional(),
  since: isoDate.optional(),
});

export const reviewItemParamsSchema = z.object({
  id: z.coerce.number().int('expected an item number').positive('expected an item number'),
});

export const resolveRequestSchema = z.strictObject({
  verdict: z.enum(reviewVerdicts),
  note: reviewNoteSchema.optional(),
  by: reviewerNameSchema,
});

export const approveRequestSchema = z.strictObject({
  answerId: z.string().min(1).max(200),
  by: reviewerNameSchema,
  questionPattern: z.string().trim().min(1).max(300).optional(),
});

export const handOffRequestSchema = z.strictObject({
  answerId: z.string().min(1).max(200),
  note: z.string().trim().max(2000).optional(),
});

export const gapsQuerySchema = z.strictObject({ since: isoDate.optional() });

export const exportQuerySchema = z.strictObject({ format: z.literal('eval') });
