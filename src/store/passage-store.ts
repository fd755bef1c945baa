import type { SqliteDatabase } from './database.js';
import { passageColumns, passageFromRecord, type StoredPassage } from './passage-rows.js';

export interface CollectionSummary {
  readonly id: string;
  readonly title: string;
  readonly sourcePath: string;
  readonly jurisdiction: string;
  readonly sourceType: string;
  readonly asOf: string;
  readonly vettedBy: string | undefined;
  readonly vettedOn: string | undefined;
  readonly vetted: boolean;
  readonly documentCount: number;
  readonly passageCount: number;
  readonly ingestedAt: string;
  readonly publisher: string | undefined;
  readonly url: string | undefined;
  readonly license: string | undefined;
}

interface CollectionRecord {
  id: string;
  title: string;
  manifest: string;
  source_path: string;
  jurisdiction: string;
  source_type: string;
  as_of: string;
  vetted_by: string | null;
  vetted_on: string | null;
  vetted: number;
  document_count: number;
  passage_count: number;
  ingested_at: string;
}

/**
 * Read access to passages and collections. Retrieval, answers and every adapter read through
 * this. It answers exact questions only; reading a citation as people write it is corpus
 * knowledge (`corpus/passage-lookup.ts`), so the store depends on nothing above it.
 */
export class PassageStore {
  private readonly byIdStatement;
  private readonly byRowidStatement;
  private readonly byLabelStatement;
  private readonly bySectionStatement;

  constructor(readonly database: SqliteDatabase) {
    this.byIdStatement = database.prepare(`SELECT ${passageColumns} FROM passages WHERE id = ?`);
    this.byRowidStatement = database.prepare(`SELECT ${passageColumns} FROM passages WHERE rowid = ?`);
    this.byLabelStatement = database.prepare(
      `SELECT ${passageColumns} FROM passages WHERE label = ? ORDER BY collection_id, document_path, ordinal`,
    );
    this.bySectionStatement = database.prepare(
      `SELECT ${passageColumns} FROM passages WHERE section_label = ? ORDER BY collection_id, document_path, ordinal`,
    );
  }

  getById(id: string): StoredPassage | undefined {
    const record = this.byIdStatement.get(id);
    return record === undefined ? undefined : passageFromRecord(record);
  }

  getByRowid(rowid: number): StoredPassage | undefined {
    const record = this.byRowidStatement.get(rowid);
    return record === undefined ? undefined : passageFromRecord(record);
  }

  /** Passages by rowid in one query per 500 (a statement per row cost as much as the search). */
  getManyByRowid(rowids: readonly number[]): Map<number, StoredPassage> {
    const passages = new Map<number, StoredPassage>();
    const unique = [...new Set(rowids)];
    for (let start = 0; start < unique.length; start += 500) {
      const batch = unique.slice(start, start + 500);
      const records = this.database
        .prepare(`SELECT ${passageColumns} FROM passages WHERE rowid IN (${batch.map(() => '?').join(', ')})`)
        .all(...batch);
      for (const record of records) {
        const passage = passageFromRecord(record);
        passages.set(passage.rowid, passage);
      }
    }
    return passages;
  }

  /** Passages with exactly this stored label, in document order (`findByLabel` in corpus/ normalizes a citation first). */
  findByStoredLabel(label: string): StoredPassage[] {
    return this.byLabelStatement.all(label).map(passageFromRecord);
  }

  /** Every passage of a section by its stored label (`18 U.S.C. § 2252`), in document order. */
  findBySection(sectionLabel: string): StoredPassage[] {
    return this.bySectionStatement.all(sectionLabel).map(passageFromRecord);
  }

  /** The first `limit` passages whose stored label starts with `prefix`, by label. */
  findByLabelPrefix(prefix: string, limit: number): StoredPassage[] {
    return this.database
      .prepare(
        `SELECT ${passageColumns} FROM passages WHERE label >= ? AND label < ? ORDER BY label, collection_id, document_path, ordinal LIMIT ?`,
      )
      .all(prefix, `${prefix}\uffff`, limit)
      .map(passageFromRecord);
  }

  listCollections(): CollectionSummary[] {
    const records = this.database
      .prepare('SELECT * FROM collections ORDER BY id')
      .all() as CollectionRecord[];
    return records.map((record) => {
      const manifest = JSON.parse(record.manifest) as { publisher?: string; url?: string; license?: string };
      return {
        id: record.id,
        title: record.title,
        sourcePath: record.source_path,
        jurisdiction: record.jurisdiction,
        sourceType: record.source_type,
        asOf: record.as_of,
        vettedBy: record.vetted_by ?? undefined,
        vettedOn: record.vetted_on ?? undefined,
        vetted: record.vetted === 1,
        documentCount: record.document_count,
        passageCount: record.passage_count,
        ingestedAt: record.ingested_at,
        publisher: manifest.publisher,
        url: manifest.url,
        license: manifest.license,
      };
    });
  }

  getCollection(id: string): CollectionSummary | undefined {
    return this.listCollections().find((collection) => collection.id === id);
  }

  passageCount(): number {
    return (this.database.prepare('SELECT count(*) AS count FROM passages').get() as { count: number }).count;
  }
}
