/**
 * The corpus columns both stores share (src/store/database.ts and the first migration), so the
 * publisher and the replica cache copy rows between them column by column.
 */
export const passageColumns = [
  'rowid',
  'id',
  'collection_id',
  'document_path',
  'ordinal',
  'label',
  'section_label',
  'heading',
  'breadcrumb',
  'headings',
  'text',
  'url',
  'jurisdiction',
  'source_type',
  'as_of',
  'content_hash',
  'row_hash',
] as const;

/** PostgreSQL array types for `unnest`, in `passageColumns` order: every other column is text. */
export const passageColumnTypes = passageColumns.map((column) =>
  column === 'rowid' ? 'bigint' : column === 'ordinal' ? 'integer' : 'text',
);

export const collectionColumns = [
  'id',
  'title',
  'manifest',
  'source_path',
  'jurisdiction',
  'source_type',
  'as_of',
  'vetted_by',
  'vetted_on',
  'vetted',
  'fingerprint',
  'document_count',
  'passage_count',
  'ingested_at',
] as const;

export const documentColumns = [
  'collection_id',
  'path',
  'content_hash',
  'format',
  'title',
  'metadata',
  'passage_count',
] as const;

export type Row = Record<string, string | number | null>;

/** The meta keys of a replica's local cache (the SQLite `meta` table). */
export const cacheMeta = {
  /** Which PostgreSQL database (its `amicus_cluster` id) filled the cache. */
  cluster: 'postgres.cluster',
  /** The `corpus_head.revision` the cache holds. */
  revision: 'postgres.revision',
} as const;

/** The channel of LISTEN/NOTIFY that announces a publication; the payload is the revision. */
export const publicationChannel = 'amicus_corpus';

/** Artifacts are stored in chunks of this size (a bytea value is read and written whole). */
export const artifactChunkBytes = 4 * 1024 * 1024;
