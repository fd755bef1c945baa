import type { SqliteDatabase } from '../store/database.js';

/** One exchange in a thread, as stored: redacted question, the standalone form, the answer's id. */
export interface ThreadTurn {
  readonly surface: string;
  readonly threadId: string;
  readonly turn: number;
  readonly question: string;
  readonly standaloneQuestion: string;
  readonly answerId: string;
  readonly answerKind: string;
  /** Labels the answer cited, so a follow-up can be related to them. */
  readonly citedLabels: readonly string[];
  readonly createdAt: string;
}

export interface ThreadStoreOptions {
  /** Turns kept per thread; older ones are dropped. */
  readonly maxTurns: number;
  /** Turns older than this are deleted. */
  readonly retentionDays: number;
  /** Applied to question text before it is stored, so personal details never reach the disk. */
  readonly redact?: (text: string) => string;
  readonly clock?: () => Date;
}

/**
 * Thread memory as the conversation uses it. Asynchronous, so that it can live in a server
 * database shared by several processes (`postgres/thread-memory.ts`) as well as in SQLite.
 */
export interface ThreadMemory {
  /** The thread's turns, oldest first. */
  turns(surface: string, threadId: string): Promise<ThreadTurn[]>;
  /** Whether the bot has answered in this thread (a follow-up there needs no mention). */
  hasThread(surface: string, threadId: string): Promise<boolean>;
  append(turn: Omit<ThreadTurn, 'turn' | 'createdAt'>): Promise<void>;
}

/** A `conversation_turns` row as SQLite (JSON text, ISO dates) or PostgreSQL (jsonb, timestamptz) returns it. */
export interface ThreadTurnRow {
  readonly surface: string;
  readonly thread_id: string;
  readonly turn: number;
  readonly question: string;
  readonly standalone_question: string;
  readonly answer_id: string;
  readonly answer_kind: string;
  readonly cited_labels: string | string[];
  readonly created_at: string | Date;
}

export function threadTurnFromRow(row: ThreadTurnRow): ThreadTurn {
  return {
    surface: row.surface,
    threadId: row.thread_id,
    turn: row.turn,
    question: row.question,
    standaloneQuestion: row.standalone_question,
    answerId: row.answer_id,
    answerKind: row.answer_kind,
    citedLabels:
      typeof row.cited_labels === 'string' ? (JSON.parse(row.cited_labels) as string[]) : row.cited_labels,
    createdAt: row.created_at instanceof Date ? row.created_at.toISOString() : row.created_at,
  };
}

const schema = `
CREATE TABLE IF NOT EXISTS conversation_turns (
  surface TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  turn INTEGER NOT NULL,
  question TEXT NOT NULL,
  standalone_question TEXT NOT NULL,
  answer_id TEXT NOT NULL,
  answer_kind TEXT NOT NULL,
  cited_labels TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (surface, thread_id, turn)
);
CREATE INDEX IF NOT EXISTS conversation_turns_by_age ON conversation_turns(created_at);
`;

/**
 * Thread memory in the store, keyed by surface (cli, slack, discord, http) and thread id, with
 * a bound on turns per thread and a retention period. It holds what follow-ups need and no
 * more: the answer itself is not stored.
 */
export class ThreadStore implements ThreadMemory {
  private readonly redact: (text: string) => string;
  private readonly clock: () => Date;

  constructor(
    private readonly database: SqliteDatabase,
    private readonly options: ThreadStoreOptions,
  ) {
    database.exec(schema);
    this.redact = options.redact ?? ((text) => text);
    this.clock = options.clock ?? (() => new Date());
  }

  async turns(surface: string, threadId: string): Promise<ThreadTurn[]> {
    return this.turnsNow(surface, threadId);
  }

  private turnsNow(surface: string, threadId: string): ThreadTurn[] {
    this.expire();
    const rows = this.database
      .prepare('SELECT * FROM conversation_turns WHERE surface = ? AND thread_id = ? ORDER BY turn')
      .all(surface, threadId) as ThreadTurnRow[];
    return rows.map(threadTurnFromRow);
  }

  async hasThread(surface: string, threadId: string): Promise<boolean> {
    return this.turnsNow(surface, threadId).length > 0;
  }

  async append(turn: Omit<ThreadTurn, 'turn' | 'createdAt'>): Promise<void> {
    const next =
      ((
        this.database
          .prepare('SELECT max(turn) AS turn FROM conversation_turns WHERE surface = ? AND thread_id = ?')
          .get(turn.surface, turn.threadId) as { turn: number | null }
      ).turn ?? 0) + 1;
    this.database
      .prepare(
        `INSERT INTO conversation_turns (surface, thread_id, turn, question, standalone_question, answer_id, answer_kind, cited_labels, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        turn.surface,
        turn.threadId,
        next,
        this.redact(turn.question),
        this.redact(turn.standaloneQuestion),
        turn.answerId,
        turn.answerKind,
        JSON.stringify(turn.citedLabels),
        this.clock().toISOString(),
      );
    this.database
      .prepare('DELETE FROM conversation_turns WHERE surface = ? AND thread_id = ? AND turn <= ?')
      .run(turn.surface, turn.threadId, next - this.options.maxTurns);
  }

  /** Deletes turns older than the retention period. */
  expire(): void {
    const cutoff = new Date(
      this.clock().getTime() - this.options.retentionDays * 24 * 60 * 60 * 1000,
    ).toISOString();
    this.database.prepare('DELETE FROM conversation_turns WHERE created_at < ?').run(cutoff);
  }
}
