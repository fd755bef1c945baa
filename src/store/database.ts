import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AmicusError, ErrorCode } from '../core/errors.js';

export type SqliteDatabase = Database.Database;

/** Bumped whenever the schema changes incompatibly; an older data directory asks for a re-ingest. */
export const schemaVersion = 1;

export const databaseFileName = 'amicus.db';
/**
 * Runtime state (conversation turns, feedback) lives in a file of its own: an ingest holds the
 * corpus store's write lock from start to commit, and a question answered meanwhile must still
 * be able to record its turn without waiting for that lock.
 */
export const stateDatabaseFileName = 'state.db';

const schema = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS collections (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  manifest TEXT NOT NULL,
  source_path TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  source_type TEXT NOT NULL,
  as_of TEXT NOT NULL,
  vetted_by TEXT,
  vetted_on TEXT,
  vetted INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  document_count INTEGER NOT NULL,
  passage_count INTEGER NOT NULL,
  ingested_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  format TEXT NOT NULL,
  title TEXT NOT NULL,
  metadata TEXT NOT NULL,
  passage_count INTEGER NOT NULL,
  PRIMARY KEY (collection_id, path)
);

-- Files an ingest reported and skipped, so an unchanged re-ingest can report them again.
CREATE TABLE IF NOT EXISTS skipped_files (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  reason TEXT NOT NULL
);

-- rowid is the integer key shared by the FTS index and the vector index. AUTOINCREMENT keeps a
-- deleted passage's rowid from being reused, so a stale vector can never point at a new passage.
CREATE TABLE IF NOT EXISTS passages (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  document_path TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  label TEXT NOT NULL,
  section_label TEXT NOT NULL,
  heading TEXT NOT NULL,
  breadcrumb TEXT NOT NULL,
  headings TEXT NOT NULL,
  text TEXT NOT NULL,
  url TEXT,
  jurisdiction TEXT NOT NULL,
  source_type TEXT NOT NULL,
  as_of TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  row_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_by_label ON passages(label);
CREATE INDEX IF NOT EXISTS passages_by_section ON passages(section_label);
CREATE INDEX IF NOT EXISTS passages_by_document ON passages(collection_id, document_path, ordinal);

-- External-content FTS5 table: the text is stored once, in passages.
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
  label, headings, text,
  content='passages', content_rowid='rowid',
  tokenize='porter unicode61 remove_diacritics 2'
);

-- Deletes keep the FTS index in step row by row. Inserts are indexed in bulk at the end of an
-- ingest (see indexNewPassages), which is three times faster than a trigger per row.
CREATE TRIGGER IF NOT EXISTS passages_fts_delete AFTER DELETE ON passages BEGIN
  INSERT INTO passages_fts (passages_fts, rowid, label, headings, text)
  VALUES ('delete', old.rowid, old.label, old.headings, old.text);
