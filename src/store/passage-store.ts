import { normalizeCitationText } from '../corpus/citation.js';
import {
  formatPinpoint,
  paragraphPinpoints,
  parsePinpoint,
  passagesHoldingPinpoint,
  pathAt,
} from '../corpus/pinpoints.js';
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

/** Read access to passages and collections. Retrieval, answers and every adapter read through this. */
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

  /** Passages with exactly this label (after normalizing § spacing), in document order. */
  findByLabel(label: string): StoredPassage[] {
    return this.byLabelStatement.all(normalizeCitationText(label).trim()).map(passageFromRecord);
  }

  /** Every passage of a section (`18 U.S.C. § 2252`), in document order. */
  findBySection(sectionLabel: string): StoredPassage[] {
    return this.bySectionStatement.all(normalizeCitationText(sectionLabel).trim()).map(passageFromRecord);
  }

  /**
   * The passages that hold a pinpoint citation (`Fed. R. Evid. 803(2)`, `18 U.S.C. § 1030(a)(2)(C)`),
   * even when the passage is labelled at a parent subdivision: the passage where the
   * subdivision starts first, then those that continue it. A citation without subdivisions
   * gives the whole section. Empty when the section, or the pinpoint in it, is not held.
   */
  findByPinpoint(citation: string): StoredPassage[] {
    const { sectionLabel, subdivisions } = splitPinpointCitation(citation);
    const section = this.findBySection(sectionLabel);
    if (section.length === 0 || subdivisions === '') return section;
    const markers = parsePinpoint(subdivisions);
    return markers.length === 0 ? [] : passagesHoldingPinpoint(section, markers);
  }

  /**
   * The pinpoint citation of the subdivision holding a character offset of a passage's text:
   * a sentence quoted from the middle of `Fed. R. Evid. 803` (the passage holding the lead-in,
   * (1) and (2)) is cited `Fed. R. Evid. 803(2)` when it is the excited-utterance exception.
   * Text outside any subdivision gets the section label. For a composer that cites sentences.
   */
  pinpointAt(passage: StoredPassage, offset: number): string {
    const section = this.findBySection(passage.sectionLabel);
    const position = section.findIndex((candidate) => candidate.rowid === passage.rowid);
    if (position < 0) return passage.label;
    const paragraphs = paragraphPinpoints(section.slice(0, position + 1)).at(-1) ?? [];
    return `${passage.sectionLabel}${formatPinpoint(pathAt(paragraphs, offset))}`;
  }

  /**
   * A passage by id, else by exact label, else the passages holding the pinpoint (so
   * `amicus passage "Fed. R. Evid. 803(2)"` finds the passage that starts at the rule's lead-in
   * and holds (1) and (2)), else the first passages whose label starts with the given text.
   */
  lookup(idOrLabel: string): StoredPassage[] {
    const trimmed = idOrLabel.trim();
    const byId = this.getById(trimmed);
    if (byId) return [byId];
    const byLabel = this.findByLabel(trimmed);
    if (byLabel.length > 0) return byLabel;
    const byPinpoint = this.findByPinpoint(trimmed);
    if (byPinpoint.length > 0) return byPinpoint;
    const prefix = normalizeCitationText(trimmed);
    return this.database
      .prepare(
        `SELECT ${passageColumns} FROM passages WHERE label >= ? AND label < ? ORDER BY label, collection_id, document_path, ordinal LIMIT 20`,
      )
      .all(prefix, `${prefix}\uffff`)
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

/** `Fed. R. Evid. 803(2)` → `Fed. R. Evid. 803` and `(2)`; a label without subdivisions keeps `''`. */
export function splitPinpointCitation(citation: string): { sectionLabel: string; subdivisions: string } {
  const normalized = normalizeCitationText(citation).trim();
  const match = /^(.*?[0-9A-Za-z])\s?((?:\([0-9A-Za-z]{1,6}\))+)$/.exec(normalized);
  return match
    ? { sectionLabel: match[1]!, subdivisions: match[2]! }
    : { sectionLabel: normalized, subdivisions: '' };
}
