/**
 * A question often tells its context in sentences that ask nothing: "what are the fair use
 * factors? trying to figure out if my youtube review with movie clips is ok". Their words are
 * the asker's situation, not what the question turns on, so retrieval and the answer's coverage
 * count them for less. Only sentences after the first question are context: a situation told
 * before the question sets up its subject. A question of one sentence, or of statements only,
 * has no context.
 */

/** How much a word only in the context counts, against a word of an asking sentence. */
export const contextShare = 0.5;

/** A sentence that asks: a question mark, or an interrogative or imperative opening. */
const askingSentence =
  /\?\s*$|^\s*(?:what|whats|how|when|where|who|whom|which|why|is|are|was|were|can|could|does|do|did|will|would|should|shall|may|must|has|have|explain|tell me|define|list|describe)\b/i;

export interface QuestionParts {
  /** The sentences that ask. */
  readonly asked: string;
  /** The sentences that ask nothing. */
  readonly context: string;
}

/** The question's asking and context sentences, or undefined when it has no context. */
export function questionParts(question: string): QuestionParts | undefined {
  const sentences = question
    .slice(0, 2000)
    .split(/(?<=[.?!])\s+/)
    .filter((sentence) => sentence.trim().length > 0);
  // Only what follows the first question: a situation told before it usually names the
  // question's subject ("I was charged with stealing mail. How much prison time am I facing?").
  const first = sentences.findIndex((sentence) => askingSentence.test(sentence));
  if (first === -1) return undefined;
  const after = sentences.slice(first);
  const context = after.filter((sentence) => !askingSentence.test(sentence));
  if (context.length === 0) return undefined;
  return {
    asked: sentences.filter((sentence) => !context.includes(sentence)).join(' '),
    context: context.join(' '),
  };
}

/** The analyzed terms only in the context, by the caller's analyzer. */
export function contextOnlyTerms(question: string, analyze: (text: string) => Iterable<string>): Set<string> {
  const parts = questionParts(question);
  if (parts === undefined) return new Set();
  const asked = new Set(analyze(parts.asked));
  const context = new Set<string>();
  for (const term of analyze(parts.context)) if (!asked.has(term)) context.add(term);
  return context;
}
