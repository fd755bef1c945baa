import { questionTerms } from '../answer/question-terms.js';
import type { TermStatistics } from '../retrieval/retriever.js';
import { normalizeText, tokenize } from '../retrieval/text-analysis.js';

/**
 * How alike two questions are, for serving a staff-approved answer to a paraphrase: the cosine
 * of their content terms (stemmed, framing words left out), each weighted by its inverse
 * document frequency in the corpus, so "security deposit" counts for more than "how much".
 *
 * Numbers and citations must agree exactly: "Rule 803" and "Rule 804" share every word but
 * one and ask different things, so a pair whose numeric tokens differ scores 0. The threshold
 * (`review.similarityThreshold`) was measured on a paraphrase set, see docs/review.md.
 */
export function questionSimilarity(left: string, right: string, statistics: TermStatistics): number {
  if (!sameNumbers(left, right)) return 0;
  const leftWeights = weights(left, statistics);
  const rightWeights = weights(right, statistics);
  let dot = 0;
  for (const [term, weight] of leftWeights) dot += weight * (rightWeights.get(term) ?? 0);
  const norm = (vector: Map<string, number>) =>
    Math.sqrt([...vector.values()].reduce((sum, weight) => sum + weight * weight, 0));
  const denominator = norm(leftWeights) * norm(rightWeights);
  if (denominator === 0) return 0;
  return (dot / denominator) * (1 - substitution(leftWeights, rightWeights));
}

/**
 * How strongly one question swaps a content word for another: the lesser of the heaviest
 * unshared word on each side, relative to the heaviest word of both. "Notice of appeal in a
 * civil case" and "… in a criminal case" share everything but one word each and ask different
 * things; a paraphrase mostly adds or drops words ("what conduct does … prohibit") or uses a
 * word of the same question form (see `questionForms`), so its substitution stays small.
 */
function substitution(left: Map<string, number>, right: Map<string, number>): number {
  const unshared = (from: Map<string, number>, other: Map<string, number>) =>
    Math.max(0, ...[...from].filter(([term]) => !other.has(term)).map(([, weight]) => weight));
  const heaviest = Math.max(...left.values(), ...right.values());
  return heaviest === 0 ? 0 : Math.min(unshared(left, right), unshared(right, left)) / heaviest;
}

/**
 * Words that ask the same kind of question, one name per kind, so "penalty", "punishment" and
 * "prison time" compare equal, as do "deadline", "how long" and "time limit".
 */
const questionForms: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    '(penalty)':
      'penalty penalties punishment punished sentence sentenced prison imprisonment jail fine fines',
    '(time)': 'deadline deadlines long soon time limit limits duration last lasts',
    '(definition)': 'define defined definition meaning mean means counts what',
    '(crime)': 'crime crimes criminal illegal offense offence',
    '(allowed)': 'allowed allow permitted can may lawful',
  }).flatMap(([form, words]) => words.split(' ').map((word) => [word, form])),
);

function weights(question: string, statistics: TermStatistics): Map<string, number> {
  const vector = new Map<string, number>();
  for (const term of questionTerms(question, statistics)) {
    const key = questionForms[term.word] ?? term.term;
    // A question form weighs what its lightest word does: it says how, not what, is asked.
    const weight = questionForms[term.word] ? Math.min(term.weight, 1) : term.weight;
    vector.set(key, Math.max(vector.get(key) ?? 0, weight));
  }
  return vector;
}

/** Tokens with a digit: section numbers, rule numbers, amounts, years. */
function numberTokens(text: string): Set<string> {
  return new Set(tokenize(text).filter((token) => /\d/.test(token)));
}

function sameNumbers(left: string, right: string): boolean {
  const leftNumbers = numberTokens(left);
  const rightNumbers = numberTokens(right);
  return leftNumbers.size === rightNumbers.size && [...leftNumbers].every((token) => rightNumbers.has(token));
}

/**
 * A reviewer's question pattern: words, with `*` for any run of words, matched against the
 * whole question case- and punctuation-insensitively ("how long * appeal *"). Words only, no
 * regular expressions, so a pattern cannot be made to take exponential time.
 */
export function matchesQuestionPattern(pattern: string, question: string): boolean {
  const words = (text: string) =>
    normalizeText(text)
      .replace(/[^\p{L}\p{N}*\s]+/gu, ' ')
      .split(/\s+/)
      .filter((word) => word.length > 0);
  const patternWords = words(pattern);
  const questionWords = words(question).filter((word) => word !== '*');
  if (patternWords.length === 0) return false;
  // Classic wildcard matching over words, linear in pattern × question.
  let reachable = new Array<boolean>(questionWords.length + 1).fill(false);
  reachable[0] = true;
  for (const word of patternWords) {
    const next = new Array<boolean>(questionWords.length + 1).fill(false);
    if (word === '*') {
      let seen = false;
      for (let index = 0; index <= questionWords.length; index += 1) {
        seen = seen || reachable[index] === true;
        next[index] = seen;
      }
    } else {
      for (let index = 0; index < questionWords.length; index += 1)
        if (reachable[index] && questionWords[index] === word) next[index + 1] = true;
    }
    reachable = next;
  }
  return reachable[questionWords.length] === true;
}

/** A pattern is usable when it has at least one real word besides wildcards. */
export function isUsablePattern(pattern: string): boolean {
  return /[\p{L}\p{N}]/u.test(pattern.replace(/\*/g, ''));
}
