/**
 * Retrieval benchmark over the whole U.S. Code (usc-all, ~258k passages) plus the four
 * federal-rules collections. Results are discussed in docs/retrieval.md.
 *
 *   npm run bench:retrieval                         # ingest into a temp dir, measure everything (~23 min on 2 cores)
 *   npm run bench:retrieval -- --data <dir>         # reuse (or create) a data directory; skips the ingest if it has an index
 *   npm run bench:retrieval -- --skip-libraries     # without the MiniSearch / Orama / LangChain side-by-side
 *   npm run bench:retrieval -- --sample             # the nine sample collections instead of the whole U.S. Code
 *   npm run bench:retrieval -- --libraries minisearch,langchain
 *   npm run bench:retrieval -- --reindex            # also time `reindex` when reusing a data directory
 *   npm run bench:retrieval -- --skip-reindex       # after a fresh ingest, do not time a `reindex` too
 *   npm run bench:retrieval -- --repeat 5           # timed rounds over the query list (default 5)
 *   npm run bench:retrieval -- --library-repeat 1   # timed rounds for the libraries (default 1: they are slow)
 *   npm run bench:retrieval -- --hnsw-queries 300   # query vectors for HNSW recall (default 300)
 *   npm run bench:retrieval -- --out <file.json>    # write the JSON there instead of bench/results/retrieval-<date>.json
 *
 * It measures: ingest throughput and phases, index build, size on disk, peak RSS of the ingest
 * (a child process), cold start (a fresh process to its first answer), warm p50/p95/p99 query
 * latency (lexical, vector, hybrid; impact index and FTS5), HNSW recall@10 against exact
 * search, retrieval quality on the dev and held-out questions, and the same passages and
 * questions in MiniSearch, Orama and LangChain's MemoryVectorStore. It prints tables and
 * writes bench/results/retrieval-<date>.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openApplication } from '../src/application.js';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import type { QuestionItem } from '../src/evaluation/question-file.js';
import type { RetrievalMetrics } from '../src/evaluation/retrieval-metrics.js';
import { HybridRetriever } from '../src/retrieval/hybrid-retriever.js';
import { ImpactIndex } from '../src/retrieval/impact-index.js';
import {
  currentGeneration,
  type IndexGeneration,
  lexicalIndexFile,
  localModelFile,
} from '../src/retrieval/index-generation.js';
import { expandLayTerms } from '../src/retrieval/lay-terms.js';
import { LexicalSearch } from '../src/retrieval/lexical-search.js';
import { LocalEmbeddingModel } from '../src/retrieval/local-embedder-model.js';
import type { RetrievalMode, RetrievedPassage } from '../src/retrieval/retriever.js';
import { VectorGraphs } from '../src/retrieval/vector-graphs.js';
import { databaseFileName, type SqliteDatabase } from '../src/store/database.js';
import { PassageStore } from '../src/store/passage-store.js';
import {
  allQueries,
  benchDirectory,
  type ChildRun,
  corpusPaths,
  type LatencySummary,
  loadQuestionSets,
  metricsFor,
  type QuestionSets,
  repositoryRoot,
  runNodeChild,
  sizeOnDisk,
  summarize,
  topLabels,
} from './retrieval/common.js';

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  readonly data: string | undefined;
  readonly skipLibraries: boolean;
  readonly libraries: readonly string[];
  readonly reindex: boolean;
  readonly skipReindex: boolean;
  readonly repeat: number;
  readonly hnswQueries: number;
  readonly libraryRepeat: number;
  /** Where the JSON goes; default bench/results/retrieval-<date>.json. */
  readonly out: string | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  let data: string | undefined;
  let skipLibraries = false;
  let libraries = ['minisearch', 'orama', 'langchain'];
  let reindex = false;
  let skipReindex = false;
  let repeat = 5;
  let hnswQueries = 300;
  let libraryRepeat = 1;
  let out: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${argument} needs a value`);
      return next;
    };
    if (argument === '--data') data = path.resolve(value());
    else if (argument === '--skip-libraries') skipLibraries = true;
    else if (argument === '--sample') process.env.AMICUS_BENCH_CORPUS = 'sample';
    else if (argument === '--libraries') libraries = value().split(',').filter(Boolean);
    else if (argument === '--reindex') reindex = true;
    else if (argument === '--skip-reindex') skipReindex = true;
    else if (argument === '--repeat') repeat = Math.max(1, Number(value()));
    else if (argument === '--hnsw-queries') hnswQueries = Math.max(10, Number(value()));
    else if (argument === '--library-repeat') libraryRepeat = Math.max(1, Number(value()));
    else if (argument === '--out') out = path.resolve(value());
    else if (argument === '--help' || argument === '-h') {
      console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown option ${argument}`);
  }
  return { data, skipLibraries, libraries, reindex, skipReindex, repeat, hnswQueries, libraryRepeat, out };
}

// A full GC between timed blocks, so one block's garbage is not collected during the next.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const loadAverages: { stage: string; at: string; loadAverage: number[] }[] = [];
const noteLoad = (stage: string) =>
  loadAverages.push({
    stage,
    at: new Date().toISOString(),
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
  });

const log = (message: string) =>
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fixed = (value: number | undefined, digits = 3) => (value === undefined ? '—' : value.toFixed(digits));
const mb = (bytes: number | undefined) => (bytes === undefined ? '—' : `${(bytes / 2 ** 20).toFixed(0)} MB`);

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Ingest, reindex, disk

interface IngestResult {
  readonly mode: 'ingest' | 'reindex';
  readonly passages: number;
  readonly embedded: number;
  readonly totalMs: number;
  readonly moduleLoadMs: number;
  readonly phases: Record<string, number>;
  readonly marks: { name: string; atMs: number; rssBytes: number; heapUsedBytes: number }[];
  readonly peakRssBytes: number;
  readonly heapLimitBytes: number;
}

async function runIngest(data: string, reindex: boolean): Promise<ChildRun<IngestResult>> {
  const script = path.join(benchDirectory, 'retrieval', 'ingest-child.ts');
  // The court rules first, so the last write progress event is close to the end of the write.
  const paths = corpusPaths();
  const ordered = [...paths.slice(1), paths[0]!];
  return runNodeChild<IngestResult>(script, ['--data', data, ...(reindex ? ['--reindex'] : ordered)]);
}