END;
`;

export interface OpenDatabaseOptions {
  /** Create the data directory and an empty store when missing (ingest does; readers do not). */
  readonly create?: boolean;
}

/**
 * Opens (and on first use creates) the store in a data directory. WAL mode lets a server keep
 * reading the last committed index while an ingest writes the next one in a transaction.
 */
export function openDatabase(dataDirectory: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  const file = path.join(dataDirectory, databaseFileName);
  const create = options.create ?? false;
  if (!create && !existsSync(file)) {
    throw new AmicusError(
      ErrorCode.NotFound,
      `No Amicus data at ${dataDirectory}. Run \`amicus ingest <path>\` first, or pass --data (or set AMICUS_DATA).`,
      { location: dataDirectory },
    );
  }
  let database: SqliteDatabase;
  try {
    if (create) mkdirSync(dataDirectory, { recursive: true });
    database = new Database(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AmicusError(ErrorCode.StoreFailure, `Cannot open the Amicus store at ${file}: ${reason}`, {
      cause: error,
      location: file,
    });
  }
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    // NORMAL is durable in WAL mode except for the last transactions before a power loss,
    // which an ingest can simply redo; it keeps ingest fast.
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 5000');
    migrate(database, file, create);
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

/**
 * Opens (and creates) the runtime-state store beside the corpus store. Its tables belong to the
 * components that use it (each creates its own), so it has no schema version of its own.
 */
export function openStateDatabase(dataDirectory: string): SqliteDatabase {
  const file = path.join(dataDirectory, stateDatabaseFileName);
  let database: SqliteDatabase;
  try {
    mkdirSync(dataDirectory, { recursive: true });
    database = new Database(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AmicusError(
      ErrorCode.StoreFailure,
      `Cannot open the Amicus state store at ${file}: ${reason}`,
      {
        cause: error,
        location: file,
      },
    );
  }
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    // Writes here are single rows from answering processes; a short wait is enough, and a long
    // one would block the event loop (better-sqlite3 is synchronous).
    database.pragma('busy_timeout = 1000');
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

function migrate(database: SqliteDatabase, file: string, create: boolean): void {
  const currentVersion = database.pragma('user_version', { simple: true }) as number;
  if (currentVersion === schemaVersion) return;
  if (currentVersion !== 0) {
    throw new AmicusError(
      ErrorCode.IndexMismatch,
      `The store at ${file} has schema version ${currentVersion}, but this Amicus uses ${schemaVersion}. ` +
        'Move the data directory aside and ingest again.',
      { location: file },
    );
  }
  if (!create) {
    throw new AmicusError(
      ErrorCode.NotFound,
      `The store at ${file} is empty. Run \`amicus ingest <path>\` first.`,
      {
        location: file,
      },
    );
  }
  database.exec(schema);
  database.pragma(`user_version = ${schemaVersion}`);
}

export function readMeta(database: SqliteDatabase, key: string): string | undefined {
  const row = database.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
    | { value: string }
    | undefined;
  return row?.value;
}

export function writeMeta(database: SqliteDatabase, key: string, value: string): void {
  database
    .prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
    .run(key, value);
}

/** The highest passage rowid ever used; rows inserted after it are the ones an ingest added. */
export function highestPassageRowid(database: SqliteDatabase): number {
  const row = database.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'passages'").get() as
    | { seq: number }
    | undefined;
  return row?.seq ?? 0;
}

/**
 * Adds the passages inserted since `afterRowid` to the FTS index in one statement. Passages are
 * never updated in place (a changed row is deleted and inserted), so this and the delete
 * trigger keep the index exact.
 */
export function indexNewPassages(database: SqliteDatabase, afterRowid: number): void {
  database
    .prepare(
      'INSERT INTO passages_fts (rowid, label, headings, text) SELECT rowid, label, headings, text FROM passages WHERE rowid > ?',
    )
    .run(afterRowid);
}

export interface IngestLockOptions {
  /** How long to keep trying while another connection holds the write lock. */
  readonly waitMs: number;
  /** Called once, when the first attempt finds the store busy. */
  readonly onWaiting?: () => void;
  readonly pollMs?: number;
}

/**
 * Starts an ingest's write transaction. An ingest holds SQLite's write lock from start to
 * commit, which can take minutes, so a second ingest would otherwise block for the
 * `busy_timeout` and then fail with SQLite's "database is locked". Instead the lock is tried
 * without blocking, and retried every `pollMs` until `waitMs` has passed; then the ingest fails
 * with a plain message. The lock is SQLite's own, so a killed ingest never leaves it behind.
 */
export async function beginIngestTransaction(
  database: SqliteDatabase,
  options: IngestLockOptions,
): Promise<void> {
  const deadline = performance.now() + options.waitMs;
  const busyTimeout = database.pragma('busy_timeout', { simple: true }) as number;
  database.pragma('busy_timeout = 0');
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        database.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
      if (performance.now() >= deadline) {
        const waited = Math.round(options.waitMs / 1000);
        throw new AmicusError(
          ErrorCode.StoreFailure,
          `Another ingest is running on ${path.dirname(database.name)}${waited > 0 ? ` (waited ${waited} s, ingest.lockWaitSeconds)` : ''}; try again when it has finished.`,
          { location: database.name },
        );
      }
      if (attempt === 0) options.onWaiting?.();
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
    }
  } finally {
    database.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
