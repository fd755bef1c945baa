import { type Answer, answerSentences } from '../answer/answer.js';
import { labelMatchesCitation } from '../retrieval/citation-query.js';

export interface AnsweredItem {
  readonly answerable: 'yes' | 'partial' | 'no';
  readonly gold: readonly string[];
  readonly answer: Answer;
}

export interface AnswerMetrics {
  /** Share of `yes` items whose answer cites a passage of a gold section. */
  readonly goldCitedRate: number;
  readonly yesItems: number;
  /** Share of `no` items answered `no-answer`. */
  readonly noAnswerRate: number;
  readonly noItems: number;
  /** Sentences in summaries and sections without a citation, over all items (must be 0). */
  readonly uncitedSentences: number;
  /** Share of answers carrying a non-empty disclaimer (must be 1). */
  readonly disclaimerRate: number;
}

export function citesGold(answer: Answer, gold: readonly string[]): boolean {
  return answer.sources.some((source) =>
    gold.some((citation) => labelMatchesCitation(source.label, citation)),
  );
}

export function answerMetrics(items: readonly AnsweredItem[]): AnswerMetrics {
  const yes = items.filter((item) => item.answerable === 'yes' && item.gold.length > 0);
  const no = items.filter((item) => item.answerable === 'no');
  const share = (count: number, total: number) => (total === 0 ? 0 : count / total);
  return {
    goldCitedRate: share(yes.filter((item) => citesGold(item.answer, item.gold)).length, yes.length),
    yesItems: yes.length,
    noAnswerRate: share(no.filter((item) => item.answer.kind === 'no-answer').length, no.length),
    noItems: no.length,
    uncitedSentences: items.reduce(
      (sum, item) =>
        sum + answerSentences(item.answer).filter((sentence) => sentence.citations.length === 0).length,
      0,
    ),
    disclaimerRate: share(
      items.filter((item) => item.answer.disclaimer.trim().length > 0).length,
      items.length,
    ),
  };
}
