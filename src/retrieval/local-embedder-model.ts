/**
 * The `local` embedder: word vectors fitted on the corpus itself, no downloaded weights.
 *
 * Method (chosen by measurement, see docs/local-embedder.md):
 * 1. Analyze a seeded sample of passages (≤ `maxFitDocuments`) with {@link TextAnalyzer}.
 * 2. Count word–word co-occurrences within ±`window` terms, weighted 1/distance.
 * 3. Positive pointwise mutual information with context smoothing (α = 0.75), which makes
 *    words that appear in the same contexts (`attorney`/`counsel`, `false`/`fictitious`)
 *    share dimensions even when they never occur together.
 * 4. Randomized truncated SVD: word vector = U·Σ^½, scaled to unit length, then multiplied by
 *    the word's inverse document frequency and quantized to int8 (one scale per word).
 * 5. A text's embedding is Σ (1 + ln tf) · vector(word) over its known words, L2-normalized.
 *
 * Steps 1–4 are deterministic for a given corpus order and seed.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { type BinaryFormat, BinaryIndexReader } from './binary-index-file.js';
import { type CsrMatrix, randomizedSvd, SeededRandom, sparseTimesDense } from './linear-algebra.js';
import {
  type AnalyzerOptions,
  describeAnalyzer,
  type StemmerName,
  TextAnalyzer,
  tokenize,
} from './text-analysis.js';

export interface LocalEmbeddingFitOptions {
  /** Output dimensions (1–1024). The SVD rank; padded with zeros if the corpus is too small. */
  readonly dimensions: number;
  /** Seed of the passage sample and of the randomized SVD. */
  readonly seed: number;
  /** Fit on at most this many passages, a seeded uniform sample (default 30,000). */
  readonly maxFitDocuments?: number;
  /** Keep at most this many words, the most frequent by document frequency (default 40,000). */
  readonly maxVocabulary?: number;
  /**
   * Context words: the co-occurrence matrix has a column for each of the C most frequent
   * words, and the SVD is computed on its top-left C × C square; every other word is folded
   * in through its row. C = min(maxContexts, max(2 · dimensions, vocabulary / 4)), so a small
   * corpus gets a smaller, cheaper core (default maxContexts 4,096).
   */
  readonly maxContexts?: number;
  /** Randomized-SVD power iterations (default 1). */
  readonly powerIterations?: number;
  /**
   * Drop word–context pairs whose summed co-occurrence weight (1/distance per occurrence) is
   * below this (default 0: keep all). PMI overrates pairs seen once; pruning also speeds the SVD.
   */
  readonly minPairWeight?: number;
  /** A word must occur in at least this many sampled passages (default 2). */
  readonly minDocumentFrequency?: number;
  /** Co-occurrence window, in terms on each side (default 5). */
  readonly window?: number;
  /** Stemmer of the text analysis (default `'s'`, plural stripping; see text-analysis.ts). */
  readonly stemmer?: StemmerName;
}

/** Everything that determines a model besides its corpus; stored in the file header. */
interface ModelParameters {
  readonly method: 'ppmi-svd';
  readonly dimensions: number;
  readonly seed: number;
  readonly maxFitDocuments: number;
  readonly maxVocabulary: number;
  readonly maxContexts: number;
  readonly minDocumentFrequency: number;
  readonly window: number;
  readonly contextSmoothing: number;
  readonly minPairWeight: number;
  readonly singularValuePower: number;
  readonly powerIterations: number;
  readonly analyzer: AnalyzerOptions;
  /** Passages actually used for fitting. */
  readonly fitDocuments: number;
}

/** Measured best: light plural stemming, standard stopwords, legal boilerplate and numbers kept. */
const embedderAnalyzer: AnalyzerOptions = {
  stemmer: 's',
  dropStopwords: true,
  dropLegalBoilerplate: false,
  dropNumbers: false,
};

/** The file: `AMICUSLE`, a u32 version, the body (see `serialize`), and a SHA-256 of the body. */
const localModelFormat: BinaryFormat = {
  name: 'local embedding model',
  signature: 'AMICUSLE',
  version: 1,
  versionAt: 'u32',
};
const magic = Buffer.from(localModelFormat.signature, 'ascii');
const formatVersion = localModelFormat.version;
const hashBytes = 32;

