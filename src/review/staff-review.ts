import type { TermStatistics } from '../retrieval/retriever.js';
import type { PassageStore } from '../store/passage-store.js';
import type { ApprovedAnswers } from './approved-answers.js';
import { type CoverageGap, coverageGaps } from './coverage-gaps.js';
import { reviewedEvalItems } from './eval-export.js';
import type { ReviewQueue } from './review-queue.js';
import type { ReviewStore } from './review-store.js';

/**
 * Everything staff review offers the adapters (CLI, HTTP, Slack, Discord), in one place: the
 * queue, approved answers, coverage gaps and the regression-set export.
 */
export class StaffReview {
  constructor(
    readonly queue: ReviewQueue,
    readonly approved: ApprovedAnswers,
    private readonly store: ReviewStore,
    private readonly passages: Pick<PassageStore, 'getById'>,
    private readonly statistics: () => Promise<TermStatistics>,
  ) {}

  /** Coverage gaps among items created since the date (YYYY-MM-DD), or all. */
  async gaps(since?: string): Promise<CoverageGap[]> {
    const items = await this.store.listItems(since ? { since: `${since}T00:00:00.000Z` } : {});
    return coverageGaps(items, await this.statistics(), this.passages);
  }

  /** Resolved items as `../shared/eval` question lines. */
  async exportEval(): Promise<string[]> {
    const items = await this.store.listItems({ status: 'resolved' });
    return reviewedEvalItems(items, this.passages).map((item) => JSON.stringify(item));
  }
}
