import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmicusError, ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { PostgresPool } from './connection.js';
import { inTransaction } from './connection.js';

/**
 * The advisory lock taken for the migrations' transaction: every process migrates at start,
 * and two replicas starting together must not both apply the same file. The second waits,
 * then finds the file applied. Transaction-scoped, so a process killed midway releases it.
 */
export const migrationLockKey = 0x616d_6963_0001n;

const migrationFileName = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const moduleDirectory = path.dirname(fileURLToPath(import.meta.url));

/** The migrations folder: beside this module in src/, or src/postgres/migrations from dist/. */
export function migrationsDirectory(): string {
  const candidates = [
    path.join(moduleDirectory, 'migrations'),
    path.resolve(moduleDirectory, '..', '..', 'src', 'postgres', 'migrations'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new AmicusError(
      ErrorCode.NotFound,
      `The PostgreSQL migrations were not found; looked in ${candidates.join(' and ')}`,
      { location: candidates[0] ?? 'migrations' },
    );
  }
  return found;
}

/** The versioned SQL files, in order; a misnamed file or a repeated version is refused. */
export function readMigrations(directory = migrationsDirectory()): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(directory).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = migrationFileName.exec(file);
    if (!match) {
      throw new AmicusError(
        ErrorCode.ConfigInvalid,
        `Migration file ${path.join(directory, file)} is not named NNNN_name.sql`,
        { location: path.join(directory, file) },
      );
    }
    const version = Number(match[1]);
    if (migrations.some((migration) => migration.version === version)) {
      throw new AmicusError(ErrorCode.ConfigInvalid, `Two migration files have version ${version}`, {
        location: path.join(directory, file),
      });
    }
    migrations.push({ version, name: match[2]!, sql: readFileSync(path.join(directory, file), 'utf8') });
  }
  return migrations;
}

/**
 * Brings the database's schema up to date in one transaction, under the migration lock. A
 * database migrated by a newer Amicus (a version this one does not know) is refused rather
 * than used with a schema it does not understand. Returns the versions applied now.
 *
 * Every process calls this at start, and almost always the schema is already current: one
 * query then says so, without a transaction or the lock (a replica's cold start pays one round
 * trip instead of five). Applied versions are only ever added, so "every known version is
 * there and nothing else" read at any moment stays true; anything else takes the locked path.
 */
export async function migrate(
  pool: PostgresPool,
  logger: Logger,
  migrations: readonly Migration[] = readMigrations(),
): Promise<number[]> {
  const applied = await appliedVersions(pool);
  if (applied !== undefined) {
    refuseUnknown(applied, migrations);
    if (migrations.every((migration) => applied.has(migration.version))) return [];
  }
  return migrateUnderLock(pool, logger, migrations);
}

/** The versions recorded, or undefined when the database has never been migrated. */
async function appliedVersions(pool: PostgresPool): Promise<Set<number> | undefined> {
  try {
    const rows = (await pool.query<{ version: number }>('SELECT version FROM amicus_migrations')).rows;
    return new Set(rows.map((row) => row.version));
  } catch (error) {
    // 42P01: undefined_table, an empty database.
    if ((error as { code?: string }).code === '42P01') return undefined;
    throw error;
  }
}

function refuseUnknown(applied: ReadonlySet<number>, migrations: readonly Migration[]): void {
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = [...applied].filter((version) => !known.has(version));
  if (unknown.length > 0) {
    throw new AmicusError(
      ErrorCode.IndexMismatch,
      `The PostgreSQL database has schema migration ${Math.max(...unknown)}, which this Amicus does not know ` +
        `(it knows up to ${Math.max(0, ...known)}); run the newer Amicus that migrated it.`,
      { location: 'store.url' },
    );
  }
}

async function migrateUnderLock(
  pool: PostgresPool,
  logger: Logger,
  migrations: readonly Migration[],
): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey.toString()]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS amicus_migrations (
         version INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM amicus_migrations')).rows.map(
        (row) => row.version,
      ),
    );
    refuseUnknown(applied, migrations);
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO amicus_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    if (done.length > 0)
      logger.info({ event: 'postgres.migrated', versions: done }, 'PostgreSQL schema migrated');
    return done;
  });
}
