import type { StoredPassage } from '../store/passage-rows.js';
import type { CollectionSummary } from '../store/passage-store.js';
import type { AnswerSource, CitedSentence } from './answer.js';

/**
 * Numbers sources by first citation. Sentences are added in reading order with the passages
 * they rest on; each cited provision gets its number the first time it is cited, so `[1]` is
 * always the first source the reader meets and every listed source is cited. A provision is its
 * label: two passages of one provision (a long subsection cut in two) are one source, so the
 * list never holds one label twice.
 */
export class SourceRegistry {
  private readonly numbers = new Map<string, number>();
  private readonly sources: AnswerSource[] = [];

  constructor(private readonly collections: ReadonlyMap<string, CollectionSummary>) {}

  cite(text: string, passages: readonly StoredPassage[]): CitedSentence {
    const citations: number[] = [];
    for (const passage of passages) {
      let n = this.numbers.get(passage.label);
      if (n === undefined) {
        n = this.sources.length + 1;
        this.numbers.set(passage.label, n);
        this.sources.push(this.describe(passage, n));
      }
      if (!citations.includes(n)) citations.push(n);
    }
    return { text, citations };
  }

  list(): AnswerSource[] {
    return [...this.sources];
  }

  /** Distinct provisions cited so far. */
  get size(): number {
    return this.sources.length;
  }

  private describe(passage: StoredPassage, n: number): AnswerSource {
    const collection = this.collections.get(passage.collectionId);
    const sectionTitle =
      passage.breadcrumb.find((heading) => /^(?:§|Rule\s)/.test(heading)) ?? passage.heading;
    return {
      n,
      label: passage.label,
      title: sectionTitle || collection?.title || passage.label,
      url: passage.url ?? collection?.url ?? null,
      collection: collection?.title ?? passage.collectionId,
      sourceType: passage.sourceType,
      jurisdiction: passage.jurisdiction,
      asOf: passage.asOf,
      passageId: passage.id,
      vetted: collection?.vetted ?? false,
      vettedBy: collection?.vettedBy ?? null,
      vettedOn: collection?.vettedOn ?? null,
    };
  }
}
