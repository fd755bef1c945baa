import { z } from 'zod';
import { limitQuestionLength } from '../core/limits.js';
import { type BinaryFormat, BinaryIndexReader } from './binary-index-file.js';
import { contextOnlyTerms, contextShare } from './question-context.js';
import { TermDictionary } from './term-dictionary.js';
import { defaultAnalyzerOptions, describeAnalyzer, TextAnalyzer } from './text-analysis.js';

/**
 * An in-memory BM25F index with precomputed, quantized impacts.
 *
 * Why not rank with FTS5 alone: FTS5 reads and scores every posting of every query term. On
 * the whole U.S. Code (258k passages) a question with a few common words ("federal", "define",
 * "court") costs 25–200 ms in bm25(), against a 15 ms budget for the whole hybrid query (see
 * docs/retrieval.md). Here each posting's BM25F contribution (idf included) is computed at
 * build time and stored in one byte, so a query is a sum over typed arrays: about a
 * millisecond however common its words are. FTS5 stays the durable full-text index of the
 * store and the fallback engine (`retrieval.lexicalEngine: "fts5"`).
 */

export interface LexicalFieldWeights {
  readonly label: number;
  readonly headings: number;
  readonly text: number;
}

export interface ImpactIndexParameters {
  readonly weights: LexicalFieldWeights;
  /** BM25 term-frequency saturation. */
  readonly k1: number;
  /** BM25 length normalisation, per field. */
  readonly b: number;
}

export const defaultImpactParameters: ImpactIndexParameters = {
  weights: { label: 6, headings: 2.5, text: 1 },
  k1: 1.2,
  b: 0.75,
};

export interface IndexableDocument {
  readonly rowid: number;
  readonly label: string;
  readonly headings: string;
  readonly text: string;
}

/** Extra words added to a query (lay-term expansion) and how much each counts. */
export interface WeightedExpansion {
  readonly words: readonly string[];
  readonly weight: number;
}

export interface ScoredDocument {
  readonly rowid: number;
  readonly score: number;
}

/** The file: `AMXIMP01`, the header, the terms, then the arrays, each aligned to four bytes. */
const impactIndexFormat: BinaryFormat = {
  name: 'lexical index',
  signature: 'AMXIMP',
  version: 1,
  versionAt: 'signature-digits',
};
const magic = `${impactIndexFormat.signature}${String(impactIndexFormat.version).padStart(2, '0')}`;

const count = z.number().int().nonnegative();
/** The header as `serialize` writes it, keys in the same order, so a read index writes back the same bytes. */
const impactHeaderSchema = z.strictObject({
  analyzer: z.string(),
  parameters: z.strictObject({
    weights: z.strictObject({ label: z.number(), headings: z.number(), text: z.number() }),
    k1: z.number(),
    b: z.number(),
  }),
  termCount: count,
  documentCount: count,
  postingCount: count,
});

const fieldCount = 3;

/** Collects documents, then computes the term-major impact postings in one pass. */
export class ImpactIndexBuilder {
  private readonly dictionary = new TermDictionary();
  private readonly scratchTermIds: number[] = [];
  private readonly rowids: number[] = [];
  // Doc-major entries: for each document, (term id, tf in label, headings, text).
  private entryTerms = new Int32Array(1 << 16);
  private entryFrequencies = new Uint16Array((1 << 16) * fieldCount);
  private entryCount = 0;
  private readonly documentEntryStart: number[] = [0];
  private readonly fieldLengths: number[] = [];
  private readonly lastDocumentOfTerm: number[] = [];
  private readonly entryOfTerm: number[] = [];

  constructor(private readonly parameters: ImpactIndexParameters = defaultImpactParameters) {}

  add(document: IndexableDocument): void {
    const fields = [document.label, document.headings, document.text];
    const firstEntry = this.entryCount;
    for (let field = 0; field < fieldCount; field += 1) {
      const termIds = this.scratchTermIds;
      termIds.length = 0;
      const length = this.dictionary.termIdsOf(fields[field] ?? '', termIds);
      this.reserve(length);
      for (const termId of termIds) {
        while (this.lastDocumentOfTerm.length <= termId) {
          this.lastDocumentOfTerm.push(-1);
          this.entryOfTerm.push(0);
        }
        // A term's entry for this document is found through two per-term arrays instead of
        // a Map per document: this runs once per token of the whole corpus.
        let entry: number;
        if (this.lastDocumentOfTerm[termId] === this.rowids.length) {
          entry = this.entryOfTerm[termId]!;
        } else {
          entry = this.entryCount;
          this.entryCount += 1;
          this.entryTerms[entry] = termId;
          this.entryFrequencies.fill(0, entry * fieldCount, entry * fieldCount + fieldCount);
          this.lastDocumentOfTerm[termId] = this.rowids.length;
          this.entryOfTerm[termId] = entry;
        }
        const slot = entry * fieldCount + field;
        if (this.entryFrequencies[slot]! < 65_535) this.entryFrequencies[slot]! += 1;
      }
      this.fieldLengths.push(length);
    }
    if (this.entryCount < firstEntry) throw new Error('entry count went backwards');
    this.rowids.push(document.rowid);
    this.documentEntryStart.push(this.entryCount);
  }

