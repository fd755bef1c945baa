import { questionTerms } from '../answer/question-terms.js';
import type { TermStatistics } from '../retrieval/retriever.js';
import type { PassageStore } from '../store/passage-store.js';
import type { ReviewItem } from './review-store.js';

/**
 * Coverage gaps: the questions the corpus could not answer (`no-answer` replies) or that staff
 * marked `needs-source`, grouped into topics so corpus maintainers see what to vet next. Two
 * questions share a topic when they share a rare content word, or when the nearest corpus
 * heading (the first source a no-answer pointed at) is the same.
 */
export interface CoverageGap {
  /** A few shared words, most telling first, plus the nearest heading: "eviction, notice (near: Notice to quit)". */
  readonly topic: string;
  readonly terms: readonly string[];
  /** The corpus headings nearest to these questions, most common first. */
  readonly nearestHeadings: readonly string[];
  readonly count: number;
  /** Up to three questions, redacted as stored. */
  readonly examples: readonly string[];
  readonly itemIds: readonly number[];
  readonly reasons: { readonly noAnswer: number; readonly needsSource: number };
}

interface GapQuestion {
  readonly item: ReviewItem;
  readonly terms: ReadonlyMap<string, { display: string; weight: number }>;
  readonly heading: string | undefined;
}

interface Group {
  readonly questions: GapQuestion[];
  readonly termWeights: Map<string, number>;
  readonly headings: Map<string, number>;
}

/** Content terms per question considered for grouping: the rarest few say what it is about. */
const keyTermsPerQuestion = 4;
const maxExamples = 3;

export function isCoverageGap(item: ReviewItem): boolean {
  return item.verdict === 'needs-source' || item.reasons.some((entry) => entry.reason === 'no-answer');
}

export function coverageGaps(
  items: readonly ReviewItem[],
  statistics: TermStatistics,
  passages: Pick<PassageStore, 'getById'>,
): CoverageGap[] {
  const questions = items
    .filter(isCoverageGap)
    .sort((left, right) => left.id - right.id)
    .map((item) => gapQuestion(item, statistics, passages));
  const groups: Group[] = [];
  for (const question of questions) {
    const best = bestGroup(groups, question);
    const group: Group = best ?? { questions: [], termWeights: new Map(), headings: new Map() };
    if (best === undefined) groups.push(group);
    group.questions.push(question);
    for (const [term, { weight }] of question.terms)
      group.termWeights.set(term, (group.termWeights.get(term) ?? 0) + weight);
    if (question.heading)
      group.headings.set(question.heading, (group.headings.get(question.heading) ?? 0) + 1);
  }
  return groups
    .map(describeGroup)
    .sort((left, right) => right.count - left.count || left.topic.localeCompare(right.topic));
}

function gapQuestion(
  item: ReviewItem,
  statistics: TermStatistics,
  passages: Pick<PassageStore, 'getById'>,
): GapQuestion {
  // Redaction placeholders ("[phone]") are not what a question is about.
  const text = item.question.replace(/\[(?:email|ssn|case number|phone|address)\]/g, ' ');
  const terms = questionTerms(text, statistics)
    .filter((term) => term.word.length > 2)
    .sort((left, right) => right.weight - left.weight)
    .slice(0, keyTermsPerQuestion);
  const nearest = item.answer.related[0] ?? item.answer.sources[0];
  const passage = nearest ? passages.getById(nearest.passageId) : undefined;
  const heading = passage ? (passage.breadcrumb[0] ?? passage.heading) : nearest?.title;
  return {
    item,
    terms: new Map(terms.map((term) => [term.term, { display: term.word, weight: term.weight }])),
    heading: heading && heading.length > 0 ? heading : undefined,
  };
}

/** The group sharing the most term weight with the question, or its heading; undefined for none. */
function bestGroup(groups: readonly Group[], question: GapQuestion): Group | undefined {
  let best: Group | undefined;
  let bestScore = 0;
  for (const group of groups) {
    let score = 0;
    for (const [term, { weight }] of question.terms) if (group.termWeights.has(term)) score += weight;
    if (question.heading && group.headings.has(question.heading)) score += 1;
    if (score > bestScore) {
      best = group;
      bestScore = score;
    }
  }
  return best;
}

function describeGroup(group: Group): CoverageGap {
  const displays = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const question of group.questions) {
    for (const [term, { display }] of question.terms) {
      displays.set(term, display);
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  // Words most questions of the group share come first; a one-question group names its rarest words.
  const terms = [...group.termWeights.entries()]
    .sort((left, right) => (counts.get(right[0]) ?? 0) - (counts.get(left[0]) ?? 0) || right[1] - left[1])
    .slice(0, 3)
    .map(([term]) => displays.get(term) ?? term);
  const nearestHeadings = [...group.headings.entries()]
    .sort((left, right) => right[1] - left[1])
    .map(([heading]) => heading);
  const near = nearestHeadings[0] ? ` (near: ${nearestHeadings[0]})` : '';
  return {
    topic: `${terms.join(', ') || 'unnamed'}${near}`,
    terms,
    nearestHeadings,
    count: group.questions.length,
    examples: group.questions.slice(0, maxExamples).map((question) => question.item.question),
    itemIds: group.questions.map((question) => question.item.id),
    reasons: {
      noAnswer: group.questions.filter((question) =>
        question.item.reasons.some((entry) => entry.reason === 'no-answer'),
      ).length,
      needsSource: group.questions.filter((question) => question.item.verdict === 'needs-source').length,
    },
  };
}
