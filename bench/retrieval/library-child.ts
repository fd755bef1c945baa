/**
 * Child process of `bench/retrieval.ts`: builds one off-the-shelf search library over the same
 * passages Amicus holds (read from its store: label, headings, text), runs the same questions,
 * and prints build time, latency, memory and quality (`retrievalMetrics`) as one `@@RESULT`
 * line. One library per process, so that peak memory is the library's own.
 *
 *   node --import tsx --expose-gc bench/retrieval/library-child.ts --data <dir> --library minisearch|orama|langchain
 *     [--repeat n] [--queries all|quality]   (Orama and LangChain default to the 73 dev and held-out
 *     questions: they take seconds per query on this corpus)
 *
 * Settings, chosen to be as close to Amicus's lexical index as each library allows:
 * - MiniSearch: fields label/headings/text, boosts 6/2.5/1, prefix and fuzzy off, OR; our
 *   tokenizer and analyzer (stopwords, Porter), so only the scoring differs.
 * - Orama: BM25 (its default), same fields and boosts, threshold 1 (any term), tolerance 0;
 *   its English stemmer and our stopword list (Orama has no stopwords by default).
 * - LangChain MemoryVectorStore: exact cosine over our local embeddings (the generation's
 *   LocalEmbeddingModel, through an `Embeddings` subclass), documents as `embeddingText`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { create, insertMultiple, search } from '@orama/orama';
import MiniSearch from 'minisearch';
import { currentGeneration, localModelFile } from '../../src/retrieval/index-generation.js';
import { LocalEmbeddingModel } from '../../src/retrieval/local-embedder-model.js';
import { embeddingText } from '../../src/retrieval/retrieval-index-builder.js';
import { englishStopwords, TextAnalyzer, tokenize } from '../../src/retrieval/text-analysis.js';
import { openDatabase } from '../../src/store/database.js';
import {
  allQueries,
  emitResult,
  type LabelledHit,
  loadQuestionSets,
  metricsFor,
  peakRssBytes,
  progress,
  summarize,
  topLabels,
} from './common.js';

type Library = 'minisearch' | 'orama' | 'langchain';

interface PassageRecord {
  readonly rowid: number;
  readonly label: string;
  readonly section_label: string;
  readonly headings: string;
  readonly text: string;
}

/** How deep each ranking is read before the one-passage-per-section step (as Amicus: 60). */
const depth = 60;

/** LangChain `Embeddings` backed by the generation's local model: the very vectors Amicus uses. */
class LocalModelEmbeddings extends Embeddings {
  embedMs = 0;
  constructor(private readonly model: LocalEmbeddingModel) {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const begin = performance.now();
    const vectors = texts.map((text) => Array.from(this.model.embed(text)));
    this.embedMs += performance.now() - begin;
    return vectors;
  }
  async embedQuery(text: string): Promise<number[]> {
    return Array.from(this.model.embed(text));
  }
}

interface Engine {
  /** Rowids, best first, at most `depth`. */
  search(query: string): Promise<number[]>;
  readonly details: Record<string, unknown>;
}

async function buildMiniSearch(passages: readonly PassageRecord[]): Promise<Engine> {
  const analyzer = new TextAnalyzer();
  const index = new MiniSearch<PassageRecord>({
    idField: 'rowid',
    fields: ['label', 'headings', 'text'],
    storeFields: [],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => analyzer.analyzeToken(term) ?? null,
    searchOptions: {
      boost: { label: 6, headings: 2.5, text: 1 },
      prefix: false,
      fuzzy: false,
      combineWith: 'OR',
    },
  });
  index.addAll(passages);
  return {
    search: async (query) =>
      index
        .search(query)
        .slice(0, depth)
        .map((result) => result.id as number),
    details: { documents: index.documentCount, terms: index.termCount },
  };
}

async function buildOrama(passages: readonly PassageRecord[]): Promise<Engine> {
  const database = create({
    schema: { label: 'string', headings: 'string', text: 'string' } as const,
    components: { tokenizer: { stemming: true, stopWords: [...englishStopwords] } },
  });
  const batch = 5_000;
  for (let start = 0; start < passages.length; start += batch) {
    await insertMultiple(
      database,
      passages.slice(start, start + batch).map((passage) => ({
        id: String(passage.rowid),
        label: passage.label,
        headings: passage.headings,
        text: passage.text,
      })),
      batch,
    );
    if ((start / batch) % 10 === 0) progress(`orama: inserted ${start + batch} of ${passages.length}`);
  }
  return {
    search: async (query) => {
      const results = await search(database, {
        term: query,
        properties: ['label', 'headings', 'text'],
        boost: { label: 6, headings: 2.5, text: 1 },
        limit: depth,
        threshold: 1,
        tolerance: 0,
      });
      return results.hits.map((hit) => Number(hit.id));
    },
    details: { relevance: 'BM25 (Orama default k=1.2, b=0.75, d=0.5)' },
  };
}