  private reserve(extra: number): void {
    if (this.entryCount + extra <= this.entryTerms.length) return;
    let capacity = this.entryTerms.length;
    while (capacity < this.entryCount + extra) capacity *= 2;
    const terms = new Int32Array(capacity);
    terms.set(this.entryTerms.subarray(0, this.entryCount));
    const frequencies = new Uint16Array(capacity * fieldCount);
    frequencies.set(this.entryFrequencies.subarray(0, this.entryCount * fieldCount));
    this.entryTerms = terms;
    this.entryFrequencies = frequencies;
  }

  build(): ImpactIndex {
    const documentCount = this.rowids.length;
    const termCount = this.dictionary.size;
    const { weights, k1, b } = this.parameters;
    const fieldWeights = [weights.label, weights.headings, weights.text];
    const averageLengths = [0, 0, 0];
    for (let document = 0; document < documentCount; document += 1) {
      for (let field = 0; field < fieldCount; field += 1) {
        averageLengths[field]! += this.fieldLengths[document * fieldCount + field]!;
      }
    }
    for (let field = 0; field < fieldCount; field += 1) {
      averageLengths[field] = Math.max(1, averageLengths[field]! / Math.max(1, documentCount));
    }

    const documentFrequency = new Int32Array(termCount);
    for (let entry = 0; entry < this.entryCount; entry += 1) documentFrequency[this.entryTerms[entry]!]! += 1;
    const termOffsets = new Int32Array(termCount + 1);
    for (let term = 0; term < termCount; term += 1)
      termOffsets[term + 1] = termOffsets[term]! + documentFrequency[term]!;

    // First pass: exact scores, to find each term's maximum for quantisation.
    const scores = new Float32Array(this.entryCount);
    const termMaximum = new Float32Array(termCount);
    for (let document = 0; document < documentCount; document += 1) {
      const normalisers = [0, 1, 2].map(
        (field) => 1 - b + (b * this.fieldLengths[document * fieldCount + field]!) / averageLengths[field]!,
      );
      for (
        let entry = this.documentEntryStart[document]!;
        entry < this.documentEntryStart[document + 1]!;
        entry += 1
      ) {
        const term = this.entryTerms[entry]!;
        let weightedFrequency = 0;
        for (let field = 0; field < fieldCount; field += 1) {
          weightedFrequency +=
            (fieldWeights[field]! * this.entryFrequencies[entry * fieldCount + field]!) / normalisers[field]!;
        }
        const frequency = documentFrequency[term]!;
        const idf = Math.log(1 + (documentCount - frequency + 0.5) / (frequency + 0.5));
        const score = (idf * (weightedFrequency * (k1 + 1))) / (weightedFrequency + k1);
        scores[entry] = score;
        if (score > termMaximum[term]!) termMaximum[term] = score;
      }
    }

    // Second pass: term-major postings (document index, one-byte impact).
    const postingDocuments = new Int32Array(this.entryCount);
    const postingImpacts = new Uint8Array(this.entryCount);
    const cursor = termOffsets.slice(0, termCount);
    for (let document = 0; document < documentCount; document += 1) {
      for (
        let entry = this.documentEntryStart[document]!;
        entry < this.documentEntryStart[document + 1]!;
        entry += 1
      ) {
        const term = this.entryTerms[entry]!;
        const position = cursor[term]!;
        cursor[term] = position + 1;
        postingDocuments[position] = document;
        const maximum = termMaximum[term]!;
        postingImpacts[position] =
          maximum > 0 ? Math.max(1, Math.round((255 * scores[entry]!) / maximum)) : 0;
      }
    }
    const termScales = new Float32Array(termCount);
    for (let term = 0; term < termCount; term += 1) termScales[term] = termMaximum[term]! / 255;

    return new ImpactIndex({
      analyzerDescription: describeAnalyzer(defaultAnalyzerOptions),
      parameters: this.parameters,
      terms: this.dictionary.terms,
      termOffsets,
      termScales,
      rowids: Int32Array.from(this.rowids),
      postingDocuments,
      postingImpacts,
    });
  }
}

