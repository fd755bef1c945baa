import { createHash } from 'node:crypto';
import type { SourceType } from '../core/source-types.js';

/** A passage as it is stored: the unit of retrieval and of citation. */
export interface PassageRow {
  readonly id: string;
  readonly collectionId: string;
  readonly documentPath: string;
  readonly ordinal: number;
  readonly label: string;
  /** The label without subdivisions (`18 U.S.C. § 2252`): the unit for diversity and gold matching. */
  readonly sectionLabel: string;
  readonly heading: string;
  readonly breadcrumb: readonly string[];
  readonly text: string;
  readonly url: string | undefined;
  readonly jurisdiction: string;
  readonly sourceType: SourceType;
  readonly asOf: string;
  /** Hash of the text alone; embeddings are cached by it. */
  readonly contentHash: string;
}

export interface StoredPassage extends PassageRow {
  readonly rowid: number;
}

export function sha256Hex(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    // A separator that cannot occur in text keeps ("ab", "c") and ("a", "bc") apart.
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A stable passage id: the same text at the same place (collection, document, label, and
 * which repeat of identical text it is) gets the same id on every ingest.
 */
export function passageId(
  collectionId: string,
  documentPath: string,
  label: string,
  occurrence: number,
  text: string,
): string {
  return `p${sha256Hex(collectionId, documentPath, label, String(occurrence), text).slice(0, 19)}`;
}

/** Everything stored about a row; a changed hash means the row must be rewritten. */
export function rowHash(row: PassageRow): string {
  return sha256Hex(
    row.documentPath,
    String(row.ordinal),
    row.label,
    row.sectionLabel,
    row.heading,
    JSON.stringify(row.breadcrumb),
    row.url ?? '',
    row.jurisdiction,
    row.sourceType,
    row.asOf,
    row.contentHash,
  ).slice(0, 32);
}

interface PassageRecord {
  rowid: number;
  id: string;
  collection_id: string;
  document_path: string;
  ordinal: number;
  label: string;
  section_label: string;
  heading: string;
  breadcrumb: string;
  text: string;
  url: string | null;
  jurisdiction: string;
  source_type: string;
  as_of: string;
  content_hash: string;
}

export const passageColumns =
  'rowid, id, collection_id, document_path, ordinal, label, section_label, heading, breadcrumb, text, url, jurisdiction, source_type, as_of, content_hash';

export function passageFromRecord(record: unknown): StoredPassage {
  const row = record as PassageRecord;
  return {
    rowid: row.rowid,
    id: row.id,
    collectionId: row.collection_id,
    documentPath: row.document_path,
    ordinal: row.ordinal,
    label: row.label,
    sectionLabel: row.section_label,
    heading: row.heading,
    breadcrumb: JSON.parse(row.breadcrumb) as string[],
    text: row.text,
    url: row.url ?? undefined,
    jurisdiction: row.jurisdiction,
    sourceType: row.source_type as SourceType,
    asOf: row.as_of,
    contentHash: row.content_hash,
  };
}
