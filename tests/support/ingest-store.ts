/**
 * A fresh store with a bare ingester (no index extensions) for corpus tests, and a JSON-lines
 * collection writer: a `name.jsonl` (or `.jsonl.gz`) file with its sibling manifest.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CorpusIngester } from '../../src/corpus/ingest.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import { PassageStore } from '../../src/store/passage-store.js';
import { temporaryDirectory } from './temporary.js';

export interface IngestStore {
  readonly root: string;
  /** Where to write collections (it exists). */
  readonly corpus: string;
  readonly data: string;
  readonly database: SqliteDatabase;
  readonly ingester: CorpusIngester;
  readonly store: PassageStore;
}

/** A new temporary data directory with an empty store; removed after the test. */
export function freshIngestStore(prefix = 'amicus-test-'): IngestStore {
  const root = temporaryDirectory(prefix);
  const corpus = path.join(root, 'corpus');
  mkdirSync(corpus, { recursive: true });
  const data = path.join(root, 'data');
  const database = openDatabase(data, { create: true });
  return {
    root,
    corpus,
    data,
    database,
    ingester: new CorpusIngester({ database }),
    store: new PassageStore(database),
  };
}

/** Writes `name.jsonl` (gzipped as `name.jsonl.gz` when asked) and `name.collection.json`; returns the file. */
export function writeJsonLinesCollection(
  corpus: string,
  name: string,
  lines: readonly string[],
  options: { readonly gzip?: boolean } = {},
): string {
  const file = path.join(corpus, `${name}.jsonl${options.gzip ? '.gz' : ''}`);
  const text = lines.join('\n');
  writeFileSync(file, options.gzip ? gzipSync(text) : text);
  writeFileSync(
    path.join(corpus, `${name}.collection.json`),
    JSON.stringify({
      id: name,
      title: `Records ${name}`,
      jurisdiction: 'US-CA',
      sourceType: 'guide',
      asOf: '2025-01-01',
      vettedBy: 'tests',
      vettedOn: '2026-01-01',
    }),
  );
  return file;
}
