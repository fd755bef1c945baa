import { labelMatchesCitation } from '../retrieval/citation-query.js';

export interface RetrievalMetrics {
  /** Items with gold citations that the metrics are computed over. */
  readonly items: number;
  /** Mean share of an item's gold citations found in the top k (standard recall). */
  readonly 'recall@1': number;
  readonly 'recall@5': number;
  readonly 'recall@10': number;
  /** Share of items with at least one gold citation in the top k. */
  readonly 'hit@1': number;
  readonly 'hit@5': number;
  readonly 'hit@10': number;
  /** Mean reciprocal rank of the first gold match within the top 10 (0 when none). */
  readonly 'mrr@10': number;
}

export interface RankedItem {
  readonly gold: readonly string[];
  readonly retrieved: readonly string[];
}

/** The 1-based rank of the first retrieved label matching any gold citation, or undefined. */
export function firstGoldRank(retrieved: readonly string[], gold: readonly string[]): number | undefined {
  const index = retrieved.findIndex((label) =>
    gold.some((citation) => labelMatchesCitation(label, citation)),
  );
  return index < 0 ? undefined : index + 1;
}

function recallAt(item: RankedItem, k: number): number {
  const top = item.retrieved.slice(0, k);
  const found = item.gold.filter((citation) => top.some((label) => labelMatchesCitation(label, citation)));
  return found.length / item.gold.length;
}

/** Retrieval metrics over the items that have gold citations, by the eval README's matching rule. */
export function retrievalMetrics(items: readonly RankedItem[]): RetrievalMetrics {
  const withGold = items.filter((item) => item.gold.length > 0);
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  const hit = (k: number) =>
    mean(withGold.map((item) => ((firstGoldRank(item.retrieved, item.gold) ?? Infinity) <= k ? 1 : 0)));
  return {
    items: withGold.length,
    'recall@1': mean(withGold.map((item) => recallAt(item, 1))),
    'recall@5': mean(withGold.map((item) => recallAt(item, 5))),
    'recall@10': mean(withGold.map((item) => recallAt(item, 10))),
    'hit@1': hit(1),
    'hit@5': hit(5),
    'hit@10': hit(10),
    'mrr@10': mean(
      withGold.map((item) => {
        const rank = firstGoldRank(item.retrieved, item.gold);
        return rank !== undefined && rank <= 10 ? 1 / rank : 0;
      }),
    ),
  };
}
