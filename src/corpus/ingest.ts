import { realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { defaultIngestLimits } from '../core/config.js';
import { AmicusError, ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import { type CollectionWriteResult, CollectionWriter } from '../store/collection-writer.js';
import {
  beginIngestTransaction,
  highestPassageRowid,
  indexNewPassages,
  type SqliteDatabase,
} from '../store/database.js';
import { sha256Hex } from '../store/passage-rows.js';
import { type CollectionContent, readCollectionContent } from './collection-content.js';
import { type CollectionSource, discoverCollections, sourceLocation } from './sources.js';

export interface IngestProgress {
  readonly collectionId: string;
  readonly phase: 'reading' | 'writing' | 'vectors';
  readonly done: number;
  readonly total: number | undefined;
}

export interface IngestOptions {
  /** Ingest collections without `vettedBy`/`vettedOn`, marked unvetted so answers can say so. */
  readonly allowUnvetted?: boolean;
  /**
   * Let a collection replace one with the same id that was ingested from another path.
   * Without it that is refused: a stray folder reusing an id must not silently displace a
   * vetted collection.
   */
  readonly replace?: boolean;
  readonly maxFileBytes: number;
  /** JSON-lines records above this size are skipped (default: `ingest.maxRecordBytes`'s). */
  readonly maxRecordBytes?: number;
  /** Documents splitting into more passages are skipped (default: `ingest.maxPassagesPerDocument`'s). */
  readonly maxPassagesPerDocument?: number;
  /** How long to wait while another ingest holds the store (default 0: fail at once). */
  readonly lockWaitMs?: number;
  /** Called once when the ingest starts waiting for another one to finish. */
  readonly onWaiting?: () => void;
  readonly onProgress?: (progress: IngestProgress) => void;
  readonly now?: () => Date;
}

export interface SkippedFile {
  readonly collectionId: string;
  readonly path: string;
  readonly reason: string;
}

export interface CollectionIngestReport {
  readonly id: string;
  readonly title: string;
  readonly status: 'created' | 'updated' | 'unchanged';
  readonly vetted: boolean;
  readonly documents: number;
  readonly passages: number;
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
}

export interface IngestReport {
  readonly collections: readonly CollectionIngestReport[];
  readonly skipped: readonly SkippedFile[];
  readonly durationMs: number;
}

/**
 * A later stage of ingest (the vector index) that must land atomically with the passages.
 * `prepare` runs inside the ingest transaction after every passage is written; it writes its
 * side files under new names and records them in the store, so the commit switches both at
 * once. `committed` then removes the previous generation; `abandoned` removes the new one.
 */
export interface IngestExtension {
  prepare(context: IngestExtensionContext): Promise<PreparedExtension>;
}

export interface IngestExtensionContext {
  readonly database: SqliteDatabase;
  readonly changes: readonly CollectionWriteResult[];
  readonly onProgress: ((progress: IngestProgress) => void) | undefined;
}

export interface PreparedExtension {
  committed(): void;
  abandoned(): void;
}

export interface CorpusIngesterDependencies {
  readonly database: SqliteDatabase;
  readonly extensions?: readonly IngestExtension[];
  readonly logger?: Logger;
}

/** What runs an ingest: the `CorpusIngester` itself, or one wrapped for a server database. */
export interface Ingester {
  ingest(paths: readonly string[], options: IngestOptions): Promise<IngestReport>;
}

/** Bumped when splitting or labelling changes, so an unchanged corpus is re-split once. */
export const passagePipelineVersion = '3';

/**
 * Ingests collections into the store in one transaction. Unchanged collections (same manifest,
 * same file hashes, same pipeline version) are skipped without parsing. Changed collections are
 * re-split and written as a diff. A crash or an error anywhere before the commit leaves the
 * previous index whole, and readers keep serving it throughout (WAL mode).
 */
export class CorpusIngester implements Ingester {
  private readonly database: SqliteDatabase;
  private readonly extensions: readonly IngestExtension[];
  private readonly logger: Logger;

  constructor(dependencies: CorpusIngesterDependencies) {
    this.database = dependencies.database;
    this.extensions = dependencies.extensions ?? [];
    this.logger = dependencies.logger ?? silentLogger();
  }

  async ingest(paths: readonly string[], options: IngestOptions): Promise<IngestReport> {
    const started = performance.now();
    const now = options.now ?? (() => new Date());
    const sources = await discoverCollections(paths);
    if (!options.allowUnvetted) rejectUnvetted(sources);
    const limits = {
      maxFileBytes: options.maxFileBytes,
      maxRecordBytes: options.maxRecordBytes ?? defaultIngestLimits.maxRecordBytes,
      maxPassagesPerDocument: options.maxPassagesPerDocument ?? defaultIngestLimits.maxPassagesPerDocument,
    };

    const skipped: SkippedFile[] = [];
    const reports: CollectionIngestReport[] = [];
    const changes: CollectionWriteResult[] = [];
    let prepared: PreparedExtension[] = [];

    await beginIngestTransaction(this.database, {
      waitMs: options.lockWaitMs ?? 0,
      ...(options.onWaiting ? { onWaiting: options.onWaiting } : {}),
    });
    try {
      if (!options.replace) this.rejectTakeovers(sources);
      const rowidBeforeIngest = highestPassageRowid(this.database);
      for (const source of sources) {
        const content = await readCollectionContent(source, { ...limits, onProgress: options.onProgress });
        const fingerprint = sha256Hex(
          passagePipelineVersion,
          JSON.stringify(source.manifest),
          options.allowUnvetted ? 'allow-unvetted' : 'vetted-only',
          // A record or document skipped under one limit may land under another.
          `limits:${limits.maxRecordBytes}:${limits.maxPassagesPerDocument}`,
          content.fingerprint,
        );
        const stored = this.database
          .prepare('SELECT fingerprint, document_count, passage_count FROM collections WHERE id = ?')
          .get(source.manifest.id) as
          | { fingerprint: string; document_count: number; passage_count: number }
          | undefined;
        if (stored?.fingerprint === fingerprint) {
          skipped.push(...this.previouslySkipped(source.manifest.id));
          reports.push(unchangedReport(source, stored.document_count, stored.passage_count));
          continue;
        }
        const result = await this.writeCollection(source, content, fingerprint, now(), options, skipped);
        changes.push(result.write);
        reports.push({
          id: source.manifest.id,
          title: source.manifest.title,
          status: stored ? 'updated' : 'created',
          vetted: isVetted(source),
          documents: result.documents,
          passages: result.passages,
          added: result.write.added,
          updated: result.write.updated,
          removed: result.write.removed,
        });
      }
      indexNewPassages(this.database, rowidBeforeIngest);
      for (const extension of this.extensions) {
        prepared.push(
          await extension.prepare({ database: this.database, changes, onProgress: options.onProgress }),
        );
      }
      this.database.exec('COMMIT');
    } catch (error) {
      if (this.database.inTransaction) this.database.exec('ROLLBACK');
      for (const extension of prepared) extension.abandoned();
      prepared = [];
      throw error;
    }
    for (const extension of prepared) extension.committed();
    this.logger.info({ collections: reports.length, skipped: skipped.length }, 'ingest committed');
    return { collections: reports, skipped, durationMs: performance.now() - started };
  }

  /** Refuses a collection whose id is held by one ingested from another path. */
  private rejectTakeovers(sources: readonly CollectionSource[]): void {
    const statement = this.database.prepare('SELECT source_path FROM collections WHERE id = ?');
    for (const source of sources) {
      const stored = statement.get(source.manifest.id) as { source_path: string } | undefined;
      if (stored === undefined) continue;
      const incoming = path.resolve(sourceLocation(source));
      if (samePath(stored.source_path, incoming)) continue;
      throw new AmicusError(
        ErrorCode.CorpusInvalid,
        `Collection id "${source.manifest.id}" is already held by the collection ingested from ${stored.source_path}; ` +
          `${incoming} would replace it. Give it another id in ${source.manifestPath}, or pass --replace to replace the stored one.`,
        { location: source.manifestPath },
      );
    }
  }

  private previouslySkipped(collectionId: string): SkippedFile[] {
    const rows = this.database
      .prepare('SELECT path, reason FROM skipped_files WHERE collection_id = ? ORDER BY rowid')
      .all(collectionId) as { path: string; reason: string }[];
    return rows.map((row) => ({ collectionId, path: row.path, reason: row.reason }));
  }

  private async writeCollection(
    source: CollectionSource,
    content: CollectionContent,
    fingerprint: string,
    now: Date,
    options: IngestOptions,
    skipped: SkippedFile[],
  ): Promise<{ write: CollectionWriteResult; documents: number; passages: number }> {
    const manifest = source.manifest;
    const database = this.database;
    // The collection row must exist before passages reference it; counts are filled in below.
    database
      .prepare(
        `INSERT INTO collections (id, title, manifest, source_path, jurisdiction, source_type, as_of, vetted_by, vetted_on,
           vetted, fingerprint, document_count, passage_count, ingested_at)
         VALUES (@id, @title, @manifest, @sourcePath, @jurisdiction, @sourceType, @asOf, @vettedBy, @vettedOn,
           @vetted, @fingerprint, 0, 0, @ingestedAt)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, manifest = excluded.manifest,
           source_path = excluded.source_path, jurisdiction = excluded.jurisdiction, source_type = excluded.source_type,
           as_of = excluded.as_of, vetted_by = excluded.vetted_by, vetted_on = excluded.vetted_on,
           vetted = excluded.vetted, fingerprint = excluded.fingerprint, ingested_at = excluded.ingested_at`,
      )
      .run({
        id: manifest.id,
        title: manifest.title,
        manifest: JSON.stringify(manifest),
        sourcePath: path.resolve(sourceLocation(source)),
        jurisdiction: manifest.jurisdiction,
        sourceType: manifest.sourceType,
        asOf: manifest.asOf,
        vettedBy: manifest.vettedBy ?? null,
        vettedOn: manifest.vettedOn ?? null,
        vetted: isVetted(source) ? 1 : 0,
        fingerprint,
        ingestedAt: now.toISOString(),
      });
    database.prepare('DELETE FROM documents WHERE collection_id = ?').run(manifest.id);
    database.prepare('DELETE FROM skipped_files WHERE collection_id = ?').run(manifest.id);
    const insertSkipped = database.prepare(
      'INSERT INTO skipped_files (collection_id, path, reason) VALUES (?, ?, ?)',
    );
    const insertDocument = database.prepare(
      `INSERT INTO documents (collection_id, path, content_hash, format, title, metadata, passage_count)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const writer = new CollectionWriter(database, manifest.id);
    let documents = 0;
    let passages = 0;
    for await (const item of content.documents(manifest)) {
      if (item.kind === 'skipped') {
        skipped.push({ collectionId: manifest.id, path: item.path, reason: item.reason });
        insertSkipped.run(manifest.id, item.path, item.reason);
        continue;
      }
      documents += 1;
      passages += item.passages.length;
      for (const passage of item.passages) writer.write(passage);
      insertDocument.run(
        manifest.id,
        item.path,
        item.contentHash,
        item.format,
        item.title,
        JSON.stringify(item.metadataOverrides),
        item.passages.length,
      );
      if (documents % 200 === 0) {
        options.onProgress?.({
          collectionId: manifest.id,
          phase: 'writing',
          done: documents,
          total: content.documentCount,
        });
      }
    }
    const write = writer.finish();
    database
      .prepare('UPDATE collections SET document_count = ?, passage_count = ? WHERE id = ?')
      .run(documents, passages, manifest.id);
    return { write, documents, passages };
  }
}

function isVetted(source: CollectionSource): boolean {
  return Boolean(source.manifest.vettedBy && source.manifest.vettedOn);
}

function rejectUnvetted(sources: readonly CollectionSource[]): void {
  const unvetted = sources.filter((source) => !isVetted(source));
  if (unvetted.length === 0) return;
  const names = unvetted.map((source) => `${source.manifest.id} (${source.manifestPath})`).join(', ');
  throw new AmicusError(
    ErrorCode.CorpusInvalid,
    `Not vetted: ${names}. A collection needs "vettedBy" and "vettedOn" in its manifest before Amicus answers from it; ` +
      'pass --allow-unvetted to ingest it marked unvetted.',
    { location: unvetted[0]?.manifestPath ?? '' },
  );
}

function unchangedReport(
  source: CollectionSource,
  documents: number,
  passages: number,
): CollectionIngestReport {
  return {
    id: source.manifest.id,
    title: source.manifest.title,
    status: 'unchanged',
    vetted: isVetted(source),
    documents,
    passages,
    added: 0,
    updated: 0,
    removed: 0,
  };
}

/** The same place on disk, through symbolic links too (a path that is gone compares as written). */
function samePath(left: string, right: string): boolean {
  const real = (file: string) => {
    try {
      return realpathSync(file);
    } catch {
      return file;
    }
  };
  return left === right || real(left) === real(right);
}

/** Removes a file if it exists; used by extensions to clean up a generation. */
export function removeQuietly(file: string): void {
  rmSync(file, { force: true });
}
