import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AmicusError, ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import {
  currentGenerationId,
  type GenerationManifest,
  generationManifestSchema,
  indexesDirectory,
  recordGeneration,
  removeOtherGenerations,
} from '../retrieval/index-generation.js';
import { readMeta, type SqliteDatabase, writeMeta } from '../store/database.js';
import { inTransaction, type PostgresClient, type PostgresPool } from './connection.js';
import { cacheMeta, collectionColumns, documentColumns, passageColumns, type Row } from './corpus-tables.js';

export interface CacheOptions {
  readonly pool: PostgresPool;
  /** The local cache: a store in the data directory, opened with `create`. */
  readonly database: SqliteDatabase;
  readonly dataDirectory: string;
  readonly logger: Logger;
  /** Refuse a generation built by another embedder than the one configured here. */
  readonly embedderSourceKey?: string;
  /** Fail when nothing has been published yet (replicas); a worker starts from nothing. */
  readonly requirePublished: boolean;
}

export interface CacheState {
  readonly revision: number;
  readonly generationId: string | undefined;
  /** Whether this call changed the cache. */
  readonly changed: boolean;
}

const fileNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._-]+$/)
  .refine((name) => name !== '.' && name !== '..', 'not a file name');

const fetchBatchRows = 5_000;

/**
 * Brings a local cache up to the revision PostgreSQL has published: the passages added and
 * removed since the cache's revision (by rowid: a passage is never changed in place), the
 * collections, and, when the generation changed, its files, each checked against its size and
 * SHA-256 before anything is switched. Everything is read in one REPEATABLE READ transaction,
 * so what is copied is one publication, never half of two; it is then applied to the cache in
 * one SQLite transaction that also names the new generation, so the retriever (which follows
 * that name) switches passages and indexes at once. A failure anywhere leaves the cache, and
 * what this process serves, as it was.
 */
