import type { CollectionSummary } from '../store/passage-store.js';
import { describeJurisdiction, namedJurisdictions } from './jurisdiction.js';
import { coverage, type QuestionTerm } from './question-terms.js';

export interface AnswerabilityThresholds {
  /** Below this share of the question's weight covered by the chosen passages: no answer. */
  readonly minimumCoverage: number;
  /** A name in the question (Miranda, GDPR) that no passage of the corpus contains at all. */
  readonly unknownNamesMeanNoAnswer: boolean;
}

/** Calibrated on the dev set's `no` items and our own unanswerable questions (see docs/answers.md). */
export const defaultAnswerabilityThresholds: AnswerabilityThresholds = {
  minimumCoverage: 0.3,
  unknownNamesMeanNoAnswer: true,
};

export type Assessment =
  | { readonly answerable: true; readonly coverage: number }
  | { readonly answerable: false; readonly coverage: number; readonly reason: string };

/**
 * Decides whether the chosen passages support an answer: the question must not be about a
 * jurisdiction the corpus lacks, must not turn on a name the corpus never mentions, and its
 * weighted key terms must be covered well enough.
 */
export function assessAnswerability(
  question: string,
  terms: readonly QuestionTerm[],
  coveredTerms: ReadonlySet<string>,
  corpus: readonly CollectionSummary[],
  thresholds: AnswerabilityThresholds = defaultAnswerabilityThresholds,
): Assessment {
  const covered = coverage(terms, coveredTerms);
  const available = new Set(corpus.map((collection) => collection.jurisdiction));
  const foreign = namedJurisdictions(question).filter((jurisdiction) => !available.has(jurisdiction.code));
  if (foreign.length > 0) {
    const have = [...available].map(describeJurisdiction).join(', ') || 'no law yet';
    return {
      answerable: false,
      coverage: covered,
      reason: `The vetted sources cover ${have}; they do not include ${describeJurisdiction(foreign[0]!.code).replace(/ law$/, '')} law.`,
    };
  }
  const missingKind = missingSourceKind(question, corpus);
  if (missingKind) return { answerable: false, coverage: covered, reason: missingKind };
  if (thresholds.unknownNamesMeanNoAnswer) {
    const unknownNames = terms.filter((term) => term.isName && term.documentFrequency === 0);
    if (unknownNames.length > 0) {
      return {
        answerable: false,
        coverage: covered,
        reason: `No vetted source mentions ${unknownNames.map((term) => term.display).join(' or ')}.`,
      };
    }
  }
  if (terms.length === 0 || covered < thresholds.minimumCoverage) {
    return {
      answerable: false,
      coverage: covered,
      reason: 'No vetted source addresses what the question asks.',
    };
  }
  return { answerable: true, coverage: covered };
}

/**
 * Questions that ask for a kind of source the corpus does not hold: a court decision
 * ("Brown v. Board of Education", "what did the Supreme Court hold") or the Constitution.
 * Statutes that mention a topic cannot answer what a court decided about it.
 */
function missingSourceKind(question: string, corpus: readonly CollectionSummary[]): string | undefined {
  const kinds = new Set(corpus.map((collection) => collection.sourceType));
  const asksForCase =
    /\b\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*\s+v\.?\s+\p{Lu}/u.test(question) ||
    /\b(?:supreme court|court of appeals|circuit)\b.*\b(?:decide|decided|hold|held|rule|ruled|say|said)\b/i.test(
      question,
    ) ||
    /\b(?:case law|precedent|landmark case)\b/i.test(question);
  if (asksForCase && !kinds.has('case')) {
    return 'It asks about court decisions, and the vetted sources include no case law.';
  }
  const asksForConstitution =
    /\b(?:constitution|constitutional|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|fourteenth|\d+(?:st|nd|rd|th))\s+amendment)\b/i.test(
      question,
    );
  const hasConstitution = corpus.some((collection) => /constitution/i.test(collection.title));
  if (asksForConstitution && !hasConstitution) {
    return 'It asks about the Constitution, which is not among the vetted sources.';
  }
  return undefined;
}
