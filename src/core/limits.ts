/**
 * Limits that more than one stage relies on, in one place.
 *
 * `questionLengthLimit`: the engine reads at most this many characters of a question; a longer
 * paste is cut, as its first part says what it is about, and every stage after the engine
 * (policy, retrieval, citation parsing) sees the same text. Surfaces may accept less (the HTTP
 * API takes 2,000 characters, a Discord option 1,000); none passes on more.
 */
export const questionLengthLimit = 5000;

/** A question cut to `questionLengthLimit` characters. */
export function limitQuestionLength(question: string): string {
  return question.slice(0, questionLengthLimit);
}
