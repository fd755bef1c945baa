import {
  type ThreadMemory,
  type ThreadStoreOptions,
  type ThreadTurn,
  type ThreadTurnRow,
  threadTurnFromRow,
} from '../conversation/thread-store.js';
import type { PostgresPool } from './connection.js';

/** How often old turns are swept; every question would be a needless delete on a busy server. */
const sweepIntervalMs = 60_000;

/**
 * Thread memory in PostgreSQL, shared by every replica, so that a follow-up reaching another
 * process than the thread's first question is still understood. The same bounds as the SQLite
 * `ThreadStore`: at most `maxTurns` per thread, none older than `retentionDays`, redacted.
 */
export class PostgresThreadMemory implements ThreadMemory {
  private readonly redact: (text: string) => string;
  private readonly clock: () => Date;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly pool: PostgresPool,
    private readonly options: ThreadStoreOptions,
  ) {
    this.redact = options.redact ?? ((text) => text);
    this.clock = options.clock ?? (() => new Date());
  }

  async turns(surface: string, threadId: string): Promise<ThreadTurn[]> {
    await this.sweep();
    const result = await this.pool.query<ThreadTurnRow>(
      `SELECT * FROM conversation_turns
       WHERE surface = $1 AND thread_id = $2 AND created_at >= $3 ORDER BY turn`,
      [surface, threadId, this.cutoff()],
    );
    return result.rows.map(threadTurnFromRow);
  }

  async hasThread(surface: string, threadId: string): Promise<boolean> {
    const result = await this.pool.query(
      'SELECT 1 FROM conversation_turns WHERE surface = $1 AND thread_id = $2 AND created_at >= $3 LIMIT 1',
      [surface, threadId, this.cutoff()],
    );
    return result.rowCount !== null && result.rowCount > 0;
  }

  /**
   * Appends the next turn. Two replicas answering in one thread at once may pick the same turn
   * number; the loser of that race retries with the next one.
   */
  async append(turn: Omit<ThreadTurn, 'turn' | 'createdAt'>): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const inserted = await this.pool.query<{ turn: number }>(
          `INSERT INTO conversation_turns
             (surface, thread_id, turn, question, standalone_question, answer_id, answer_kind, cited_labels, created_at)
           SELECT $1, $2, coalesce(max(turn), 0) + 1, $3, $4, $5, $6, $7, $8
           FROM conversation_turns WHERE surface = $1 AND thread_id = $2
           RETURNING turn`,
          [
            turn.surface,
            turn.threadId,
            this.redact(turn.question),
            this.redact(turn.standaloneQuestion),
            turn.answerId,
            turn.answerKind,
            JSON.stringify(turn.citedLabels),
            this.clock(),
          ],
        );
        const next = inserted.rows[0]!.turn;
        await this.pool.query(
          'DELETE FROM conversation_turns WHERE surface = $1 AND thread_id = $2 AND turn <= $3',
          [turn.surface, turn.threadId, next - this.options.maxTurns],
        );
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '23505' || attempt >= 5) throw error;
      }
    }
  }

  private cutoff(): Date {
    return new Date(this.clock().getTime() - this.options.retentionDays * 24 * 60 * 60 * 1000);
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < sweepIntervalMs) return;
    this.lastSweep = now;
    await this.pool.query('DELETE FROM conversation_turns WHERE created_at < $1', [this.cutoff()]);
  }
}
