import { type Answer, answerSchema } from '../answer/answer.js';
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
} from '../review/review-store.js';
import { inTransaction, type PostgresClient, type PostgresPool } from './connection.js';

/**
 * The first key of the advisory locks that serialise approvals of one answer across replicas
 * (the second is the answer id's hash): "one active approval per answer" is a read, an update
 * and an insert, which two replicas approving at once would otherwise interleave.
 */
const approvalLockKey = 0x616d_6963;

interface AnswerRecord {
  answer_id: string;
  question: string;
  answer_json: unknown;
  surface: string;
  channel: string | null;
  jurisdiction: string | null;
  user_id: string | null;
  created_at: Date;
}

interface ItemRecord {
  id: number;
  answer_id: string;
  question: string;
  answer_json: unknown;
  surface: string;
  channel: string | null;
  user_id: string | null;
  status: ReviewStatus;
  verdict: ReviewVerdict | null;
  note: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface ReasonRecord {
  item_id: number;
  reason: ReviewReason;
  detail: string | null;
  diffs_json: PassageChange[];
  at: Date;
}

interface ApprovalRecord {
  id: number;
  answer_id: string;
  question: string;
  question_pattern: string | null;
  jurisdiction: string | null;
  answer_json: unknown;
  approved_by: string;
  approved_on: string;
  state: ApprovalState;
  expired_at: Date | null;
  passages_json: CitedPassageSnapshot[];
  served_count: number;
  last_served_at: Date | null;
}

interface AuditRecord {
  id: number;
  item_id: number | null;
  approval_id: number | null;
  actor: string;
  action: string;
  detail: string | null;
  at: Date;
}

/** pg parses JSON columns; the answer schema checks a hand-edited row as the SQLite store does. */
function parseAnswer(json: unknown): Answer {
  return answerSchema.parse(json);
}

function iso(value: Date): string;
function iso(value: Date | null): string | null;
function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/**
 * The review queue in PostgreSQL (migration 0002), shared by every replica: a 👎 given through
 * one replica is in the queue that a reviewer reads through another, and an approval made
 * anywhere is served everywhere. The same rows, ordering and audit trail as `SqliteReviewStore`;
 * where two replicas can race (filing the same answer, approving it), the database decides.
 */
export class PostgresReviewStore implements ReviewStore {
  constructor(private readonly pool: PostgresPool) {}

  async saveAnswer(answer: RecordedAnswer): Promise<void> {
    await this.pool.query(
      `INSERT INTO review_answers (answer_id, question, answer_json, surface, channel, jurisdiction, user_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (answer_id) DO UPDATE SET question = excluded.question, answer_json = excluded.answer_json,
         surface = excluded.surface, channel = excluded.channel, jurisdiction = excluded.jurisdiction,
         user_id = excluded.user_id, created_at = excluded.created_at`,
      [
        answer.answerId,
        answer.question,
        JSON.stringify(answer.answer),
        answer.surface,
        answer.channel,
        answer.jurisdiction,
        answer.userId,
        answer.createdAt,
      ],
    );
  }

  async findAnswer(answerId: string): Promise<RecordedAnswer | undefined> {
    const row = (
      await this.pool.query<AnswerRecord>('SELECT * FROM review_answers WHERE answer_id = $1', [answerId])
    ).rows[0];
    if (row === undefined) return undefined;
    return {
      answerId: row.answer_id,
      question: row.question,
      answer: parseAnswer(row.answer_json),
      surface: row.surface,
      channel: row.channel,
      jurisdiction: row.jurisdiction,
      userId: row.user_id,
      createdAt: iso(row.created_at),
    };
  }

