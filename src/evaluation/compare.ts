import { z } from 'zod';

/**
 * `amicus eval --compare <earlier.json>`: which items got better or worse since an earlier
 * `amicus eval --json` run. An item's outcome is ordered: for `no` items, declining (no-answer)
 * is right; for items with gold, citing gold first beats citing it later, which beats citing
 * none; a false no-answer is worst.
 */
export const earlierEvaluationSchema = z.object({
  items: z.array(
    z.looseObject({
      id: z.string(),
      answerable: z.enum(['yes', 'partial', 'no']),
      kind: z.string(),
      answerMetrics: z.looseObject({
        firstCitedGold: z.boolean().optional().nullable(),
        citesGold: z.boolean().optional().nullable(),
        falseNoAnswer: z.boolean(),
      }),
    }),
  ),
});
/** What the comparison reads of an item: the fields `amicus eval --json` writes. */
export interface EvaluatedItem {
  readonly id: string;
  readonly answerable: 'yes' | 'partial' | 'no';
  readonly kind: string;
  readonly answerMetrics: {
    readonly firstCitedGold?: boolean | null | undefined;
    readonly citesGold?: boolean | null | undefined;
    readonly falseNoAnswer: boolean;
  };
}

export interface ItemChange {
  readonly id: string;
  readonly before: string;
  readonly after: string;
}

export interface EvaluationComparison {
  readonly better: ItemChange[];
  readonly worse: ItemChange[];
  readonly unchanged: number;
  /** Ids in only one of the two runs. */
  readonly added: string[];
  readonly removed: string[];
}

/** The item's outcome as a rank (higher is better) and a word for it. */
export function itemOutcome(item: EvaluatedItem): { rank: number; name: string } {
  if (item.answerable === 'no') {
    return item.kind === 'answer' ? { rank: 0, name: 'answered' } : { rank: 1, name: 'declined' };
  }
  const metrics = item.answerMetrics;
  if (metrics.falseNoAnswer) return { rank: 0, name: 'no answer' };
  if (metrics.citesGold === undefined || metrics.citesGold === null) return { rank: 1, name: 'answered' };
  if (metrics.firstCitedGold) return { rank: 3, name: 'gold first' };
  if (metrics.citesGold) return { rank: 2, name: 'gold cited' };
  return { rank: 1, name: 'no gold cited' };
}

export function compareEvaluations(
  earlier: readonly EvaluatedItem[],
  current: readonly EvaluatedItem[],
): EvaluationComparison {
  const before = new Map(earlier.map((item) => [item.id, item]));
  const better: ItemChange[] = [];
  const worse: ItemChange[] = [];
  let unchanged = 0;
  for (const item of current) {
    const previous = before.get(item.id);
    if (previous === undefined) continue;
    const was = itemOutcome(previous);
    const is = itemOutcome(item);
    if (is.rank > was.rank) better.push({ id: item.id, before: was.name, after: is.name });
    else if (is.rank < was.rank) worse.push({ id: item.id, before: was.name, after: is.name });
    else unchanged += 1;
  }
  const currentIds = new Set(current.map((item) => item.id));
  return {
    better,
    worse,
    unchanged,
    added: current.filter((item) => !before.has(item.id)).map((item) => item.id),
    removed: earlier.filter((item) => !currentIds.has(item.id)).map((item) => item.id),
  };
}