interface ImpactIndexData {
  readonly analyzerDescription: string;
  readonly parameters: ImpactIndexParameters;
  readonly terms: readonly string[];
  readonly termOffsets: Int32Array;
  readonly termScales: Float32Array;
  readonly rowids: Int32Array;
  readonly postingDocuments: Int32Array;
  readonly postingImpacts: Uint8Array;
}

export class ImpactIndex {
  private readonly analyzer = new TextAnalyzer();
  private readonly termIds: Map<string, number>;
  private readonly accumulator: Float32Array;
  private readonly touched: Int32Array;
  private readonly rowidToDocument = new Map<number, number>();

  constructor(private readonly data: ImpactIndexData) {
    this.termIds = new Map(data.terms.map((term, index) => [term, index]));
    this.accumulator = new Float32Array(data.rowids.length);
    this.touched = new Int32Array(data.rowids.length);
    for (let document = 0; document < data.rowids.length; document += 1) {
      this.rowidToDocument.set(data.rowids[document]!, document);
    }
  }

  get documentCount(): number {
    return this.data.rowids.length;
  }

  get termCount(): number {
    return this.data.terms.length;
  }

  /** The analyzed, distinct terms of a query that the index knows. */
  queryTerms(query: string): string[] {
    const seen = new Set<string>();
    for (const term of this.analyzer.analyze(limitQuestionLength(query))) {
      if (this.termIds.has(term)) seen.add(term);
    }
    return [...seen];
  }

  documentFrequency(term: string): number {
    const termId = this.termIds.get(term);
    return termId === undefined ? 0 : this.data.termOffsets[termId + 1]! - this.data.termOffsets[termId]!;
  }

  /**
   * The best `limit` documents for the query. `allowed`, when given, is indexed by the
   * document's position (see `allowedMask`) and excludes documents outside a filter.
   */
  search(
    query: string,
    limit: number,
    allowed?: Uint8Array,
    expansion?: WeightedExpansion,
  ): ScoredDocument[] {
    const { termOffsets, termScales, postingDocuments, postingImpacts, rowids } = this.data;
    const accumulator = this.accumulator;
    const touched = this.touched;
    let touchedCount = 0;
    const weightedTerms = new Map<string, number>();
    // Words only in the sentences that ask nothing are the asker's context: they count for less.
    const context = contextOnlyTerms(query, (text) => this.queryTerms(text));
    for (const term of this.queryTerms(query)) weightedTerms.set(term, context.has(term) ? contextShare : 1);
    if (expansion) {
      for (const term of this.queryTerms(expansion.words.join(' '))) {
        if (!weightedTerms.has(term)) weightedTerms.set(term, expansion.weight);
      }
    }
    for (const [term, weight] of weightedTerms) {
      const termId = this.termIds.get(term)!;
      const scale = termScales[termId]! * weight;
      const end = termOffsets[termId + 1]!;
      for (let position = termOffsets[termId]!; position < end; position += 1) {
        const document = postingDocuments[position]!;
        if (allowed !== undefined && allowed[document] === 0) continue;
        if (accumulator[document] === 0) touched[touchedCount++] = document;
        accumulator[document]! += postingImpacts[position]! * scale;
      }
    }
    const best = selectTop(accumulator, touched, touchedCount, limit);
    const results = best.map((document) => ({ rowid: rowids[document]!, score: accumulator[document]! }));
    // Reset only what this query touched, so the next query starts from zeros at no cost.
    for (let index = 0; index < touchedCount; index += 1) accumulator[touched[index]!] = 0;
    return results;
  }

  /** The scores of the query for just these rowids (those it does not match are left out). */
  scoreAmong(query: string, rowids: readonly number[], expansion?: WeightedExpansion): Map<number, number> {
    if (rowids.length === 0) return new Map();
    const mask = this.allowedMask(rowids);
    const hits = this.search(query, rowids.length, mask, expansion);
    return new Map(hits.map((hit) => [hit.rowid, hit.score]));
  }

  /** A mask over document positions for the rowids a filter allows. */
  allowedMask(allowedRowids: Iterable<number>): Uint8Array {
    const mask = new Uint8Array(this.data.rowids.length);
    for (const rowid of allowedRowids) {
      const document = this.rowidToDocument.get(rowid);
      if (document !== undefined) mask[document] = 1;
    }
    return mask;
  }