const positive = z.number().int().positive();
/** `ModelParameters` as `fit` writes them, keys in the same order, so a read model writes back the same bytes. */
const modelParametersSchema = z.strictObject({
  method: z.literal('ppmi-svd'),
  dimensions: positive.max(1024),
  seed: z.number().int(),
  maxFitDocuments: positive,
  maxVocabulary: positive,
  maxContexts: positive,
  minDocumentFrequency: positive,
  window: positive,
  contextSmoothing: z.number(),
  minPairWeight: z.number(),
  singularValuePower: z.number(),
  powerIterations: z.number().int().nonnegative(),
  analyzer: z.strictObject({
    stemmer: z.enum(['porter', 's', 'none']),
    dropStopwords: z.boolean(),
    dropLegalBoilerplate: z.boolean(),
    dropNumbers: z.boolean(),
  }),
  fitDocuments: z.number().int().nonnegative(),
});

export class LocalEmbeddingModel {
  readonly dimensions: number;
  /** `method/version;parameters;content hash` — changes whenever any embedding could change. */
  readonly fingerprint: string;
  private readonly parameters: ModelParameters;
  private readonly terms: readonly string[];
  private readonly termIds: Map<string, number>;
  /** Row-major `terms × dimensions`; row = idf · unit word vector, as dequantized from int8. */
  private readonly matrix: Float32Array;
  private readonly rowScales: Float32Array;
  private readonly quantized: Int8Array;
  private readonly analyzer: TextAnalyzer;
  /** token → term id, or -1 for a token that is dropped or unknown. */
  private readonly tokenIds = new Map<string, number>();
  /** Scratch space for {@link embed}: per-term counts, valid where `stamps[id] === stamp`. */
  private readonly stamps: Int32Array;
  private readonly termCounts: Int32Array;
  private stamp = 0;

  private constructor(
    parameters: ModelParameters,
    terms: readonly string[],
    rowScales: Float32Array,
    quantized: Int8Array,
    contentHash: string,
  ) {
    this.parameters = parameters;
    this.dimensions = parameters.dimensions;
    this.terms = terms;
    this.termIds = new Map(terms.map((term, id) => [term, id]));
    this.rowScales = rowScales;
    this.quantized = quantized;
    this.matrix = new Float32Array(quantized.length);
    for (let row = 0; row < terms.length; row++) {
      const scale = rowScales[row]!;
      const offset = row * this.dimensions;
      for (let c = 0; c < this.dimensions; c++) this.matrix[offset + c] = quantized[offset + c]! * scale;
    }
    this.analyzer = new TextAnalyzer(parameters.analyzer, 0); // `tokenIds` is the memo
    this.stamps = new Int32Array(terms.length);
    this.termCounts = new Int32Array(terms.length);
    this.fingerprint = [
      `local-${parameters.method}/v${formatVersion}`,
      `d=${parameters.dimensions},w=${parameters.window},a=${parameters.contextSmoothing},p=${parameters.singularValuePower}`,
      `df>=${parameters.minDocumentFrequency},vocab<=${parameters.maxVocabulary},ctx<=${parameters.maxContexts}`,
      `docs<=${parameters.maxFitDocuments}`,
      `q=${parameters.powerIterations},pair>=${parameters.minPairWeight},seed=${parameters.seed}`,
      describeAnalyzer(parameters.analyzer),
      `fit=${parameters.fitDocuments},terms=${terms.length}`,
      `sha256=${contentHash.slice(0, 16)}`,
    ].join(';');
  }

  /** Number of words with a vector. */
  get vocabularySize(): number {
    return this.terms.length;
  }

  /** Number of passages the model was fitted on (the sample, at most `maxFitDocuments`). */
  get fitDocumentCount(): number {
    return this.parameters.fitDocuments;
  }

