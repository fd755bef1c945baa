import type { Answer } from '../answer/answer.js';
import type { ApprovedAnswerRequest, ApprovedAnswerSource } from '../answer/answer-engine.js';
import { isoDate } from '../answer/answer-engine.js';
import { AmicusError, ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import type { TermStatistics } from '../retrieval/retriever.js';
import { sha256Hex } from '../store/passage-rows.js';
import type { PassageStore } from '../store/passage-store.js';
import { wordDiff } from './passage-diff.js';
import { isUsablePattern, matchesQuestionPattern, questionSimilarity } from './question-similarity.js';
import type { ApprovedAnswer, CitedPassageSnapshot, PassageChange, ReviewStore } from './review-store.js';

export interface ApprovedAnswersOptions {
  readonly store: ReviewStore;
  readonly passages: Pick<PassageStore, 'getById' | 'findByStoredLabel'>;
  readonly statistics: () => Promise<TermStatistics>;
  /** Similarity at or above which a question is served an approved answer (see docs/review.md). */
  readonly similarityThreshold: number;
  readonly clock?: () => Date;
  readonly logger?: Logger;
}

export interface ApproveRequest {
  readonly answerId: string;
  readonly by: string;
  readonly questionPattern?: string | undefined;
}

/** What `amicus review approved` shows: the approval and whether its sources still read the same. */
export interface ApprovalStatus {
  readonly approval: ApprovedAnswer;
  /** Cited passages that changed or went away since approval (empty while it is served). */
  readonly changes: readonly PassageChange[];
}

export function textHash(text: string): string {
  return sha256Hex(text).slice(0, 32);
}

/**
 * Staff-approved answers: approving one, serving it to the same question and close
 * paraphrases, and expiring it when a re-ingest changes a passage it cites. An expired answer
 * is never served again; its review item goes back to the queue with reason `source-changed`
 * and a word diff of each changed passage.
 */
export class ApprovedAnswers implements ApprovedAnswerSource {
  private readonly clock: () => Date;
  private readonly logger: Logger;

  constructor(private readonly options: ApprovedAnswersOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? silentLogger();
  }

  async approve(request: ApproveRequest): Promise<ApprovedAnswer> {
    const { store } = this.options;
    const recorded = await store.findAnswer(request.answerId);
    if (recorded === undefined) {
      throw new AmicusError(
        ErrorCode.NotFound,
        `No recorded answer with id "${request.answerId.slice(0, 80)}" (answers are kept for review.answerRetentionDays)`,
        { location: 'answerId' },
      );
    }
    if (recorded.answer.kind !== 'answer' || recorded.answer.sources.length === 0) {
      throw new AmicusError(
        ErrorCode.InputInvalid,
        `Answer ${request.answerId} is a ${recorded.answer.kind} reply; only cited answers can be approved`,
        { location: 'answerId' },
      );
    }
    const pattern = request.questionPattern?.trim();
    if (pattern !== undefined && pattern.length > 0 && !isUsablePattern(pattern)) {
      throw new AmicusError(
        ErrorCode.InputInvalid,
        'The question pattern needs at least one word besides "*"',
        {
          location: 'questionPattern',
        },
      );
    }
    const passages: CitedPassageSnapshot[] = recorded.answer.sources.map((source) => {
      const passage = this.options.passages.getById(source.passageId);
      if (passage === undefined) {
        throw new AmicusError(
          ErrorCode.InputInvalid,
          `Answer ${request.answerId} cites ${source.label}, which is no longer in the store; ask again and approve the new answer`,
          { location: 'answerId' },
        );
      }
      return {
        passageId: passage.id,
        label: passage.label,
        collectionId: passage.collectionId,
        textHash: textHash(passage.text),
        text: passage.text,
      };
    });
    const now = this.clock();
    // The stored answer is the approved text; reviewed marks and dates are set when it is served.
    const { reviewed: _reviewed, ...answer } = recorded.answer;
    return store.approve({
      answerId: recorded.answerId,
      question: recorded.question,
      questionPattern: pattern && pattern.length > 0 ? pattern : null,
      jurisdiction: recorded.jurisdiction,
      answer: { ...answer, privateReply: false },
      approvedBy: request.by,
      approvedOn: isoDate(now),
      passages,
      at: now.toISOString(),
    });
  }

  async find(request: ApprovedAnswerRequest): Promise<Answer | undefined> {
    const approvals = await this.options.store.listApprovals('active');
    if (approvals.length === 0) return undefined;
    const statistics = await this.options.statistics();
    const candidates = approvals
      .filter((approval) => (approval.jurisdiction ?? undefined) === request.jurisdiction)
      .map((approval) => ({ approval, score: this.score(approval, request.question, statistics) }))
      .filter((candidate) => candidate.score >= this.options.similarityThreshold)
      .sort((left, right) => right.score - left.score);
    for (const { approval, score } of candidates) {
      // Checked on every serve too, so a re-ingest by another process expires the answer
      // before anyone is served an answer whose law has changed.
      const changes = this.changedPassages(approval);
      if (changes.length > 0) {
        await this.expire(approval, changes);
        continue;
      }
      const at = this.clock();
      await this.options.store.recordServed(approval.id, at.toISOString());
      this.logger.info(
        { approvalId: approval.id, score: Number(score.toFixed(3)) },
        'served an approved answer',
      );
      return {
        ...approval.answer,
        id: request.answerId,
        question: request.question,
        checkedOn: request.checkedOn,
        reviewed: { by: approval.approvedBy, on: approval.approvedOn },
      };
    }
    return undefined;
  }

  /** Checks every active approval against the store; returns the approvals it expired. */
  async checkSources(): Promise<ApprovedAnswer[]> {
    const expired: ApprovedAnswer[] = [];
    for (const approval of await this.options.store.listApprovals('active')) {
      const changes = this.changedPassages(approval);
      if (changes.length === 0) continue;
      await this.expire(approval, changes);
      expired.push(approval);
    }
    return expired;
  }

  async list(): Promise<ApprovalStatus[]> {
    const approvals = await this.options.store.listApprovals();
    return approvals.map((approval) => ({
      approval,
      changes: approval.state === 'active' ? this.changedPassages(approval) : [],
    }));
  }

  private score(approval: ApprovedAnswer, question: string, statistics: TermStatistics): number {
    if (approval.questionPattern !== null && matchesQuestionPattern(approval.questionPattern, question))
      return 1;
    return questionSimilarity(approval.question, question, statistics);
  }

  /** Cited passages whose text is not what was approved: changed (same label, new text) or removed. */
  private changedPassages(approval: ApprovedAnswer): PassageChange[] {
    const changes: PassageChange[] = [];
    for (const snapshot of approval.passages) {
      const current = this.options.passages.getById(snapshot.passageId);
      if (current !== undefined && textHash(current.text) === snapshot.textHash) continue;
      // A passage id is derived from its text, so a changed text has a new id: look for the
      // passage now at the same label in the same collection.
      const successor =
        current ??
        this.options.passages
          .findByStoredLabel(snapshot.label)
          .find((passage) => passage.collectionId === snapshot.collectionId);
      changes.push(
        successor === undefined
          ? {
              passageId: snapshot.passageId,
              label: snapshot.label,
              change: 'removed',
              diff: wordDiff(snapshot.text, ''),
            }
          : {
              passageId: snapshot.passageId,
              label: snapshot.label,
              change: 'changed',
              diff: wordDiff(snapshot.text, successor.text),
            },
      );
    }
    return changes;
  }

  private async expire(approval: ApprovedAnswer, changes: readonly PassageChange[]): Promise<void> {
    const at = this.clock().toISOString();
    const summary = changes.map((change) => `${change.label} ${change.change}`).join('; ');
    await this.options.store.expireApproval(approval.id, at, summary);
    const recorded = await this.options.store.findAnswer(approval.answerId);
    await this.options.store.enqueue({
      answer: recorded ?? {
        answerId: approval.answerId,
        question: approval.question,
        answer: approval.answer,
        surface: 'cli',
        channel: null,
        jurisdiction: approval.jurisdiction,
        userId: null,
        createdAt: at,
      },
      reason: 'source-changed',
      detail: `Approved by ${approval.approvedBy} on ${approval.approvedOn}; ${summary}`,
      diffs: changes,
      at,
    });
    this.logger.info({ approvalId: approval.id, changes: changes.length }, 'approved answer expired');
  }
}
