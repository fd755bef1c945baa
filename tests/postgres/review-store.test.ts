/**
 * The review store's contract, run against both implementations: the embedded SQLite store in a
 * state.db and the PostgreSQL one on a real throwaway cluster. The same script of calls runs on
 * each, with its expectations checked on each, and the two transcripts must then be equal: the
 * PostgreSQL store keeps the SQLite one's ordering, filters, audit trail and expiry exactly.
 * Then what only a shared database has: two replicas filing or approving the same answer at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer.js';
import { silentLogger } from '../../src/core/logger.js';
import { createPool, type PostgresPool } from '../../src/postgres/connection.js';
import { migrate } from '../../src/postgres/migrations.js';
import { PostgresReviewStore } from '../../src/postgres/review-store.js';
import type { PassageChange, RecordedAnswer, ReviewStore } from '../../src/review/review-store.js';
import { SqliteReviewStore } from '../../src/review/sqlite-review-store.js';
import { openStateDatabase } from '../../src/store/database.js';
import { usePostgres } from '../support/postgres.js';

const logger = silentLogger();
const postgres = usePostgres();

function answerFor(id: string): Answer {
  return {
    id,
    question: `question of ${id}`,
    kind: 'answer',
    checkedOn: '2025-01-15',
    summary: [{ text: 'Hearsay is an out-of-court statement.', citations: [1] }],
    sections: [],
    gaps: [],
    limitations: 'General information only.',
    followUps: [],
    sources: [],
    related: [],
    referrals: [],
    privateReply: false,
    generatedBy: 'extractive',
    disclaimer: 'Not legal advice.',
  };
}

function recorded(id: string, createdAt: string): RecordedAnswer {
  return {
    answerId: id,
    question: `question of ${id}`,
    answer: answerFor(id),
    surface: 'http',
    channel: 'C-1',
    jurisdiction: null,
    userId: null,
    createdAt,
  };
}

const diff: PassageChange = {
  passageId: 'p-801',
  label: 'Fed. R. Evid. 801',
  change: 'changed',
  diff: '[-old-]{+new+}',
};

/** Every call of the contract, in order; returns everything read back, for the comparison. */
async function exercise(store: ReviewStore): Promise<Record<string, unknown>> {
  const transcript: Record<string, unknown> = {};

  // Recorded answers: saved, replaced by a second save, pruned only when old and unreferenced.
  await store.saveAnswer(recorded('a-1', '2025-01-01T10:00:00.000Z'));
  await store.saveAnswer({ ...recorded('a-1', '2025-01-01T10:00:00.000Z'), channel: 'C-2' });
  await store.saveAnswer(recorded('a-2', '2025-01-01T11:00:00.000Z'));
  await store.saveAnswer(recorded('old-unreferenced', '2024-06-01T00:00:00.000Z'));
  await store.saveAnswer(recorded('old-approved', '2024-06-01T00:00:00.000Z'));
  transcript.found = await store.findAnswer('a-1');
  expect(transcript.found).toMatchObject({
    answerId: 'a-1',
    channel: 'C-2',
    createdAt: '2025-01-01T10:00:00.000Z',
  });
  expect(await store.findAnswer('missing')).toBeUndefined();

  // Items: created open, a second reason added, resolved, reopened by a third.
  const first = await store.enqueue({
    answer: recorded('a-1', '2025-01-01T10:00:00.000Z'),
    reason: 'thumbs-down',
    detail: 'cites the wrong rule',
    at: '2025-01-02T09:00:00.000Z',
  });
  expect(first).toMatchObject({ status: 'open', verdict: null, createdAt: '2025-01-02T09:00:00.000Z' });
  const second = await store.enqueue({
    answer: recorded('a-2', '2025-01-01T11:00:00.000Z'),
    reason: 'no-answer',
    at: '2025-01-05T09:00:00.000Z',
  });
  await store.enqueue({
    answer: recorded('a-1', '2025-01-01T10:00:00.000Z'),
    reason: 'hand-off',
    at: '2025-01-02T09:30:00.000Z',
  });
  const resolved = await store.resolveItem(first.id, {
    verdict: 'wrong',
    note: 'wrong rule',
    by: 'Dana',
    at: '2025-01-03T09:00:00.000Z',
  });
  expect(resolved).toMatchObject({ status: 'resolved', verdict: 'wrong', resolvedBy: 'Dana' });
  // Resolving an item that was never filed fails and leaves no audit row behind.
  const missingId = first.id + second.id + 1000;
  await expect(
    store.resolveItem(missingId, {
      verdict: 'correct',
      note: null,
      by: 'Dana',
      at: '2025-01-03T10:00:00.000Z',
    }),
  ).rejects.toThrow(`review item ${missingId} was not stored`);
  expect(await store.audit({ itemId: missingId })).toEqual([]);
  transcript.resolvedOnly = (await store.listItems({ status: 'resolved' })).map((item) => item.answerId);
  expect(transcript.resolvedOnly).toEqual(['a-1']);
  const reopened = await store.enqueue({
    answer: recorded('a-1', '2025-01-01T10:00:00.000Z'),
    reason: 'source-changed',
    diffs: [diff],
    at: '2025-01-04T09:00:00.000Z',
  });
  expect(reopened).toMatchObject({
    id: first.id,
    status: 'open',
    verdict: null,
    note: null,
    resolvedAt: null,
  });
  expect(reopened.reasons.map((entry) => entry.reason)).toEqual([
    'thumbs-down',
    'hand-off',
    'source-changed',
  ]);
  expect(reopened.reasons[2]?.diffs).toEqual([diff]);
  expect(reopened.updatedAt).toBe('2025-01-04T09:00:00.000Z');

  // Listing: newest first; filters by status, reason and creation date.
  transcript.all = await store.listItems();
  expect((transcript.all as { id: number }[]).map((item) => item.id)).toEqual([second.id, first.id]);
  transcript.byReason = (await store.listItems({ reason: 'hand-off' })).map((item) => item.answerId);
  expect(transcript.byReason).toEqual(['a-1']);
  transcript.since = (await store.listItems({ since: '2025-01-05T00:00:00.000Z' })).map(
    (item) => item.answerId,
  );
  expect(transcript.since).toEqual(['a-2']);
  transcript.openNoAnswer = (await store.listItems({ status: 'open', reason: 'no-answer' })).length;
  expect(transcript.openNoAnswer).toBe(1);
  expect(await store.getItem(9999)).toBeUndefined();
  expect(await store.itemForAnswer('missing')).toBeUndefined();
  expect((await store.itemForAnswer('a-2'))?.id).toBe(second.id);

  // Approvals: one active per answer, a second replaces the first; expiry audited once.
  const approval = {
    answerId: 'a-1',
    question: 'question of a-1',
    questionPattern: null,
    jurisdiction: null,
    answer: answerFor('a-1'),
    approvedBy: 'Dana',
    approvedOn: '2025-01-04',
    passages: [
      { passageId: 'p-801', label: 'Fed. R. Evid. 801', collectionId: 'fre', textHash: 'h', text: 't' },
    ],
    at: '2025-01-04T10:00:00.000Z',
  };
  const approved = await store.approve(approval);
  expect(approved).toMatchObject({ state: 'active', servedCount: 0, lastServedAt: null });
  const again = await store.approve({
    ...approval,
    questionPattern: 'hearsay *',
    at: '2025-01-04T11:00:00.000Z',
  });
  const other = await store.approve({
    ...approval,
    answerId: 'old-approved',
    at: '2025-01-04T12:00:00.000Z',
  });
  transcript.approvals = await store.listApprovals();
  expect((transcript.approvals as { id: number }[]).map((entry) => entry.id)).toEqual([again.id, other.id]);
  await store.recordServed(again.id, '2025-01-06T08:00:00.000Z');
  await store.recordServed(again.id, '2025-01-06T09:00:00.000Z');
  await store.expireApproval(other.id, '2025-01-07T00:00:00.000Z', 'Fed. R. Evid. 801 changed');
  await store.expireApproval(other.id, '2025-01-08T00:00:00.000Z', 'twice');
  transcript.active = await store.listApprovals('active');
  expect(transcript.active).toEqual([
    expect.objectContaining({ id: again.id, servedCount: 2, lastServedAt: '2025-01-06T09:00:00.000Z' }),
  ]);
  transcript.expired = await store.listApprovals('expired');
  expect(transcript.expired).toEqual([
    expect.objectContaining({ id: other.id, expiredAt: '2025-01-07T00:00:00.000Z' }),
  ]);
  expect((await store.listApprovals('replaced' as never)).map((entry) => entry.id)).toEqual([approved.id]);

  // The audit trail: an item's includes its answer's approvals; an approval's is its own.
  transcript.itemAudit = await store.audit({ itemId: first.id });
  expect((transcript.itemAudit as { action: string }[]).map((entry) => entry.action)).toEqual([
    'enqueued',
    'reason-added',
    'resolved:wrong',
    'reopened',
    'approved',
    'approved:replaced-earlier',
  ]);
  transcript.approvalAudit = await store.audit({ approvalId: other.id });
  // Approved for an answer without an item (itemId null), then expired once: the second expiry did nothing.
  expect(transcript.approvalAudit).toEqual([
    expect.objectContaining({ itemId: null, actor: 'Dana', action: 'approved' }),
    expect.objectContaining({
      itemId: null,
      actor: 'amicus',
      action: 'expired',
      detail: 'Fed. R. Evid. 801 changed',
    }),
  ]);

  // Pruning keeps answers that an item or an approval refers to.
  transcript.pruned = await store.pruneAnswers('2025-01-01T00:00:00.000Z');
  expect(transcript.pruned).toBe(1);
  expect(await store.findAnswer('old-unreferenced')).toBeUndefined();
  expect(await store.findAnswer('old-approved')).toBeDefined();
  return transcript;
}