  /** Fits a model on a corpus. `texts` may be any iterable (it is read once). */
  static fit(texts: Iterable<string>, options: LocalEmbeddingFitOptions): LocalEmbeddingModel {
    const dimensions = options.dimensions;
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 1024) {
      throw fitOptionError(`dimensions must be an integer from 1 to 1024, got ${dimensions}`, 'dimensions');
    }
    if (!Number.isInteger(options.seed)) throw fitOptionError('seed must be an integer', 'seed');
    const parameters = {
      method: 'ppmi-svd' as const,
      dimensions,
      seed: options.seed,
      maxFitDocuments: positiveInteger(options.maxFitDocuments ?? 30_000, 'maxFitDocuments'),
      maxVocabulary: positiveInteger(options.maxVocabulary ?? 40_000, 'maxVocabulary'),
      maxContexts: positiveInteger(options.maxContexts ?? 4096, 'maxContexts'),
      minDocumentFrequency: positiveInteger(options.minDocumentFrequency ?? 2, 'minDocumentFrequency'),
      window: positiveInteger(options.window ?? 5, 'window'),
      contextSmoothing: 0.75,
      minPairWeight: options.minPairWeight ?? 0,
      singularValuePower: 0.5,
      powerIterations: options.powerIterations ?? 1,
      analyzer: { ...embedderAnalyzer, stemmer: options.stemmer ?? embedderAnalyzer.stemmer },
    };
    const sample = reservoirSample(texts, parameters.maxFitDocuments, parameters.seed);
    const analyzer = new TextAnalyzer(parameters.analyzer);
    const { terms, documentFrequency, documents } = buildVocabulary(
      sample.map((text) => analyzer.analyze(text)),
      parameters.minDocumentFrequency,
      parameters.maxVocabulary,
    );
    if (terms.length === 0) {
      throw new AmicusError(
        ErrorCode.CorpusInvalid,
        `LocalEmbeddingModel.fit: no word occurs in ${parameters.minDocumentFrequency} or more of the ` +
          `${sample.length} passages; the corpus is too small to fit an embedding`,
        { location: 'corpus' },
      );
    }
    const contexts = Math.min(
      terms.length,
      parameters.maxContexts,
      Math.max(2 * dimensions, Math.ceil(terms.length / 4)),
    );
    const ppmi = positivePmiMatrix(
      documents,
      terms.length,
      contexts,
      parameters.window,
      parameters.contextSmoothing,
      parameters.minPairWeight,
    );
    // SVD of the square core (frequent words × frequent contexts): core ≈ U Σ Vᵀ.
    const core: CsrMatrix = { ...ppmi, rows: contexts, rowStart: ppmi.rowStart.subarray(0, contexts + 1) };
    const svd = randomizedSvd(core, {
      rank: dimensions,
      seed: parameters.seed,
      powerIterations: parameters.powerIterations,
      vectors: 'right',
    });
    // Fold every word in: U·Σ^p = ppmi_row · V · Σ^(p−1) (exactly U·Σ^p for the core words).
    const rank = svd.rank;
    const projection = new Float64Array(contexts * rank);
    for (let context = 0; context < contexts; context++) {
      for (let c = 0; c < rank; c++) {
        const sigma = svd.singularValues[c]!;
        projection[context * rank + c] =
          sigma > 0 ? svd.right[context * rank + c]! * sigma ** (parameters.singularValuePower - 1) : 0;
      }
    }
    const wordVectors = sparseTimesDense(ppmi, projection, rank);
    // Word vectors scaled to unit length, times idf; columns beyond the SVD rank stay zero.
    const rowScales = new Float32Array(terms.length);
    const quantized = new Int8Array(terms.length * dimensions);
    const row = new Float64Array(dimensions);
    const fitDocuments = sample.length;
    for (let term = 0; term < terms.length; term++) {
      let norm = 0;
      for (let c = 0; c < rank; c++) {
        row[c] = wordVectors[term * rank + c]!;
        norm += row[c]! ** 2;
      }
      const idf = Math.log((1 + fitDocuments) / (1 + documentFrequency[term]!)) + 1;
      const scale = norm > 0 ? idf / Math.sqrt(norm) : 0;
      let largest = 0;
      for (let c = 0; c < rank; c++) largest = Math.max(largest, Math.abs(row[c]! * scale));
      const step = largest / 127;
      rowScales[term] = step;
      if (step > 0) {
        for (let c = 0; c < rank; c++)
          quantized[term * dimensions + c] = Math.round((row[c]! * scale) / step);
      }
    }
    const finalParameters: ModelParameters = { ...parameters, fitDocuments };
    const body = encodeBody(finalParameters, terms, rowScales, quantized);
    return new LocalEmbeddingModel(finalParameters, terms, rowScales, quantized, sha256(body));
  }

  /**
   * The embedding of `text`: L2-normalized, or all zeros when the text contains no word the
   * model knows (a zero vector is equally far from every passage under cosine distance).
   */
  embed(text: string): Float32Array {
    const { stamps, termCounts, tokenIds } = this;
    this.stamp = this.stamp === 0x7fffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) stamps.fill(0);
    const stamp = this.stamp;
    const unique: number[] = [];
    for (const token of tokenize(text)) {
      let id = tokenIds.get(token);
      if (id === undefined) {
        const term = this.analyzer.analyzeToken(token);
        id = term === undefined ? -1 : (this.termIds.get(term) ?? -1);
        if (tokenIds.size >= 1_000_000) tokenIds.clear();
        tokenIds.set(token, id);
      }
      if (id < 0) continue;
      if (stamps[id] !== stamp) {
        stamps[id] = stamp;
        termCounts[id] = 0;
        unique.push(id);
      }
      termCounts[id]!++;
    }
    unique.sort((a, b) => a - b); // a fixed summation order, whatever the token order
    const dimensions = this.dimensions;
    const out = new Float32Array(dimensions);
    const accumulator = new Float64Array(dimensions);
    const matrix = this.matrix;
    for (const id of unique) {
      const weight = 1 + Math.log(termCounts[id]!);
      const offset = id * dimensions;
      let c = 0;
      for (; c + 3 < dimensions; c += 4) {
        accumulator[c]! += weight * matrix[offset + c]!;
        accumulator[c + 1]! += weight * matrix[offset + c + 1]!;
        accumulator[c + 2]! += weight * matrix[offset + c + 2]!;
        accumulator[c + 3]! += weight * matrix[offset + c + 3]!;
      }
      for (; c < dimensions; c++) accumulator[c]! += weight * matrix[offset + c]!;
    }
    let norm = 0;
    for (let c = 0; c < dimensions; c++) norm += accumulator[c]! ** 2;
    if (norm === 0) return out;
    const inverse = 1 / Math.sqrt(norm);
    for (let c = 0; c < dimensions; c++) out[c] = accumulator[c]! * inverse;
    return out;
  }

  embedMany(texts: readonly string[]): Float32Array[] {
    return texts.map((text) => this.embed(text));
  }

  /**
   * The binary file: magic `AMICUSLE`, u32 format version, u32 header length, header JSON
   * (parameters), u32 vocabulary length, vocabulary (UTF-8, one word per line), padding to a
   * multiple of 4, per-word f32 scales, int8 matrix, and a SHA-256 of everything after the
   * version. All integers little-endian.
   */
  serialize(): Buffer {
    const encoded = encodeBody(this.parameters, this.terms, this.rowScales, this.quantized);
    const prefix = Buffer.alloc(magic.length + 4);
    magic.copy(prefix, 0);
    prefix.writeUInt32LE(formatVersion, magic.length);
    return Buffer.concat([prefix, encoded, createHash('sha256').update(encoded).digest()]);
  }

  /** Reads a model file; `source` names it in the error a foreign, corrupt or truncated file gets. */
  static deserialize(buffer: Buffer, source = 'local embedding model'): LocalEmbeddingModel {
    const file = new BinaryIndexReader(buffer, localModelFormat, source);
    file.readSignature();
    const bodyStart = file.position;
    if (buffer.length < bodyStart + hashBytes) file.fail('truncated before the checksum');
    const body = buffer.subarray(bodyStart, buffer.length - hashBytes);
    const digest = createHash('sha256').update(body).digest();
    if (!digest.equals(buffer.subarray(buffer.length - hashBytes)))
      file.fail('checksum mismatch (corrupt or truncated)');
    // Offsets in the body count from its start (the body starts on a multiple of four).
    const reader = new BinaryIndexReader(body, localModelFormat, source);
    const parameters: ModelParameters = reader.header(modelParametersSchema);
    const vocabularyText = reader.lengthPrefixedText('vocabulary');
    const terms = vocabularyText.length === 0 ? [] : vocabularyText.split('\n');
    reader.align();
    const rows = terms.length;
    const expected = reader.position + rows * 4 + rows * parameters.dimensions;
    if (expected !== body.length)
      reader.fail(`expected ${expected} bytes of vocabulary and matrix, found ${body.length}`);
    const rowScales = new Float32Array(reader.copy(rows, 4, 'word scales'));
    const quantized = new Int8Array(reader.copy(rows * parameters.dimensions, 1, 'matrix'));
    return new LocalEmbeddingModel(parameters, terms, rowScales, quantized, digest.toString('hex'));
  }
}