async function buildLangChain(passages: readonly PassageRecord[], data: string): Promise<Engine> {
  const database = openDatabase(data);
  const generation = currentGeneration(database, data);
  database.close();
  if (!generation) throw new Error(`no index generation in ${data}`);
  const model = LocalEmbeddingModel.deserialize(
    readFileSync(path.join(generation.directory, localModelFile)),
  );
  const embeddings = new LocalModelEmbeddings(model);
  const documents = passages.map(
    (passage) => new Document({ pageContent: embeddingText(passage), metadata: { rowid: passage.rowid } }),
  );
  const begin = performance.now();
  const store = await MemoryVectorStore.fromDocuments(documents, embeddings);
  const totalMs = performance.now() - begin;
  return {
    search: async (query) => {
      const hits = await store.similaritySearchWithScore(query, depth);
      return hits.map(([document]) => document.metadata.rowid as number);
    },
    details: {
      embedMs: embeddings.embedMs,
      addMs: totalMs - embeddings.embedMs,
      vectors: store.memoryVectors.length,
    },
  };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const index = argv.indexOf(name);
    return index < 0 ? undefined : argv[index + 1];
  };
  const data = option('--data');
  const library = option('--library') as Library | undefined;
  const repeat = Number(option('--repeat') ?? 1);
  // `quality`: only the dev and held-out questions (Orama and LangChain take seconds per query).
  const querySet = option('--queries') ?? (library === 'minisearch' ? 'all' : 'quality');
  if (!data || !library) throw new Error('usage: --data <dir> --library minisearch|orama|langchain');

  const loadStart = performance.now();
  const database = openDatabase(data);
  const passages = database
    .prepare('SELECT rowid, label, section_label, headings, text FROM passages ORDER BY rowid')
    .all() as PassageRecord[];
  database.close();
  const byRowid = new Map(passages.map((passage) => [passage.rowid, passage]));
  const loadMs = performance.now() - loadStart;
  gc();
  const rssBeforeBuild = process.memoryUsage().rss;
  const heapBeforeBuild = process.memoryUsage().heapUsed;
  progress(`${library}: ${passages.length} passages read in ${(loadMs / 1000).toFixed(1)} s; building`);

  const buildStart = performance.now();
  const engine =
    library === 'minisearch'
      ? await buildMiniSearch(passages)
      : library === 'orama'
        ? await buildOrama(passages)
        : await buildLangChain(passages, data);
  const buildMs = performance.now() - buildStart;
  const peakAfterBuild = peakRssBytes();
  gc();
  const rssAfterBuild = process.memoryUsage().rss;
  const heapAfterBuild = process.memoryUsage().heapUsed;
  progress(`${library}: built in ${(buildMs / 1000).toFixed(1)} s; querying`);

  const sets = loadQuestionSets();
  const queries =
    querySet === 'quality'
      ? [...new Set([...sets.dev, ...sets.heldout].map((item) => item.question))]
      : allQueries(sets);
  const toHits = (rowids: readonly number[]): LabelledHit[] =>
    rowids.flatMap((rowid) => {
      const passage = byRowid.get(rowid);
      return passage ? [{ label: passage.label, sectionLabel: passage.section_label }] : [];
    });

  // Warm-up: a few queries (the libraries are slow enough that a full pass costs minutes).
  for (const query of queries.slice(0, library === 'minisearch' ? 10 : 3)) await engine.search(query);

  const samples: number[] = [];
  const rankings = new Map<string, number[]>();
  for (let round = 0; round < repeat; round += 1) {
    for (const query of queries) {
      const begin = performance.now();
      const rowids = await engine.search(query);
      samples.push(performance.now() - begin);
      if (round === 0) rankings.set(query, rowids);
      if (samples.length % 25 === 0) {
        const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
        progress(`${library}: ${samples.length} queries, mean ${mean.toFixed(0)} ms`);
      }
    }
    progress(`${library}: round ${round + 1} of ${repeat} done`);
  }

  const quality = (diversify: boolean, source: ReadonlyMap<string, number[]>) => {
    const labels = new Map(
      [...source].map(([query, rowids]) => [query, topLabels(toHits(rowids), diversify)]),
    );
    return { dev: metricsFor(sets.dev, labels), heldout: metricsFor(sets.heldout, labels) };
  };

  emitResult({
    library,
    passages: passages.length,
    loadMs,
    buildMs,
    details: engine.details,
    latency: summarize(samples),
    queries: queries.length,
    querySet,
    queryTexts: queries,
    repeat,
    memory: {
      rssBeforeBuildBytes: rssBeforeBuild,
      rssAfterBuildBytes: rssAfterBuild,
      heapBeforeBuildBytes: heapBeforeBuild,
      heapAfterBuildBytes: heapAfterBuild,
      peakRssAfterBuildBytes: peakAfterBuild,
      peakRssBytes: peakRssBytes(),
    },
    quality: quality(true, rankings),
    qualityRaw: quality(false, rankings),
    rankings: Object.fromEntries([...rankings].map(([query, rowids]) => [query, rowids.slice(0, 10)])),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