const transcripts = new Map<string, Record<string, unknown>>();
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function openPostgresStore(name: string): Promise<{ store: PostgresReviewStore; pool: PostgresPool }> {
  const url = await postgres().createDatabase(name);
  const pool = createPool({ url, size: 4, logger, applicationName: 'review test' });
  cleanups.push(() => pool.end());
  await migrate(pool, logger);
  return { store: new PostgresReviewStore(pool), pool };
}

describe('the review store contract', () => {
  it('holds for the SQLite store', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'amicus-review-store-'));
    const database = openStateDatabase(directory);
    cleanups.push(() => {
      database.close();
      rmSync(directory, { recursive: true, force: true });
    });
    transcripts.set('sqlite', await exercise(new SqliteReviewStore(database)));
  });

  it('holds for the PostgreSQL store', async () => {
    const { store } = await openPostgresStore('contract');
    transcripts.set('postgres', await exercise(store));
  });

  it('reads back the same items, approvals and audit trail from both', () => {
    expect(transcripts.get('postgres')).toBeDefined();
    expect(transcripts.get('postgres')).toEqual(transcripts.get('sqlite'));
    // Byte for byte, so `--json` and the API print the same in either deployment.
    expect(JSON.stringify(transcripts.get('postgres'))).toBe(JSON.stringify(transcripts.get('sqlite')));
  });
});