/** A fit option out of range comes from the configuration (`retrieval.local…`): a configuration error. */
function fitOptionError(message: string, option: string): AmicusError {
  return new AmicusError(ErrorCode.ConfigInvalid, `LocalEmbeddingModel.fit: ${message}`, {
    location: `local embedder option ${option}`,
  });
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw fitOptionError(`${name} must be a positive integer, got ${value}`, name);
  return value;
}

function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

/** The serialized body: everything between the format version and the checksum. */
function encodeBody(
  parameters: ModelParameters,
  terms: readonly string[],
  rowScales: Float32Array,
  quantized: Int8Array,
): Buffer {
  const header = Buffer.from(JSON.stringify(parameters), 'utf8');
  const vocabulary = Buffer.from(terms.join('\n'), 'utf8');
  const beforePadding = 4 + header.length + 4 + vocabulary.length;
  const padding = (4 - (beforePadding % 4)) % 4;
  const out = Buffer.alloc(beforePadding + padding + rowScales.length * 4 + quantized.length);
  let offset = out.writeUInt32LE(header.length, 0);
  offset += header.copy(out, offset);
  offset = out.writeUInt32LE(vocabulary.length, offset);
  offset += vocabulary.copy(out, offset) + padding;
  for (const scale of rowScales) offset = out.writeFloatLE(scale, offset);
  Buffer.from(quantized.buffer, quantized.byteOffset, quantized.length).copy(out, offset);
  return out;
}

