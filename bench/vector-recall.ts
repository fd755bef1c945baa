/**
 * HNSW recall of a data directory's vector graphs against exact search, in a few minutes
 * instead of the whole retrieval benchmark, and whether the graph file reader
 * (vector-graph-file.ts) answers exactly as hnswlib does on the same files:
 *
 *   npx tsx bench/vector-recall.ts --data <dir> [--ef 256,384,512] [--queries 300]
 *
 * Queries are section headings of passages picked by a fixed stride, embedded by the
 * generation's local model (the retrieval benchmark adds the dev questions to these). It
 * prints recall@10 and the mean search time per efSearch (per graph), and how many top-60
 * answers were identical, rowids and similarities, between the reader and hnswlib.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { currentGeneration, localModelFile } from '../src/retrieval/index-generation.js';
import { LocalEmbeddingModel } from '../src/retrieval/local-embedder-model.js';
import { VectorGraphs } from '../src/retrieval/vector-graphs.js';
import type { SqliteDatabase } from '../src/store/database.js';

function option(name: string, fallback?: string): string {
  const position = process.argv.indexOf(name);
  const value = position >= 0 ? process.argv[position + 1] : fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
}

const data = path.resolve(option('--data'));
const efValues = option('--ef', '256,384,512').split(',').map(Number);
const queryCount = Number(option('--queries', '300'));
const database = new Database(path.join(data, 'amicus.db'), { readonly: true }) as unknown as SqliteDatabase;
const generation = currentGeneration(database, data);
if (!generation) throw new Error(`no index generation in ${data}`);

let started = performance.now();
const reader = await VectorGraphs.load(generation.directory, generation.manifest, { native: false });
const readerLoadMs = performance.now() - started;
started = performance.now();
const native = await VectorGraphs.load(generation.directory, generation.manifest, { native: true });
await native.nativeLoaded;
const nativeLoadMs = performance.now() - started;
console.log(
  `${generation.manifest.id}: ${reader.graphCount} graph(s), ${reader.size} vectors, parameters ${JSON.stringify(reader.parameters)}`,
);
console.log(
  `load: file reader ${readerLoadMs.toFixed(0)} ms; file reader then hnswlib ${nativeLoadMs.toFixed(0)} ms`,
);

const model = LocalEmbeddingModel.deserialize(
  readFileSync(path.join(generation.directory, localModelFile)),
  localModelFile,
);
const dimensions = reader.dimensions;
const rowids = reader.rowids();
const matrix = new Float32Array(rowids.length * dimensions);
for (const [position, rowid] of rowids.entries()) matrix.set(reader.vectorOf(rowid), position * dimensions);
const count = database.prepare('SELECT count(*) FROM passages').pluck().get() as number;
const heading = database.prepare('SELECT heading FROM passages LIMIT 1 OFFSET ?').pluck();
const queries = Array.from({ length: queryCount }, (_, index) =>
  model.embed(String(heading.get(Math.floor(((index + 0.5) * count) / queryCount)))),
).filter((query) => query.some((value) => value !== 0));

const found = new Map<number, number>();
const milliseconds = new Map<number, number>();
let identical = 0;
let readerMs = 0;
let nativeMs = 0;
const scores = new Float64Array(rowids.length);
for (const query of queries) {
  for (let row = 0; row < rowids.length; row += 1) {
    let dot = 0;
    const offset = row * dimensions;
    for (let column = 0; column < dimensions; column += 1) dot += matrix[offset + column]! * query[column]!;
    scores[row] = dot;
  }
  const truth = new Set(
    Array.from(scores.keys())
      .sort((first, second) => scores[second]! - scores[first]!)
      .slice(0, 10)
      .map((row) => rowids[row]),
  );
  for (const ef of efValues) {
    const begin = performance.now();
    const hits = native.search(query, 10, undefined, ef);
    milliseconds.set(ef, (milliseconds.get(ef) ?? 0) + performance.now() - begin);
    found.set(ef, (found.get(ef) ?? 0) + hits.filter((hit) => truth.has(hit.rowid)).length / 10);
  }
  let begin = performance.now();
  const fromReader = reader.search(query, 60);
  readerMs += performance.now() - begin;
  begin = performance.now();
  const fromNative = native.search(query, 60);
  nativeMs += performance.now() - begin;
  if (JSON.stringify(fromReader) === JSON.stringify(fromNative)) identical += 1;
}
for (const ef of efValues) {
  console.log(
    `efSearch ${ef} per graph: recall@10 ${(found.get(ef)! / queries.length).toFixed(4)}, mean search ${(milliseconds.get(ef)! / queries.length).toFixed(2)} ms (hnswlib, top 10)`,
  );
}
console.log(
  `top 60 at the generation's efSearch: ${identical}/${queries.length} identical between the file reader and hnswlib; mean search ${(readerMs / queries.length).toFixed(2)} ms (reader), ${(nativeMs / queries.length).toFixed(2)} ms (hnswlib)`,
);
