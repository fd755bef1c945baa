import type { Answer } from '../answer/answer.js';
import type { AnswerObserver, ConversationRequest } from '../conversation/conversation.js';
import { AmicusError, ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import type { Feedback, FeedbackLog, StoredFeedback } from '../store/feedback-store.js';
import type {
  AuditEntry,
  ItemFilter,
  RecordedAnswer,
  ReviewItem,
  ReviewReason,
  ReviewStore,
  ReviewVerdict,
} from './review-store.js';

export interface ReviewQueueOptions {
  readonly store: ReviewStore;
  /** Applied to questions and reasons before they are stored, as for logs. */
  readonly redact: (text: string) => string;
  /** Keep the asker's id with a recorded answer (`review.recordUserIds`, off by default). */
  readonly recordUserIds: boolean;
  /** Recorded answers no item or approval refers to are deleted after this many days. */
  readonly answerRetentionDays: number;
  readonly clock?: () => Date;
  readonly logger?: Logger;
}

export interface HandOffRequest {
  readonly answerId: string;
  readonly surface: string;
  /** What the asker or staff member said; redacted before it is stored. */
  readonly note?: string | undefined;
}

export interface ResolveRequest {
  readonly verdict: ReviewVerdict;
  readonly note?: string | undefined;
  readonly by: string;
}

const pruneIntervalMs = 60 * 60 * 1000;

/**
 * The review queue: what enters it (every 👎, answers the verifier cut or fell back on,
 * no-answer replies, hand-offs) and what reviewers do with it. Every answer a conversation
 * gives is recorded (redacted) for a while, so a later 👎 or hand-off can file the full answer.
 * Recording never fails an answer: a storage error is logged and the answer goes out.
 */
export class ReviewQueue implements AnswerObserver {
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private lastPrune = 0;

  constructor(private readonly options: ReviewQueueOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? silentLogger();
  }

  async answered(answer: Answer, request: ConversationRequest): Promise<void> {
    try {
      await this.record(answer, {
        surface: request.thread.surface,
        channel: request.channel,
        jurisdiction: request.jurisdiction,
        askerId: request.askerId,
      });
    } catch (error) {
      this.logger.error({ err: error, answerId: answer.id }, 'could not record the answer for review');
    }
  }

  /** Records a served answer and files it when it needs a look (no-answer, verifier cuts). */
  async record(
    answer: Answer,
    context: {
      surface: string;
      channel?: string | undefined;
      jurisdiction?: string | undefined;
      askerId?: string | undefined;
    },
  ): Promise<RecordedAnswer> {
    const now = this.clock();
    const question = this.options.redact(answer.question);
    const recorded: RecordedAnswer = {
      answerId: answer.id,
      question,
      answer: { ...answer, question },
      surface: context.surface,
      channel: context.channel ?? null,
      jurisdiction: context.jurisdiction ?? null,
      userId: this.options.recordUserIds ? (context.askerId ?? null) : null,
      createdAt: now.toISOString(),
    };
    await this.options.store.saveAnswer(recorded);
    for (const reason of automaticReasons(answer))
      await this.options.store.enqueue({ answer: recorded, reason, at: now.toISOString() });
    await this.pruneNow(now);
    return recorded;
  }

  /** A 👎 files the answer with its optional reason; a 👍 files nothing. */
  async feedback(feedback: Feedback): Promise<ReviewItem | undefined> {
    if (feedback.rating !== 'down') return undefined;
    const recorded = await this.options.store.findAnswer(feedback.answerId);
    if (recorded === undefined) {
      this.logger.warn({ answerId: feedback.answerId }, '👎 on an answer that is no longer recorded');
      return undefined;
    }
    return this.options.store.enqueue({
      answer: recorded,
      reason: 'thumbs-down',
      detail: feedback.reason ? this.options.redact(feedback.reason) : null,
      at: this.clock().toISOString(),
    });
  }

  async handOff(request: HandOffRequest): Promise<ReviewItem> {
    const recorded = await this.options.store.findAnswer(request.answerId);
    if (recorded === undefined) {
      throw new AmicusError(
        ErrorCode.NotFound,
        `No recorded answer with id "${request.answerId.slice(0, 80)}" to hand to a person`,
        { location: 'answerId' },
      );
    }
    return this.options.store.enqueue({
      answer: recorded,
      reason: 'hand-off',
      detail: request.note ? this.options.redact(request.note) : `asked on ${request.surface}`,
      at: this.clock().toISOString(),
    });
  }

  /** A recorded answer (redacted), for adapters that re-render it (sharing, hand-off posts). */
  recordedAnswer(answerId: string): Promise<RecordedAnswer | undefined> {
    return this.options.store.findAnswer(answerId);
  }

  list(filter: ItemFilter = {}): Promise<ReviewItem[]> {
    return this.options.store.listItems(filter);
  }

  async show(id: number): Promise<{ item: ReviewItem; audit: AuditEntry[] }> {
    const item = await this.requireItem(id);
    return { item, audit: await this.options.store.audit({ itemId: id }) };
  }

  async resolve(id: number, request: ResolveRequest): Promise<ReviewItem> {
    await this.requireItem(id);
    const note = request.note?.trim() ? this.options.redact(request.note.trim()) : null;
    if (request.verdict === 'wrong' && note === null) {
      throw new AmicusError(ErrorCode.InputInvalid, 'A "wrong" verdict needs a note saying what is wrong', {
        location: 'note',
      });
    }
    return this.options.store.resolveItem(id, {
      verdict: request.verdict,
      note,
      by: request.by,
      at: this.clock().toISOString(),
    });
  }

  private async requireItem(id: number): Promise<ReviewItem> {
    const item = await this.options.store.getItem(id);
    if (item === undefined)
      throw new AmicusError(ErrorCode.NotFound, `No review item ${id}`, { location: 'id' });
    return item;
  }

  private async pruneNow(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < pruneIntervalMs) return;
    this.lastPrune = now.getTime();
    const cutoff = new Date(now.getTime() - this.options.answerRetentionDays * 24 * 60 * 60 * 1000);
    await this.options.store.pruneAnswers(cutoff.toISOString());
  }
}

/** Reasons an answer enters the queue by itself, without anyone asking. */
export function automaticReasons(answer: Answer): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (answer.kind === 'no-answer') reasons.push('no-answer');
  const verification = answer.verification;
  if (verification?.fellBack) reasons.push('verifier-fallback');
  else if (verification && (verification.droppedSentences > 0 || verification.removedCitations > 0))
    reasons.push('verifier-cut');
  return reasons;
}

/**
 * The feedback port the adapters already use, extended: every vote is stored as before, and a
 * 👎 also files the answer in the queue. `record` stays synchronous for its callers; the queue
 * write runs after it and logs its own failures.
 */
export class ReviewingFeedback implements FeedbackLog {
  constructor(
    private readonly feedbackStore: FeedbackLog,
    private readonly queue: Pick<ReviewQueue, 'feedback'>,
    private readonly logger: Logger = silentLogger(),
  ) {}

  async record(feedback: Feedback): Promise<void> {
    await this.feedbackStore.record(feedback);
    // The vote is kept even when filing it for review fails: the asker's 👎 is never lost.
    await this.queue.feedback(feedback).catch((error: unknown) => {
      this.logger.error({ err: error, answerId: feedback.answerId }, 'could not file the 👎 for review');
    });
  }

  forAnswer(answerId: string): Promise<StoredFeedback[]> {
    return this.feedbackStore.forAnswer(answerId);
  }
}