/** A seeded uniform sample (reservoir sampling, algorithm R) of at most `limit` texts, in corpus order. */
function reservoirSample(texts: Iterable<string>, limit: number, seed: number): string[] {
  const random = new SeededRandom(seed ^ 0x5eed);
  const reservoir: { index: number; text: string }[] = [];
  let index = 0;
  for (const text of texts) {
    if (reservoir.length < limit) reservoir.push({ index, text });
    else {
      const slot = Math.floor(random.next() * (index + 1));
      if (slot < limit) reservoir[slot] = { index, text };
    }
    index++;
  }
  return reservoir.sort((a, b) => a.index - b.index).map((entry) => entry.text);
}

/**
 * Words with document frequency ≥ `minDocumentFrequency`, the `maxTerms` most frequent (ties
 * by word), and each document as term ids (-1 for a word outside the vocabulary, kept so that
 * co-occurrence distances stay true).
 */
function buildVocabulary(analyzed: readonly string[][], minDocumentFrequency: number, maxTerms: number) {
  const frequency = new Map<string, number>();
  for (const words of analyzed)
    for (const word of new Set(words)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const terms = [...frequency.entries()]
    .filter(([, count]) => count >= minDocumentFrequency)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxTerms)
    .map(([word]) => word);
  const ids = new Map(terms.map((term, id) => [term, id]));
  const documents = analyzed.map((words) => Int32Array.from(words, (word) => ids.get(word) ?? -1));
  const documentFrequency = Int32Array.from(terms, (term) => frequency.get(term)!);
  return { terms, documentFrequency, documents };
}

