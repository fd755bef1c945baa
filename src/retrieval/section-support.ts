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
  /** Added for a passage whose section caption is wholly made of the question's words. */
  readonly caption: number;
  /** Added for a passage that states every kind of fact asked for. */
  readonly kind: number;
  /** Times the best score among the other candidates of the same section. */
  readonly section: number;
}

/**
 * The fused scores with both kinds of support added. Candidates whose passage is not loaded
 * keep their score.
 */
export function supportedScores(
  fused: ReadonlyMap<number, number>,
  passages: ReadonlyMap<number, StoredPassage>,
  kinds: readonly AnswerKind[],
  weights: SupportWeights,
  captionCoverage: (passage: StoredPassage) => number = () => 0,
  inScope: (passage: StoredPassage) => boolean = () => false,
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
    const caption = weights.caption > 0 ? weights.caption * captionCoverage(passage) : 0;
    const scope = weights.scope > 0 && inScope(passage) ? weights.scope : 0;
    adjusted.set(rowid, score + weights.section * bestOther + kind + caption + scope);
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
  for (const term of captionTerms) if (questionTerms.has(term)) covered += 1;
  return covered / captionTerms.length;
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
