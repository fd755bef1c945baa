import {
  type Feedback,
  type FeedbackLog,
  feedbackSchema,
  hashUser,
  type StoredFeedback,
} from '../store/feedback-store.js';
import type { PostgresPool } from './connection.js';

/**
 * Feedback in PostgreSQL, shared by every replica: a 👎 given through one is read through any
 * other. Stored exactly as the SQLite `FeedbackStore` stores it (hashed user, redacted reason).
 */
export class PostgresFeedbackLog implements FeedbackLog {
  constructor(
    private readonly pool: PostgresPool,
    private readonly redact: (text: string) => string = (text) => text,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(feedback: Feedback): Promise<void> {
    const parsed = feedbackSchema.parse(feedback);
    await this.pool.query(
      'INSERT INTO feedback (answer_id, rating, reason, surface, user_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        parsed.answerId,
        parsed.rating,
        parsed.reason ? this.redact(parsed.reason) : null,
        parsed.surface,
        parsed.userId ? hashUser(parsed.surface, parsed.userId) : null,
        this.clock(),
      ],
    );
  }

  async forAnswer(answerId: string): Promise<StoredFeedback[]> {
    const result = await this.pool.query<{
      answer_id: string;
      rating: 'up' | 'down';
      reason: string | null;
      surface: string;
      user_hash: string | null;
      created_at: Date;
    }>(
      'SELECT answer_id, rating, reason, surface, user_hash, created_at FROM feedback WHERE answer_id = $1 ORDER BY id',
      [answerId],
    );
    return result.rows.map((row) => ({
      answerId: row.answer_id,
      rating: row.rating,
      reason: row.reason,
      surface: row.surface,
      userHash: row.user_hash,
      createdAt: row.created_at.toISOString(),
    }));
  }
}