  async pruneAnswers(before: string): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM review_answers WHERE created_at < $1
         AND answer_id NOT IN (SELECT answer_id FROM review_items)
         AND answer_id NOT IN (SELECT answer_id FROM review_approvals)`,
      [before],
    );
    return result.rowCount ?? 0;
  }

  async enqueue(request: EnqueueRequest): Promise<ReviewItem> {
    const { answer, reason, at } = request;
    const id = await inTransaction(this.pool, async (client) => {
      // Two replicas filing the same answer at once (a 👎 on each): the insert that loses waits
      // for the winner and does nothing, and its reason is added to the winner's item below.
      const inserted = await client.query<{ id: number }>(
        `INSERT INTO review_items (answer_id, question, answer_json, surface, channel, user_id, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7)
         ON CONFLICT (answer_id) DO NOTHING RETURNING id`,
        [
          answer.answerId,
          answer.question,
          JSON.stringify(answer.answer),
          answer.surface,
          answer.channel,
          answer.userId,
          at,
        ],
      );
      let itemId: number;
      const created = inserted.rows[0];
      if (created !== undefined) {
        itemId = created.id;
        await writeAudit(client, { itemId, actor: 'amicus', action: 'enqueued', detail: reason, at });
      } else {
        const existing = (
          await client.query<{ id: number; status: ReviewStatus }>(
            'SELECT id, status FROM review_items WHERE answer_id = $1 FOR UPDATE',
            [answer.answerId],
          )
        ).rows[0];
        if (existing === undefined) throw new Error(`review item for answer ${answer.answerId} vanished`);
        itemId = existing.id;
        // A new reason after a resolution (a 👎 on an approved answer, a changed source) is
        // new work: the item goes back to the open queue and the old verdict is cleared.
        if (existing.status === 'resolved') {
          await client.query(
            `UPDATE review_items SET status = 'open', verdict = NULL, note = NULL, resolved_by = NULL,
               resolved_at = NULL, updated_at = $1 WHERE id = $2`,
            [at, itemId],
          );
          await writeAudit(client, { itemId, actor: 'amicus', action: 'reopened', detail: reason, at });
        } else {
          await client.query('UPDATE review_items SET updated_at = $1 WHERE id = $2', [at, itemId]);
          await writeAudit(client, { itemId, actor: 'amicus', action: 'reason-added', detail: reason, at });
        }
      }
      await client.query(
        'INSERT INTO review_item_reasons (item_id, reason, detail, diffs_json, at) VALUES ($1, $2, $3, $4, $5)',
        [itemId, reason, request.detail ?? null, JSON.stringify(request.diffs ?? []), at],
      );
      return itemId;
    });
    return this.requireItem(id);
  }

  async listItems(filter: ItemFilter = {}): Promise<ReviewItem[]> {
    const conditions: string[] = [];
    const values: string[] = [];
    if (filter.status) {
      values.push(filter.status);
      conditions.push(`status = $${values.length}`);
    }
    if (filter.reason) {
      values.push(filter.reason);
      conditions.push(`id IN (SELECT item_id FROM review_item_reasons WHERE reason = $${values.length})`);
    }
    if (filter.since) {
      values.push(filter.since);
      conditions.push(`created_at >= $${values.length}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = (
      await this.pool.query<ItemRecord>(`SELECT * FROM review_items ${where} ORDER BY id DESC`, values)
    ).rows;
    const reasons = await this.reasonsOf(rows.map((row) => row.id));
    return rows.map((row) => itemFromRecord(row, reasons.get(row.id) ?? []));
  }

  async getItem(id: number): Promise<ReviewItem | undefined> {
    const row = (await this.pool.query<ItemRecord>('SELECT * FROM review_items WHERE id = $1', [id])).rows[0];
    if (row === undefined) return undefined;
    return itemFromRecord(row, (await this.reasonsOf([row.id])).get(row.id) ?? []);
  }

  async itemForAnswer(answerId: string): Promise<ReviewItem | undefined> {
    const row = (
      await this.pool.query<{ id: number }>('SELECT id FROM review_items WHERE answer_id = $1', [answerId])
    ).rows[0];
    return row === undefined ? undefined : this.getItem(row.id);
  }

  async resolveItem(id: number, resolution: Resolution): Promise<ReviewItem> {
    await inTransaction(this.pool, async (client) => {
      const updated = await client.query(
        `UPDATE review_items SET status = 'resolved', verdict = $1, note = $2, resolved_by = $3, resolved_at = $4,
           updated_at = $4 WHERE id = $5`,
        [resolution.verdict, resolution.note, resolution.by, resolution.at, id],
      );
      // Thrown inside the transaction, so no audit row is left for an item that does not exist.
      if (updated.rowCount === 0) throw new Error(`review item ${id} was not stored`);
      await writeAudit(client, {
        itemId: id,
        actor: resolution.by,
        action: `resolved:${resolution.verdict}`,
        detail: resolution.note,
        at: resolution.at,
      });
    });
    return this.requireItem(id);
  }

