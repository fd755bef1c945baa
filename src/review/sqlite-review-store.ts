import { type Answer, answerSchema } from '../answer/answer.js';
import type { SqliteDatabase } from '../store/database.js';
import type {
  ApprovalState,
  ApprovedAnswer,
  AuditEntry,
  CitedPassageSnapshot,
  EnqueueRequest,
  ItemFilter,
  NewApproval,
  PassageChange,
  RecordedAnswer,
  Resolution,
  ReviewItem,
  ReviewReason,
  ReviewReasonEntry,
  ReviewStatus,
  ReviewStore,
  ReviewVerdict,
} from './review-store.js';

const schema = `
CREATE TABLE IF NOT EXISTS review_answers (
  answer_id TEXT PRIMARY KEY,
  question TEXT NOT NULL,
  answer_json TEXT NOT NULL,
  surface TEXT NOT NULL,
  channel TEXT,
  jurisdiction TEXT,
  user_id TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_answers_by_age ON review_answers(created_at);

CREATE TABLE IF NOT EXISTS review_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  answer_id TEXT NOT NULL UNIQUE,
  question TEXT NOT NULL,
  answer_json TEXT NOT NULL,
  surface TEXT NOT NULL,
  channel TEXT,
  user_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  verdict TEXT CHECK (verdict IN ('correct', 'wrong', 'needs-source')),
  note TEXT,
  resolved_by TEXT,
  resolved_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_items_by_status ON review_items(status, created_at);

CREATE TABLE IF NOT EXISTS review_item_reasons (
  item_id INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  detail TEXT,
  diffs_json TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_item_reasons_by_item ON review_item_reasons(item_id);

CREATE TABLE IF NOT EXISTS review_approvals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  answer_id TEXT NOT NULL,
  question TEXT NOT NULL,
  question_pattern TEXT,
  jurisdiction TEXT,
  answer_json TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  approved_on TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('active', 'expired', 'replaced')),
  expired_at TEXT,
  passages_json TEXT NOT NULL,
  served_count INTEGER NOT NULL DEFAULT 0,
  last_served_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_approvals_by_state ON review_approvals(state);

CREATE TABLE IF NOT EXISTS review_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id INTEGER,
  approval_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_audit_by_item ON review_audit(item_id);
`;

interface AnswerRecord {
  answer_id: string;
  question: string;
  answer_json: string;
  surface: string;
  channel: string | null;
  jurisdiction: string | null;
  user_id: string | null;
  created_at: string;
}

interface ItemRecord {
  id: number;
  answer_id: string;
  question: string;
  answer_json: string;
  surface: string;
  channel: string | null;
  user_id: string | null;
  status: ReviewStatus;
  verdict: ReviewVerdict | null;
  note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

interface ReasonRecord {
  item_id: number;
  reason: ReviewReason;
  detail: string | null;
  diffs_json: string;
  at: string;
}

interface ApprovalRecord {
  id: number;
  answer_id: string;
  question: string;
  question_pattern: string | null;
  jurisdiction: string | null;
  answer_json: string;
  approved_by: string;
  approved_on: string;
  state: ApprovalState;
  expired_at: string | null;
  passages_json: string;
  served_count: number;
  last_served_at: string | null;
}

interface AuditRecord {
  id: number;
  item_id: number | null;
  approval_id: number | null;
  actor: string;
  action: string;
  detail: string | null;
  at: string;
}

/** Stored answers are the project's own JSON; parsing them again keeps a hand-edited row from slipping through. */
function parseAnswer(json: string): Answer {
  return answerSchema.parse(JSON.parse(json));
}

/**
 * The review queue in the state database (`state.db`, beside thread memory and feedback), so
 * an ingest holding the corpus store's write lock never blocks a 👎 or a resolution.
 * better-sqlite3 is synchronous; the methods are async to satisfy the port.
 */
export class SqliteReviewStore implements ReviewStore {
  constructor(private readonly database: SqliteDatabase) {
    database.exec(schema);
  }

