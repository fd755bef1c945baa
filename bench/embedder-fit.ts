/**
 * Fit time of the local embedder on an ingested data directory, as `amicus ingest` fits it
 * (the shipped settings of `LocalEmbedderSource`), and the fitted model's fingerprint, which
 * covers a SHA-256 of the quantized matrix: two builds whose fingerprints agree give the same
 * vectors, so the same retrieval figures.
 *
 *   npx tsx bench/embedder-fit.ts [--data .amicus] [--runs 5] [--dimensions 256]
 *
 * The passages are read once; each run fits from scratch. Results in docs/local-embedder.md.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { LocalEmbeddingModel } from '../src/retrieval/local-embedder-model.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const dataDirectory = option('data', '.amicus');
const runs = Number(option('runs', '5'));
const dimensions = Number(option('dimensions', '256'));

const database = new Database(path.join(dataDirectory, 'amicus.db'), { readonly: true });
const texts = (
  database.prepare('SELECT text FROM passages ORDER BY rowid').pluck().all() as string[]
).slice();
database.close();

const times: number[] = [];
let fingerprint = '';
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  const model = LocalEmbeddingModel.fit(texts, {
    dimensions,
    seed: 20_261_125,
    maxFitDocuments: 30_000,
    minDocumentFrequency: texts.length < 1000 ? 1 : 2,
  });
  times.push(performance.now() - started);
  fingerprint = model.fingerprint;
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  JSON.stringify(
    {
      passages: texts.length,
      dimensions,
      runs,
      fitMilliseconds: times.map(Math.round),
      medianMilliseconds: Math.round(sorted[Math.floor(sorted.length / 2)]!),
      fingerprint,
    },
    null,
    2,
  ),
);