function diskUsage(data: string, generation: IndexGeneration, database: SqliteDatabase) {
  // Inside the SQLite file: each table and index (the FTS5 index is passages_fts_*).
  let tables: Record<string, number> = {};
  try {
    const rows = database
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
      .all() as { name: string; bytes: number }[];
    tables = Object.fromEntries(rows.map((row) => [row.name, row.bytes]));
  } catch {
    // SQLite built without the dbstat table.
  }
  const files: Record<string, number> = {};
  for (const name of readdirSync(data)) {
    const full = path.join(data, name);
    if (statSync(full).isFile()) files[name] = statSync(full).size;
  }
  for (const name of readdirSync(generation.directory)) {
    files[`indexes/${generation.manifest.id}/${name}`] = statSync(path.join(generation.directory, name)).size;
  }
  return { totalBytes: sizeOnDisk(data), files, tables };
}

// ---------------------------------------------------------------------------------------------
// Cold start

interface ColdStartResult {
  readonly modulesLoadedMs: number;
  readonly openMs: number;
  readonly warmUpMs: number;
  readonly firstQueryMs: number;
  readonly inProcessToAnswerMs: number;
  readonly cpuToAnswerMs: number;
  readonly afterModulesToAnswerMs: number;
  readonly answeredAtEpochMs: number;
  readonly secondQueryMs: number;
  readonly firstLabels: string[];
  readonly rssAfterFirstBytes: number;
  readonly peakRssBytes: number;
  readonly breakdown: Record<string, number>;
}

interface DistColdStart {
  readonly modulesLoadedMs: number;
  readonly openMs: number;
  readonly warmUpMs: number;
  readonly firstQueryMs: number;
  readonly inProcessToAnswerMs: number;
  readonly cpuToAnswerMs: number;
  readonly answeredAtEpochMs: number;
  readonly rssBytes: number;
}

async function coldStart(data: string, question: string, runs: number) {
  const script = path.join(benchDirectory, 'retrieval', 'cold-start-child.ts');
  const tsxRuns: (ColdStartResult & { spawnToAnswerMs: number; wallMs: number })[] = [];
  for (let run = 0; run < runs; run += 1) {
    const spawnedAt = performance.timeOrigin + performance.now();
    const child = await runNodeChild<ColdStartResult>(script, ['--data', data, question], { echo: false });
    tsxRuns.push({
      ...child.result,
      spawnToAnswerMs: child.result.answeredAtEpochMs - spawnedAt,
      wallMs: child.wallMs,
    });
  }
  // A server's cold start on the built JavaScript: plain node, the composition root only.
  const distScript = path.join(benchDirectory, 'retrieval', 'cold-start-dist.mjs');
  const distRuns: (DistColdStart & { spawnToAnswerMs: number })[] = [];
  if (existsSync(path.join(repositoryRoot, 'dist', 'application.js'))) {
    for (let run = 0; run < runs; run += 1) {
      const spawnedAt = performance.timeOrigin + performance.now();
      const child = await runNodeChild<DistColdStart>(distScript, ['--data', data, question], {
        echo: false,
        tsx: false,
      });
      distRuns.push({ ...child.result, spawnToAnswerMs: child.result.answeredAtEpochMs - spawnedAt });
    }
  }
  // The built CLI (`amicus search`), plain node without tsx: spawn to exit.
  const cli = path.join(repositoryRoot, 'dist', 'adapters', 'cli', 'main.js');
  const cliRuns: number[] = [];
  const cliCpuMs: number[] = [];
  const cliEnvironment = { ...process.env };
  delete cliEnvironment.AMICUS_CONFIG;
  delete cliEnvironment.AMICUS_DATA;
  const timed = existsSync('/usr/bin/time');
  if (existsSync(cli)) {
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      const commandLine = [process.execPath, cli, '--data', data, 'search', question, '--json'];
      const stderr = await new Promise<string>((resolve, reject) => {
        const child = timed
          ? spawn('/usr/bin/time', ['-f', '@@TIME %U %S', ...commandLine], {
              stdio: ['ignore', 'ignore', 'pipe'],
              env: cliEnvironment,
            })
          : spawn(commandLine[0]!, commandLine.slice(1), {
              stdio: ['ignore', 'ignore', 'pipe'],
              env: cliEnvironment,
            });
        let output = '';
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.on('error', reject);
        child.on('close', (code) =>
          code === 0 ? resolve(output) : reject(new Error(`amicus search: ${output}`)),
        );
      });
      cliRuns.push(performance.now() - started);
      const cpu = /@@TIME ([\d.]+) ([\d.]+)/.exec(stderr);
      if (cpu) cliCpuMs.push((Number(cpu[1]) + Number(cpu[2])) * 1000);
    }
  }
  return { question, tsxRuns, distRuns, cliSpawnToExitMs: cliRuns, cliCpuMs };
}

