/**
 * Child process of `bench/retrieval.ts`: ingests the corpus into a data directory (or, with
 * `--reindex`, rebuilds the indexes of an existing one) and prints its phase timings and peak
 * RSS as one `@@RESULT` line. It is composed exactly as `openApplication().createIngester()`
 * composes it, with thin wrappers that only time the stages:
 *
 *   store      discover, read, parse, split and write passages
 *   fts        the bulk FTS5 insert at the end of the write (indexNewPassages)
 *   lexical    the in-memory BM25F impact index (index stage start → embedder requested)
 *   fit        fitting the local embedder on a sample
 *   embed      embedding every passage (sum of embedDocuments calls)
 *   hnsw       inserting into the HNSW graph (vector stage minus embedding)
 *   write      writing the vector graphs, the manifest, publishing the generation
 *   commit     COMMIT and removing the previous generation
 *
 *   node --import tsx bench/retrieval/ingest-child.ts --data <dir> [--reindex] <paths…>
 */
import { openApplication } from '../../src/application.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import {
  CorpusIngester,
  type IngestExtension,
  type IngestExtensionContext,
  type IngestProgress,
  type PreparedExtension,
} from '../../src/corpus/ingest.js';
import type { Embedder } from '../../src/retrieval/embedder.js';
import type { EmbedderSource, IndexingContext } from '../../src/retrieval/embedder-source.js';
import { RetrievalIndexBuilder } from '../../src/retrieval/retrieval-index-builder.js';
import { emitResult, peakRssBytes, progress } from './common.js';

const started = performance.now();
const moduleLoadMs = started; // performance.now() counts from process start
const now = () => performance.now();

interface Mark {
  readonly name: string;
  readonly atMs: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

const marks: Mark[] = [];
function mark(name: string): number {
  const memory = process.memoryUsage();
  const atMs = now();
  marks.push({ name, atMs, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed });
  return atMs;
}

let embedMs = 0;
let embedded = 0;

class TimedEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  constructor(private readonly inner: Embedder) {
    this.id = inner.id;
    this.dimensions = inner.dimensions;
  }
  async embedDocuments(texts: readonly string[]): Promise<Float32Array[]> {
    const begin = now();
    const vectors = await this.inner.embedDocuments(texts);
    embedMs += now() - begin;
    embedded += texts.length;
    return vectors;
  }
  embedQuery(text: string): Promise<Float32Array> {
    return this.inner.embedQuery(text);
  }
}

class TimedEmbedderSource implements EmbedderSource {
  readonly sourceKey: string;
  constructor(private readonly inner: EmbedderSource) {
    this.sourceKey = inner.sourceKey;
  }
  async forIndexing(context: IndexingContext): Promise<Embedder> {
    mark('fit start');
    const embedder = await this.inner.forIndexing(context);
    mark('fit end');
    return new TimedEmbedder(embedder);
  }
  forQuerying(generationDirectory: string): Promise<Embedder> {
    return this.inner.forQuerying(generationDirectory);
  }
}

class TimedExtension implements IngestExtension {
  constructor(private readonly inner: IngestExtension) {}
  async prepare(context: IngestExtensionContext): Promise<PreparedExtension> {
    mark('index stage start');
    const prepared = await this.inner.prepare(context);
    mark('index stage end');
    return prepared;
  }
}

function parseArguments(argv: readonly string[]) {
  let data: string | undefined;
  let reindex = false;
  const paths: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--data') data = argv[++index];
    else if (argument === '--reindex') reindex = true;
    else paths.push(argument);
  }
  if (!data) throw new Error('--data <dir> is required');
  return { data, reindex, paths };
}

async function main(): Promise<void> {
  const { data, reindex, paths } = parseArguments(process.argv.slice(2));
  mark('start');
  const config = loadConfig({ dataDirectory: data, environment: {} });
  const logger = silentLogger();
  const application = openApplication(config, { create: !reindex, logger });
  // The configured source (the local embedder by default), timed.
  const embedderSource = new TimedEmbedderSource(application.embedderSource);
  // The bulk FTS5 insert (indexNewPassages) is prepared right before it runs: note the moment.
  const database = application.database;
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => {
    if (sql.startsWith('INSERT INTO passages_fts (rowid')) mark('fts start');
    return prepare(sql);
  }) as typeof database.prepare;
  const ingester = new CorpusIngester({
    database: application.database,
    logger,
    extensions: [
      new TimedExtension(
        new RetrievalIndexBuilder({
          dataDirectory: config.dataDirectory,
          embedderSource,
          logger,
          force: reindex,
        }),
      ),
    ],
  });
  let lastWrite: number | undefined;
  let firstVectors: number | undefined;
  let lastVectors: number | undefined;
  let lastPrinted = 0;
  const onProgress = (event: IngestProgress) => {
    const at = now();
    if (event.phase === 'writing' || event.phase === 'reading') lastWrite = at;
    if (event.phase === 'vectors') {
      firstVectors ??= at;
      lastVectors = at;
    }
    if (at - lastPrinted > 15_000) {
      lastPrinted = at;
      const rss = (process.memoryUsage().rss / 2 ** 20).toFixed(0);
      progress(
        `${(at / 1000).toFixed(0)} s ${event.phase} ${event.collectionId} ${event.done}${event.total ? `/${event.total}` : ''} (rss ${rss} MB)`,
      );
    }
  };
  const ingestStart = mark('ingest start');
  const report = await ingester.ingest(reindex ? [] : paths, {
    maxFileBytes: config.ingest.maxFileBytes,
    onProgress,
  });
  const ingestEnd = mark('ingest end');
  const passages = application.store.passageCount();
  application.close();

  const at = (name: string) => marks.find((entry) => entry.name === name)?.atMs ?? Number.NaN;
  const indexStart = at('index stage start');
  const fitStart = at('fit start');
  const fitEnd = at('fit end');
  const indexEnd = at('index stage end');
  const storeEnd = reindex
    ? ingestStart
    : Number.isNaN(at('fts start'))
      ? (lastWrite ?? indexStart)
      : at('fts start');
  const vectorStageMs = (lastVectors ?? indexEnd) - fitEnd;
  const phases = {
    storeMs: storeEnd - ingestStart,
    ftsMs: indexStart - storeEnd,
    lexicalMs: fitStart - indexStart,
    fitMs: fitEnd - fitStart,
    embedMs,
    hnswInsertMs: vectorStageMs - embedMs,
    writeMs: indexEnd - (lastVectors ?? indexEnd),
    commitMs: ingestEnd - indexEnd,
    indexStageMs: indexEnd - indexStart,
    firstVectorsAfterFitMs: (firstVectors ?? fitEnd) - fitEnd,
  };
  emitResult({
    mode: reindex ? 'reindex' : 'ingest',
    passages,
    embedded,
    totalMs: ingestEnd - ingestStart,
    moduleLoadMs,
    phases,
    marks,
    collections: report.collections,
    skipped: report.skipped.length,
    peakRssBytes: peakRssBytes(),
    heapLimitBytes: (await import('node:v8')).getHeapStatistics().heap_size_limit,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
