import { z } from 'zod';
import type { Answer } from '../answer/answer.js';

/**
 * The review queue's storage port. Every method returns a promise, so a server database
 * (PostgreSQL) can implement it as well as the embedded SQLite store (`sqlite-review-store.ts`).
 * The store keeps rows; deciding what enters the queue, matching approved answers and checking
 * their sources is `ReviewQueue`'s business (`review-queue.ts`).
 */

/** Why an item is in the queue. One item per answer; a second reason is added to the same item. */
export const reviewReasons = [
  'thumbs-down',
  'verifier-cut',
  'verifier-fallback',
  'no-answer',
  'hand-off',
  'source-changed',
] as const;
export type ReviewReason = (typeof reviewReasons)[number];

export const reviewVerdicts = ['correct', 'wrong', 'needs-source'] as const;
export type ReviewVerdict = (typeof reviewVerdicts)[number];

export const reviewStatuses = ['open', 'resolved'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export const reviewSurfaces = ['cli', 'slack', 'discord', 'http'] as const;

/**
 * An answer as it was served, kept so that a later 👎, hand-off or approval can refer to it by
 * id. The question is redacted as logs are, inside the answer JSON too.
 */
export interface RecordedAnswer {
  readonly answerId: string;
  /** Redacted. */
  readonly question: string;
  /** The full answer JSON, its `question` redacted. */
  readonly answer: Answer;
  readonly surface: string;
  readonly channel: string | null;
  /** The jurisdiction the question was asked for, if any. */
  readonly jurisdiction: string | null;
  /** Only when `review.recordUserIds` is on. */
  readonly userId: string | null;
  readonly createdAt: string;
}

/** A reason as it was added, with what came with it (a 👎's note, a source diff). */
export interface ReviewReasonEntry {
  readonly reason: ReviewReason;
  /** The 👎's optional reason (redacted), or what a hand-off or expiry says. */
  readonly detail: string | null;
  /** For `source-changed`: what changed in each cited passage. */
  readonly diffs: readonly PassageChange[];
  readonly at: string;
}

export interface ReviewItem {
  readonly id: number;
  readonly answerId: string;
  readonly question: string;
  readonly answer: Answer;
  readonly surface: string;
  readonly channel: string | null;
  readonly userId: string | null;
  readonly status: ReviewStatus;
  readonly reasons: readonly ReviewReasonEntry[];
  readonly verdict: ReviewVerdict | null;
  readonly note: string | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One cited passage of an approved answer, as it read when the answer was approved. */
export interface CitedPassageSnapshot {
  readonly passageId: string;
  readonly label: string;
  readonly collectionId: string;
  readonly textHash: string;
  readonly text: string;
}

/** How a cited passage differs after a re-ingest. */
export interface PassageChange {
  readonly passageId: string;
  readonly label: string;
  readonly change: 'changed' | 'removed';
  /** Word-level diff, `[-old-]{+new+}` (see passage-diff.ts). */
  readonly diff: string;
}

export const approvalStates = ['active', 'expired'] as const;
export type ApprovalState = (typeof approvalStates)[number];

export interface ApprovedAnswer {
  readonly id: number;
  readonly answerId: string;
  /** The question it answers, redacted. */
  readonly question: string;
  /** Words with `*` wildcards; a question that matches is served this answer too. */
  readonly questionPattern: string | null;
  /** The jurisdiction the answer was asked for; it is served only for that one. */
  readonly jurisdiction: string | null;
  readonly answer: Answer;
  readonly approvedBy: string;
  /** YYYY-MM-DD. */
  readonly approvedOn: string;
  readonly state: ApprovalState;
  readonly expiredAt: string | null;
  readonly passages: readonly CitedPassageSnapshot[];
  readonly servedCount: number;
  readonly lastServedAt: string | null;
}

/** One action on the queue: who, when, what. */
export interface AuditEntry {
  readonly id: number;
  readonly itemId: number | null;
  readonly approvalId: number | null;
  /** `amicus` for what the system did (enqueued, expired). */
  readonly actor: string;
  readonly action: string;
  readonly detail: string | null;
  readonly at: string;
}

export interface ItemFilter {
  readonly status?: ReviewStatus | undefined;
  readonly reason?: ReviewReason | undefined;
  /** Items created on or after this ISO timestamp. */
  readonly since?: string | undefined;
}

export interface EnqueueRequest {
  readonly answer: RecordedAnswer;
  readonly reason: ReviewReason;
  readonly detail?: string | null | undefined;
  readonly diffs?: readonly PassageChange[] | undefined;
  readonly at: string;
}

export interface Resolution {
  readonly verdict: ReviewVerdict;
  readonly note: string | null;
  readonly by: string;
  readonly at: string;
}

export interface NewApproval {
  readonly answerId: string;
  readonly question: string;
  readonly questionPattern: string | null;
  readonly jurisdiction: string | null;
  readonly answer: Answer;
  readonly approvedBy: string;
  readonly approvedOn: string;
  readonly passages: readonly CitedPassageSnapshot[];
  readonly at: string;
}

export interface ReviewStore {
  saveAnswer(answer: RecordedAnswer): Promise<void>;
  findAnswer(answerId: string): Promise<RecordedAnswer | undefined>;
  /** Deletes recorded answers older than the timestamp that no item or approval refers to. */
  pruneAnswers(before: string): Promise<number>;

  /**
   * Adds the reason to the answer's item, creating the item (open) when there is none and
   * reopening it when it was resolved; records the action in the audit trail.
   */
  enqueue(request: EnqueueRequest): Promise<ReviewItem>;
  listItems(filter?: ItemFilter): Promise<ReviewItem[]>;
  getItem(id: number): Promise<ReviewItem | undefined>;
  itemForAnswer(answerId: string): Promise<ReviewItem | undefined>;
  resolveItem(id: number, resolution: Resolution): Promise<ReviewItem>;

  /** Stores an approval (replacing an active one for the same answer) and audits it. */
  approve(approval: NewApproval): Promise<ApprovedAnswer>;
  listApprovals(state?: ApprovalState): Promise<ApprovedAnswer[]>;
  expireApproval(id: number, at: string, detail: string): Promise<void>;
  recordServed(id: number, at: string): Promise<void>;

  audit(filter: { itemId?: number; approvalId?: number }): Promise<AuditEntry[]>;
  close?(): Promise<void>;
}

/** A reviewer's name as given with `--by` or in a request: printable, short, not blank. */
export const reviewerNameSchema = z
  .string()
  .trim()
  .min(1, 'the reviewer name is empty')
  .max(100, 'the reviewer name is longer than 100 characters')
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'the reviewer name has control characters');

export const reviewNoteSchema = z.string().trim().max(2000, 'the note is longer than 2000 characters');
