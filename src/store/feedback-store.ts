import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SqliteDatabase } from './database.js';

export const feedbackSchema = z.object({
  answerId: z.string().min(1).max(200),
  rating: z.enum(['up', 'down']),
  /** Optional free text; personal details are redacted before it is stored. */
  reason: z.string().max(2000).optional(),
  surface: z.enum(['cli', 'slack', 'discord', 'http']),
  /** Who gave it, on that surface; only a hash is stored. */
  userId: z.string().min(1).max(200).optional(),
});
export type Feedback = z.infer<typeof feedbackSchema>;

export interface StoredFeedback {
  readonly answerId: string;
  readonly rating: 'up' | 'down';
  readonly reason: string | null;
  readonly surface: string;
  readonly userHash: string | null;
  readonly createdAt: string;
}

/**
 * Where feedback is kept: SQLite beside the corpus (`FeedbackStore`) or a server database
 * shared by several processes (`postgres/feedback-log.ts`).
 */
export interface FeedbackLog {
  record(feedback: Feedback): Promise<void>;
  /** The feedback on one answer, oldest first. */
  forAnswer(answerId: string): Promise<StoredFeedback[]>;
}

const schema = `
CREATE TABLE IF NOT EXISTS feedback (
  answer_id TEXT NOT NULL,
  rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
  reason TEXT,
  surface TEXT NOT NULL,
  user_hash TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_by_answer ON feedback(answer_id);
`;

/**
 * 👍/👎 feedback on answers, stored against the answer's id. User ids are hashed (the same user
 * on the same surface hashes the same, so repeated votes can be told apart) and reasons are
 * redacted, so the table holds no personal details.
 */
export class FeedbackStore implements FeedbackLog {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly redact: (text: string) => string = (text) => text,
    private readonly clock: () => Date = () => new Date(),
  ) {
    database.exec(schema);
  }

  async record(feedback: Feedback): Promise<void> {
    const parsed = feedbackSchema.parse(feedback);
    this.database
      .prepare(
        'INSERT INTO feedback (answer_id, rating, reason, surface, user_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        parsed.answerId,
        parsed.rating,
        parsed.reason ? this.redact(parsed.reason) : null,
        parsed.surface,
        parsed.userId ? hashUser(parsed.surface, parsed.userId) : null,
        this.clock().toISOString(),
      );
  }

  async forAnswer(answerId: string): Promise<StoredFeedback[]> {
    const rows = this.database
      .prepare(
        'SELECT answer_id, rating, reason, surface, user_hash, created_at FROM feedback WHERE answer_id = ? ORDER BY rowid',
      )
      .all(answerId) as Array<{
      answer_id: string;
      rating: 'up' | 'down';
      reason: string | null;
      surface: string;
      user_hash: string | null;
      created_at: string;
    }>;
    return rows.map((row) => ({
      answerId: row.answer_id,
      rating: row.rating,
      reason: row.reason,
      surface: row.surface,
      userHash: row.user_hash,
      createdAt: row.created_at,
    }));
  }
}

export function hashUser(surface: string, userId: string): string {
  return createHash('sha256').update(`${surface}\u0000${userId}`).digest('hex').slice(0, 16);
}
