/**
 * Evidence that adds up across a section. The fused score of a passage only says how well that
 * passage matches; a section whose several passages all match the question (its offence, its
 * penalty, its defence) is likelier to be the answering provision than one passage of an
 * unrelated section that happens to share a rare word. And a passage that states the kind of
 * fact the question asks for (see `answer-kind.ts`) is likelier to answer it.
 */
import type { StoredPassage } from '../store/passage-rows.js';
import { type AnswerKind, answerKindEvidence } from './answer-kind.js';

export interface SupportWeights {
  /** Added for a passage of a collection the question names by its subject ("civil", "patent"). */
  readonly scope: number;
  /** Taken off a passage whose caption names a special case the question does not ask about. */
  readonly qualifier: number;

  /** Added for a passage whose section caption is wholly made of the question's words. */
  readonly caption: number;
  /** Added for a passage that states every kind of fact asked for. */
  readonly kind: number;
  /** Times the best score among the other candidates of the same section. */
  readonly section: number;
}

/** What the supports read of a passage's section, besides its fused score; each defaults to none. */
export interface SectionSignals {
  /** The share of its caption's terms that the question covers (see `coverage`). */
  readonly captionCoverage?: (passage: StoredPassage) => number;
  /** Its caption names a special case the question does not use (see `namesUnaskedSpecialCase`). */
  readonly specialCase?: (passage: StoredPassage) => boolean;
  /** Its collection is one the question names by subject. */
  readonly inScope?: (passage: StoredPassage) => boolean;
}

/**
 * The fused scores with the supports added. Candidates whose passage is not loaded keep their
 * score.
 */
export function supportedScores(
  fused: ReadonlyMap<number, number>,
  passages: ReadonlyMap<number, StoredPassage>,
  kinds: readonly AnswerKind[],
  weights: SupportWeights,
  signals: SectionSignals = {},
): Map<number, number> {
  // The best two scores of each section among the candidates.
  const bestBySection = new Map<string, [number, number]>();
  for (const [rowid, score] of fused) {
    const section = passages.get(rowid)?.sectionLabel;
    if (section === undefined) continue;
    const best = bestBySection.get(section) ?? [0, 0];
    if (score > best[0]) bestBySection.set(section, [score, best[0]]);
    else if (score > best[1]) bestBySection.set(section, [best[0], score]);
    else bestBySection.set(section, best);
  }
  const adjusted = new Map<number, number>();
  for (const [rowid, score] of fused) {
    const passage = passages.get(rowid);
    if (!passage) {
      adjusted.set(rowid, score);
      continue;
    }
    const [first, second] = bestBySection.get(passage.sectionLabel) ?? [0, 0];
    const bestOther = score >= first ? second : first;
    const kind = weights.kind > 0 ? weights.kind * answerKindEvidence(kinds, passage.text) : 0;
    const caption =
      weights.caption > 0 && signals.captionCoverage ? weights.caption * signals.captionCoverage(passage) : 0;
    const special = weights.qualifier > 0 && signals.specialCase?.(passage) ? weights.qualifier : 0;
    const scope = weights.scope > 0 && signals.inScope?.(passage) ? weights.scope : 0;
    adjusted.set(rowid, score + weights.section * bestOther + kind + caption - special + scope);
  }
  return adjusted;
}

/** The caption of the section a passage is in (`§ 871. Threats against President…`, `Rule 48. Number of Jurors…`). */
export function sectionCaption(passage: StoredPassage): string | undefined {
  return passage.breadcrumb.find((heading) => /^\[?(?:§|Rule\s)/.test(heading));
}

/**
 * The share of a caption's terms that the question's terms cover: `Threats against President
 * and successors to the Presidency` is covered more by "threaten the President" than `Threats
 * against former Presidents and certain other persons` is. The section number is left out.
 */
export function coverage(captionTerms: readonly string[], questionTerms: ReadonlySet<string>): number {
  if (captionTerms.length === 0) return 0;
  let covered = 0;
  for (const term of captionTerms) if (heldBy(term, questionTerms)) covered += 1;
  return covered / captionTerms.length;
}

/**
 * The question term a caption term stands for: the same stem, or one that differs from it by a
 * short ending the stemmer leaves on ("threat" in a caption, "threaten" in a question: Porter
 * keeps them apart, and a caption is too short to hold both forms). Only stems of six letters
 * or more, so "state" is not "statement".
 */
export function matchingTerm(term: string, terms: Iterable<string>): string | undefined {
  for (const other of terms) {
    if (other === term) return other;
    const [shorter, longer] = other.length < term.length ? [other, term] : [term, other];
    if (shorter.length >= 6 && longer.length - shorter.length <= 2 && longer.startsWith(shorter))
      return other;
  }
  return undefined;
}

function heldBy(term: string, terms: ReadonlySet<string>): boolean {
  return terms.has(term) || matchingTerm(term, terms) !== undefined;
}

/**
 * Words that, in a section caption, mark a special case of its subject: "Threats against
 * former Presidents", "Foreign obligations or securities", "Juvenile delinquency". A caption
 * with one the question does not use is less likely the general provision the question asks
 * about (§ 879 against § 871; § 478 against § 471).
 */
const specialCaseWords = new Set(
  'former foreign juvenile military tribal maritime international provisional interim temporary supplemental'.split(
    ' ',
  ),
);

/** True when a caption (its words, lowercased) has a special-case word the question lacks. */
export function namesUnaskedSpecialCase(
  captionWords: readonly string[],
  questionWords: ReadonlySet<string>,
): boolean {
  return captionWords.some((word) => specialCaseWords.has(word) && !questionWords.has(word));
}

/**
 * The words that tell one collection's subject from the others', from the collections' titles:
 * "civil" names the Federal Rules of Civil Procedure, "patents" Title 35, "crimes" Title 18.
 * A word in the titles of more than `maxCollections` collections ("federal", "rules",
 * "procedure", "United States Code") names none of them.
 */
export function collectionScopeTerms(
  titles: ReadonlyMap<string, readonly string[]>,
  maxCollections = 2,
): Map<string, Set<string>> {
  const collectionsOfTerm = new Map<string, Set<string>>();
  for (const [collectionId, terms] of titles) {
    for (const term of terms) {
      const collections = collectionsOfTerm.get(term) ?? new Set<string>();
      collections.add(collectionId);
      collectionsOfTerm.set(term, collections);
    }
  }
  const scope = new Map<string, Set<string>>();
  for (const [collectionId, terms] of titles) {
    scope.set(
      collectionId,
      new Set(
        terms.filter(
          (term) => !/\d/.test(term) && (collectionsOfTerm.get(term)?.size ?? 0) <= maxCollections,
        ),
      ),
    );
  }
  return scope;
}
