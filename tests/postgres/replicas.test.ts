/**
 * A deployment on PostgreSQL: one ingest worker and two `amicus serve` replicas, real processes
 * on one throwaway cluster, each with its own data directory as its cache. What one replica
 * learns (a thread, feedback, the review queue) the other knows; a publication reaches both, under load, with no
 * failed request; a publication that fails, or a generation that does not load, leaves both
 * answering from the one they have.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredApplication } from '../../src/application.js';
import { loadConfig } from '../../src/core/config.js';
import { runAmicus } from '../support/cli.js';
import { usePostgres } from '../support/postgres.js';
import {
  eventually,
  type ReplicaProcess,
  runWorker,
  startReplica,
  startWorker,
} from '../support/replicas.js';
import { suiteDirectory } from '../support/retrieval-fixtures.js';
import { sharedCorpusPath } from '../support/shared-data.js';

const token = 'replica-test-token-0123456789';
const reviewerToken = 'replica-reviewer-token-0123456789';
const hearsay = 'What is hearsay under the Federal Rules of Evidence?';
const appeal = 'How long do I have to file a notice of appeal in a federal civil case?';

interface Health {
  readonly status: string;
  readonly corpus: { status: string; generation: string; revision: number; error?: { message: string } };
}

describe('two replicas and an ingest worker on one PostgreSQL database', () => {
  const postgres = usePostgres();
  const suite = suiteDirectory('amicus-pg-replicas-');
  const root = suite.directory;
  let url: string;
  let env: NodeJS.ProcessEnv;
  let database: pg.Pool;
  const corpus: Record<'evidence' | 'appellate' | 'criminal', string> = {
    evidence: '',
    appellate: '',
    criminal: '',
  };
  let replicas: ReplicaProcess[] = [];

  const ask = async (replica: ReplicaProcess, question: string, threadId?: string) => {
    const response = await fetch(`${replica.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ question, ...(threadId ? { threadId } : {}) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const health = async (replica: ReplicaProcess): Promise<Health> =>
    (await (await fetch(`${replica.url}/healthz`)).json()) as Health;
  const head = async () =>
    (await database.query<{ revision: string; generation_id: string }>('SELECT * FROM corpus_head')).rows[0]!;
  const bothOn = (generation: string) =>
    eventually(`both replicas on ${generation}`, async () => {
      const states = await Promise.all(replicas.map(health));
      return states.every((state) => state.corpus.generation === generation && state.corpus.status === 'ok')
        ? states
        : undefined;
    });

  beforeAll(async () => {
    url = await postgres().createDatabase('replicas');
    database = new pg.Pool({ connectionString: url, max: 2 });
    for (const [key, name] of [
      ['evidence', 'federal-rules-fre-2012'],
      ['appellate', 'federal-rules-frap-2012'],
      ['criminal', 'federal-rules-frcrp-2012'],
    ] as const) {
      corpus[key] = path.join(root, 'corpus', name);
      cpSync(sharedCorpusPath(name), corpus[key], { recursive: true });
    }
    const configFile = path.join(root, 'amicus.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        store: { pollSeconds: 1 },
        // The shared per-client allowance would otherwise turn the load test's questions away.
        http: { rateLimit: { capacity: 100_000, refillPerMinute: 100_000 } },
      }),
    );
    env = {
      AMICUS_DATABASE_URL: url,
      AMICUS_CONFIG: configFile,
      AMICUS_API_TOKENS: `${token},${reviewerToken}:reviewer`,
      AMICUS_LOG_LEVEL: 'info',
    };
    const first = runWorker(path.join(root, 'worker'), [corpus.evidence], env);
    expect(first.status, first.stderr).toBe(0);
    replicas = await Promise.all(
      ['replica-a', 'replica-b'].map((name) =>
        startReplica(path.join(root, name), ['serve', '--port', '0'], env, /(http:\/\/127\.0\.0\.1:\d+)/),
      ),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await database?.end();
    suite.remove();
  });

  it('gives the same answer to the same question on both replicas', async () => {
    const [a, b] = replicas as [ReplicaProcess, ReplicaProcess];
    const fromA = await ask(a, hearsay);
    const fromB = await ask(b, hearsay);
    expect(fromA.status).toBe(200);
    expect(fromA.body.kind).toBe('answer');
    const { id: _a, threadId: _ta, ...answerA } = fromA.body;
    const { id: _b, threadId: _tb, ...answerB } = fromB.body;
    expect(answerB).toEqual(answerA);
    expect(JSON.stringify(answerA.sources)).toContain('Fed. R. Evid. 801');
    const [healthA, healthB] = await Promise.all([health(a), health(b)]);
    expect(healthA.corpus.generation).toBe((await head()).generation_id);
    expect(healthB.corpus).toMatchObject({ status: 'ok', generation: healthA.corpus.generation });
  });

  it('keeps feedback given through one replica where every other process reads it', async () => {
    const [a] = replicas as [ReplicaProcess, ReplicaProcess];
    const answered = await ask(a, hearsay);
    const answerId = String(answered.body.id);
    const response = await fetch(`${a.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        answerId,
        rating: 'down',
        reason: 'Cites the wrong rule; call me at 555-123-4567',
      }),
    });
    expect(response.status).toBe(201);
    // Read by another process opened on the same database, as replica B (or the review queue) reads it.
    const other = await openConfiguredApplication(
      loadConfig({ dataDirectory: path.join(root, 'reader'), environment: { AMICUS_DATABASE_URL: url } }),
    );
    try {
      const stored = await other.feedback.forAnswer(answerId);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ rating: 'down', surface: 'http' });
      expect(stored[0]?.reason).toContain('[phone]');
      expect(stored[0]?.reason).not.toContain('555');
    } finally {
      await other.close();
    }
  });

  it('understands on one replica a follow-up in a thread started on the other', async () => {
    const [a, b] = replicas as [ReplicaProcess, ReplicaProcess];
    const started = await ask(a, hearsay, 'thread-across-replicas');
    expect(started.status).toBe(200);
    const followUp = await ask(b, 'What about its exceptions?', 'thread-across-replicas');
    const alone = await ask(b, 'What about its exceptions?', 'thread-on-its-own');
    expect(followUp.status).toBe(200);
    // Rewritten with the thread's topic, which only the turn recorded through replica A gives.
    expect(String(followUp.body.question)).toMatch(/hearsay/i);
    expect(String(alone.body.question)).not.toMatch(/hearsay/i);
    const turns = await database.query<{ turn: number }>(
      "SELECT turn FROM conversation_turns WHERE thread_id LIKE '%/thread-across-replicas' ORDER BY turn",
    );
    expect(turns.rows.map((row) => row.turn)).toEqual([1, 2]);
  });

  it('keeps serving the generation it has when a published one does not load, and says so', async () => {
    const before = await head();
    const [a, b] = replicas as [ReplicaProcess, ReplicaProcess];
    const answerBefore = await ask(a, hearsay);
    // A generation whose file does not match its checksum, announced as replicas are told.
    await database.query(
      `INSERT INTO generations (id, manifest)
       SELECT 'corrupted-generation', jsonb_set(manifest, '{id}', '"corrupted-generation"') FROM generations WHERE id = $1`,
      [before.generation_id],
    );
    await database.query(
      `INSERT INTO generation_files (generation_id, name, size, sha256) VALUES ('corrupted-generation', 'lexical.bin', 5, $1)`,
      ['0'.repeat(64)],
    );
    await database.query(
      `INSERT INTO generation_chunks (generation_id, name, chunk, bytes) VALUES ('corrupted-generation', 'lexical.bin', 0, '\\x0102030405')`,
    );
    await database.query(
      "UPDATE corpus_head SET revision = revision + 1, generation_id = 'corrupted-generation'",
    );
    await database.query(`NOTIFY amicus_corpus`);
    const degraded = await eventually('both replicas degraded', async () => {
      const states = await Promise.all([health(a), health(b)]);
      return states.every((state) => state.status === 'degraded') ? states : undefined;
    });
    for (const state of degraded) {
      expect(state.corpus.generation).toBe(before.generation_id);
      expect(state.corpus.error?.message).toMatch(/does not match its checksum/);
    }
    const during = await ask(b, hearsay);
    expect(during.status).toBe(200);
    expect(during.body.sources).toEqual(answerBefore.body.sources);
    expect(a.logs()).toContain('corpus.load_failed');

    // The operator puts the good generation back; both recover without a restart.
    await database.query('UPDATE corpus_head SET revision = revision + 1, generation_id = $1', [
      before.generation_id,
    ]);
    await database.query("DELETE FROM generations WHERE id = 'corrupted-generation'");
    await database.query(`NOTIFY amicus_corpus`);
    await bothOn(before.generation_id);
  });

  it('swaps both replicas to a new generation under a bounded load, with no failed question', async () => {
    const before = await head();
    // A one-shot `amicus ask` whose cache is about to go stale: it starts loading the generation
    // it has while it asks the database for the head (src/replicated-application.ts).
    const oneShotCache = path.join(root, 'one-shot');
    const askOnce = () => {
      const result = runAmicus(['--data', oneShotCache, 'ask', '--json', appeal], { env });
      expect(result.status, result.stderr).toBe(0);
      return JSON.stringify((JSON.parse(result.stdout) as { sources: unknown }).sources);
    };
    expect(askOnce()).not.toContain('Fed. R. App. P. 4');
    const questions = [
      hearsay,
      appeal,
      'What is the rule on character evidence?',
      'What is a dying declaration?',
    ];
    const outcomes: number[] = [];
    let stop = false;
    const load = replicas.flatMap((replica) =>
      [0, 1].map(async (lane) => {
        for (let index = lane; !stop; index += 1) {
          try {
            outcomes.push((await ask(replica, questions[index % questions.length]!)).status);
          } catch {
            outcomes.push(0);
          }
        }
      }),
    );
    const worker = startWorker(path.join(root, 'worker'), [corpus.evidence, corpus.appellate], env);
    const finished = await worker.finished;
    expect(finished.code, finished.output).toBe(0);
    const after = await head();
    expect(after.generation_id).not.toBe(before.generation_id);
    await bothOn(after.generation_id);
    // A little more load on the new generation, then the load stops.
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all(load);
    expect(outcomes.length).toBeGreaterThan(8);
    expect(outcomes.filter((status) => status !== 200)).toEqual([]);
    for (const replica of replicas) {
      const answered = await ask(replica, appeal);
      expect(JSON.stringify(answered.body.sources)).toContain('Fed. R. App. P. 4');
    }
    // The stale one-shot cache is brought up to date before its answer, which is the replicas'.
    const oneShot = askOnce();
    expect(oneShot).toContain('Fed. R. App. P. 4');
    expect(oneShot).toBe(JSON.stringify((await ask(replicas[0]!, appeal)).body.sources));
    console.info(`[postgres] ${outcomes.length} questions answered across the swap, none failed`);
  }, 240_000);

  it('leaves both replicas on the previous generation when the worker is killed while publishing', async () => {
    const before = await head();
    const [a, b] = replicas as [ReplicaProcess, ReplicaProcess];
    const answerBefore = await ask(a, appeal);
    // Holding this lock stops the worker inside its publishing transaction, at the generation's files.
    const blocker = await database.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE generation_files IN EXCLUSIVE MODE');
      const worker = startWorker(
        path.join(root, 'worker'),
        [corpus.evidence, corpus.appellate, corpus.criminal],
        env,
      );
      await eventually(
        'the worker blocked while publishing',
        async () => {
          const waiting = await database.query(
            "SELECT 1 FROM pg_stat_activity WHERE application_name = 'amicus worker' AND wait_event_type = 'Lock'",
          );
          return waiting.rowCount ? true : undefined;
        },
        120_000,
      );
      worker.child.kill('SIGKILL');
      expect((await worker.finished).signal).toBe('SIGKILL');
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    await eventually('the killed worker gone from the database', async () => {
      const left = await database.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = 'amicus worker'",
      );
      return left.rowCount === 0 ? true : undefined;
    });
    expect(await head()).toEqual(before);
    const collections = await database.query<{ id: string }>('SELECT id FROM collections ORDER BY id');
    expect(collections.rows.map((row) => row.id)).not.toContain('federal-rules-frcrp-2012');
    // Past a poll or two: neither replica moved, and both answer as before.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const replica of [a, b]) {
      const state = await health(replica);
      expect(state.corpus).toMatchObject({ status: 'ok', generation: before.generation_id });
      const answered = await ask(replica, appeal);
      expect(answered.status).toBe(200);
      expect(answered.body.sources).toEqual(answerBefore.body.sources);
    }
    // The kill released the worker's lock: the next ingest publishes.
    const again = runWorker(
      path.join(root, 'worker'),
      [corpus.evidence, corpus.appellate, corpus.criminal],
      env,
    );
    expect(again.status, again.stderr).toBe(0);
    const published = await head();
    expect(Number(published.revision)).toBe(Number(before.revision) + 1);
    await bothOn(published.generation_id);
  }, 240_000);

  it('refuses to answer a one-shot question from a cached graph file changed after it was copied', async () => {
    const cache = path.join(root, 'one-shot-tampered');
    const asked = () => runAmicus(['--data', cache, 'ask', '--json', hearsay], { env });
    expect(asked().status).toBe(0);
    // The files were checked against their SHA-256 when copied; at every load the graphs are
    // checked against the CRC-32 in the manifest, so a flipped byte on the replica's disk is caught.
    const generation = (await head()).generation_id;
    const graph = path.join(cache, 'indexes', generation, 'vectors-0.hnsw');
    const bytes = readFileSync(graph);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(graph, bytes);
    const refused = asked();
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/does not match its checksum/);
  });

  // Last, so that the approval it makes serves no question of the tests above.
  it('puts a 👎 given on one replica in the review queue read through the other, and shares the resolution and approval', async () => {
    const [a, b] = replicas as [ReplicaProcess, ReplicaProcess];
    const question = 'What does the rule on excited utterances say?';
    const reviewer = { authorization: `Bearer ${reviewerToken}` };
    const review = async (replica: ReplicaProcess, route: string, body?: unknown) => {
      const response = await fetch(`${replica.url}/api/review/${route}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? reviewer : { ...reviewer, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    interface Item {
      id: number;
      answerId: string;
      status: string;
      verdict: string | null;
      resolvedBy: string | null;
      reasons: { reason: string; detail: string | null }[];
    }

    const answered = await ask(a, question);
    expect(answered.body.kind).toBe('answer');
    const answerId = String(answered.body.id);
    const voted = await fetch(`${a.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ answerId, rating: 'down', reason: 'Outdated; text me at 555-987-6543' }),
    });
    expect(voted.status).toBe(201);

    // Replica B never saw the answer or the vote: the queue it reads is PostgreSQL's.
    const filed = await eventually('the 👎 in the queue read through replica B', async () => {
      const listed = await review(b, 'items?reason=thumbs-down&status=open');
      return (listed.body.items as Item[]).find((item) => item.answerId === answerId);
    });
    expect(filed.reasons).toEqual([expect.objectContaining({ reason: 'thumbs-down' })]);
    expect(filed.reasons[0]?.detail).toContain('[phone]');
    expect(filed.reasons[0]?.detail).not.toContain('555');

    const resolved = await review(b, `items/${filed.id}/resolve`, { verdict: 'correct', by: 'Dana Reyes' });
    expect(resolved.status).toBe(200);
    const approved = await review(b, 'approve', { answerId, by: 'Dana Reyes' });
    expect(approved.status).toBe(201);

    // Replica A reads the resolution, its audit trail and the approval, and serves the approved answer.
    const shown = await review(a, `items/${filed.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.item).toMatchObject({
      status: 'resolved',
      verdict: 'correct',
      resolvedBy: 'Dana Reyes',
    });
    expect((shown.body.audit as { action: string }[]).map((entry) => entry.action)).toEqual([
      'enqueued',
      'resolved:correct',
      'approved',
    ]);
    const approvals = (await review(a, 'approved')).body.approvals as {
      approval: { answerId: string; state: string };
      changes: unknown[];
    }[];
    expect(approvals).toContainEqual({
      approval: expect.objectContaining({ answerId, state: 'active', approvedBy: 'Dana Reyes' }),
      changes: [],
    });
    const again = await ask(a, question);
    expect(again.body.reviewed).toMatchObject({ by: 'Dana Reyes' });

    // `amicus review list` from a machine of its own reads the same queue.
    const listed = runAmicus(['--data', path.join(root, 'reviewer'), 'review', 'list', '--json'], { env });
    expect(listed.status, listed.stderr).toBe(0);
    const cliItems = (JSON.parse(listed.stdout) as { items: Item[] }).items;
    expect(cliItems.find((item) => item.id === filed.id)).toMatchObject({
      status: 'resolved',
      verdict: 'correct',
    });
  });
});
