import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
/**
 * The PostgreSQL pieces on their own, against a real cluster: migrations under their lock, and
 * the shared state the replicas use (seen ids, rate buckets, thread memory, feedback).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { createPool, type PostgresPool } from '../../src/postgres/connection.js';
import { PostgresFeedbackLog } from '../../src/postgres/feedback-log.js';
import { migrate, migrationLockKey, readMigrations } from '../../src/postgres/migrations.js';
import { PostgresRateLimiter } from '../../src/postgres/rate-buckets.js';
import { PostgresSeenIds } from '../../src/postgres/seen-ids.js';
import { PostgresThreadMemory } from '../../src/postgres/thread-memory.js';
import { usePostgres } from '../support/postgres.js';

const logger = silentLogger();

describe('PostgreSQL migrations', () => {
  const postgres = usePostgres();

  it('applies each migration once when several processes start together', async () => {
    const url = await postgres().createDatabase('migrations');
    const pools = [0, 1, 2, 3].map(() => createPool({ url, size: 2, logger, applicationName: 'test' }));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool, logger)));
      const versions = readMigrations().map((migration) => migration.version);
      expect(applied.flat().sort()).toEqual(versions);
      const rows = await pools[0]!.query('SELECT version FROM amicus_migrations ORDER BY version');
      expect(rows.rows.map((row) => row.version)).toEqual(versions);
      // Started again, nothing is left to apply.
      expect(await migrate(pools[1]!, logger)).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('confirms a current schema without waiting for the migration lock, and applies a missing one under it', async () => {
    const url = await postgres().createDatabase('current');
    const pool = createPool({ url, size: 2, logger, applicationName: 'test' });
    const holder = await pool.connect();
    try {
      await migrate(pool, logger);
      // Another process holds the lock (as a long migration would): a start on a current schema
      // must not wait for it.
      await holder.query('SELECT pg_advisory_lock($1)', [migrationLockKey.toString()]);
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('waited')), 5_000));
      expect(await Promise.race([migrate(pool, logger), timeout])).toEqual([]);
      await holder.query('SELECT pg_advisory_unlock($1)', [migrationLockKey.toString()]);
      // A database that lacks the newest migration takes the locked path and gets it.
      const newest = Math.max(...readMigrations().map((migration) => migration.version));
      await pool.query('DELETE FROM amicus_migrations WHERE version = $1', [newest]);
      expect(await migrate(pool, logger)).toEqual([newest]);
    } finally {
      holder.release();
      await pool.end();
    }
  });

  it('refuses a database migrated by a newer Amicus', async () => {
    const url = await postgres().createDatabase('newer');
    const pool = createPool({ url, size: 2, logger, applicationName: 'test' });
    try {
      await migrate(pool, logger);
      await pool.query("INSERT INTO amicus_migrations (version, name) VALUES (9999, 'from_the_future')");
      await expect(migrate(pool, logger)).rejects.toThrow(/migration 9999, which this Amicus does not know/);
    } finally {
      await pool.end();
    }
  });

  it('refuses a password in the config file but takes one from AMICUS_DATABASE_URL', () => {
    expect(() =>
      loadConfig({
        environment: {},
        workingDirectory: '/',
        configFile: writeTemporaryConfig({ store: { url: 'postgres://amicus:secret@db/amicus' } }),
      }),
    ).toThrow(/store\.url carries a password/);
    const config = loadConfig({
      environment: { AMICUS_DATABASE_URL: 'postgres://amicus:secret@db/amicus' },
      workingDirectory: '/',
    });
    expect(config.store.url).toBe('postgres://amicus:secret@db/amicus');
    expect(() =>
      loadConfig({ environment: { AMICUS_DATABASE_URL: 'mysql://db/amicus' }, workingDirectory: '/' }),
    ).toThrow(/store\.url.*PostgreSQL URL/);
  });
});

function writeTemporaryConfig(values: object): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'amicus-pg-config-')), 'amicus.config.json');
  writeFileSync(file, JSON.stringify(values));
  return file;
}

describe('state shared by replicas', () => {
  const postgres = usePostgres();
  let pool: PostgresPool;
  let other: PostgresPool;

  beforeAll(async () => {
    const url = await postgres().createDatabase('state');
    pool = createPool({ url, size: 4, logger, applicationName: 'replica one' });
    other = createPool({ url, size: 4, logger, applicationName: 'replica two' });
    await migrate(pool, logger);
  });
  afterAll(async () => {
    await pool?.end();
    await other?.end();
  });

  it('lets exactly one of several replicas take an id first, and forgets it when it expires', async () => {
    const one = new PostgresSeenIds(pool, 'slack-events', 60_000);
    const two = new PostgresSeenIds(other, 'slack-events', 60_000);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? one : two).firstSighting('Ev0RACE')),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await new PostgresSeenIds(pool, 'discord-interactions', 60_000).firstSighting('Ev0RACE')).toBe(
      true,
    );
    const brief = new PostgresSeenIds(pool, 'brief', 50);
    expect(await brief.firstSighting('x')).toBe(true);
    expect(await brief.firstSighting('x')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await brief.firstSighting('x')).toBe(true);
  });

  it('shares one allowance per user across replicas', async () => {
    const one = new PostgresRateLimiter(pool, 'http', 3, 1);
    const two = new PostgresRateLimiter(other, 'http', 3, 1);
    const decisions = await Promise.all([one, two, one, two, one].map((limiter) => limiter.take('user-1')));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
    const refused = decisions.find((decision) => !decision.allowed);
    // One question a minute: the next comes in about a minute.
    expect(refused).toMatchObject({ allowed: false });
    expect(refused && !refused.allowed && refused.retryAfterSeconds).toBeGreaterThan(50);
    expect((await one.take('user-2')).allowed).toBe(true);
  });

  it('keeps a thread bounded and continues it from another replica', async () => {
    const options = {
      maxTurns: 2,
      retentionDays: 30,
      redact: (text: string) => text.replace(/\d{3}-\d{4}/, '[phone]'),
    };
    const one = new PostgresThreadMemory(pool, options);
    const two = new PostgresThreadMemory(other, options);
    const turn = (question: string) => ({
      surface: 'slack',
      threadId: 'C1:1.0',
      question,
      standaloneQuestion: question,
      answerId: question,
      answerKind: 'answer',
      citedLabels: ['Fed. R. Evid. 801'],
    });
    await one.append(turn('first, call 555-1234'));
    expect(await two.hasThread('slack', 'C1:1.0')).toBe(true);
    await Promise.all([one.append(turn('second')), two.append(turn('third'))]);
    const turns = await two.turns('slack', 'C1:1.0');
    expect(turns.map((entry) => entry.turn)).toEqual([2, 3]);
    expect(turns[0]?.citedLabels).toEqual(['Fed. R. Evid. 801']);
    expect(await one.hasThread('slack', 'other')).toBe(false);
  });

  it('stores feedback redacted, with the user hashed', async () => {
    const log = new PostgresFeedbackLog(pool, (text) => text.replace(/\S+@\S+/, '[email]'));
    await log.record({
      answerId: 'a-1',
      rating: 'down',
      reason: 'write to me@example.org',
      surface: 'slack',
      userId: 'U1',
    });
    const stored = await new PostgresFeedbackLog(other).forAnswer('a-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ rating: 'down', reason: 'write to [email]', surface: 'slack' });
    expect(stored[0]?.userHash).toMatch(/^[0-9a-f]{16}$/);
  });
});