describe('the PostgreSQL review store under replicas racing', () => {
  it('files one item with every reason when two replicas enqueue the same answer at once', async () => {
    const { store, pool } = await openPostgresStore('race_enqueue');
    const url = (pool.options as { connectionString: string }).connectionString;
    const otherPool = createPool({ url, size: 4, logger, applicationName: 'review test two' });
    cleanups.push(() => otherPool.end());
    const other = new PostgresReviewStore(otherPool);
    const answer = recorded('raced', '2025-01-01T00:00:00.000Z');
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        (index % 2 === 0 ? store : other).enqueue({
          answer,
          reason: 'thumbs-down',
          detail: `vote ${index}`,
          at: `2025-01-02T00:00:0${index}.000Z`,
        }),
      ),
    );
    const items = await other.listItems();
    expect(items).toHaveLength(1);
    expect(items[0]?.reasons).toHaveLength(8);
    const actions = (await store.audit({ itemId: items[0]!.id })).map((entry) => entry.action);
    expect(actions.filter((action) => action === 'enqueued')).toHaveLength(1);
    expect(actions.filter((action) => action === 'reason-added')).toHaveLength(7);
  });

  it('leaves one active approval when two replicas approve the same answer at once', async () => {
    const { store, pool } = await openPostgresStore('race_approve');
    const url = (pool.options as { connectionString: string }).connectionString;
    const otherPool = createPool({ url, size: 4, logger, applicationName: 'review test two' });
    cleanups.push(() => otherPool.end());
    const other = new PostgresReviewStore(otherPool);
    const approval = {
      answerId: 'a-1',
      question: 'q',
      questionPattern: null,
      jurisdiction: null,
      answer: answerFor('a-1'),
      approvedBy: 'Dana',
      approvedOn: '2025-01-04',
      passages: [],
      at: '2025-01-04T10:00:00.000Z',
    };
    await Promise.all(
      Array.from({ length: 6 }, (_, index) => (index % 2 === 0 ? store : other).approve(approval)),
    );
    expect(await other.listApprovals('active')).toHaveLength(1);
  });
});
