/**
 * Experiment: which corpus-fitted embedder adds recall to BM25 on plain-language questions?
 *
 *   npx tsx bench/local-embedder-experiment.ts                 # all candidates, nine sample collections (~10 min)
 *   npx tsx bench/local-embedder-experiment.ts --only PPMI     # only candidates whose name contains "PPMI"
 *   npx tsx bench/local-embedder-experiment.ts --only Local --detail   # + per-question ranks
 *   npx tsx bench/local-embedder-experiment.ts --scale         # time/memory: fit + embed all of usc-all
 *   npx tsx bench/local-embedder-experiment.ts --scale-eval    # retrieval quality over all of usc-all (~12 min)
 *
 * SAMPLE_SETTINGS / SCALE_SETTINGS (JSON arrays of LocalEmbeddingModel fit options without the
 * seed, or with one) replace the model settings compared; SCALE_DIMENSIONS sets --scale's.
 *
 * Passages are made simply (one per chunk file, heading markers stripped). Lexical search is
 * SQLite FTS5 bm25 with the porter tokenizer, headings weighted 2× body. Fusion is reciprocal
 * rank fusion (k = 60) of the top 100 of each list. Vector search is exact cosine.
 * Results are summarized in docs/local-embedder.md.
 */
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import Database from 'better-sqlite3';
import { csrFromRows, randomizedSvd, SeededRandom } from '../src/retrieval/linear-algebra.js';
import { type LocalEmbeddingFitOptions, LocalEmbeddingModel } from '../src/retrieval/local-embedder-model.js';

type LocalEmbeddingFitOptionsWithoutSeed = Omit<LocalEmbeddingFitOptions, 'seed'>;

import {
  type AnalyzerOptions,
  defaultAnalyzerOptions,
  englishStopwords,
  TextAnalyzer,
  tokenize,
} from '../src/retrieval/text-analysis.js';
import { sampleCollectionPaths, sharedCorpusPath, sharedEvalPath } from '../tests/support/shared-data.js';

// ---------------------------------------------------------------------------------------------
// Corpus and questions
// ---------------------------------------------------------------------------------------------

interface Passage {
  readonly label: string;
  readonly heading: string;
  readonly body: string;
  readonly text: string;
}