  serialize(): Buffer {
    const header = Buffer.from(
      JSON.stringify({
        analyzer: this.data.analyzerDescription,
        parameters: this.data.parameters,
        termCount: this.data.terms.length,
        documentCount: this.data.rowids.length,
        postingCount: this.data.postingDocuments.length,
      }),
    );
    const terms = Buffer.from(this.data.terms.join('\n'));
    const parts = [
      Buffer.from(magic),
      uint32(header.length),
      header,
      uint32(terms.length),
      terms,
      aligned(this.data.termOffsets),
      aligned(this.data.termScales),
      aligned(this.data.rowids),
      aligned(this.data.postingDocuments),
      Buffer.from(
        this.data.postingImpacts.buffer,
        this.data.postingImpacts.byteOffset,
        this.data.postingImpacts.byteLength,
      ),
    ];
    return Buffer.concat(withPadding(parts));
  }

  static deserialize(buffer: Buffer, source: string): ImpactIndex {
    const reader = new BinaryIndexReader(buffer, impactIndexFormat, source);
    reader.readSignature();
    const header = reader.header(impactHeaderSchema);
    const termsText = reader.lengthPrefixedText('terms');
    const terms = termsText.length === 0 ? [] : termsText.split('\n');
    if (terms.length !== header.termCount) reader.fail('term count does not match');
    const take = (count: number, bytes: number, what: string) => {
      reader.align();
      return reader.copy(count, bytes, what);
    };
    const termOffsets = new Int32Array(take(header.termCount + 1, 4, 'term offsets'));
    const termScales = new Float32Array(take(header.termCount, 4, 'term scales'));
    const rowids = new Int32Array(take(header.documentCount, 4, 'rowids'));
    const postingDocuments = new Int32Array(take(header.postingCount, 4, 'postings'));
    const postingImpacts = new Uint8Array(take(header.postingCount, 1, 'impacts'));
    return new ImpactIndex({
      analyzerDescription: header.analyzer,
      parameters: header.parameters,
      terms,
      termOffsets,
      termScales,
      rowids,
      postingDocuments,
      postingImpacts,
    });
  }
}

/** Indices of the `limit` largest accumulator values among the touched documents, best first. */
function selectTop(
  accumulator: Float32Array,
  touched: Int32Array,
  touchedCount: number,
  limit: number,
): number[] {
  // A binary min-heap of the best `limit` so far: each candidate costs one comparison with the
  // weakest kept document, and a replacement costs log(limit).
  const heap = new Int32Array(Math.max(1, limit));
  let size = 0;
  const less = (left: number, right: number) =>
    accumulator[left]! < accumulator[right]! || (accumulator[left] === accumulator[right] && left > right);
  const siftDown = (start: number) => {
    let position = start;
    for (;;) {
      const left = 2 * position + 1;
      const right = left + 1;
      let smallest = position;
      if (left < size && less(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < size && less(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === position) return;
      const swap = heap[position]!;
      heap[position] = heap[smallest]!;
      heap[smallest] = swap;
      position = smallest;
    }
  };
  for (let index = 0; index < touchedCount; index += 1) {
    const document = touched[index]!;
    if (size < limit) {
      heap[size] = document;
      size += 1;
      let position = size - 1;
      while (position > 0) {
        const parent = (position - 1) >> 1;
        if (!less(heap[position]!, heap[parent]!)) break;
        const swap = heap[position]!;
        heap[position] = heap[parent]!;
        heap[parent] = swap;
        position = parent;
      }
    } else if (less(heap[0]!, document)) {
      heap[0] = document;
      siftDown(0);
    }
  }
  return Array.from(heap.subarray(0, size)).sort((left, right) =>
    less(left, right) ? 1 : less(right, left) ? -1 : 0,
  );
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

function aligned(array: Int32Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** Pads parts so every typed array starts at a multiple of four bytes. */
function withPadding(parts: Buffer[]): Buffer[] {
  const padded: Buffer[] = [];
  let length = 0;
  for (const [index, part] of parts.entries()) {
    // Parts from index 5 on are typed arrays and must start aligned.
    if (index >= 5 && length % 4 !== 0) {
      const padding = Buffer.alloc(4 - (length % 4));
      padded.push(padding);
      length += padding.length;
    }
    padded.push(part);
    length += part.length;
  }
  return padded;
}
