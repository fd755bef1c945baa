import { type Answer, answerSentences } from '../answer/answer.js';
import { labelMatchesCitation } from '../retrieval/citation-query.js';

export interface AnsweredItem {
  readonly answerable: 'yes' | 'partial' | 'no';
  readonly gold: readonly string[];
  readonly answer: Answer;
}

/** What one answer is worth, on its own (`amicus eval` prints it per item). */
export interface ItemAnswerMetrics {
  /** The answer's first source ([1]) is a passage of a gold section; undefined without gold. */
  readonly firstCitedGold: boolean | undefined;
  /** Some source is a passage of a gold section; undefined without gold. */
  readonly citesGold: boolean | undefined;
  /** Share of the answer's sources that are passages of gold sections; undefined without gold or sources. */
  readonly citationPrecision: number | undefined;
  /** Words of the summary and the sections (headings and sentences), without `[n]` markers. */
  readonly words: number;
  readonly sources: number;
  /**
   * A `yes` item given no cited answer: `no-answer`, or a policy reply (individualized,
   * refused) whose general part found nothing to cite.
   */
  readonly falseNoAnswer: boolean;
}

export interface AnswerMetrics {
  /** Share of `yes` items whose answer cites a passage of a gold section. */
  readonly goldCitedRate: number;
  /** Share of `yes` items whose first cited source is gold. */
  readonly firstCitedGoldRate: number;
  /**
   * Over the answers to `yes` and `partial` items with gold: the share of all their cited
   * provisions that are gold sections (pooled, so an answer with eight sources weighs eight).
   */
  readonly citationPrecision: number;
  readonly yesItems: number;
  /** Share of `yes` items given a cited answer (see falseNoAnswer). */
  readonly answeredRate: number;
  /** `yes` items given no cited answer. */
  readonly falseNoAnswers: number;
  /**
   * Share of `no` items that cite nothing as if it answered: `no-answer`, or a policy reply with
   * no cited information.
   */
  readonly noAnswerRate: number;
  readonly noItems: number;
  /** Median and 90th-percentile words (summary and sections) over the items that were answered. */
  readonly medianWords: number;
  readonly p90Words: number;
  /** Median and largest source count over the items that were answered. */
  readonly medianSources: number;
  readonly maxSources: number;
  /** Sentences in summaries and sections without a citation, over all items (must be 0). */
  readonly uncitedSentences: number;
  /** Share of answers carrying a non-empty disclaimer (must be 1). */
  readonly disclaimerRate: number;
}

function isGold(label: string, gold: readonly string[]): boolean {
  return gold.some((citation) => labelMatchesCitation(label, citation));
}

export function citesGold(answer: Answer, gold: readonly string[]): boolean {
  return answer.sources.some((source) => isGold(source.label, gold));
}

/** Words a reader reads in the summary and sections; citation markers are not words. */
export function answerWords(answer: Pick<Answer, 'summary' | 'sections'>): number {
  const texts = [
    ...answer.sections.map((section) => section.heading),
    ...answerSentences(answer).map((sentence) => sentence.text),
  ];
  return texts.reduce(
    (sum, text) => sum + (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.,$%-]*/gu)?.length ?? 0),
    0,
  );
}

export function itemAnswerMetrics(item: AnsweredItem): ItemAnswerMetrics {
  const { answer, gold } = item;
  const hasGold = gold.length > 0;
  const goldSources = answer.sources.filter((source) => isGold(source.label, gold)).length;
  const first = answer.sources[0];
  return {
    firstCitedGold: hasGold ? first !== undefined && isGold(first.label, gold) : undefined,
    citesGold: hasGold ? goldSources > 0 : undefined,
    citationPrecision: hasGold && answer.sources.length > 0 ? goldSources / answer.sources.length : undefined,
    words: answerWords(answer),
    sources: answer.sources.length,
    falseNoAnswer: item.answerable === 'yes' && answer.sources.length === 0,
  };
}

function quantile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  if (share === 0.5 && sorted.length % 2 === 0) {
    const middle = sorted.length / 2;
    return (sorted[middle - 1]! + sorted[middle]!) / 2;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

export function answerMetrics(items: readonly AnsweredItem[]): AnswerMetrics {
  const measured = items.map((item) => ({ item, metrics: itemAnswerMetrics(item) }));
  const yes = measured.filter(({ item }) => item.answerable === 'yes' && item.gold.length > 0);
  const allYes = measured.filter(({ item }) => item.answerable === 'yes');
  const no = measured.filter(({ item }) => item.answerable === 'no');
  const withGold = measured.filter(({ item }) => item.answerable !== 'no' && item.gold.length > 0);
  const answered = measured.filter(({ item }) => item.answer.sources.length > 0);
  const share = (count: number, total: number) => (total === 0 ? 0 : count / total);
  const citedTotal = withGold.reduce((sum, { item }) => sum + item.answer.sources.length, 0);
  const citedGold = withGold.reduce(
    (sum, { item }) => sum + item.answer.sources.filter((source) => isGold(source.label, item.gold)).length,
    0,
  );
  const words = answered.map(({ metrics }) => metrics.words);
  const sources = answered.map(({ metrics }) => metrics.sources);
  return {
    goldCitedRate: share(yes.filter(({ metrics }) => metrics.citesGold).length, yes.length),
    firstCitedGoldRate: share(yes.filter(({ metrics }) => metrics.firstCitedGold).length, yes.length),
    citationPrecision: share(citedGold, citedTotal),
    yesItems: yes.length,
    answeredRate: share(allYes.filter(({ metrics }) => !metrics.falseNoAnswer).length, allYes.length),
    falseNoAnswers: allYes.filter(({ metrics }) => metrics.falseNoAnswer).length,
    noAnswerRate: share(no.filter(({ item }) => item.answer.sources.length === 0).length, no.length),
    noItems: no.length,
    medianWords: quantile(words, 0.5),
    p90Words: quantile(words, 0.9),
    medianSources: quantile(sources, 0.5),
    maxSources: Math.max(0, ...sources),
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