  async saveAnswer(answer: RecordedAnswer): Promise<void> {
    this.database
      .prepare(
        `INSERT OR REPLACE INTO review_answers (answer_id, question, answer_json, surface, channel, jurisdiction, user_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        answer.answerId,
        answer.question,
        JSON.stringify(answer.answer),
        answer.surface,
        answer.channel,
        answer.jurisdiction,
        answer.userId,
        answer.createdAt,
      );
  }

  async findAnswer(answerId: string): Promise<RecordedAnswer | undefined> {
    const row = this.database.prepare('SELECT * FROM review_answers WHERE answer_id = ?').get(answerId) as
      | AnswerRecord
      | undefined;
    if (row === undefined) return undefined;
    return {
      answerId: row.answer_id,
      question: row.question,
      answer: parseAnswer(row.answer_json),
      surface: row.surface,
      channel: row.channel,
      jurisdiction: row.jurisdiction,
      userId: row.user_id,
      createdAt: row.created_at,
    };
  }

  async pruneAnswers(before: string): Promise<number> {
    return this.database
      .prepare(
        `DELETE FROM review_answers WHERE created_at < ?
           AND answer_id NOT IN (SELECT answer_id FROM review_items)
           AND answer_id NOT IN (SELECT answer_id FROM review_approvals)`,
      )
      .run(before).changes;
  }

  async enqueue(request: EnqueueRequest): Promise<ReviewItem> {
    const { answer, reason, at } = request;
    const id = this.database.transaction(() => {
      const existing = this.database
        .prepare('SELECT id, status FROM review_items WHERE answer_id = ?')
        .get(answer.answerId) as { id: number; status: ReviewStatus } | undefined;
      let itemId: number;
      if (existing === undefined) {
        itemId = Number(
          this.database
            .prepare(
              `INSERT INTO review_items (answer_id, question, answer_json, surface, channel, user_id, status, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
            )
            .run(
              answer.answerId,
              answer.question,
              JSON.stringify(answer.answer),
              answer.surface,
              answer.channel,
              answer.userId,
              at,
              at,
            ).lastInsertRowid,
        );
        this.writeAudit({ itemId, actor: 'amicus', action: 'enqueued', detail: reason, at });
      } else {
        itemId = existing.id;
        // A new reason after a resolution (a 👎 on an approved answer, a changed source) is
        // new work: the item goes back to the open queue and the old verdict is cleared.
        if (existing.status === 'resolved') {
          this.database
            .prepare(
              `UPDATE review_items SET status = 'open', verdict = NULL, note = NULL, resolved_by = NULL,
                 resolved_at = NULL, updated_at = ? WHERE id = ?`,
            )
            .run(at, itemId);
          this.writeAudit({ itemId, actor: 'amicus', action: 'reopened', detail: reason, at });
        } else {
          this.database.prepare('UPDATE review_items SET updated_at = ? WHERE id = ?').run(at, itemId);
          this.writeAudit({ itemId, actor: 'amicus', action: 'reason-added', detail: reason, at });
        }
      }
      this.database
        .prepare(
          'INSERT INTO review_item_reasons (item_id, reason, detail, diffs_json, at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(itemId, reason, request.detail ?? null, JSON.stringify(request.diffs ?? []), at);
      return itemId;
    })();
    return this.requireItem(id);
  }

  async listItems(filter: ItemFilter = {}): Promise<ReviewItem[]> {
    const conditions: string[] = [];
    const values: string[] = [];
    if (filter.status) {
      conditions.push('status = ?');
      values.push(filter.status);
    }
    if (filter.reason) {
      conditions.push('id IN (SELECT item_id FROM review_item_reasons WHERE reason = ?)');
      values.push(filter.reason);
    }
    if (filter.since) {
      conditions.push('created_at >= ?');
      values.push(filter.since);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.database
      .prepare(`SELECT * FROM review_items ${where} ORDER BY id DESC`)
      .all(...values) as ItemRecord[];
    const reasons = this.reasonsOf(rows.map((row) => row.id));
    return rows.map((row) => itemFromRecord(row, reasons.get(row.id) ?? []));
  }

  async getItem(id: number): Promise<ReviewItem | undefined> {
    const row = this.database.prepare('SELECT * FROM review_items WHERE id = ?').get(id) as
      | ItemRecord
      | undefined;
    return row === undefined ? undefined : itemFromRecord(row, this.reasonsOf([row.id]).get(row.id) ?? []);
  }

  async itemForAnswer(answerId: string): Promise<ReviewItem | undefined> {
    const row = this.database.prepare('SELECT id FROM review_items WHERE answer_id = ?').get(answerId) as
      | { id: number }
      | undefined;
    return row === undefined ? undefined : this.getItem(row.id);
  }

  async resolveItem(id: number, resolution: Resolution): Promise<ReviewItem> {
    this.database.transaction(() => {
      const updated = this.database
        .prepare(
          `UPDATE review_items SET status = 'resolved', verdict = ?, note = ?, resolved_by = ?, resolved_at = ?,
             updated_at = ? WHERE id = ?`,
        )
        .run(resolution.verdict, resolution.note, resolution.by, resolution.at, resolution.at, id);
      // Thrown inside the transaction, so no audit row is left for an item that does not exist.
      if (updated.changes === 0) throw new Error(`review item ${id} was not stored`);
      this.writeAudit({
        itemId: id,
        actor: resolution.by,
        action: `resolved:${resolution.verdict}`,
        detail: resolution.note,
        at: resolution.at,
      });
    })();
    return this.requireItem(id);
  }

  async approve(approval: NewApproval): Promise<ApprovedAnswer> {
    const id = this.database.transaction(() => {
      // One active approval per answer: approving it again (a new pattern) replaces the old one.
      const replaced = this.database
        .prepare("UPDATE review_approvals SET state = 'replaced' WHERE answer_id = ? AND state = 'active'")
        .run(approval.answerId).changes;
      const approvalId = Number(
        this.database
          .prepare(
            `INSERT INTO review_approvals (answer_id, question, question_pattern, jurisdiction, answer_json, approved_by,
               approved_on, state, passages_json, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
          )
          .run(
            approval.answerId,
            approval.question,
            approval.questionPattern,
            approval.jurisdiction,
            JSON.stringify(approval.answer),
            approval.approvedBy,
            approval.approvedOn,
            JSON.stringify(approval.passages),
            approval.at,
          ).lastInsertRowid,
      );
      const item = this.database
        .prepare('SELECT id FROM review_items WHERE answer_id = ?')
        .get(approval.answerId) as { id: number } | undefined;
      this.writeAudit({
        itemId: item?.id ?? null,
        approvalId,
        actor: approval.approvedBy,
        action: replaced > 0 ? 'approved:replaced-earlier' : 'approved',
        detail: approval.questionPattern === null ? null : `pattern: ${approval.questionPattern}`,
        at: approval.at,
      });
      return approvalId;
    })();
    const stored = (await this.listApprovals()).find((candidate) => candidate.id === id);
    if (stored === undefined) throw new Error(`approval ${id} was not stored`);
    return stored;
  }

  async listApprovals(state?: ApprovalState): Promise<ApprovedAnswer[]> {
    const rows = (
      state
        ? this.database.prepare('SELECT * FROM review_approvals WHERE state = ? ORDER BY id').all(state)
        : this.database.prepare("SELECT * FROM review_approvals WHERE state != 'replaced' ORDER BY id").all()
    ) as ApprovalRecord[];
    return rows.map((row) => ({
      id: row.id,
      answerId: row.answer_id,
      question: row.question,
      questionPattern: row.question_pattern,
      jurisdiction: row.jurisdiction,
      answer: parseAnswer(row.answer_json),
      approvedBy: row.approved_by,
      approvedOn: row.approved_on,
      state: row.state,
      expiredAt: row.expired_at,
      passages: JSON.parse(row.passages_json) as CitedPassageSnapshot[],
      servedCount: row.served_count,
      lastServedAt: row.last_served_at,
    }));
  }

  async expireApproval(id: number, at: string, detail: string): Promise<void> {
    this.database.transaction(() => {
      const changed = this.database
        .prepare(
          "UPDATE review_approvals SET state = 'expired', expired_at = ? WHERE id = ? AND state = 'active'",
        )
        .run(at, id).changes;
      if (changed > 0) this.writeAudit({ approvalId: id, actor: 'amicus', action: 'expired', detail, at });
    })();
  }

  async recordServed(id: number, at: string): Promise<void> {
    this.database
      .prepare('UPDATE review_approvals SET served_count = served_count + 1, last_served_at = ? WHERE id = ?')
      .run(at, id);
  }

  async audit(filter: { itemId?: number; approvalId?: number }): Promise<AuditEntry[]> {
    const rows = this.database
      .prepare(
        `SELECT * FROM review_audit WHERE (? IS NOT NULL AND item_id = ?) OR (? IS NOT NULL AND approval_id = ?)
           OR (? IS NOT NULL AND approval_id IN (SELECT id FROM review_approvals
                WHERE answer_id = (SELECT answer_id FROM review_items WHERE id = ?)))
         ORDER BY id`,
      )
      .all(
        filter.itemId ?? null,
        filter.itemId ?? null,
        filter.approvalId ?? null,
        filter.approvalId ?? null,
        filter.itemId ?? null,
        filter.itemId ?? null,
      ) as AuditRecord[];
    return rows.map((row) => ({
      id: row.id,
      itemId: row.item_id,
      approvalId: row.approval_id,
      actor: row.actor,
      action: row.action,
      detail: row.detail,
      at: row.at,
    }));
  }

  private writeAudit(entry: {
    itemId?: number | null;
    approvalId?: number | null;
    actor: string;
    action: string;
    detail: string | null;
    at: string;
  }): void {
    this.database
      .prepare(
        'INSERT INTO review_audit (item_id, approval_id, actor, action, detail, at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(entry.itemId ?? null, entry.approvalId ?? null, entry.actor, entry.action, entry.detail, entry.at);
  }

  private reasonsOf(itemIds: readonly number[]): Map<number, ReviewReasonEntry[]> {
    const reasons = new Map<number, ReviewReasonEntry[]>();
    if (itemIds.length === 0) return reasons;
    // Chunks keep the statement under SQLite's limit on bound parameters.
    for (let start = 0; start < itemIds.length; start += 500) {
      const chunk = itemIds.slice(start, start + 500);
      const rows = this.database
        .prepare(
          `SELECT * FROM review_item_reasons WHERE item_id IN (${chunk.map(() => '?').join(',')}) ORDER BY rowid`,
        )
        .all(...chunk) as ReasonRecord[];
      for (const row of rows) {
        const list = reasons.get(row.item_id) ?? [];
        list.push({
          reason: row.reason,
          detail: row.detail,
          diffs: JSON.parse(row.diffs_json) as PassageChange[],
          at: row.at,
        });
        reasons.set(row.item_id, list);
      }
    }
    return reasons;
  }

  private async requireItem(id: number): Promise<ReviewItem> {
    const item = await this.getItem(id);
    if (item === undefined) throw new Error(`review item ${id} was not stored`);
    return item;
  }
}

function itemFromRecord(row: ItemRecord, reasons: readonly ReviewReasonEntry[]): ReviewItem {
  return {
    id: row.id,
    answerId: row.answer_id,
    question: row.question,
    answer: parseAnswer(row.answer_json),
    surface: row.surface,
    channel: row.channel,
    userId: row.user_id,
    status: row.status,
    reasons,
    verdict: row.verdict,
    note: row.note,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
