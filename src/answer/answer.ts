import { z } from 'zod';
import { sourceTypes } from '../core/source-types.js';

/**
 * The answer: the product's core contract (GUIDE §1). Composers produce it, renderers turn it
 * into text for one surface, and `amicus ask --json`, the HTTP API and `amicus eval` emit it
 * as JSON. The schema is the one place its shape is defined.
 */
export const answerKinds = ['answer', 'no-answer', 'individualized', 'refused', 'emergency'] as const;
export type AnswerKind = (typeof answerKinds)[number];

const citationNumbers = z.array(z.number().int().positive());

export const citedSentenceSchema = z.object({
  text: z.string().min(1),
  /** Source numbers `n` from `sources`; at least one for every sentence of an answer. */
  citations: citationNumbers,
});
export type CitedSentence = z.infer<typeof citedSentenceSchema>;

export const answerSectionSchema = z.object({
  heading: z.string().min(1),
  sentences: z.array(citedSentenceSchema),
});
export type AnswerSection = z.infer<typeof answerSectionSchema>;

export const answerSourceSchema = z.object({
  /** Number used in `[n]` markers: the order of first citation. */
  n: z.number().int().positive(),
  label: z.string().min(1),
  title: z.string().min(1),
  url: z.string().nullable(),
  collection: z.string().min(1),
  sourceType: z.enum(sourceTypes),
  jurisdiction: z.string().min(1),
  asOf: z.string(),
  passageId: z.string().min(1),
  /** False when the collection was ingested with --allow-unvetted. */
  vetted: z.boolean(),
  vettedBy: z.string().nullable(),
  vettedOn: z.string().nullable(),
});
export type AnswerSource = z.infer<typeof answerSourceSchema>;

/** A nearby source listed for orientation in a no-answer reply; never cited. */
export const relatedSourceSchema = z.object({
  label: z.string().min(1),
  title: z.string().min(1),
  url: z.string().nullable(),
  passageId: z.string().min(1),
});
export type RelatedSource = z.infer<typeof relatedSourceSchema>;

export const referralSchema = z.object({
  name: z.string().min(1),
  contact: z.string().min(1),
  whenToUse: z.string().min(1),
  url: z.string().optional(),
});

export const answerSchema = z.object({
  /** Stable id of this answer, for feedback and logs. */
  id: z.string().min(1),
  question: z.string(),
  kind: z.enum(answerKinds),
  checkedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  summary: z.array(citedSentenceSchema),
  sections: z.array(answerSectionSchema),
  gaps: z.array(z.string().min(1)),
  limitations: z.string(),
  followUps: z.array(z.string().min(1)),
  sources: z.array(answerSourceSchema),
  related: z.array(relatedSourceSchema).default([]),
  /** Shown before everything else: no-answer, individualized, refused and emergency notices. */
  notice: z.string().min(1).optional(),
  referrals: z.array(referralSchema).default([]),
  /** Hint to adapters: answer privately (ephemeral) where the surface allows it. */
  privateReply: z.boolean().default(false),
  /** Which composer made the answer, and what the verifier removed. */
  generatedBy: z.enum(['extractive', 'llm', 'policy']),
  verification: z
    .object({
      droppedSentences: z.number().int().nonnegative(),
      removedCitations: z.number().int().nonnegative(),
      fellBack: z.boolean(),
      reason: z.string().optional(),
    })
    .optional(),
  disclaimer: z.string().refine((text) => text.trim().length > 0, 'the disclaimer must not be blank'),
  /** Set when a staff-approved answer was served: who approved it and on what date (YYYY-MM-DD). */
  reviewed: z
    .object({
      by: z.string().min(1),
      on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    })
    .optional(),
});
export type Answer = z.infer<typeof answerSchema>;
export type AnswerInput = z.input<typeof answerSchema>;

/** Every sentence of the summary and sections, in reading order. */
export function answerSentences(answer: Pick<Answer, 'summary' | 'sections'>): CitedSentence[] {
  return [...answer.summary, ...answer.sections.flatMap((section) => section.sentences)];
}

/**
 * Checks the answer's invariants (GUIDE §1) and returns what is wrong; empty when it holds.
 * Composers call it before returning, and renderer tests call it on every generated answer.
 */
export function answerContractViolations(answer: Answer): string[] {
  const problems: string[] = [];
  const listed = new Set(answer.sources.map((source) => source.n));
  const cited = new Set<number>();
  for (const sentence of answerSentences(answer)) {
    if (sentence.citations.length === 0) problems.push(`uncited sentence: "${sentence.text.slice(0, 60)}"`);
    for (const n of sentence.citations) {
      cited.add(n);
      if (!listed.has(n)) problems.push(`[${n}] is not a listed source`);
    }
  }
  for (const n of listed) if (!cited.has(n)) problems.push(`source ${n} is listed but never cited`);
  const numbers = answer.sources.map((source) => source.n);
  if (numbers.some((n, index) => n !== index + 1)) problems.push('sources are not numbered 1..N in order');
  const firstCitationOrder = [...new Set(answerSentences(answer).flatMap((sentence) => sentence.citations))];
  if (firstCitationOrder.some((n, index) => n !== index + 1))
    problems.push('sources are not numbered by first citation');
  if (answer.disclaimer.trim().length === 0) problems.push('no disclaimer');
  if (answer.kind === 'no-answer' && answer.sources.length > 0)
    problems.push('a no-answer reply cites sources');
  return problems;
}
