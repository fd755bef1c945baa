import type { ThreadTurn } from './thread-store.js';

/**
 * Rewrites a follow-up ("what about distribution?") into a question that stands on its own,
 * using the thread so far. Implementations: deterministic carry-over of the previous turn's
 * key terms (offline), and an LLM rewrite when a model is configured.
 */
export interface FollowUpRewriter {
  rewrite(question: string, history: readonly ThreadTurn[]): Promise<string>;
}

const followUpOpeners =
  /^\s*(?:and|but|also|so|then|what about|how about|what if|and if|same for|does (?:it|that|this)|is (?:it|that|this)|are (?:they|those)|can (?:it|they)|why|how so|which|where)\b/i;
const pronouns = /\b(?:it|that|this|they|them|those|these|its|their|same|there)\b/i;

/** Whether a question leans on the one before it. */
export function looksLikeFollowUp(question: string): boolean {
  const words = question
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  if (words.length === 0) return false;
  if (followUpOpeners.test(question)) return true;
  return words.length <= 8 && pronouns.test(question);
}

/** Words that say nothing about the topic, left out of the carried-over context. */
const contextStopwords = new Set(
  `a an and are as at be but by can could did do does for from had has have how i if in into is it its me my no not of
  on or our so than that the their them then there these they this those to under up was we were what when where which
  who why will with would you your about also any some such federal law legal question even ever never still
  already just only`.split(/\s+/),
);

/**
 * The offline rewriter: a follow-up gets the previous standalone question's topic words
 * appended ("What about distribution? (about: possession child pornography crime)"),
 * which is what retrieval and the composer need, and shows the reader what was understood.
 */
export class CarryOverRewriter implements FollowUpRewriter {
  async rewrite(question: string, history: readonly ThreadTurn[]): Promise<string> {
    const previous = history.at(-1);
    if (!previous || !looksLikeFollowUp(question)) return question;
    const asked = new Set(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    const context = (
      previous.standaloneQuestion
        .replace(/\s*\(about:[^)]*\)\s*$/, '')
        .toLowerCase()
        .match(/[\p{L}\p{N}§.]+/gu) ?? []
    )
      .filter((word) => word.length > 2 && !contextStopwords.has(word) && !asked.has(word))
      .slice(0, 10);
    if (context.length === 0) return question;
    return `${question.trim()} (about: ${context.join(' ')})`;
  }
}
