/**
 * Reciprocal rank fusion: each list contributes weight / (constant + rank). It needs no score
 * calibration between BM25 and cosine similarity, which live on unrelated scales.
 */
export interface RankedList {
  readonly rowids: readonly number[];
  readonly weight: number;
}

export function reciprocalRankFusion(lists: readonly RankedList[], constant = 60): Map<number, number> {
  const scores = new Map<number, number>();
  for (const list of lists) {
    for (const [index, rowid] of list.rowids.entries()) {
      scores.set(rowid, (scores.get(rowid) ?? 0) + list.weight / (constant + index + 1));
    }
  }
  return scores;
}

export interface ScoredList {
  readonly hits: ReadonlyArray<{ readonly rowid: number; readonly score: number }>;
  readonly weight: number;
}

/**
 * Relative score fusion: each list's scores are scaled to [0, 1] by its own best and worst
 * candidate, then summed with weights. Unlike rank fusion it keeps how far ahead a clear
 * winner is (a BM25 hit on a rare phrase stays first).
 */
export function relativeScoreFusion(lists: readonly ScoredList[]): Map<number, number> {
  const scores = new Map<number, number>();
  for (const list of lists) {
    if (list.hits.length === 0) continue;
    let best = Number.NEGATIVE_INFINITY;
    let worst = Number.POSITIVE_INFINITY;
    for (const hit of list.hits) {
      best = Math.max(best, hit.score);
      worst = Math.min(worst, hit.score);
    }
    const range = best - worst;
    for (const hit of list.hits) {
      const scaled = range > 0 ? (hit.score - worst) / range : 1;
      scores.set(hit.rowid, (scores.get(hit.rowid) ?? 0) + list.weight * scaled);
    }
  }
  return scores;
}

/**
 * Orders candidates by score but lets no section take more than `maxPerSection` of the first
 * places, so the top k are not ten chunks of one section. Candidates held back are appended
 * after, in score order, so the list is still as long as the candidate list.
 */
export function diversifyBySection<Item>(
  items: readonly Item[],
  sectionOf: (item: Item) => string,
  maxPerSection: number,
): Item[] {
  const taken = new Map<string, number>();
  const first: Item[] = [];
  const heldBack: Item[] = [];
  for (const item of items) {
    const section = sectionOf(item);
    const count = taken.get(section) ?? 0;
    if (count < maxPerSection) {
      taken.set(section, count + 1);
      first.push(item);
    } else {
      heldBack.push(item);
    }
  }
  return [...first, ...heldBack];
}