  async approve(approval: NewApproval): Promise<ApprovedAnswer> {
    const id = await inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        approvalLockKey,
        approval.answerId,
      ]);
      // One active approval per answer: approving it again (a new pattern) replaces the old one.
      const replaced = await client.query(
        "UPDATE review_approvals SET state = 'replaced' WHERE answer_id = $1 AND state = 'active'",
        [approval.answerId],
      );
      const inserted = await client.query<{ id: number }>(
        `INSERT INTO review_approvals (answer_id, question, question_pattern, jurisdiction, answer_json, approved_by,
           approved_on, state, passages_json, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9) RETURNING id`,
        [
          approval.answerId,
          approval.question,
          approval.questionPattern,
          approval.jurisdiction,
          JSON.stringify(approval.answer),
          approval.approvedBy,
          approval.approvedOn,
          JSON.stringify(approval.passages),
          approval.at,
        ],
      );
      const approvalId = inserted.rows[0]!.id;
      const item = (
        await client.query<{ id: number }>('SELECT id FROM review_items WHERE answer_id = $1', [
          approval.answerId,
        ])
      ).rows[0];
      await writeAudit(client, {
        itemId: item?.id ?? null,
        approvalId,
        actor: approval.approvedBy,
        action: (replaced.rowCount ?? 0) > 0 ? 'approved:replaced-earlier' : 'approved',
        detail: approval.questionPattern === null ? null : `pattern: ${approval.questionPattern}`,
        at: approval.at,
      });
      return approvalId;
    });
    const row = (await this.pool.query<ApprovalRecord>('SELECT * FROM review_approvals WHERE id = $1', [id]))
      .rows[0];
    if (row === undefined) throw new Error(`approval ${id} was not stored`);
    return approvalFromRecord(row);
  }

  async listApprovals(state?: ApprovalState): Promise<ApprovedAnswer[]> {
    const result = state
      ? await this.pool.query<ApprovalRecord>('SELECT * FROM review_approvals WHERE state = $1 ORDER BY id', [
          state,
        ])
      : await this.pool.query<ApprovalRecord>(
          "SELECT * FROM review_approvals WHERE state != 'replaced' ORDER BY id",
        );
    return result.rows.map(approvalFromRecord);
  }

  async expireApproval(id: number, at: string, detail: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // Two replicas checking sources after the same re-ingest: only the one that expires it audits it.
      const changed = await client.query(
        "UPDATE review_approvals SET state = 'expired', expired_at = $1 WHERE id = $2 AND state = 'active'",
        [at, id],
      );
      if ((changed.rowCount ?? 0) > 0)
        await writeAudit(client, { approvalId: id, actor: 'amicus', action: 'expired', detail, at });
    });
  }

  async recordServed(id: number, at: string): Promise<void> {
    await this.pool.query(
      'UPDATE review_approvals SET served_count = served_count + 1, last_served_at = $1 WHERE id = $2',
      [at, id],
    );
  }

  async audit(filter: { itemId?: number; approvalId?: number }): Promise<AuditEntry[]> {
    // An item's trail includes what was done to the approvals of its answer.
    const rows = (
      await this.pool.query<AuditRecord>(
        `SELECT * FROM review_audit WHERE ($1::int IS NOT NULL AND item_id = $1) OR ($2::int IS NOT NULL AND approval_id = $2)
           OR ($1::int IS NOT NULL AND approval_id IN (SELECT id FROM review_approvals
                WHERE answer_id = (SELECT answer_id FROM review_items WHERE id = $1)))
         ORDER BY id`,
        [filter.itemId ?? null, filter.approvalId ?? null],
      )
    ).rows;
    return rows.map((row) => ({
      id: row.id,
      itemId: row.item_id,
      approvalId: row.approval_id,
      actor: row.actor,
      action: row.action,
      detail: row.detail,
      at: iso(row.at),
    }));
  }

  private async reasonsOf(itemIds: readonly number[]): Promise<Map<number, ReviewReasonEntry[]>> {
    const reasons = new Map<number, ReviewReasonEntry[]>();
    if (itemIds.length === 0) return reasons;
    // One array parameter, however many items: PostgreSQL has no small limit on its length.
    const rows = (
      await this.pool.query<ReasonRecord>(
        'SELECT * FROM review_item_reasons WHERE item_id = ANY($1::int[]) ORDER BY id',
        [itemIds],
      )
    ).rows;
    for (const row of rows) {
      const list = reasons.get(row.item_id) ?? [];
      list.push({ reason: row.reason, detail: row.detail, diffs: row.diffs_json, at: iso(row.at) });
      reasons.set(row.item_id, list);
    }
    return reasons;
  }

  private async requireItem(id: number): Promise<ReviewItem> {
    const item = await this.getItem(id);
    if (item === undefined) throw new Error(`review item ${id} was not stored`);
    return item;
  }
}

async function writeAudit(
  client: PostgresClient,
  entry: {
    itemId?: number | null;
    approvalId?: number | null;
    actor: string;
    action: string;
    detail: string | null;
    at: string;
  },
): Promise<void> {
  await client.query(
    'INSERT INTO review_audit (item_id, approval_id, actor, action, detail, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [entry.itemId ?? null, entry.approvalId ?? null, entry.actor, entry.action, entry.detail, entry.at],
  );
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
    resolvedAt: iso(row.resolved_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function approvalFromRecord(row: ApprovalRecord): ApprovedAnswer {
  return {
    id: row.id,
    answerId: row.answer_id,
    question: row.question,
    questionPattern: row.question_pattern,
    jurisdiction: row.jurisdiction,
    answer: parseAnswer(row.answer_json),
    approvedBy: row.approved_by,
    approvedOn: row.approved_on,
    state: row.state,
    expiredAt: iso(row.expired_at),
    passages: row.passages_json,
    servedCount: row.served_count,
    lastServedAt: iso(row.last_served_at),
  };
}
