import type { QuestionItem } from '../evaluation/question-file.js';
import type { PassageStore } from '../store/passage-store.js';
import type { ReviewItem } from './review-store.js';

/**
 * Staff judgements as a regression set in the `../shared/eval` question format, so
 * `amicus eval reviewed.jsonl` measures every later change against what staff decided:
 * - a `correct` answer gives its cited provisions (section level, as the shared gold is) as
 *   gold, `yes` (or `partial` when the answer named gaps);
 * - a `needs-source` item is a question the corpus cannot answer yet: `no`, no gold.
 * `wrong` items say what is not the answer, not what is, so they are left out.
 */
export function reviewedEvalItems(
  items: readonly ReviewItem[],
  passages: Pick<PassageStore, 'getById'>,
): QuestionItem[] {
  const exported: QuestionItem[] = [];
  for (const item of [...items].sort((left, right) => left.id - right.id)) {
    if (item.status !== 'resolved') continue;
    if (item.verdict === 'needs-source') {
      exported.push({
        id: `review-${item.id}`,
        question: item.question,
        gold: [],
        answerable: 'no',
        note: item.note ?? `Staff: the corpus lacks sources for this (${item.resolvedBy ?? 'unknown'}).`,
      });
    } else if (item.verdict === 'correct' && item.answer.sources.length > 0) {
      const gold = [
        ...new Set(
          item.answer.sources.map(
            (source) => passages.getById(source.passageId)?.sectionLabel ?? sectionOf(source.label),
          ),
        ),
      ];
      exported.push({
        id: `review-${item.id}`,
        question: item.question,
        gold,
        answerable: item.answer.gaps.length > 0 ? 'partial' : 'yes',
        note: item.note ?? `Staff judged the answer correct (${item.resolvedBy ?? 'unknown'}).`,
      });
    }
  }
  return exported;
}

/** `18 U.S.C. § 2252(c)(1)` → `18 U.S.C. § 2252`: a label without its subdivisions. */
export function sectionOf(label: string): string {
  return label.replace(/(\([^)]*\))+$/, '');
}
