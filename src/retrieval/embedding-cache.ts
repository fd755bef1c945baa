import type { SqliteDatabase } from '../store/database.js';

/** One vector to remember, keyed by the hash of the text it embeds. */
export interface CachedEmbedding {
  readonly contentHash: string;
  readonly vector: Float32Array;
}

/**
 * Remembers remote embeddings so re-ingesting unchanged text costs no API calls. Entries are
 * keyed by embedder id as well as content hash: a vector from one embedding space must never be
 * served to another. Synchronous because the only store is SQLite through better-sqlite3.
 */
export interface EmbeddingCache {
  /** The cached vectors among `contentHashes`; missing hashes are simply absent from the map. */
  get(embedderId: string, contentHashes: readonly string[]): Map<string, Float32Array>;
  put(embedderId: string, entries: readonly CachedEmbedding[]): void;
}

const createTable = `
CREATE TABLE IF NOT EXISTS embedding_cache (
  embedder_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (embedder_id, content_hash)
)`;

/** Stays well under SQLite's limit on bound parameters per statement. */
const hashesPerQuery = 500;

/**
 * Keeps the cache in the Amicus store so it lives as long as the data directory. Vectors are
 * stored as raw float32 bytes in the machine's byte order (little-endian on every platform Node
 * supports in practice), which is four times smaller than JSON and needs no parsing.
 */
export class SqliteEmbeddingCache implements EmbeddingCache {
  private readonly database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    this.database = database;
    // The cache owns its table rather than the store schema: it is optional and disposable, so
    // adding it must not bump the store's schema version and force a re-ingest.
    this.database.exec(createTable);
  }

  get(embedderId: string, contentHashes: readonly string[]): Map<string, Float32Array> {
    const found = new Map<string, Float32Array>();
    const unique = [...new Set(contentHashes)];
    for (let start = 0; start < unique.length; start += hashesPerQuery) {
      const chunk = unique.slice(start, start + hashesPerQuery);
      const placeholders = chunk.map(() => '?').join(', ');
      const rows = this.database
        .prepare(
          `SELECT content_hash, vector FROM embedding_cache WHERE embedder_id = ? AND content_hash IN (${placeholders})`,
        )
        .all(embedderId, ...chunk) as { content_hash: string; vector: Buffer }[];
      for (const row of rows) {
        const vector = vectorFromBlob(row.vector);
        if (vector !== undefined) found.set(row.content_hash, vector);
      }
    }
    return found;
  }

  put(embedderId: string, entries: readonly CachedEmbedding[]): void {
    if (entries.length === 0) return;
    const insert = this.database.prepare(
      'INSERT OR REPLACE INTO embedding_cache (embedder_id, content_hash, vector) VALUES (?, ?, ?)',
    );
    const insertAll = this.database.transaction((items: readonly CachedEmbedding[]) => {
      for (const item of items) insert.run(embedderId, item.contentHash, blobFromVector(item.vector));
    });
    insertAll(entries);
  }
}

function blobFromVector(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** A damaged row (length not a whole number of floats) counts as a miss, so it gets re-embedded. */
function vectorFromBlob(blob: Buffer): Float32Array | undefined {
  if (blob.byteLength === 0 || blob.byteLength % Float32Array.BYTES_PER_ELEMENT !== 0) return undefined;
  // Copy into a fresh buffer: SQLite's bytes need not be 4-byte aligned for a Float32Array view.
  const vector = new Float32Array(blob.byteLength / Float32Array.BYTES_PER_ELEMENT);
  new Uint8Array(vector.buffer).set(blob);
  return vector;
}