export async function synchronizeCache(options: CacheOptions): Promise<CacheState> {
  const { database, dataDirectory } = options;
  const current = await cacheIsCurrent(options);
  if (current) return current;
  return inTransaction(
    options.pool,
    async (client) => {
      const cluster = (await client.query<{ cluster_id: string }>('SELECT cluster_id FROM amicus_cluster'))
        .rows[0]!.cluster_id;
      assertCacheBelongs(database, dataDirectory, cluster);
      const head = (
        await client.query<{ revision: string; generation_id: string | null; max_rowid: string }>(
          'SELECT revision, generation_id, max_rowid FROM corpus_head',
        )
      ).rows[0]!;
      const revision = Number(head.revision);
      const generationId = head.generation_id ?? undefined;
      if (generationId === undefined && options.requirePublished) {
        throw new AmicusError(
          ErrorCode.NotFound,
          'No corpus has been published to PostgreSQL yet. Run `amicus ingest <path>` (the worker) first.',
          { location: 'store.url' },
        );
      }
      const localRevision = Number(readMeta(database, cacheMeta.revision) ?? '-1');
      const localGeneration = currentGenerationId(database);
      const generationFolder =
        generationId === undefined ? undefined : path.join(indexesDirectory(dataDirectory), generationId);
      const filesPresent = generationFolder === undefined || existsSync(generationFolder);
      if (localRevision === revision && localGeneration === generationId && filesPresent) {
        return { revision, generationId, changed: false };
      }

      let manifest: GenerationManifest | undefined;
      let fetchedFolder: string | undefined;
      if (generationId !== undefined && (localGeneration !== generationId || !filesPresent)) {
        manifest = await readManifest(client, generationId, options.embedderSourceKey);
        fetchedFolder = await fetchGeneration(client, generationId, dataDirectory);
      }
      try {
        const passages = await passageChanges(client, database);
        const collections = (
          await client.query<Row>(`SELECT ${collectionColumns.join(', ')} FROM collections`)
        ).rows;
        const documents = await changedDocuments(client, database, collections);
        let finalFolder: string | undefined;
        if (fetchedFolder && generationFolder) {
          // A folder of that name left by a killed worker or replica is not trusted: replaced.
          rmSync(generationFolder, { recursive: true, force: true });
          renameSync(fetchedFolder, generationFolder);
          fetchedFolder = undefined;
          finalFolder = generationFolder;
        }
        try {
          applyToCache(database, {
            cluster,
            revision,
            maxRowid: Number(head.max_rowid),
            manifest,
            passages,
            collections,
            documents,
          });
        } catch (error) {
          if (finalFolder) rmSync(finalFolder, { recursive: true, force: true });
          throw error;
        }
      } finally {
        if (fetchedFolder) rmSync(fetchedFolder, { recursive: true, force: true });
      }
      if (generationId !== undefined) removeOtherGenerations(dataDirectory, generationId);
      options.logger.info(
        { event: 'postgres.cache_synchronized', revision, generation: generationId },
        'local cache synchronized with PostgreSQL',
      );
      return { revision, generationId, changed: true };
    },
    'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  );
}

/**
 * The common case at every start and poll, in one statement (one snapshot, so no transaction):
 * the cache was filled from this database and already holds its published revision and
 * generation. Anything else, including a cache of another database, takes the full path.
 */
async function cacheIsCurrent(options: CacheOptions): Promise<CacheState | undefined> {
  const { database, dataDirectory } = options;
  const head = (
    await options.pool.query<{ cluster_id: string; revision: string; generation_id: string | null }>(
      'SELECT (SELECT cluster_id FROM amicus_cluster) AS cluster_id, revision, generation_id FROM corpus_head',
    )
  ).rows[0];
  if (!head || head.generation_id === null) return undefined;
  const revision = Number(head.revision);
  const current =
    readMeta(database, cacheMeta.cluster) === head.cluster_id &&
    Number(readMeta(database, cacheMeta.revision) ?? '-1') === revision &&
    currentGenerationId(database) === head.generation_id &&
    existsSync(path.join(indexesDirectory(dataDirectory), head.generation_id));
  return current ? { revision, generationId: head.generation_id, changed: false } : undefined;
}

/**
 * A cache is filled from one database only. A data directory that holds an embedded store (or
 * the cache of another database) is refused rather than overwritten.
 */
function assertCacheBelongs(database: SqliteDatabase, dataDirectory: string, cluster: string): void {
  const filledFrom = readMeta(database, cacheMeta.cluster);
  if (filledFrom === cluster) return;
  const holds = (database.prepare('SELECT count(*) AS count FROM collections').get() as { count: number })
    .count;
  if (filledFrom === undefined && holds === 0) return;
  throw new AmicusError(
    ErrorCode.ConfigInvalid,
    filledFrom === undefined
      ? `The data directory ${dataDirectory} holds an embedded store; with PostgreSQL (store.url) it is this process's cache. Give each process an empty data directory of its own (--data).`
      : `The data directory ${dataDirectory} is the cache of another PostgreSQL database; give this process an empty data directory of its own (--data).`,
    { location: dataDirectory },
  );
}

async function readManifest(
  client: PostgresClient,
  generationId: string,
  embedderSourceKey: string | undefined,
): Promise<GenerationManifest> {
  const row = (
    await client.query<{ manifest: unknown }>('SELECT manifest FROM generations WHERE id = $1', [
      generationId,
    ])
  ).rows[0];
  const parsed = generationManifestSchema.safeParse(row?.manifest);
  if (!parsed.success || parsed.data.id !== generationId) {
    throw new AmicusError(
      ErrorCode.IndexMismatch,
      `Generation ${generationId} has no valid manifest in PostgreSQL`,
      {
        location: 'store.url',
      },
    );
  }
  const built = parsed.data.vectors.embedderSource;
  if (embedderSourceKey !== undefined && built !== embedderSourceKey) {
    throw new AmicusError(
      ErrorCode.IndexMismatch,
      `Generation ${generationId} was built with the "${built}" embedder, but this process is configured for "${embedderSourceKey}"; give the worker and every replica the same embedder configuration.`,
      { location: 'embedder' },
    );
  }
  return parsed.data;
}

/** Writes the generation's files into a fresh `.partial` folder, each checked; returns the folder. */
async function fetchGeneration(
  client: PostgresClient,
  generationId: string,
  dataDirectory: string,
): Promise<string> {
  const root = indexesDirectory(dataDirectory);
  mkdirSync(root, { recursive: true });
  const folder = path.join(root, `${generationId}.partial-${process.pid}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  try {
    const files = (
      await client.query<{ name: string; size: string; sha256: string; chunks: string }>(
        `SELECT f.name, f.size, f.sha256, (SELECT count(*) FROM generation_chunks c
           WHERE c.generation_id = f.generation_id AND c.name = f.name) AS chunks
         FROM generation_files f WHERE f.generation_id = $1 ORDER BY f.name`,
        [generationId],
      )
    ).rows;
    if (files.length === 0) {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `Generation ${generationId} has no files in PostgreSQL`,
        {
          location: 'store.url',
        },
      );
    }
    for (const file of files) {
      const name = fileNameSchema.safeParse(file.name);
      if (!name.success) {
        throw new AmicusError(
          ErrorCode.IndexMismatch,
          `Generation ${generationId} names a file "${file.name.slice(0, 80)}" that is not a plain file name`,
          { location: 'store.url' },
        );
      }
      const hash = createHash('sha256');
      let size = 0;
      const descriptor = openSync(path.join(folder, name.data), 'w');
      try {
        // One chunk per query, so a large vector graph never sits in memory twice.
        for (let chunk = 0; chunk < Number(file.chunks); chunk += 1) {
          const row = (
            await client.query<{ bytes: Buffer }>(
              'SELECT bytes FROM generation_chunks WHERE generation_id = $1 AND name = $2 AND chunk = $3',
              [generationId, file.name, chunk],
            )
          ).rows[0];
          if (!row) break;
          hash.update(row.bytes);
          size += row.bytes.length;
          writeSync(descriptor, row.bytes);
        }
      } finally {
        closeSync(descriptor);
      }
      const digest = hash.digest('hex');
      if (size !== Number(file.size) || digest !== file.sha256) {
        throw new AmicusError(
          ErrorCode.IndexMismatch,
          `Generation ${generationId}: ${file.name} does not match its checksum (${size} bytes, sha256 ${digest.slice(0, 12)}…; published ${file.size} bytes, ${file.sha256.slice(0, 12)}…)`,
          { location: 'store.url' },
        );
      }
    }
    return folder;
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

interface PassageChanges {
  readonly removed: number[];
  readonly added: Row[];
}

/** The rowids the cache has and the database does not, and the rows the database has and the cache does not. */
async function passageChanges(client: PostgresClient, database: SqliteDatabase): Promise<PassageChanges> {
  const remote = new Set(
    (await client.query<{ rowid: string }>('SELECT rowid FROM passages')).rows.map((row) =>
      Number(row.rowid),
    ),
  );
  const local = new Set(database.prepare('SELECT rowid FROM passages').pluck().all() as number[]);
  const removed = [...local].filter((rowid) => !remote.has(rowid));
  const missing = [...remote].filter((rowid) => !local.has(rowid)).sort((left, right) => left - right);
  const added: Row[] = [];
  for (let start = 0; start < missing.length; start += fetchBatchRows) {
    const batch = missing.slice(start, start + fetchBatchRows);
    const rows = (
      await client.query<Row>(
        `SELECT ${passageColumns.join(', ')} FROM passages WHERE rowid = ANY($1::bigint[]) ORDER BY rowid`,
        [batch],
      )
    ).rows;
    for (const row of rows) added.push({ ...row, rowid: Number(row.rowid) });
  }
  return { removed, added };
}

/** Documents and skipped files of the collections whose fingerprint differs from the cache's. */
async function changedDocuments(
  client: PostgresClient,
  database: SqliteDatabase,
  collections: readonly Row[],
): Promise<Map<string, { documents: Row[]; skipped: Row[] }>> {
  const localFingerprints = new Map(
    (
      database.prepare('SELECT id, fingerprint FROM collections').all() as Array<{
        id: string;
        fingerprint: string;
      }>
    ).map((row) => [row.id, row.fingerprint]),
  );
  const changed = new Map<string, { documents: Row[]; skipped: Row[] }>();
  for (const collection of collections) {
    const id = String(collection.id);
    if (localFingerprints.get(id) === collection.fingerprint) continue;
    const documents = (
      await client.query<Row>(
        `SELECT ${documentColumns.join(', ')} FROM documents WHERE collection_id = $1`,
        [id],
      )
    ).rows;
    const skipped = (
      await client.query<Row>(
        'SELECT path, reason FROM skipped_files WHERE collection_id = $1 ORDER BY ordinal',
        [id],
      )
    ).rows;
    changed.set(id, { documents, skipped });
  }
  return changed;
}

interface CacheUpdate {
  readonly cluster: string;
  readonly revision: number;
  readonly maxRowid: number;
  readonly manifest: GenerationManifest | undefined;
  readonly passages: PassageChanges;
  readonly collections: readonly Row[];
  readonly documents: ReadonlyMap<string, { documents: Row[]; skipped: Row[] }>;
}

/** One SQLite transaction: rows, full-text entries, the rowid sequence and the generation's name. */
function applyToCache(database: SqliteDatabase, update: CacheUpdate): void {
  const upsertCollection = database.prepare(
    `INSERT INTO collections (${collectionColumns.join(', ')}) VALUES (${collectionColumns.map((column) => `@${column}`).join(', ')})
     ON CONFLICT(id) DO UPDATE SET ${collectionColumns
       .filter((column) => column !== 'id')
       .map((column) => `${column} = excluded.${column}`)
       .join(', ')}`,
  );
  const insertPassage = database.prepare(
    `INSERT INTO passages (${passageColumns.join(', ')}) VALUES (${passageColumns.map((column) => `@${column}`).join(', ')})`,
  );
  const indexPassage = database.prepare(
    'INSERT INTO passages_fts (rowid, label, headings, text) VALUES (@rowid, @label, @headings, @text)',
  );
  const deletePassage = database.prepare('DELETE FROM passages WHERE rowid = ?');
  const insertDocument = database.prepare(
    `INSERT INTO documents (${documentColumns.join(', ')}) VALUES (${documentColumns.map((column) => `@${column}`).join(', ')})`,
  );
  const insertSkipped = database.prepare(
    'INSERT INTO skipped_files (collection_id, path, reason) VALUES (?, ?, ?)',
  );
  database.transaction(() => {
    for (const collection of update.collections) upsertCollection.run(collection);
    for (const rowid of update.passages.removed) deletePassage.run(rowid);
    for (const row of update.passages.added) {
      insertPassage.run(row);
      indexPassage.run(row);
    }
    for (const [collectionId, { documents, skipped }] of update.documents) {
      database.prepare('DELETE FROM documents WHERE collection_id = ?').run(collectionId);
      database.prepare('DELETE FROM skipped_files WHERE collection_id = ?').run(collectionId);
      for (const document of documents) insertDocument.run(document);
      for (const file of skipped) insertSkipped.run(collectionId, file.path, file.reason);
    }
    const kept = new Set(update.collections.map((collection) => String(collection.id)));
    for (const id of database.prepare('SELECT id FROM collections').pluck().all() as string[]) {
      if (!kept.has(id)) database.prepare('DELETE FROM collections WHERE id = ?').run(id);
    }
    // The worker's next rowid must follow every rowid ever published, deleted ones included.
    const sequence = database
      .prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'passages'")
      .run(update.maxRowid);
    if (sequence.changes === 0) {
      database.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('passages', ?)").run(update.maxRowid);
    }
    if (update.manifest) recordGeneration(database, update.manifest);
    writeMeta(database, cacheMeta.revision, String(update.revision));
    writeMeta(database, cacheMeta.cluster, update.cluster);
  })();
}
