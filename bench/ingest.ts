/**
 * Ingest benchmark (the foundation issue's targets), run with the built CLI in child processes
 * so wall time and peak memory are those a user sees:
 *
 *   npm run build && npm run bench:ingest              # nine sample collections + usc-all
 *   npm run bench:ingest -- --skip-usc-all             # the nine collections only
 *
 * 1. The nine sample collections into an empty data directory (target: under 20 s).
 * 2. The same again, unchanged (target: under 3 s, and nothing changes: same passages, same
 *    index generation).
 * 3. usc-all.jsonl.gz (141,899 chunks) into an empty data directory: passages per second
 *    (target: 3,000 or more) and peak RSS. The store phase (parse, split, SQLite and FTS5) and
 *    the index phase (lexical impacts, fitting the local embedder, embedding, HNSW) are
 *    reported separately from the progress the CLI prints.
 * Results go to bench/results/ingest-<date>.json; docs/benchmarks.md records them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sampleCollectionPaths, sharedCorpusPath } from '../tests/support/shared-data.js';

const repositoryRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(repositoryRoot, 'dist', 'adapters', 'cli', 'main.js');

interface Run {
  readonly wallSeconds: number;
  readonly peakRssMegabytes: number;
  readonly stdout: string;
}

/** Runs the CLI under /usr/bin/time -v, which reports the child's peak resident set size. */
function runCli(args: readonly string[]): Run {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-v', process.execPath, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AMICUS_LOG_LEVEL: 'silent' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(`amicus ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  return { wallSeconds, peakRssMegabytes: rss ? Number(rss[1]) / 1024 : Number.NaN, stdout: result.stdout };
}

function snapshot(dataDirectory: string): { passages: string; generation: string } {
  const database = new Database(path.join(dataDirectory, 'amicus.db'), { readonly: true });
  try {
    const passages = database
      .prepare('SELECT count(*) AS n, max(rowid) AS last, sum(length(id)) AS ids FROM passages')
      .get();
    const generation = database
      .prepare("SELECT value FROM meta WHERE key = 'index.generation'")
      .pluck()
      .get() as string;
    return { passages: JSON.stringify(passages), generation: JSON.parse(generation).id as string };
  } finally {
    database.close();
  }
}

function passagesIn(report: string): number {
  const match = /documents, (\d+) passages/.exec(report);
  return match ? Number(match[1]) : Number.NaN;
}

const skipUscAll = process.argv.includes('--skip-usc-all');
if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'amicus-bench-ingest-'));
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  command: `npm run bench:ingest${skipUscAll ? ' -- --skip-usc-all' : ''}`,
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGigabytes: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
};

try {
  const sampleData = path.join(scratch, 'sample');
  const first = runCli(['--data', sampleData, 'ingest', ...sampleCollectionPaths()]);
  const before = snapshot(sampleData);
  const second = runCli(['--data', sampleData, 'ingest', ...sampleCollectionPaths()]);
  const after = snapshot(sampleData);
  results.sample = {
    passages: passagesIn(first.stdout),
    firstIngestSeconds: first.wallSeconds,
    firstIngestPeakRssMegabytes: first.peakRssMegabytes,
    unchangedIngestSeconds: second.wallSeconds,
    unchangedIngestChangedNothing:
      before.passages === after.passages && before.generation === after.generation,
    unchangedReport: second.stdout.split('\n').slice(0, 3),
  };
  console.log('nine collections:', results.sample);

  if (!skipUscAll) {
    const allData = path.join(scratch, 'usc-all');
    mkdirSync(allData, { recursive: true });
    const run = runCli(['--data', allData, 'ingest', sharedCorpusPath('usc-all.jsonl.gz')]);
    const passages = passagesIn(run.stdout);
    const reindex = runCli(['--data', allData, 'reindex']);
    results.uscAll = {
      passages,
      ingestSeconds: run.wallSeconds,
      passagesPerSecond: passages / run.wallSeconds,
      peakRssMegabytes: run.peakRssMegabytes,
      // The index phase alone, measured by rebuilding it from the finished store.
      indexPhaseSeconds: reindex.wallSeconds,
      storePhaseSecondsEstimate: run.wallSeconds - reindex.wallSeconds,
      storePhasePassagesPerSecondEstimate: passages / (run.wallSeconds - reindex.wallSeconds),
      reindexPeakRssMegabytes: reindex.peakRssMegabytes,
    };
    console.log('usc-all:', results.uscAll);
  }
  const resultsDirectory = path.join(repositoryRoot, 'bench', 'results');
  mkdirSync(resultsDirectory, { recursive: true });
  const file = path.join(resultsDirectory, `ingest-${new Date().toISOString().slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${file}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
