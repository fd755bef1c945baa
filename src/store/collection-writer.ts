import type { SqliteDatabase } from './database.js';
import { type PassageRow, rowHash } from './passage-rows.js';

export interface CollectionWriteResult {
  readonly kept: number;
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  /** Rowids of passages written in this ingest (new or rewritten); the vector index adds these. */
  readonly addedRowids: readonly number[];
  /** Rowids that no longer exist; the vector index marks these deleted. */
  readonly removedRowids: readonly number[];
}

/**
 * Writes one collection's new passage set as a diff against what is stored: unchanged rows are
 * kept (so their rowids, FTS entries and vectors stay), changed rows are rewritten, and rows
 * that are gone are deleted. It must run inside the ingest's transaction.
 */
export class CollectionWriter {
  private readonly existing = new Map<string, { rowid: number; rowHash: string; seen: boolean }>();
  private readonly insertStatement;
  private readonly deleteStatement;
  private readonly addedRowids: number[] = [];
  /** Old rowids of rows rewritten in place of a changed row. */
  private readonly replacedRowids: number[] = [];
  private kept = 0;

  constructor(
    database: SqliteDatabase,
    private readonly collectionId: string,
  ) {
    const rows = database
      .prepare('SELECT rowid, id, row_hash FROM passages WHERE collection_id = ?')
      .all(collectionId) as { rowid: number; id: string; row_hash: string }[];
    for (const row of rows)
      this.existing.set(row.id, { rowid: row.rowid, rowHash: row.row_hash, seen: false });
    this.insertStatement = database.prepare(
      `INSERT INTO passages (id, collection_id, document_path, ordinal, label, section_label, heading, breadcrumb,
         headings, text, url, jurisdiction, source_type, as_of, content_hash, row_hash)
       VALUES (@id, @collectionId, @documentPath, @ordinal, @label, @sectionLabel, @heading, @breadcrumb,
         @headings, @text, @url, @jurisdiction, @sourceType, @asOf, @contentHash, @rowHash)`,
    );
    this.deleteStatement = database.prepare('DELETE FROM passages WHERE rowid = ?');
  }

  write(row: PassageRow): void {
    if (row.collectionId !== this.collectionId) {
      throw new Error(`Passage ${row.id} belongs to ${row.collectionId}, not ${this.collectionId}`);
    }
    const hash = rowHash(row);
    const previous = this.existing.get(row.id);
    if (previous && !previous.seen) {
      previous.seen = true;
      if (previous.rowHash === hash) {
        this.kept += 1;
        return;
      }
      this.deleteStatement.run(previous.rowid);
      this.replacedRowids.push(previous.rowid);
    }
    const result = this.insertStatement.run({
      id: row.id,
      collectionId: row.collectionId,
      documentPath: row.documentPath,
      ordinal: row.ordinal,
      label: row.label,
      sectionLabel: row.sectionLabel,
      heading: row.heading,
      breadcrumb: JSON.stringify(row.breadcrumb),
      // Breadcrumb headings are indexed as their own weighted field so "§ 1001. Statements or
      // entries generally" helps find every passage of that section.
      // The splitter's breadcrumb already ends with the passage's own heading.
      headings: (row.breadcrumb.at(-1) === row.heading
        ? row.breadcrumb
        : [...row.breadcrumb, row.heading]
      ).join(' \u203a '),
      text: row.text,
      url: row.url ?? null,
      jurisdiction: row.jurisdiction,
      sourceType: row.sourceType,
      asOf: row.asOf,
      contentHash: row.contentHash,
      rowHash: hash,
    });
    this.addedRowids.push(Number(result.lastInsertRowid));
  }

  /** Deletes every stored passage of the collection that this ingest did not write. */
  finish(): CollectionWriteResult {
    const removedRowids: number[] = [];
    for (const entry of this.existing.values()) {
      if (entry.seen) continue;
      this.deleteStatement.run(entry.rowid);
      removedRowids.push(entry.rowid);
    }
    return {
      kept: this.kept,
      added: this.addedRowids.length - this.replacedRowids.length,
      updated: this.replacedRowids.length,
      removed: removedRowids.length,
      addedRowids: this.addedRowids,
      // A rewritten row got a new rowid, so its old rowid is gone from the vector index too.
      removedRowids: [...removedRowids, ...this.replacedRowids],
    };
  }
}
