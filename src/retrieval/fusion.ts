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