function passageFromMarkdown(
  markdown: string,
  citationPrefix: string | undefined,
  fallback: string,
): Passage {
  const lines = markdown.split(/\r?\n/);
  const headingLines = lines.filter((line) => /^#+\s/.test(line)).map((line) => line.replace(/^#+\s*/, ''));
  const bodyLines = lines.filter((line) => !/^#+\s/.test(line));
  const text = lines
    .map((line) => line.replace(/^#+\s*/, ''))
    .join('\n')
    .trim();
  let label = fallback;
  if (citationPrefix !== undefined) {
    const rule = /^##\s+Rule\s+([^\s.]+)\./m.exec(markdown);
    if (rule) label = `${citationPrefix} ${rule[1]}`;
  } else {
    const title = /^#\s+Title\s+(\d+\w*)/m.exec(markdown);
    const section = /^####\s+§\u202f(\S+?)\.(\s|$)/m.exec(markdown);
    if (title && section) label = `${title[1]} U.S.C. § ${section[1]}`;
    else if (title) label = `${title[1]} U.S.C.`;
  }
  return { label, heading: headingLines.join('\n'), body: bodyLines.join('\n').trim(), text };
}

function loadSampleCollections(): Passage[] {
  const passages: Passage[] = [];
  for (const directory of sampleCollectionPaths()) {
    const meta = JSON.parse(readFileSync(path.join(directory, 'collection.json'), 'utf8')) as {
      citationPrefix?: string;
    };
    const files = readdirSync(directory)
      .filter((name) => name.endsWith('.md'))
      .sort();
    for (const file of files) {
      const passage = passageFromMarkdown(
        readFileSync(path.join(directory, file), 'utf8'),
        meta.citationPrefix,
        `${path.basename(directory)}/${file}`,
      );
      if (passage.text.length > 0) passages.push(passage);
    }
  }
  return passages;
}

interface Question {
  readonly id: string;
  readonly question: string;
  readonly gold: readonly string[];
}

function loadDevQuestions(): Question[] {
  return readFileSync(sharedEvalPath('questions-dev.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Question)
    .filter((question) => question.gold.length > 0);
}

/**
 * Held-out questions, written from the section headings of the sample corpus before any
 * candidate was run, in the words a non-lawyer would use (the statute's own words avoided
 * where a layperson would not use them). Nothing was tuned on them.
 */
const heldOutQuestions: Question[] = (
  [
    ['What is the punishment for kidnapping someone?', ['18 U.S.C. § 1201']],
    ['Is it illegal to threaten to kill the President?', ['18 U.S.C. § 871']],
    ['What happens if someone tricks a bank into giving them money?', ['18 U.S.C. § 1344']],
    ['Is it a crime to use the mail to cheat people out of their money?', ['18 U.S.C. § 1341']],
    ['Can I be charged for lying under oath in court?', ['18 U.S.C. § 1621', '18 U.S.C. § 1623']],
    ['Is it a federal crime to pay off a government official?', ['18 U.S.C. § 201']],
    ['Is it a crime to hide where money from drug dealing came from?', ['18 U.S.C. § 1956']],
    ['When can the government listen in on my phone calls?', ['18 U.S.C. § 2518']],
    ['What is the sentence for carrying a gun while committing a violent crime?', ['18 U.S.C. § 924']],
    ['Is it a crime to attack a federal officer?', ['18 U.S.C. § 111']],
    ['How soon must a federal criminal trial start after someone is charged?', ['18 U.S.C. § 3161']],
    ['Can a judge keep a defendant in jail before trial because they are dangerous?', ['18 U.S.C. § 3142']],
    ['Does a poor defendant get a free lawyer in a federal criminal case?', ['18 U.S.C. § 3006A']],
    ["Is it a crime to break into someone's computer?", ['18 U.S.C. § 1030']],
    ["Is it a federal crime to use someone else's identity?", ['18 U.S.C. § 1028', '18 U.S.C. § 1028A']],
    ['Can someone be convicted for helping another person commit a crime?', ['18 U.S.C. § 2']],
    ['Is making fake money a crime?', ['18 U.S.C. § 471']],
    ["What happens if you don't show up for court after being released?", ['18 U.S.C. § 3146']],
    ['Is it illegal to pressure a witness not to testify?', ['18 U.S.C. § 1512']],
    ['Is there a time limit for prosecuting a murder that can be punished by death?', ['18 U.S.C. § 3281']],
    ['How long do I have to sue the United States for an injury?', ['28 U.S.C. § 2401']],
    ['Can I sue the federal government if a postal truck hits me?', ['28 U.S.C. § 1346', '28 U.S.C. § 2674']],
    ['When can a federal court hear a lawsuit between people from different states?', ['28 U.S.C. § 1332']],
    ['Can a judge be removed from a case for being biased?', ['28 U.S.C. § 455', '28 U.S.C. § 144']],
    ['In which federal district can a lawsuit be filed?', ['28 U.S.C. § 1391']],
    [
      'Can a state prisoner ask a federal court to review whether they are being held unlawfully?',
      ['28 U.S.C. § 2254'],
    ],
    ['What kinds of inventions can be patented?', ['35 U.S.C. § 101']],
    ['Can I get a patent if my invention was already publicly known?', ['35 U.S.C. § 102']],
    ['How long does a patent last?', ['35 U.S.C. § 154']],
    ['How much money can a patent owner get when someone copies the invention?', ['35 U.S.C. § 284']],
    ['Can I quote part of a copyrighted book for teaching or criticism?', ['17 U.S.C. § 107']],
    ['Who owns the copyright in something an employee creates on the job?', ['17 U.S.C. § 201']],
    ['How much can a copyright owner recover without proving actual losses?', ['17 U.S.C. § 504']],
    ['Do I need to register my copyright before suing someone?', ['17 U.S.C. § 411']],
    ['Can a library make copies of books?', ['17 U.S.C. § 108']],
    [
      'What can I do if a competitor uses a brand name confusingly similar to mine?',
      ['15 U.S.C. § 1114', '15 U.S.C. § 1125'],
    ],
    ['How can a registered trademark be cancelled?', ['15 U.S.C. § 1064']],
    ['When is a trademark considered abandoned?', ['15 U.S.C. § 1127']],
    ['Can a lawyer be forced to reveal what a client told them?', ['Fed. R. Evid. 501', 'Fed. R. Evid. 502']],
    ["Can a witness's past convictions be used to attack their truthfulness?", ['Fed. R. Evid. 609']],
    ["Can a victim's past sexual behavior be brought up in a sex crime trial?", ['Fed. R. Evid. 412']],
    ['How do you prove a document is genuine before it is admitted?', ['Fed. R. Evid. 901']],
    ['Can an offer to settle be used as evidence that someone was at fault?', ['Fed. R. Evid. 408']],
    ['How long does a defendant have to respond to a lawsuit after being served?', ['Fed. R. Civ. P. 12']],
    ['Can a lawsuit be brought on behalf of a large group of people?', ['Fed. R. Civ. P. 23']],
    ['When can a judge decide a civil case without a trial?', ['Fed. R. Civ. P. 56']],
    ['Can a party make the other side answer written questions?', ['Fed. R. Civ. P. 33']],
    ['Can a lawyer be punished for filing a frivolous lawsuit?', ['Fed. R. Civ. P. 11']],
    ['How long does a losing party in a civil case have to appeal?', ['Fed. R. App. P. 4']],
    ['Can a judgment be put on hold while an appeal is pending?', ['Fed. R. App. P. 8']],
    ['How long can an appellate brief be?', ['Fed. R. App. P. 32']],
    ['What must a federal indictment contain?', ['Fed. R. Crim. P. 7']],
    ['Can a defendant plead guilty in exchange for a lighter charge?', ['Fed. R. Crim. P. 11']],
    [
      'Does the prosecution have to share its evidence with the defense before trial?',
      ['Fed. R. Crim. P. 16'],
    ],
    ['When can police get a warrant to search a home?', ['Fed. R. Crim. P. 41']],
  ] as const
).map(([question, gold], index) => ({ id: `held-${index + 1}`, question, gold }));

// ---------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------

function labelMatches(label: string, gold: string): boolean {
  return label.startsWith(gold) && !/^[\p{L}\p{N}]/u.test(label.slice(gold.length));
}

interface Scores {
  recall: number;
  mrr: number;
}

/** recall@k: the share of a question's gold citations among the top k labels, averaged. MRR@k: 1/rank of the first gold hit. */
function score(questions: readonly Question[], rankings: readonly (readonly string[])[], k = 10): Scores {
  let recall = 0;
  let mrr = 0;
  questions.forEach((question, index) => {
    const top = (rankings[index] ?? []).slice(0, k);
    recall +=
      question.gold.filter((gold) => top.some((label) => labelMatches(label, gold))).length /
      question.gold.length;
    const first = top.findIndex((label) => question.gold.some((gold) => labelMatches(label, gold)));
    if (first >= 0) mrr += 1 / (first + 1);
  });
  return { recall: recall / questions.length, mrr: mrr / questions.length };
}

// ---------------------------------------------------------------------------------------------
// Lexical search and fusion
// ---------------------------------------------------------------------------------------------

class LexicalIndex {
  private readonly database = new Database(':memory:');

  constructor(passages: readonly Passage[]) {
    this.database.exec(
      "CREATE VIRTUAL TABLE passages USING fts5(heading, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    );
    const insert = this.database.prepare('INSERT INTO passages(rowid, heading, body) VALUES (?, ?, ?)');
    this.database.transaction(() => {
      passages.forEach((passage, index) => {
        insert.run(index, passage.heading, passage.body);
      });
    })();
  }

  /** Passage indexes, best first. */
  search(question: string, limit = 100): number[] {
    const terms = [...new Set(tokenize(question).filter((token) => !englishStopwords.has(token)))];
    if (terms.length === 0) return [];
    const query = terms.map((term) => `"${term}"`).join(' OR ');
    const rows = this.database
      .prepare('SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY bm25(passages, 2.0, 1.0) LIMIT ?')
      .all(query, limit) as { rowid: number }[];
    return rows.map((row) => row.rowid);
  }
}

function reciprocalRankFusion(lists: readonly (readonly number[])[], k = 60): number[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.forEach((item, rank) => {
      scores.set(item, (scores.get(item) ?? 0) + 1 / (k + rank + 1));
    });
  }
  return [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([item]) => item);
}

// ---------------------------------------------------------------------------------------------
// Candidate embedders
// ---------------------------------------------------------------------------------------------

interface Embedder {
  readonly dimensions: number;
  embed(text: string): Float32Array;
}

function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let index = 0; index < vector.length; index++) vector[index]! /= norm;
  return vector;
}

function hashString(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

interface Vocabulary {
  readonly terms: string[];
  readonly ids: Map<string, number>;
  readonly documentFrequency: Int32Array;
  readonly documentCount: number;
}

function buildVocabulary(
  documents: readonly string[][],
  minDocumentFrequency: number,
  maxTerms: number,
): Vocabulary {
  const df = new Map<string, number>();
  for (const terms of documents) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df.entries()]
    .filter(([, count]) => count >= minDocumentFrequency)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms)
    .map(([term]) => term);
  const ids = new Map(terms.map((term, index) => [term, index]));
  return {
    terms,
    ids,
    documentFrequency: Int32Array.from(terms, (term) => df.get(term) ?? 0),
    documentCount: documents.length,
  };
}

type IdfKind = 'smooth' | 'bm25';

function inverseDocumentFrequency(vocabulary: Vocabulary, kind: IdfKind): Float32Array {
  const n = vocabulary.documentCount;
  return Float32Array.from(vocabulary.documentFrequency, (df) =>
    kind === 'smooth' ? Math.log((1 + n) / (1 + df)) + 1 : Math.log(1 + (n - df + 0.5) / (df + 0.5)),
  );
}

/** Sparse tf-idf weights of a term list: sorted term ids and (1 + ln tf) · idf. */
function weights(terms: readonly string[], vocabulary: Vocabulary, idf: Float32Array) {
  const counts = new Map<number, number>();
  for (const term of terms) {
    const id = vocabulary.ids.get(term);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const columns = [...counts.keys()].sort((a, b) => a - b);
  const values = columns.map((id) => (1 + Math.log(counts.get(id)!)) * idf[id]!);
  return { columns, values };
}

/** Σ weight · matrix[term] over the text's terms (the run-time form shared by LSA, PPMI and random indexing). */
class TermMatrixEmbedder implements Embedder {
  constructor(
    private readonly analyzer: TextAnalyzer,
    private readonly vocabulary: Vocabulary,
    private readonly idf: Float32Array,
    private readonly matrix: Float32Array,
    readonly dimensions: number,
  ) {}

  embed(text: string): Float32Array {
    const { columns, values } = weights(this.analyzer.analyze(text), this.vocabulary, this.idf);
    const out = new Float32Array(this.dimensions);
    columns.forEach((id, index) => {
      const weight = values[index]!;
      const offset = id * this.dimensions;
      for (let k = 0; k < this.dimensions; k++) out[k]! += weight * this.matrix[offset + k]!;
    });
    return normalize(out);
  }
}

interface FitContext {
  readonly analyzer: TextAnalyzer;
  readonly documents: string[][];
  readonly vocabulary: Vocabulary;
  readonly idf: Float32Array;
}

function prepare(
  texts: readonly string[],
  analyzerOptions: AnalyzerOptions,
  minDf: number,
  maxTerms: number,
  idfKind: IdfKind,
) {
  const analyzer = new TextAnalyzer(analyzerOptions);
  const documents = texts.map((text) => analyzer.analyze(text));
  const vocabulary = buildVocabulary(documents, minDf, maxTerms);
  return { analyzer, documents, vocabulary, idf: inverseDocumentFrequency(vocabulary, idfKind) };
}

interface LsaOptions {
  readonly dimensions: number;
  /** Scale of latent dimension c: σ_c^beta (0 = classic LSA, -1 = whitened). */
  readonly beta: number;
  readonly dropFirst: boolean;
  readonly powerIterations: number;
  /** Normalize each term vector to unit length (every term then counts by its tf-idf weight alone). */
  readonly unitTerms?: boolean;
}

function fitLsa(context: FitContext, options: LsaOptions): TermMatrixEmbedder {
  const { documents, vocabulary, idf } = context;
  const rows = documents.map((terms) => {
    const { columns, values } = weights(terms, vocabulary, idf);
    const norm = Math.hypot(...values) || 1;
    return { columns, values: values.map((value) => value / norm) };
  });
  const matrix = csrFromRows(rows, vocabulary.terms.length);
  const skip = options.dropFirst ? 1 : 0;
  const svd = randomizedSvd(matrix, {
    rank: options.dimensions + skip,
    seed: 42,
    powerIterations: options.powerIterations,
  });
  const k = svd.rank - skip;
  const termMatrix = new Float32Array(vocabulary.terms.length * k);
  for (let term = 0; term < vocabulary.terms.length; term++) {
    for (let c = 0; c < k; c++) {
      const sigma = svd.singularValues[c + skip]!;
      termMatrix[term * k + c] =
        svd.right[term * svd.rank + c + skip]! * (sigma > 0 ? sigma ** options.beta : 0);
    }
    if (options.unitTerms) {
      let norm = 0;
      for (let c = 0; c < k; c++) norm += termMatrix[term * k + c]! ** 2;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let c = 0; c < k; c++) termMatrix[term * k + c]! /= norm;
    }
  }
  return new TermMatrixEmbedder(context.analyzer, vocabulary, idf, termMatrix, k);
}

interface PpmiOptions {
  readonly dimensions: number;
  readonly window: number;
  readonly beta: number;
  readonly removeCommon: boolean;
  readonly normalizeWords: boolean;
}

function fitPpmi(context: FitContext, options: PpmiOptions): TermMatrixEmbedder {
  const { documents, vocabulary, idf } = context;
  const size = vocabulary.terms.length;
  const counts = new PairCounter(size);
  for (const terms of documents) {
    const ids = terms.map((term) => vocabulary.ids.get(term) ?? -1);
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i]!;
      if (a < 0) continue;
      for (let d = 1; d <= options.window && i + d < ids.length; d++) {
        const b = ids[i + d]!;
        if (b < 0 || b === a) continue;
        counts.add(a, b, 1 / d);
        counts.add(b, a, 1 / d);
      }
    }
  }
  const rowSum = new Float64Array(size);
  let total = 0;
  counts.forEach((row, _column, value) => {
    rowSum[row]! += value;
    total += value;
  });
  const contextMass = Float64Array.from(rowSum, (value) => value ** 0.75);
  const contextTotal = contextMass.reduce((sum, value) => sum + value, 0);
  const perRow: { columns: number[]; values: number[] }[] = Array.from({ length: size }, () => ({
    columns: [],
    values: [],
  }));
  counts.forEach((row, column, value) => {
    const pmi = Math.log(value / total / ((rowSum[row]! / total) * (contextMass[column]! / contextTotal)));
    if (pmi > 0) {
      perRow[row]!.columns.push(column);
      perRow[row]!.values.push(pmi);
    }
  });
  const svd = randomizedSvd(csrFromRows(perRow, size), {
    rank: options.dimensions,
    seed: 42,
    powerIterations: 2,
  });
  const k = svd.rank;
  const wordMatrix = new Float32Array(size * k);
  for (let term = 0; term < size; term++) {
    let norm = 0;
    for (let c = 0; c < k; c++) {
      const value = svd.left[term * k + c]! * svd.singularValues[c]! ** options.beta;
      wordMatrix[term * k + c] = value;
      norm += value * value;
    }
    if (options.normalizeWords && norm > 0) {
      for (let c = 0; c < k; c++) wordMatrix[term * k + c]! /= Math.sqrt(norm);
    }
  }
  const embedder = new TermMatrixEmbedder(context.analyzer, vocabulary, idf, wordMatrix, k);
  if (!options.removeCommon) return embedder;
  // SIF-style: remove the first principal direction of the document embeddings from every word vector.
  const direction = firstPrincipalDirection(
    documents.map((terms) => embedder.embed(terms.join(' '))),
    k,
  );
  for (let term = 0; term < size; term++) {
    let dot = 0;
    for (let c = 0; c < k; c++) dot += wordMatrix[term * k + c]! * direction[c]!;
    for (let c = 0; c < k; c++) wordMatrix[term * k + c]! -= dot * direction[c]!;
  }
  return embedder;
}

/** Open-addressing hash map from (row, column) pairs to summed weights. Iteration order is by slot (deterministic). */
class PairCounter {
  private keys = new Float64Array(1 << 16).fill(-1);
  private values = new Float64Array(1 << 16);
  private count = 0;
  constructor(private readonly columns: number) {}

  add(row: number, column: number, value: number): void {
    if (this.count * 2 >= this.keys.length) this.grow();
    const key = row * this.columns + column;
    const mask = this.keys.length - 1;
    let slot = (Math.imul(row, 0x9e3779b1) ^ Math.imul(column, 0x85ebca6b)) & mask;
    while (true) {
      const existing = this.keys[slot]!;
      if (existing === key) {
        this.values[slot]! += value;
        return;
      }
      if (existing === -1) {
        this.keys[slot] = key;
        this.values[slot] = value;
        this.count++;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  forEach(callback: (row: number, column: number, value: number) => void): void {
    for (let slot = 0; slot < this.keys.length; slot++) {
      const key = this.keys[slot]!;
      if (key >= 0) callback(Math.floor(key / this.columns), key % this.columns, this.values[slot]!);
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2).fill(-1);
    this.values = new Float64Array(oldKeys.length * 2);
    this.count = 0;
    for (let slot = 0; slot < oldKeys.length; slot++) {
      const key = oldKeys[slot]!;
      if (key >= 0) this.add(Math.floor(key / this.columns), key % this.columns, oldValues[slot]!);
    }
  }
}

function firstPrincipalDirection(vectors: readonly Float32Array[], k: number): Float64Array {
  let direction = new Float64Array(k).fill(1 / Math.sqrt(k));
  for (let iteration = 0; iteration < 50; iteration++) {
    const next = new Float64Array(k);
    for (const vector of vectors) {
      let dot = 0;
      for (let c = 0; c < k; c++) dot += vector[c]! * direction[c]!;
      for (let c = 0; c < k; c++) next[c]! += dot * vector[c]!;
    }
    const norm = Math.hypot(...next) || 1;
    direction = next.map((value) => value / norm);
  }
  return direction;
}

/** Random indexing: each term a fixed pseudo-random Gaussian direction (a lexical sketch). */
function fitRandomIndexing(context: FitContext, dimensions: number): TermMatrixEmbedder {
  const { vocabulary } = context;
  const matrix = new Float32Array(vocabulary.terms.length * dimensions);
  vocabulary.terms.forEach((term, id) => {
    const random = new SeededRandom(hashString(term));
    for (let c = 0; c < dimensions; c++)
      matrix[id * dimensions + c] = random.nextGaussian() / Math.sqrt(dimensions);
  });
  return new TermMatrixEmbedder(context.analyzer, vocabulary, context.idf, matrix, dimensions);
}

/** Hashed character n-grams (3–5, with word boundaries) of each term, signed feature hashing into `dimensions`. */
class CharNgramEmbedder implements Embedder {
  constructor(
    private readonly context: FitContext,
    readonly dimensions: number,
  ) {}

  embed(text: string): Float32Array {
    const { vocabulary, idf, analyzer } = this.context;
    const out = new Float32Array(this.dimensions);
    const counts = new Map<string, number>();
    for (const term of analyzer.analyze(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      const id = vocabulary.ids.get(term);
      const weight =
        (1 + Math.log(count)) * (id === undefined ? Math.log(vocabulary.documentCount) : idf[id]!);
      const padded = `<${term}>`;
      for (let n = 3; n <= 5; n++) {
        for (let start = 0; start + n <= padded.length; start++) {
          const hash = hashString(padded.slice(start, start + n));
          out[hash % this.dimensions]! += (hash & 0x80000000 ? -1 : 1) * weight;
        }
      }
    }
    return normalize(out);
  }
}

/** Concatenation of normalized parts, each scaled by its weight. */
class ConcatEmbedder implements Embedder {
  readonly dimensions: number;
  constructor(private readonly parts: readonly { embedder: Embedder; weight: number }[]) {
    this.dimensions = parts.reduce((sum, part) => sum + part.embedder.dimensions, 0);
  }

  embed(text: string): Float32Array {
    const out = new Float32Array(this.dimensions);
    let offset = 0;
    for (const { embedder, weight } of this.parts) {
      const vector = embedder.embed(text);
      for (let c = 0; c < vector.length; c++) out[offset + c] = vector[c]! * weight;
      offset += vector.length;
    }
    return normalize(out);
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

function vectorSearch(passageVectors: readonly Float32Array[], query: Float32Array, limit = 100): number[] {
  const scored = passageVectors.map((vector, index) => {
    let dot = 0;
    for (let c = 0; c < query.length; c++) dot += vector[c]! * query[c]!;
    return { index, dot };
  });
  scored.sort((a, b) => b.dot - a.dot || a.index - b.index);
  return scored.slice(0, limit).map((entry) => entry.index);
}

interface Row {
  name: string;
  fitMs: number;
  embedMs: number;
  cells: Record<string, Scores>;
}

function formatScores(scores: Scores): string {
  return `${scores.recall.toFixed(3)} / ${scores.mrr.toFixed(3)}`;
}

async function runCandidates(filter: string | undefined): Promise<void> {
  const passages = loadSampleCollections();
  const texts = passages.map((passage) => passage.text);
  const labels = passages.map((passage) => passage.label);
  const devQuestions = loadDevQuestions();
  const sets = { dev: devQuestions, held: heldOutQuestions, all: [...devQuestions, ...heldOutQuestions] };
  console.log(
    `${passages.length} passages, ${devQuestions.length} dev + ${heldOutQuestions.length} held-out questions`,
  );

  const lexical = new LexicalIndex(passages);
  const lexicalRankings = Object.fromEntries(
    Object.entries(sets).map(([name, questions]) => [name, questions.map((q) => lexical.search(q.question))]),
  ) as Record<keyof typeof sets, number[][]>;
  const toLabels = (ranking: readonly number[]) => ranking.map((index) => labels[index]!);

  const rows: Row[] = [];
  const lexicalRow: Row = { name: 'BM25 (FTS5) alone', fitMs: 0, embedMs: 0, cells: {} };
  for (const [name, questions] of Object.entries(sets) as [keyof typeof sets, Question[]][]) {
    lexicalRow.cells[`${name} vector`] = score(questions, lexicalRankings[name].map(toLabels));
    lexicalRow.cells[`${name} fused`] = score(questions, lexicalRankings[name].map(toLabels));
  }
  rows.push(lexicalRow);

  const contexts = new Map<string, FitContext>();
  const contextFor = (
    key: string,
    options: AnalyzerOptions,
    minDf = 2,
    maxTerms = 60_000,
    idf: IdfKind = 'smooth',
  ) => {
    const cacheKey = `${key}`;
    let context = contexts.get(cacheKey);
    if (!context) {
      context = prepare(texts, options, minDf, maxTerms, idf);
      contexts.set(cacheKey, context);
    }
    return context;
  };
  const porter = defaultAnalyzerOptions;
  const sStem: AnalyzerOptions = { ...porter, stemmer: 's' };
  const noStem: AnalyzerOptions = { ...porter, stemmer: 'none' };
  const lsa = (dimensions: number, beta: number, unitTerms = false, analyzer = porter, key = 'porter') =>
    fitLsa(contextFor(key, analyzer), { dimensions, beta, dropFirst: false, powerIterations: 2, unitTerms });
  const ppmi = (
    dimensions: number,
    beta: number,
    analyzer: AnalyzerOptions,
    key: string,
    extra: Partial<PpmiOptions> = {},
  ) =>
    fitPpmi(contextFor(key, analyzer), {
      dimensions,
      window: 5,
      beta,
      removeCommon: false,
      normalizeWords: true,
      ...extra,
    });
  const candidates: { name: string; fit: () => Embedder }[] = [
    {
      name: 'random indexing 256 (lexical sketch)',
      fit: () => fitRandomIndexing(contextFor('porter', porter), 256),
    },
    {
      name: 'hashed char 3-5-grams 256',
      fit: () => new CharNgramEmbedder(contextFor('porter', porter), 256),
    },
    { name: 'LSA 256, classic (β=0)', fit: () => lsa(256, 0) },
    { name: 'LSA 256, β=-0.5', fit: () => lsa(256, -0.5) },
    { name: 'LSA 256, whitened (β=-1)', fit: () => lsa(256, -1) },
    { name: 'LSA 256, unit term vectors, β=1', fit: () => lsa(256, 1, true) },
    { name: 'LSA 256, unit term vectors, β=1, s-stem', fit: () => lsa(256, 1, true, sStem, 's') },
    {
      name: 'LSA 128 ⊕ random indexing 128',
      fit: () =>
        new ConcatEmbedder([
          { embedder: lsa(128, -0.5), weight: 1 },
          { embedder: fitRandomIndexing(contextFor('porter', porter), 128), weight: 1 },
        ]),
    },
    {
      name: 'PPMI-SVD 256, SIF average, Porter',
      fit: () => ppmi(256, 0.5, porter, 'porter', { removeCommon: true, normalizeWords: false }),
    },
    { name: 'PPMI-SVD 256, unit words, Porter', fit: () => ppmi(256, 0.5, porter, 'porter') },
    { name: 'PPMI-SVD 256, unit words, no stemming', fit: () => ppmi(256, 0.5, noStem, 'none') },
    { name: 'PPMI-SVD 256, unit words, s-stem', fit: () => ppmi(256, 0.5, sStem, 's') },
    { name: 'PPMI-SVD 256, unit words, s-stem, β=1', fit: () => ppmi(256, 1, sStem, 's') },
    {
      name: 'PPMI-SVD 256, unit words, s-stem, window 10',
      fit: () => ppmi(256, 0.5, sStem, 's', { window: 10 }),
    },
    {
      name: 'PPMI-SVD 256, unit words, s-stem, + legal stopwords',
      fit: () => ppmi(256, 0.5, { ...sStem, dropLegalBoilerplate: true }, 's-legal'),
    },
    {
      name: 'PPMI-SVD 256, unit words, s-stem, numbers dropped',
      fit: () => ppmi(256, 0.5, { ...sStem, dropNumbers: true }, 's-nonum'),
    },
    { name: 'PPMI-SVD 128, unit words, s-stem', fit: () => ppmi(128, 0.5, sStem, 's') },
    {
      name: 'PPMI-SVD 128 ⊕ LSA 128 (Porter)',
      fit: () =>
        new ConcatEmbedder([
          { embedder: lsa(128, -0.5), weight: 1 },
          { embedder: ppmi(128, 0.5, porter, 'porter'), weight: 1 },
        ]),
    },
    ...(
      JSON.parse(
        process.env.SAMPLE_SETTINGS ??
          JSON.stringify([
            { dimensions: 256 },
            { dimensions: 128 },
            { dimensions: 256, stemmer: 'none' },
            { dimensions: 256, stemmer: 'porter' },
            { dimensions: 256, powerIterations: 0 },
            { dimensions: 256, minPairWeight: 1 },
          ]),
      ) as LocalEmbeddingFitOptionsWithoutSeed[]
    ).map((setting) => ({
      name: `LocalEmbeddingModel ${JSON.stringify(setting)}`,
      fit: () => LocalEmbeddingModel.fit(texts, { seed: 42, ...setting }),
    })),
  ];

  for (const candidate of candidates) {
    if (filter !== undefined && !candidate.name.includes(filter)) continue;
    const fitStart = performance.now();
    const embedder = candidate.fit();
    const fitMs = performance.now() - fitStart;
    const embedStart = performance.now();
    const passageVectors = texts.map((text) => embedder.embed(text));
    const embedMs = performance.now() - embedStart;
    const row: Row = { name: candidate.name, fitMs, embedMs, cells: {} };
    for (const [name, questions] of Object.entries(sets) as [keyof typeof sets, Question[]][]) {
      const vectorRankings = questions.map((q) => vectorSearch(passageVectors, embedder.embed(q.question)));
      row.cells[`${name} vector`] = score(questions, vectorRankings.map(toLabels));
      row.cells[`${name} fused`] = score(
        questions,
        vectorRankings.map((ranking, index) =>
          toLabels(reciprocalRankFusion([lexicalRankings[name][index]!, ranking])),
        ),
      );
    }
    rows.push(row);
    if (process.argv.includes('--detail')) {
      for (const [name, questions] of Object.entries(sets) as [keyof typeof sets, Question[]][]) {
        if (name === 'all') continue;
        questions.forEach((question, index) => {
          const firstGold = (ranking: readonly number[]) =>
            ranking.findIndex((item) => question.gold.some((gold) => labelMatches(labels[item]!, gold))) + 1;
          const vectorRanking = vectorSearch(passageVectors, embedder.embed(question.question), 1000);
          const lexicalRanking = lexicalRankings[name][index]!;
          const fused = reciprocalRankFusion([lexicalRanking, vectorRanking.slice(0, 100)]);
          console.log(
            `  ${question.id.padEnd(8)} lex ${String(firstGold(lexicalRanking)).padStart(4)} vec ${String(firstGold(vectorRanking)).padStart(4)} fused ${String(firstGold(fused)).padStart(4)}  ${question.question}  top: ${labels[vectorRanking[0]!]}`,
          );
        });
      }
    }
    console.log(
      `${candidate.name.padEnd(44)} fit ${fitMs.toFixed(0).padStart(6)} ms  embed ${embedMs.toFixed(0).padStart(6)} ms  ` +
        Object.entries(row.cells)
          .map(([key, value]) => `${key} ${formatScores(value)}`)
          .join('  '),
    );
  }

  console.log(
    '\n| candidate | dev vector R@10 / MRR | dev fused | held-out vector | held-out fused | all vector | all fused | fit ms | embed ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const cell = (key: string) => (row.cells[key] ? formatScores(row.cells[key]) : '');
    console.log(
      `| ${row.name} | ${cell('dev vector')} | ${cell('dev fused')} | ${cell('held vector')} | ${cell('held fused')} | ` +
        `${cell('all vector')} | ${cell('all fused')} | ${row.fitMs.toFixed(0)} | ${row.embedMs.toFixed(0)} |`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Scale: the whole U.S. Code
// ---------------------------------------------------------------------------------------------

async function* readUsCode(): AsyncGenerator<string> {
  const lines = readline.createInterface({
    input: createReadStream(sharedCorpusPath('usc-all.jsonl.gz')).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (line.length === 0) continue;
    const record = JSON.parse(line) as { text: string };
    const text = record.text.replace(/^#+\s*/gm, '').trim();
    if (text.length > 0) yield text;
  }
}

async function runScale(): Promise<void> {
  const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const peakRss = () => process.resourceUsage().maxRSS * 1024;
  const timed = <T>(work: () => T): { result: T; wallMs: number; cpuMs: number } => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = work();
    const used = process.cpuUsage(cpu);
    return { result, wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
  };
  const readStart = performance.now();
  const texts: string[] = [];
  for await (const text of readUsCode()) texts.push(text);
  const afterRead = process.memoryUsage().rss;
  console.log(
    `read ${texts.length} passages in ${(performance.now() - readStart).toFixed(0)} ms; ` +
      `rss ${megabytes(afterRead)} (peak so far ${megabytes(peakRss())})`,
  );
  const dimensions = Number(process.env.SCALE_DIMENSIONS ?? 256);
  const fit = timed(() => LocalEmbeddingModel.fit(texts, { dimensions, seed: 42, maxFitDocuments: 30_000 }));
  const model = fit.result;
  console.log(
    `fit (30,000-passage sample, d=${dimensions}): ${fit.wallMs.toFixed(0)} ms wall, ${fit.cpuMs.toFixed(0)} ms CPU; ` +
      `vocabulary ${model.vocabularySize}; peak rss ${megabytes(peakRss())} (+${megabytes(peakRss() - afterRead)} over the loaded texts)`,
  );
  const embed = timed(() => {
    const store = new Float32Array(texts.length * model.dimensions);
    texts.forEach((text, index) => {
      store.set(model.embed(text), index * model.dimensions);
    });
    return store;
  });
  console.log(
    `embedded ${texts.length} passages: ${embed.wallMs.toFixed(0)} ms wall, ${embed.cpuMs.toFixed(0)} ms CPU; ` +
      `peak rss ${megabytes(peakRss())} (+${megabytes(peakRss() - afterRead)} over the loaded texts, ` +
      `of which ${megabytes(embed.result.byteLength)} is the vector store)`,
  );
  const serialized = timed(() => model.serialize());
  const loaded = timed(() => LocalEmbeddingModel.deserialize(serialized.result));
  const queries = heldOutQuestions.map((q) => q.question);
  const query = timed(() => {
    for (let repeat = 0; repeat < 20; repeat++) for (const text of queries) loaded.result.embed(text);
  });
  console.log(
    `model file ${megabytes(serialized.result.length)} (serialized in ${serialized.wallMs.toFixed(0)} ms, ` +
      `loaded in ${loaded.wallMs.toFixed(0)} ms); query embedding ${(query.wallMs / (20 * queries.length)).toFixed(3)} ms; ` +
      `fingerprint ${loaded.result.fingerprint}`,
  );
}

/**
 * Retrieval over the whole U.S. Code for the questions whose gold is in it (the federal rules
 * are not in usc-all): vector-only for a few model settings, BM25, and their fusion.
 */
const scaleSettings: LocalEmbeddingFitOptionsWithoutSeed[] = JSON.parse(
  process.env.SCALE_SETTINGS ??
    JSON.stringify([
      { dimensions: 256 },
      { dimensions: 128 },
      { dimensions: 256, maxContexts: 2048 },
      { dimensions: 256, powerIterations: 0 },
      { dimensions: 256, minPairWeight: 1 },
      { dimensions: 256, stemmer: 'none' },
    ]),
);

async function runScaleEvaluation(): Promise<void> {
  const passages: Passage[] = [];
  const lines = readline.createInterface({
    input: createReadStream(sharedCorpusPath('usc-all.jsonl.gz')).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (line.length === 0) continue;
    const record = JSON.parse(line) as { id: string; text: string };
    const passage = passageFromMarkdown(record.text, undefined, record.id);
    if (passage.text.length > 0) passages.push(passage);
  }
  const labels = passages.map((passage) => passage.label);
  const toLabels = (ranking: readonly number[]) => ranking.map((index) => labels[index]!);
  const sets = {
    dev: loadDevQuestions().filter((q) => q.gold.every((gold) => gold.includes('U.S.C.'))),
    held: heldOutQuestions.filter((q) => q.gold.every((gold) => gold.includes('U.S.C.'))),
  };
  console.log(
    `${passages.length} passages; ${sets.dev.length} dev + ${sets.held.length} held-out U.S.C. questions`,
  );
  let start = performance.now();
  const lexical = new LexicalIndex(passages);
  console.log(`FTS5 index built in ${(performance.now() - start).toFixed(0)} ms`);
  const lexicalRankings = {
    dev: sets.dev.map((q) => lexical.search(q.question)),
    held: sets.held.map((q) => lexical.search(q.question)),
  };
  for (const name of ['dev', 'held'] as const) {
    console.log(`BM25 ${name}: ${formatScores(score(sets[name], lexicalRankings[name].map(toLabels)))}`);
  }
  const settings = scaleSettings;
  const texts = passages.map((passage) => passage.text);
  for (const setting of settings) {
    start = performance.now();
    const model = LocalEmbeddingModel.fit(texts, { ...setting, seed: 42 });
    const fitMs = performance.now() - start;
    start = performance.now();
    const vectors = model.embedMany(texts);
    const embedMs = performance.now() - start;
    const cells: string[] = [];
    for (const name of ['dev', 'held'] as const) {
      const rankings = sets[name].map((q) => vectorSearch(vectors, model.embed(q.question)));
      const fused = rankings.map((ranking, index) =>
        reciprocalRankFusion([lexicalRankings[name][index]!, ranking]),
      );
      cells.push(
        `${name} vector ${formatScores(score(sets[name], rankings.map(toLabels)))} fused ${formatScores(score(sets[name], fused.map(toLabels)))}`,
      );
    }
    console.log(
      `${JSON.stringify(setting)}: fit ${fitMs.toFixed(0)} ms, embed ${embedMs.toFixed(0)} ms, ` +
        `vocabulary ${model.vocabularySize}; ${cells.join('; ')}`,
    );
  }
}

const args = process.argv.slice(2);
if (args.includes('--scale-eval')) {
  await runScaleEvaluation();
} else if (args.includes('--scale')) {
  await runScale();
} else {
  const onlyIndex = args.indexOf('--only');
  await runCandidates(onlyIndex >= 0 ? args[onlyIndex + 1] : undefined);
}