/**
 * The word × context PPMI matrix (`size × contexts`; the contexts are words `0…contexts-1`,
 * the most frequent): co-occurrences within `window` (weight 1/distance, both directions),
 * PMI with the context distribution raised to `smoothing`, non-positive values dropped.
 */
function positivePmiMatrix(
  documents: readonly Int32Array[],
  size: number,
  contexts: number,
  window: number,
  smoothing: number,
  minPairWeight: number,
): CsrMatrix {
  const counts = new PairCounter(size, contexts);
  for (const ids of documents) {
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i]!;
      if (a < 0) continue;
      const end = Math.min(ids.length, i + window + 1);
      for (let j = i + 1; j < end; j++) {
        const b = ids[j]!;
        if (b < 0 || b === a) continue;
        const weight = 1 / (j - i);
        if (b < contexts) counts.add(a, b, weight);
        if (a < contexts) counts.add(b, a, weight);
      }
    }
  }
  const rowSum = new Float64Array(size);
  const contextSum = new Float64Array(contexts);
  counts.forEach((row, column, value) => {
    rowSum[row]! += value;
    contextSum[column]! += value;
  });
  const contextMass = Float64Array.from(contextSum, (value) => value ** smoothing);
  let contextTotal = 0;
  for (const mass of contextMass) contextTotal += mass;
  // PMI = ln( P(w,c) / (P(w) · Pα(c)) ) with Pα(c) = count(c)^α / Σ count^α.
  const pmi = (row: number, column: number, value: number) =>
    Math.log((value * contextTotal) / (rowSum[row]! * contextMass[column]!));
  const rowLength = new Int32Array(size);
  counts.forEach((row, column, value) => {
    if (value >= minPairWeight && pmi(row, column, value) > 0) rowLength[row]!++;
  });
  const rowStart = new Int32Array(size + 1);
  for (let row = 0; row < size; row++) rowStart[row + 1] = rowStart[row]! + rowLength[row]!;
  const columnIndex = new Int32Array(rowStart[size]!);
  const values = new Float32Array(rowStart[size]!);
  const cursor = rowStart.slice(0, size);
  counts.forEach((row, column, value) => {
    const score = pmi(row, column, value);
    if (value >= minPairWeight && score > 0) {
      const slot = cursor[row]!++;
      columnIndex[slot] = column;
      values[slot] = score;
    }
  });
  return { rows: size, columns: contexts, rowStart, columnIndex, values };
}

/** Open-addressing hash map from (row, column) pairs to summed weights. */
class PairCounter {
  private keys = new Int32Array(1 << 16).fill(-1);
  private values = new Float32Array(1 << 16);
  private bits = 16;
  private count = 0;
  private readonly columns: number;

  constructor(rows: number, columns: number) {
    if (rows * columns >= 2 ** 31)
      throw new AmicusError(
        ErrorCode.ConfigInvalid,
        `PairCounter: ${rows} × ${columns} is too large for 31-bit keys; lower maxVocabulary or maxContexts`,
        { location: 'local embedder option maxVocabulary' },
      );
    this.columns = columns;
  }

  add(row: number, column: number, value: number): void {
    if (this.count * 2 >= this.keys.length) this.grow();
    const key = row * this.columns + column;
    const mask = this.keys.length - 1;
    // Fibonacci hashing: the top `bits` bits of key · 2³²/φ.
    for (let slot = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits); ; slot = (slot + 1) & mask) {
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
    }
  }

  /** Visits every pair in slot order (deterministic for a given insertion sequence). */
  forEach(visit: (row: number, column: number, value: number) => void): void {
    for (let slot = 0; slot < this.keys.length; slot++) {
      const key = this.keys[slot]!;
      if (key >= 0) visit(Math.floor(key / this.columns), key % this.columns, this.values[slot]!);
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.bits++;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.values = new Float32Array(keys.length * 2);
    this.count = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot]!;
      if (key >= 0) this.add(Math.floor(key / this.columns), key % this.columns, values[slot]!);
    }
  }
}
