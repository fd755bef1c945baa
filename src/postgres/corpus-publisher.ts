import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { AmicusError, ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { IngestExtension, IngestExtensionContext, PreparedExtension } from '../corpus/ingest.js';
import { currentGeneration } from '../retrieval/index-generation.js';
import { highestPassageRowid, type SqliteDatabase, writeMeta } from '../store/database.js';
import { inTransaction, type PostgresClient, type PostgresPool } from './connection.js';
import { copyFromSqlite } from './copy-from-sqlite.js';
import {
  artifactChunkBytes,
  cacheMeta,
  collectionColumns,
  documentColumns,
  passageColumns,
  publicationChannel,
  type Row,
} from './corpus-tables.js';

export interface CorpusPublisherOptions {
  readonly pool: PostgresPool;
  readonly dataDirectory: string;
  /** The revision the worker's cache was synchronized to before this ingest began. */
  readonly baseRevision: number;
  readonly logger: Logger;
}

/** Rowids per COPY of passages: one COPY for a whole first ingest of the U.S. Code. */
const copyBatchRowids = 500_000;

/**
 * The last stage of an ingest on the worker: inside the local ingest transaction, after the
 * index builder has written the new generation, it publishes everything that changed to
 * PostgreSQL in one transaction: collections, documents, the passages added and removed, and
 * the generation's files with their checksums. The revision goes up and a NOTIFY tells the
 * replicas, both only at that commit, so a worker killed at any moment before it leaves the
 * database, and every replica, on the previous generation.
 */
export class PostgresCorpusPublisher implements IngestExtension {
  constructor(private readonly options: CorpusPublisherOptions) {}

  async prepare(context: IngestExtensionContext): Promise<PreparedExtension> {
    const { database } = context;
    const generation = currentGeneration(database, this.options.dataDirectory);
    const removed = context.changes.flatMap((change) => [...change.removedRowids]);
    const added = context.changes.flatMap((change) => [...change.addedRowids]);
    const revision = await inTransaction(this.options.pool, async (client) => {
      const head = (
        await client.query<{ revision: string; generation_id: string | null }>(
          'SELECT revision, generation_id FROM corpus_head FOR UPDATE',
        )
      ).rows[0]!;
      if (Number(head.revision) !== this.options.baseRevision) {
        throw new AmicusError(
          ErrorCode.StoreFailure,
          `Another ingest published revision ${head.revision} of the corpus while this one ran on revision ${this.options.baseRevision}; run this ingest again.`,
          { location: 'store.url' },
        );
      }
      const milliseconds: Record<string, number> = {};
      let lapStarted = performance.now();
      const lap = (phase: string) => {
        const now = performance.now();
        milliseconds[phase] = Math.round(now - lapStarted);
        lapStarted = now;
      };
      const changedCollections = await this.publishCollections(client, database);
      lap('collections');
      if (removed.length > 0) {
        await client.query('DELETE FROM passages WHERE rowid = ANY($1::bigint[])', [removed]);
      }
      await this.publishPassages(client, database, added);
      lap('passages');
      await this.checkPassageCount(client, database);
      const newGeneration = generation !== undefined && generation.manifest.id !== head.generation_id;
      if (!newGeneration && changedCollections === 0 && removed.length === 0 && added.length === 0) {
        return Number(head.revision);
      }
      if (newGeneration) await this.publishGeneration(client, generation.manifest, generation.directory);
      lap('generation');
      const next = Number(head.revision) + 1;
      await client.query(
        'UPDATE corpus_head SET revision = $1, generation_id = $2, max_rowid = greatest(max_rowid, $3), published_at = now()',
        [next, generation?.manifest.id ?? head.generation_id, highestPassageRowid(database)],
      );
      if (newGeneration) {
        // The generation before this one stays, so that a replica still loading it can finish.
        await client.query(`DELETE FROM generations WHERE id <> $1 AND id <> coalesce($2, '')`, [
          generation.manifest.id,
          head.generation_id,
        ]);
      }
      await client.query('SELECT pg_notify($1, $2)', [publicationChannel, String(next)]);
      this.options.logger.info(
        {
          event: 'postgres.published',
          revision: next,
          generation: generation?.manifest.id,
          added: added.length,
          removed: removed.length,
          collections: changedCollections,
          // Where the publication's time went (before the commit), for docs/benchmarks.md.
          milliseconds,
        },
        'corpus published',
      );
      return next;
    });
    // The local cache now holds what the database holds; the ingest's commit makes it so.
    writeMeta(database, cacheMeta.revision, String(revision));
    return { committed: () => {}, abandoned: () => {} };
  }

  /** Upserts the collections that differ from the database's, with their documents and skipped files. */
  private async publishCollections(client: PostgresClient, database: SqliteDatabase): Promise<number> {
    const local = database.prepare(`SELECT ${collectionColumns.join(', ')} FROM collections`).all() as Row[];
    const remote = new Map(
      (await client.query<Row>(`SELECT ${collectionColumns.join(', ')} FROM collections`)).rows.map((row) => [
        String(row.id),
        row,
      ]),
    );
    let changed = 0;
    for (const row of local) {
      const stored = remote.get(String(row.id));
      if (stored && collectionColumns.every((column) => String(stored[column]) === String(row[column]))) {
        continue;
      }
      changed += 1;
      const placeholders = collectionColumns.map((_, index) => `$${index + 1}`).join(', ');
      const updates = collectionColumns
        .filter((column) => column !== 'id')
        .map((column) => `${column} = excluded.${column}`)
        .join(', ');
      await client.query(
        `INSERT INTO collections (${collectionColumns.join(', ')}) VALUES (${placeholders})
         ON CONFLICT (id) DO UPDATE SET ${updates}`,
        collectionColumns.map((column) => row[column] ?? null),
      );
      // Documents and skipped files change only with their collection's fingerprint.
      if (stored?.fingerprint === row.fingerprint) continue;
      await client.query('DELETE FROM documents WHERE collection_id = $1', [row.id]);
      await client.query('DELETE FROM skipped_files WHERE collection_id = $1', [row.id]);
      await copyFromSqlite(client, database, {
        table: 'documents',
        columns: documentColumns,
        where: 'collection_id = ?',
        parameters: [row.id],
      });
      const skipped = database
        .prepare('SELECT path, reason FROM skipped_files WHERE collection_id = ? ORDER BY rowid')
        .all(row.id) as Array<{ path: string; reason: string }>;
      if (skipped.length > 0) {
        await client.query(
          `INSERT INTO skipped_files (collection_id, ordinal, path, reason)
           SELECT $1, ordinality, path, reason FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS skipped(path, reason, ordinality)`,
          [row.id, skipped.map((file) => file.path), skipped.map((file) => file.reason)],
        );
      }
    }
    return changed;
  }

  /** The added passages, by COPY; rowids are sent in batches to bound the JSON parameter. */
  private async publishPassages(
    client: PostgresClient,
    database: SqliteDatabase,
    rowids: readonly number[],
  ): Promise<void> {
    for (let start = 0; start < rowids.length; start += copyBatchRowids) {
      await copyFromSqlite(client, database, {
        table: 'passages',
        columns: passageColumns,
        where: 'rowid IN (SELECT value FROM json_each(?))',
        parameters: [JSON.stringify(rowids.slice(start, start + copyBatchRowids))],
      });
    }
  }

  /** The database must now hold exactly the worker's passages; anything else is a bug to stop on. */
  private async checkPassageCount(client: PostgresClient, database: SqliteDatabase): Promise<void> {
    const remote = Number(
      (await client.query<{ count: string }>('SELECT count(*) FROM passages')).rows[0]!.count,
    );
    const local = (database.prepare('SELECT count(*) AS count FROM passages').get() as { count: number })
      .count;
    if (remote !== local) {
      throw new AmicusError(
        ErrorCode.StoreFailure,
        `Publishing would leave PostgreSQL with ${remote} passages but the worker's cache with ${local}; nothing was published. Run the ingest again.`,
        { location: 'store.url' },
      );
    }
  }

  /** Stores every file of the generation's folder in chunks, with its size and SHA-256. */
  private async publishGeneration(
    client: PostgresClient,
    manifest: object & { id: string },
    directory: string,
  ): Promise<void> {
    await client.query('INSERT INTO generations (id, manifest) VALUES ($1, $2)', [
      manifest.id,
      JSON.stringify(manifest),
    ]);
    for (const name of readdirSync(directory).sort()) {
      const file = path.join(directory, name);
      const size = statSync(file).size;
      await client.query(
        'INSERT INTO generation_files (generation_id, name, size, sha256) VALUES ($1, $2, $3, $4)',
        [manifest.id, name, size, ''],
      );
      const hash = createHash('sha256');
      const descriptor = openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(artifactChunkBytes, Math.max(1, size)));
        for (let chunk = 0, offset = 0; offset < size || chunk === 0; chunk += 1) {
          const read = size === 0 ? 0 : readSync(descriptor, buffer, 0, buffer.length, offset);
          const bytes = buffer.subarray(0, read);
          hash.update(bytes);
          await client.query(
            'INSERT INTO generation_chunks (generation_id, name, chunk, bytes) VALUES ($1, $2, $3, $4)',
            [manifest.id, name, chunk, bytes],
          );
          offset += read;
          if (size === 0) break;
        }
      } finally {
        closeSync(descriptor);
      }
      await client.query('UPDATE generation_files SET sha256 = $3 WHERE generation_id = $1 AND name = $2', [
        manifest.id,
        name,
        hash.digest('hex'),
      ]);
    }
  }
}