/** Builds dist/ when it is missing or older than src/, for the CLI cold-start measurement. */
async function ensureBuilt(): Promise<string> {
  const newest = (directory: string): number =>
    readdirSync(directory, { withFileTypes: true }).reduce((latest, entry) => {
      const full = path.join(directory, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
    }, 0);
  const dist = path.join(repositoryRoot, 'dist');
  if (
    existsSync(path.join(dist, 'adapters', 'cli', 'main.js')) &&
    newest(dist) >= newest(path.join(repositoryRoot, 'src'))
  ) {
    return 'dist up to date';
  }
  log('building dist/ (npm run build) for the CLI cold-start measurement');
  await new Promise<void>((resolve) => {
    const child = spawn('npm', ['run', 'build'], { cwd: repositoryRoot, stdio: 'ignore' });
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
  return 'built by the benchmark';
}

// ---------------------------------------------------------------------------------------------
// Latency and quality through the retriever

type Engine = 'impact' | 'fts5';

interface ModeRun {
  readonly engine: Engine;
  readonly mode: RetrievalMode;
  readonly latency: LatencySummary;
  /** CPU time of this process during each query (user + system, all threads), ms. */
  readonly cpu: LatencySummary;
  readonly rounds: number;
  readonly labels: Map<string, string[]>;
  /** Timed samples of each query, ms. */
  readonly samples: Map<string, number[]>;
}

async function measureRetriever(
  retriever: HybridRetriever,
  engine: Engine,
  mode: RetrievalMode,
  queries: readonly string[],
  rounds: number,
): Promise<ModeRun> {
  const labels = new Map<string, string[]>();
  // Warm-up: one pass (JIT, SQLite page cache, statement caches).
  for (const query of queries) {
    const results = await retriever.retrieve({ query, k: 10, mode });
    labels.set(
      query,
      results.map((result: RetrievedPassage) => result.passage.label),
    );
  }
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  const perQuery = new Map<string, number[]>(queries.map((query) => [query, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const query of queries) {
      const cpu = process.cpuUsage();
      const begin = performance.now();
      await retriever.retrieve({ query, k: 10, mode });
      const elapsed = performance.now() - begin;
      const used = process.cpuUsage(cpu);
      samples.push(elapsed);
      cpuSamples.push((used.user + used.system) / 1000);
      perQuery.get(query)!.push(elapsed);
    }
  }
  return {
    engine,
    mode,
    latency: summarize(samples),
    cpu: summarize(cpuSamples),
    rounds,
    labels,
    samples: perQuery,
  };
}

// ---------------------------------------------------------------------------------------------
// Where the time of a query goes

async function componentTimings(
  database: SqliteDatabase,
  generation: IndexGeneration,
  impact: ImpactIndex,
  vectors: VectorGraphs,
  model: LocalEmbeddingModel,
  queries: readonly string[],
  rounds: number,
) {
  const lexical = new LexicalSearch(database);
  const store = new PassageStore(database);
  const parts: Record<string, number[]> = {
    layTerms: [],
    citationLookup: [],
    impactSearch60: [],
    fts5Search60: [],
    embedQuery: [],
    hnswSearch60: [],
    storeFetch120: [],
  };
  const time = (name: string, run: () => unknown) => {
    const begin = performance.now();
    run();
    parts[name]!.push(performance.now() - begin);
  };
  for (let round = 0; round <= rounds; round += 1) {
    for (const query of queries) {
      const words = expandLayTerms(query).words;
      let vector: Float32Array = new Float32Array(0);
      let rowids: number[] = [];
      time('layTerms', () => expandLayTerms(query));
      time('citationLookup', () => lexical.citationHits(query));
      time('impactSearch60', () => {
        rowids = impact.search(query, 60, undefined, { words, weight: 0.5 }).map((hit) => hit.rowid);
      });
      time('fts5Search60', () => lexical.search([query, ...words].join(' '), 60));
      time('embedQuery', () => {
        vector = model.embed(words.length > 0 ? `${query} ${words.join(' ')}` : query);
      });
      time('hnswSearch60', () => {
        rowids = [...rowids, ...vectors.search(vector, 60).map((hit) => hit.rowid)];
      });
      time('storeFetch120', () => store.getManyByRowid(rowids));
    }
    if (round === 0) for (const samples of Object.values(parts)) samples.length = 0; // warm-up round
  }
  lexical.close();
  void generation;
  return Object.fromEntries(Object.entries(parts).map(([name, samples]) => [name, summarize(samples)]));
}

// ---------------------------------------------------------------------------------------------
// HNSW recall against exact search

interface ExactIndex {
  readonly rowids: Int32Array;
  readonly matrix: Float32Array;
  readonly dimensions: number;
}

function exactIndex(database: SqliteDatabase, vectors: VectorGraphs): ExactIndex {
  const live = new Set(database.prepare('SELECT rowid FROM passages').pluck().all() as number[]);
  const ids = vectors.rowids().filter((rowid) => live.has(rowid));
  const dimensions = vectors.dimensions;
  const matrix = new Float32Array(ids.length * dimensions);
  for (const [position, rowid] of ids.entries()) matrix.set(vectors.vectorOf(rowid), position * dimensions);
  return { rowids: Int32Array.from(ids), matrix, dimensions };
}

type Neighbour = { rowid: number; similarity: number };

/**
 * Exact top-`k` by cosine for many queries (stored vectors are unit length; so are the
 * queries), in one pass over the matrix per block of eight queries.
 */
function exactTopMany(index: ExactIndex, queries: readonly Float32Array[], k: number): Neighbour[][] {
  const { matrix, dimensions, rowids } = index;
  const results: Neighbour[][] = [];
  const block = 8;
  for (let first = 0; first < queries.length; first += block) {
    const members = queries.slice(first, first + block);
    const packed = new Float32Array(block * dimensions);
    for (const [member, query] of members.entries()) packed.set(query, member * dimensions);
    const bestScores = members.map(() => new Float64Array(k).fill(Number.NEGATIVE_INFINITY));
    const bestRows = members.map(() => new Int32Array(k).fill(-1));
    const dots = new Float64Array(block);
    for (let row = 0; row < rowids.length; row += 1) {
      const offset = row * dimensions;
      // The row stays in L1 while the block's queries read it; four accumulators let the
      // multiply-adds overlap.
      for (let member = 0; member < members.length; member += 1) {
        const base = member * dimensions;
        let d0 = 0;
        let d1 = 0;
        let d2 = 0;
        let d3 = 0;
        let c = 0;
        for (; c + 3 < dimensions; c += 4) {
          d0 += matrix[offset + c]! * packed[base + c]!;
          d1 += matrix[offset + c + 1]! * packed[base + c + 1]!;
          d2 += matrix[offset + c + 2]! * packed[base + c + 2]!;
          d3 += matrix[offset + c + 3]! * packed[base + c + 3]!;
        }
        for (; c < dimensions; c += 1) d0 += matrix[offset + c]! * packed[base + c]!;
        dots[member] = d0 + d1 + d2 + d3;
      }
      for (let member = 0; member < members.length; member += 1) {
        const dot = dots[member]!;
        const scores = bestScores[member]!;
        if (dot <= scores[k - 1]!) continue;
        const rows = bestRows[member]!;
        let position = k - 1;
        while (position > 0 && scores[position - 1]! < dot) {
          scores[position] = scores[position - 1]!;
          rows[position] = rows[position - 1]!;
          position -= 1;
        }
        scores[position] = dot;
        rows[position] = row;
      }
    }
    for (let member = 0; member < members.length; member += 1) {
      results.push(
        Array.from(bestRows[member]!, (row, position) => ({
          rowid: rowids[row]!,
          similarity: bestScores[member]![position]!,
        })),
      );
    }
  }
  return results;
}

function similarityOf(
  index: ExactIndex,
  positionOf: Map<number, number>,
  rowid: number,
  query: Float32Array,
) {
  const row = positionOf.get(rowid);
  if (row === undefined) return Number.NEGATIVE_INFINITY;
  let dot = 0;
  const offset = row * index.dimensions;
  for (let c = 0; c < index.dimensions; c += 1) dot += index.matrix[offset + c]! * query[c]!;
  return dot;
}

function hnswQueryTexts(
  database: SqliteDatabase,
  queries: readonly string[],
  total: number,
): { text: string; kind: string }[] {
  // The questions as the retriever embeds them (with lay-term expansion), then section
  // headings of passages picked by a fixed stride, as short topical queries.
  const texts = queries.map((query) => {
    const words = expandLayTerms(query).words;
    return { text: words.length > 0 ? `${query} ${words.join(' ')}` : query, kind: 'question' };
  });
  const count = (database.prepare('SELECT count(*) FROM passages').pluck().get() as number) || 1;
  const needed = Math.max(0, total - texts.length);
  const statement = database.prepare('SELECT heading FROM passages LIMIT 1 OFFSET ?').pluck();
  for (let index = 0; index < needed; index += 1) {
    const offset = Math.floor(((index + 0.5) * count) / needed);
    const heading = String(statement.get(offset) ?? '')
      .replace(/^§+\s*[\w.–-]+\.\s*/u, '')
      .replace(/^(?:Rule\s+[\w.]+\.\s*|\([\w]+\)\s*)/u, '')
      .trim();
    if (heading.length > 3) texts.push({ text: heading, kind: 'heading' });
  }
  return texts;
}

function hnswRecall(
  database: SqliteDatabase,
  vectors: VectorGraphs,
  model: LocalEmbeddingModel,
  queries: readonly string[],
  total: number,
) {
  const started = performance.now();
  const index = exactIndex(database, vectors);
  const positionOf = new Map(Array.from(index.rowids, (rowid, position) => [rowid, position]));
  const loadMs = performance.now() - started;
  log(`  exact index: ${index.rowids.length} vectors read in ${seconds(loadMs)}`);
  const texts = hnswQueryTexts(database, queries, total);
  const shippedEf = vectors.parameters.efSearch;
  const efValues = [...new Set([96, 128, 192, 256, 384, 512, shippedEf])].sort(
    (first, second) => first - second,
  );
  type Row = {
    kind: string;
    ef: number;
    strict10: number;
    ties10: number;
    strict60: number;
    ties60: number;
    ms: number;
  };
  const rows: Row[] = [];
  const embedded = texts.map(({ text, kind }) => ({ kind, query: model.embed(text) }));
  const usable = embedded.filter(({ query }) => query.some((value) => value !== 0));
  const zeroVectors = embedded.length - usable.length;
  const measured = usable.length;
  const exactBegin = performance.now();
  const exactAll = exactTopMany(
    index,
    usable.map(({ query }) => query),
    60,
  );
  const exactMs = performance.now() - exactBegin;
  for (const [position, { kind, query }] of usable.entries()) {
    const exact = exactAll[position]!;
    const score = (approximate: readonly { rowid: number }[], k: number) => {
      const truth = exact.slice(0, k);
      const truthIds = new Set(truth.map((hit) => hit.rowid));
      const threshold = truth[truth.length - 1]!.similarity - 1e-5;
      const top = approximate.slice(0, k);
      const strict = top.filter((hit) => truthIds.has(hit.rowid)).length / k;
      // Tie-aware: a hit as similar as the exact k-th (duplicate texts) counts as found.
      const ties =
        Math.min(
          k,
          top.filter((hit) => similarityOf(index, positionOf, hit.rowid, query) >= threshold).length,
        ) / k;
      return { strict, ties };
    };
    for (const ef of efValues) {
      // searchKnn(k) keeps the best max(ef, k) candidates and returns the first k, so the
      // top 10 of a k = ef search is exactly the answer of a k = 10 search at that ef.
      const searchBegin = performance.now();
      const approximate = vectors.search(query, ef, undefined, ef);
      const ms = performance.now() - searchBegin;
      const at10 = score(approximate, 10);
      const at60 = score(approximate, 60);
      rows.push({
        kind,
        ef,
        strict10: at10.strict,
        ties10: at10.ties,
        strict60: at60.strict,
        ties60: at60.ties,
        ms,
      });
    }
  }
  const mean = (values: number[]) =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const byKind = (kind: string | undefined, ef: number) => {
    const subset = rows.filter((row) => row.ef === ef && (kind === undefined || row.kind === kind));
    return {
      queries: subset.length,
      'recall@10': mean(subset.map((row) => row.strict10)),
      'recall@10 (ties)': mean(subset.map((row) => row.ties10)),
      'recall@60': mean(subset.map((row) => row.strict60)),
      'recall@60 (ties)': mean(subset.map((row) => row.ties60)),
      'queries with recall@10 < 1': subset.filter((row) => row.strict10 < 1).length,
    };
  };
  const sweep = efValues.map((ef) => ({
    ef,
    ...byKind(undefined, ef),
    search: summarize(rows.filter((row) => row.ef === ef).map((row) => row.ms)),
  }));
  return {
    vectors: index.rowids.length,
    parameters: vectors.parameters,
    graphs: vectors.graphCount,
    queryTexts: measured,
    zeroVectorQueriesSkipped: zeroVectors,
    exactSearchMsPerQuery: exactMs / Math.max(1, measured),
    all: byKind(undefined, shippedEf),
    questions: byKind('question', shippedEf),
    headings: byKind('heading', shippedEf),
    sweep,
    exact: index,
    positionOf,
  };
}

// ---------------------------------------------------------------------------------------------
// Engines outside the retriever: the impact index without lay terms, exact and HNSW vectors
// on the raw question (the same inputs the libraries get)

function directRankings(
  database: SqliteDatabase,
  impact: ImpactIndex,
  vectors: VectorGraphs,
  model: LocalEmbeddingModel,
  exact: ExactIndex,
  sets: QuestionSets,
) {
  const sectionOf = database.prepare(
    'SELECT label, section_label AS sectionLabel FROM passages WHERE rowid = ?',
  );
  const hits = (rowids: readonly number[]) =>
    rowids.map((rowid) => sectionOf.get(rowid) as { label: string; sectionLabel: string });
  const items = [...sets.dev, ...sets.heldout];
  const rankings = {
    'Amicus BM25F, no lay terms': new Map<string, string[]>(),
    'Amicus vectors exact, raw question': new Map<string, string[]>(),
    'Amicus vectors HNSW, raw question': new Map<string, string[]>(),
  };
  const queries = items.map((item) => model.embed(item.question));
  const exactAll = exactTopMany(exact, queries, 60);
  for (const [position, item] of items.entries()) {
    const lexical = impact.search(item.question, 60).map((hit) => hit.rowid);
    rankings['Amicus BM25F, no lay terms'].set(item.question, topLabels(hits(lexical), true));
    const query = queries[position]!;
    const exactRowids = exactAll[position]!.map((hit) => hit.rowid);
    rankings['Amicus vectors exact, raw question'].set(item.question, topLabels(hits(exactRowids), true));
    const approximate = vectors.search(query, 60).map((hit) => hit.rowid);
    rankings['Amicus vectors HNSW, raw question'].set(item.question, topLabels(hits(approximate), true));
  }
  return Object.fromEntries(
    Object.entries(rankings).map(([name, labels]) => [
      name,
      { dev: metricsFor(sets.dev, labels), heldout: metricsFor(sets.heldout, labels) },
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Libraries

interface LibraryResult {
  readonly library: string;
  readonly passages: number;
  readonly loadMs: number;
  readonly buildMs: number;
  readonly details: Record<string, unknown>;
  readonly latency: LatencySummary;
  readonly queries: number;
  readonly repeat: number;
  readonly memory: Record<string, number>;
  readonly quality: { dev: RetrievalMetrics; heldout: RetrievalMetrics };
  readonly qualityRaw: { dev: RetrievalMetrics; heldout: RetrievalMetrics };
  readonly qualityExpanded?: { dev: RetrievalMetrics; heldout: RetrievalMetrics };
}

async function runLibrary(data: string, library: string, repeat: number) {
  const script = path.join(benchDirectory, 'retrieval', 'library-child.ts');
  try {
    const run = await runNodeChild<LibraryResult>(
      script,
      ['--data', data, '--library', library, '--repeat', String(repeat)],
      {
        nodeArguments: ['--expose-gc', '--max-old-space-size=16384'],
      },
    );
    return { ...run.result, wallMs: run.wallMs, timeMaxRssBytes: run.timeMaxRssBytes };
  } catch (error) {
    log(`  ${library} failed: ${error instanceof Error ? error.message.slice(0, 2000) : String(error)}`);
    return { library, error: error instanceof Error ? error.message.slice(0, 4000) : String(error) };
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const benchStarted = performance.now();
  const sets = loadQuestionSets();
  const queries = allQueries(sets);
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: repositoryRoot, encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  const source = {
    commit: git(['rev-parse', 'HEAD']),
    uncommittedSourceFiles: git(['status', '--porcelain', 'src'])?.split('\n').filter(Boolean).length,
  };
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg(),
  };
  log(`machine: ${machine.cores} × ${machine.cpu}, ${mb(machine.memoryBytes)}, node ${machine.node}`);
  log(
    `questions: ${sets.dev.length} dev (${sets.dev.filter((item) => item.gold.length > 0).length} with gold), ${sets.heldout.length} held-out, ${sets.extra.length} extra; ${queries.length} distinct queries`,
  );

  const data = options.data ?? mkdtempSync(path.join(os.tmpdir(), 'amicus-retrieval-'));
  const hasIndex = existsSync(path.join(data, databaseFileName)) && existsSync(path.join(data, 'indexes'));
  let ingest: (ChildRun<IngestResult> & { reused?: false }) | { reused: true } = { reused: true };
  if (!hasIndex) {
    noteLoad('ingest');
    log(
      `ingest: ${corpusPaths()
        .map((file) => path.basename(file))
        .join(', ')} → ${data} (child process)`,
    );
    ingest = await runIngest(data, false);
    log(`  ingest: ${ingest.result.passages} passages in ${seconds(ingest.result.totalMs)}`);
  } else log(`ingest: skipped, reusing ${data}`);

  let reindex: ChildRun<IngestResult> | undefined;
  if ((!hasIndex && !options.skipReindex) || options.reindex) {
    noteLoad('reindex');
    log('reindex: rebuilding the lexical and vector indexes from the store (child process)');
    reindex = await runIngest(data, true);
    log(`  reindex: ${seconds(reindex.result.totalMs)}`);
  }

  const config = loadConfig({ dataDirectory: data, environment: {} });
  const application = openApplication(config, { logger: silentLogger() });
  const { database } = application;
  const generation = currentGeneration(database, data);
  if (!generation) throw new Error(`no index generation in ${data}`);
  const passageCount = application.store.passageCount();
  const collections = application.store.listCollections().map((collection) => ({
    id: collection.id,
    documents: collection.documentCount,
    passages: collection.passageCount,
  }));
  const disk = diskUsage(data, generation, database);
  application.close();
  log(`data directory: ${mb(disk.totalBytes)} on disk, ${passageCount} passages`);

  // Cold start, before this process touches the index files again.
  const buildState = await ensureBuilt();
  noteLoad('cold start');
  log('cold start: fresh processes to their first hybrid answer (3 tsx children, 3 `amicus search`)');
  const cold = await coldStart(
    data,
    sets.dev.find((item) => item.id === 'dev-05')?.question ?? queries[0]!,
    3,
  );

  // Warm latency and quality in this process.
  const open = openApplication(config, { logger: silentLogger() });
  const embedderSource = open.embedderSource;
  const retrievers: Record<Engine, HybridRetriever> = {
    impact: new HybridRetriever({
      database: open.database,
      dataDirectory: data,
      embedderSource,
      options: { k: 10, lexicalEngine: 'impact', maxPerSection: config.retrieval.maxPerSection },
    }),
    fts5: new HybridRetriever({
      database: open.database,
      dataDirectory: data,
      embedderSource,
      options: { k: 10, lexicalEngine: 'fts5', maxPerSection: config.retrieval.maxPerSection },
    }),
  };
  await retrievers.impact.warmUp();
  await retrievers.fts5.warmUp();
  const runs: ModeRun[] = [];
  for (const [engine, mode, rounds] of [
    ['impact', 'lexical', options.repeat],
    ['impact', 'vector', options.repeat],
    ['impact', 'hybrid', options.repeat],
    ['fts5', 'lexical', Math.min(options.repeat, 3)],
    ['fts5', 'hybrid', Math.min(options.repeat, 3)],
  ] as const) {
    collectGarbage();
    noteLoad(`latency ${engine} ${mode}`);
    log(`latency: ${engine} ${mode}, ${queries.length} queries × ${rounds} rounds after a warm-up pass`);
    const run = await measureRetriever(retrievers[engine], engine, mode, queries, rounds);
    log(
      `  p50 ${fixed(run.latency.p50, 2)} ms, p95 ${fixed(run.latency.p95, 2)} ms, p99 ${fixed(run.latency.p99, 2)} ms`,
    );
    runs.push(run);
  }

  // Load the generation's parts directly for the component timings, HNSW recall and the
  // no-lay-terms / raw-question rankings.
  const impact = ImpactIndex.deserialize(
    readFileSync(path.join(generation.directory, lexicalIndexFile)),
    lexicalIndexFile,
  );
  const vectors = await VectorGraphs.load(generation.directory, generation.manifest);
  const model = LocalEmbeddingModel.deserialize(
    readFileSync(path.join(generation.directory, localModelFile)),
  );
  log('components: where the time of a hybrid query goes');
  const components = await componentTimings(
    open.database,
    generation,
    impact,
    vectors,
    model,
    queries,
    Math.min(options.repeat, 3),
  );
  noteLoad('hnsw recall');
  log(`hnsw recall: ${options.hnswQueries} query vectors, exact top-10/60 by brute force`);
  const recall = hnswRecall(open.database, vectors, model, queries, options.hnswQueries);
  log(
    `  recall@10 ${fixed(recall.all['recall@10'])} (ties ${fixed(recall.all['recall@10 (ties)'])}), recall@60 ${fixed(recall.all['recall@60'])}`,
  );
  const direct = directRankings(open.database, impact, vectors, model, recall.exact, sets);
  const headingDuplicates = open.database
    .prepare(
      "SELECT count(*) FROM passages WHERE heading <> '' AND headings LIKE '%' || ' › ' || heading || ' › ' || heading",
    )
    .pluck()
    .get() as number;
  for (const retriever of Object.values(retrievers)) retriever.close();
  open.close();

  const quality = Object.fromEntries(
    runs.map((run) => [
      `${run.engine} ${run.mode}`,
      { dev: metricsFor(sets.dev, run.labels), heldout: metricsFor(sets.heldout, run.labels) },
    ]),
  );

  // Libraries, each in its own process.
  const libraries: Record<string, unknown>[] = [];
  if (!options.skipLibraries) {
    for (const library of options.libraries) {
      noteLoad(`library ${library}`);
      log(`library: ${library} (child process)`);
      const outcome = await runLibrary(data, library, options.libraryRepeat);
      // Amicus's latency over the very queries the library answered, for a like-for-like row.
      const texts = (outcome as { queryTexts?: string[] }).queryTexts ?? [];
      const amicusOnSameQueries = Object.fromEntries(
        runs
          .filter((run) => run.engine === 'impact')
          .map((run) => [run.mode, summarize(texts.flatMap((text) => run.samples.get(text) ?? []))]),
      );
      libraries.push({ ...outcome, amicusOnSameQueries });
    }
  }

  noteLoad('end');
  const result = {
    date: new Date().toISOString(),
    command: `npm run bench:retrieval -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    source,
    dataDirectory: data,
    corpus: corpusPaths().map((file) => path.relative(repositoryRoot, file)),
    collections,
    passages: passageCount,
    questions: {
      dev: sets.dev.length,
      devWithGold: sets.dev.filter((item) => item.gold.length > 0).length,
      heldout: sets.heldout.length,
      extra: sets.extra.length,
      distinctQueries: queries.length,
    },
    ingest:
      'result' in ingest
        ? { ...ingest.result, wallMs: ingest.wallMs, timeMaxRssBytes: ingest.timeMaxRssBytes }
        : ingest,
    reindex: reindex
      ? { ...reindex.result, wallMs: reindex.wallMs, timeMaxRssBytes: reindex.timeMaxRssBytes }
      : undefined,
    disk,
    generation: generation.manifest,
    coldStart: { ...cold, dist: buildState },
    latency: runs.map((run) => ({
      engine: run.engine,
      mode: run.mode,
      rounds: run.rounds,
      ...run.latency,
      cpu: run.cpu,
    })),
    components,
    hnsw: { ...recall, exact: undefined, positionOf: undefined },
    quality,
    direct,
    libraries: libraries.map((library) => {
      const {
        rankings: _rankings,
        queryTexts: _texts,
        ...rest
      } = library as { rankings?: unknown; queryTexts?: unknown };
      return rest;
    }),
    loadAverages,
    findings: { passagesWithDeepestHeadingRepeatedInHeadings: headingDuplicates },
    benchMs: performance.now() - benchStarted,
  };
  const resultsDirectory = path.join(benchDirectory, 'results');
  mkdirSync(resultsDirectory, { recursive: true });
  const file = options.out ?? path.join(resultsDirectory, `retrieval-${result.date.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  console.log(report(result as unknown as Report, sets));
  console.log(`\nJSON: ${path.relative(repositoryRoot, file)}`);
  console.log(`Data directory kept at ${data} — rerun cheaply with --data ${data}, or delete it.`);
}

// ---------------------------------------------------------------------------------------------
// Report

interface Report {
  loadAverages: { stage: string; at: string; loadAverage: number[] }[];
  machine: { cpu: string; cores: number; memoryBytes: number; node: string; loadAverageAtStart: number[] };
  passages: number;
  ingest: (IngestResult & { wallMs: number; timeMaxRssBytes?: number }) | { reused: true };
  reindex?: IngestResult & { wallMs: number; timeMaxRssBytes?: number };
  disk: { totalBytes: number; files: Record<string, number>; tables?: Record<string, number> };
  coldStart: Awaited<ReturnType<typeof coldStart>>;
  latency: ({ engine: string; mode: string; rounds: number; cpu: LatencySummary } & LatencySummary)[];
  components: Record<string, LatencySummary>;
  hnsw: Omit<ReturnType<typeof hnswRecall>, 'exact' | 'positionOf'>;
  quality: Record<string, { dev: RetrievalMetrics; heldout: RetrievalMetrics }>;
  direct: Record<string, { dev: RetrievalMetrics; heldout: RetrievalMetrics }>;
  libraries: (Partial<LibraryResult> & { library: string; error?: string; timeMaxRssBytes?: number })[];
  benchMs: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

function report(result: Report, sets: QuestionSets): string {
  const out: string[] = [];
  const target = (ok: boolean) => (ok ? 'met' : 'MISSED');
  out.push(
    `\nRetrieval benchmark — ${result.passages} passages; ${result.machine.cores} × ${result.machine.cpu}, ${mb(result.machine.memoryBytes)}, node ${result.machine.node}`,
  );

  const ingest = 'reused' in result.ingest ? undefined : result.ingest;
  const phaseRows = (run: IngestResult & { wallMs: number; timeMaxRssBytes?: number }) => {
    const p = run.phases;
    return [
      ['store: read, parse, split, write', p.storeMs],
      ['FTS5 bulk insert', p.ftsMs],
      ['lexical impact index', p.lexicalMs],
      ['embedder fit (reused on reindex)', p.fitMs],
      ['embed passages', p.embedMs],
      ['HNSW insert', p.hnswInsertMs],
      ['write the vector graphs + publish', p.writeMs],
      ['commit', p.commitMs],
    ].map(([name, ms]) => [
      name as string,
      seconds(ms as number),
      `${(((ms as number) / run.totalMs) * 100).toFixed(0)} %`,
    ]);
  };
  if (ingest) {
    out.push(`\n## Ingest (child process)\n`);
    out.push(table(['phase', 'time', 'share'], phaseRows(ingest)));
    out.push(
      `\ntotal ${seconds(ingest.totalMs)} (process wall ${seconds(ingest.wallMs)}): ${(ingest.passages / (ingest.totalMs / 1000)).toFixed(0)} passages/s; ` +
        `index stage ${seconds(ingest.phases.indexStageMs!)}; peak RSS ${mb(ingest.peakRssBytes)} (time -v: ${mb(ingest.timeMaxRssBytes)}) — target ≤ 1.5 GB: ${target(ingest.peakRssBytes <= 1.5 * 2 ** 30)}`,
    );
  }
  if (result.reindex) {
    const run = result.reindex;
    out.push(`\n## Reindex (child process: indexes only, from the store)\n`);
    out.push(
      table(
        ['phase', 'time', 'share'],
        phaseRows(run).filter((row) => !row[0]!.startsWith('store') && !row[0]!.startsWith('FTS5')),
      ),
    );
    out.push(
      `\ntotal ${seconds(run.totalMs)}; peak RSS ${mb(run.peakRssBytes)} (time -v: ${mb(run.timeMaxRssBytes)})`,
    );
  }

  out.push(`\n## Size on disk\n`);
  out.push(
    table(
      ['file', 'size'],
      [
        ...Object.entries(result.disk.files).map(([name, bytes]) => [name, mb(bytes)]),
        ['total', mb(result.disk.totalBytes)],
      ],
    ),
  );
  const tables = Object.entries(result.disk.tables ?? {}).filter(([, bytes]) => bytes >= 2 ** 20);
  if (tables.length > 0) {
    out.push(
      `\nInside amicus.db (dbstat): ${tables.map(([name, bytes]) => `${name} ${mb(bytes)}`).join(', ')}`,
    );
  }

  const cold = result.coldStart;
  out.push(`\n## Cold start ("${cold.question}")\n`);
  const coldRow = (
    name: string,
    run: {
      spawnToAnswerMs: number;
      cpuToAnswerMs: number;
      modulesLoadedMs: number;
      openMs: number;
      warmUpMs: number;
      firstQueryMs: number;
      rss: number;
    },
  ) => [
    name,
    `${run.spawnToAnswerMs.toFixed(0)} ms`,
    `${run.cpuToAnswerMs.toFixed(0)} ms`,
    `${run.modulesLoadedMs.toFixed(0)} ms`,
    `${run.openMs.toFixed(0)} ms`,
    `${run.warmUpMs.toFixed(0)} ms`,
    `${run.firstQueryMs.toFixed(0)} ms`,
    `${(run.openMs + run.warmUpMs + run.firstQueryMs).toFixed(0)} ms`,
    mb(run.rss),
  ];
  out.push(
    table(
      [
        'process',
        'spawn→answer',
        'CPU to answer',
        'module load',
        'open',
        'load generation',
        'first query',
        'open→answer',
        'RSS',
      ],
      [
        ...cold.distRuns.map((run, index) =>
          coldRow(`server: node dist/application.js #${index + 1}`, { ...run, rss: run.rssBytes }),
        ),
        ...cold.tsxRuns.map((run, index) =>
          coldRow(`tsx src (module load includes transpiling) #${index + 1}`, {
            ...run,
            rss: run.rssAfterFirstBytes,
          }),
        ),
        ...cold.cliSpawnToExitMs.map((ms, index) => [
          `amicus search (dist CLI), spawn→exit #${index + 1}`,
          `${ms.toFixed(0)} ms`,
          cold.cliCpuMs[index] === undefined ? '—' : `${cold.cliCpuMs[index]!.toFixed(0)} ms`,
          '',
          '',
          '',
          '',
          '',
          '',
        ]),
      ],
    ),
  );
  const firstRun = cold.tsxRuns[0];
  if (firstRun) {
    out.push(
      `\nload breakdown (repeated after the answer): lexical.bin ${firstRun.breakdown.lexicalLoadMs?.toFixed(0)} ms, vector graphs ${firstRun.breakdown.vectorLoadMs?.toFixed(0)} ms, embedder.model ${firstRun.breakdown.modelLoadMs?.toFixed(0)} ms; citation vocabulary (first query) ${firstRun.breakdown.citationVocabularyMs?.toFixed(0)} ms`,
    );
  }
  const serverMedian = median(cold.distRuns.map((run) => run.spawnToAnswerMs));
  const cliMedian = median(cold.cliSpawnToExitMs);
  out.push(
    `cold start target ≤ 2 s: ${target((serverMedian ?? Number.POSITIVE_INFINITY) <= 2000)} ` +
      `(server median ${serverMedian?.toFixed(0) ?? '—'} ms spawn→answer; \`amicus search\` median ${cliMedian?.toFixed(0) ?? '—'} ms spawn→exit; load average ${result.loadAverages.find((entry) => entry.stage === 'cold start')?.loadAverage.join(', ') ?? '—'})`,
  );

  out.push(
    `\n## Warm latency (k = 10, ${sets.dev.length + sets.heldout.length + sets.extra.length} queries)\n`,
  );
  out.push(
    table(
      ['engine', 'mode', 'samples', 'mean', 'p50', 'p95', 'p99', 'max', 'CPU p50', 'CPU p95'],
      result.latency.map((run) => [
        run.engine === 'impact' ? 'Amicus (impact)' : 'Amicus (FTS5 bm25)',
        run.mode,
        String(run.count),
        `${run.mean.toFixed(2)} ms`,
        `${run.p50.toFixed(2)} ms`,
        `${run.p95.toFixed(2)} ms`,
        `${run.p99.toFixed(2)} ms`,
        `${run.max.toFixed(1)} ms`,
        `${run.cpu.p50.toFixed(2)} ms`,
        `${run.cpu.p95.toFixed(2)} ms`,
      ]),
    ),
  );
  const hybrid = result.latency.find((run) => run.engine === 'impact' && run.mode === 'hybrid');
  if (hybrid) {
    out.push(
      `\nhybrid p95 target ≤ 15 ms: ${target(hybrid.p95 <= 15)} (wall ${hybrid.p95.toFixed(2)} ms; CPU time ${hybrid.cpu.p95.toFixed(2)} ms)` +
        `\nCPU = user + system time of the process during the query; wall time also counts waiting for a core (load average ${result.loadAverages.find((entry) => entry.stage === 'latency impact hybrid')?.loadAverage.join(', ') ?? '—'}).`,
    );
  }
  out.push(`\nComponents (one call each, per query):\n`);
  out.push(
    table(
      ['component', 'p50', 'p95', 'p99'],
      Object.entries(result.components).map(([name, summary]) => [
        name,
        `${summary.p50.toFixed(3)} ms`,
        `${summary.p95.toFixed(3)} ms`,
        `${summary.p99.toFixed(3)} ms`,
      ]),
    ),
  );

  const h = result.hnsw;
  out.push(
    `\n## HNSW recall against exact search (${h.vectors} vectors, M ${h.parameters.m}, efConstruction ${h.parameters.efConstruction}, efSearch ${h.parameters.efSearch})\n`,
  );
  out.push(
    table(
      [
        'queries',
        'n',
        'recall@10',
        'recall@10 (ties)',
        'recall@60',
        'recall@60 (ties)',
        'n with recall@10 < 1',
      ],
      (['all', 'questions', 'headings'] as const).map((kind) => {
        const row = h[kind];
        return [
          kind,
          String(row.queries),
          fixed(row['recall@10']),
          fixed(row['recall@10 (ties)']),
          fixed(row['recall@60']),
          fixed(row['recall@60 (ties)']),
          String(row['queries with recall@10 < 1']),
        ];
      }),
    ),
  );
  out.push(
    `\nexact brute force ${h.exactSearchMsPerQuery.toFixed(1)} ms/query; ${h.zeroVectorQueriesSkipped} zero-vector queries skipped` +
      `\nrecall@10 target ≥ 0.98: ${target(h.all['recall@10'] >= 0.98)} (${h.all['recall@10'].toFixed(3)} at the shipped efSearch ${h.parameters.efSearch})`,
  );
  out.push(`\nefSearch sweep (same graph, all ${h.all.queries} queries; search time of one k = ef call):\n`);
  out.push(
    table(
      ['efSearch', 'recall@10', 'recall@60', 'n with recall@10 < 1', 'search p50', 'search p95'],
      h.sweep.map((row) => [
        String(row.ef),
        fixed(row['recall@10']),
        fixed(row['recall@60']),
        String(row['queries with recall@10 < 1']),
        `${row.search.p50.toFixed(2)} ms`,
        `${row.search.p95.toFixed(2)} ms`,
      ]),
    ),
  );

  const devItems = sets.dev.filter((item: QuestionItem) => item.gold.length > 0).length;
  const qualityRow = (name: string, metrics: { dev: RetrievalMetrics; heldout: RetrievalMetrics }) => [
    name,
    ...(['dev', 'heldout'] as const).flatMap((set) => [
      fixed(metrics[set]['recall@1']),
      fixed(metrics[set]['recall@5']),
      fixed(metrics[set]['recall@10']),
      fixed(metrics[set]['hit@10']),
      fixed(metrics[set]['mrr@10']),
    ]),
  ];
  const qualityHeaders = [
    'ranking',
    'dev R@1',
    'R@5',
    'R@10',
    'hit@10',
    'MRR@10',
    'held-out R@1',
    'R@5',
    'R@10',
    'hit@10',
    'MRR@10',
  ];
  out.push(
    `\n## Retrieval quality (dev: ${devItems} questions with gold; held-out: ${sets.heldout.length})\n`,
  );
  out.push(
    table(qualityHeaders, [
      ...Object.entries(result.quality).map(([name, metrics]) =>
        qualityRow(name.replace('impact', 'Amicus').replace('fts5', 'Amicus FTS5'), metrics),
      ),
      ...Object.entries(result.direct).map(([name, metrics]) => qualityRow(name, metrics)),
    ]),
  );

  if (result.libraries.length > 0) {
    out.push(`\n## Side by side on the same ${result.passages} passages (one passage per section, top 10)\n`);
    const latencyOf = (mode: string) =>
      result.latency.find((run) => run.engine === 'impact' && run.mode === mode);
    const pair = (summary: (LatencySummary & { rounds?: number }) | undefined) =>
      summary && summary.count > 0 ? `${summary.p50.toFixed(2)} / ${summary.p95.toFixed(2)} ms` : '—';
    const qualityCells = (metrics: { dev: RetrievalMetrics; heldout: RetrievalMetrics } | undefined) => [
      fixed(metrics?.dev['recall@10']),
      fixed(metrics?.dev['mrr@10']),
      fixed(metrics?.heldout['recall@10']),
      fixed(metrics?.heldout['mrr@10']),
    ];
    const rows: string[][] = [];
    const amicusRow = (
      name: string,
      build: string,
      mode: string | undefined,
      metrics: { dev: RetrievalMetrics; heldout: RetrievalMetrics } | undefined,
      memory = '',
    ) => {
      const summary = mode ? latencyOf(mode) : undefined;
      const queries = summary ? String(summary.count / Math.max(1, summary.rounds)) : '';
      rows.push([name, build, queries, pair(summary), '', ...qualityCells(metrics), memory]);
    };
    const phases = ingest?.phases;
    amicusRow(
      'Amicus lexical (BM25F impact + lay terms)',
      phases ? seconds(phases.lexicalMs!) : '—',
      'lexical',
      result.quality['impact lexical'],
      firstRun ? `${mb(firstRun.rssAfterFirstBytes)} (whole app, all indexes)` : '',
    );
    amicusRow('Amicus BM25F, no lay terms', '', undefined, result.direct['Amicus BM25F, no lay terms']);
    const libraryRow = (name: string, comparedMode: string) => {
      const library = result.libraries.find((entry) => entry.library === name);
      if (!library) return;
      if (library.error || !library.quality || !library.latency) {
        rows.push([name, 'failed', '', '', '', '', '', '', '', '']);
        return;
      }
      const memory = library.memory ?? {};
      const same = (library as { amicusOnSameQueries?: Record<string, LatencySummary> })
        .amicusOnSameQueries?.[comparedMode];
      rows.push([
        name,
        seconds(library.buildMs ?? 0),
        String(library.queries),
        pair(library.latency),
        pair(same),
        ...qualityCells(library.quality),
        `${mb(memory.rssAfterBuildBytes)} (peak ${mb(library.timeMaxRssBytes ?? memory.peakRssBytes)})`,
      ]);
    };
    libraryRow('minisearch', 'lexical');
    libraryRow('orama', 'lexical');
    amicusRow(
      'Amicus vector (HNSW + lay terms)',
      phases ? seconds(phases.fitMs! + phases.embedMs! + phases.hnswInsertMs!) : '—',
      'vector',
      result.quality['impact vector'],
    );
    amicusRow(
      'Amicus vectors exact, raw question',
      '',
      undefined,
      result.direct['Amicus vectors exact, raw question'],
    );
    libraryRow('langchain', 'vector');
    amicusRow(
      'Amicus hybrid',
      phases ? seconds(phases.indexStageMs!) : '—',
      'hybrid',
      result.quality['impact hybrid'],
    );
    out.push(
      table(
        [
          'engine',
          'build',
          'queries',
          'p50 / p95',
          'Amicus, same queries',
          'dev R@10',
          'dev MRR',
          'held-out R@10',
          'held-out MRR',
          'RSS after build',
        ],
        rows,
      ),
    );
    out.push(
      '\nAmicus builds: lexical = impact index; vector = fit + embed + HNSW insert; hybrid = the whole index stage. ' +
        'Library build times exclude reading the passages from the store. "Amicus, same queries": Amicus lexical ' +
        '(for MiniSearch and Orama) or vector (for LangChain) latency over the queries the library answered.',
    );
  }
  out.push(`\nbenchmark took ${seconds(result.benchMs)}`);
  return out.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
