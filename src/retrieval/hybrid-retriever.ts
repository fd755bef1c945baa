import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { limitQuestionLength } from '../core/limits.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { SqliteDatabase } from '../store/database.js';
import type { StoredPassage } from '../store/passage-rows.js';
import { PassageStore } from '../store/passage-store.js';
import { answerKindEvidence, answerKindsAsked } from './answer-kind.js';
import { orderCitedPassages, questionOutsideCitations } from './cited-order.js';
import type { Embedder } from './embedder.js';
import type { EmbedderSource } from './embedder-source.js';
import { diversifyBySection, reciprocalRankFusion, relativeScoreFusion } from './fusion.js';
import { ImpactIndex } from './impact-index.js';
import { currentGeneration, currentGenerationId, lexicalIndexFile } from './index-generation.js';
import type { QueryExpansion } from './lay-terms.js';
import { type CitationHit, LexicalSearch } from './lexical-search.js';
import type {
  CitedProvisionReport,
  RetrievalRequest,
  RetrievedPassage,
  Retriever,
  TermStatistics,
} from './retriever.js';
import { filterCondition, filterKey, hasFilters, type SearchFilters } from './search-filters.js';
import {
  collectionScopeTerms,
  coverage,
  namesUnaskedSpecialCase,
  type SupportWeights,
  sectionCaption,
  supportedScores,
} from './section-support.js';
import { spellOutCountryAbbreviations, TextAnalyzer } from './text-analysis.js';
import { VectorGraphs } from './vector-graphs.js';
import { expandQuestion, layVocabularyFile, readLayVocabulary } from './wordnet-vocabulary.js';

export interface HybridRetrieverOptions {
  /** Passages returned when a request does not say. */
  readonly k: number;
  /** How deep each list is read before fusion. */
  readonly candidates?: number;
  readonly lexicalWeight?: number;
  readonly vectorWeight?: number;
  readonly rrfConstant?: number;
  /** `score` (relative score fusion, the default) or `rrf` (reciprocal rank fusion). */
  readonly fusion?: 'score' | 'rrf';
  readonly maxPerSection?: number;
  /** `impact` (in-memory BM25F, the default) or `fts5` (SQLite bm25, slower on big corpora). */
  readonly lexicalEngine?: 'impact' | 'fts5';
  /** The supports added to fused scores (see section-support.ts); the defaults when left out. */
  readonly support?: Partial<SupportWeights>;
  /**
   * Load the graphs into hnswlib in the background too (the default; see vector-graphs.ts).
   * A command that answers once and exits turns it off: the load would only compete with the
   * first answer for the cores and be thrown away.
   */
  readonly nativeVectorSearch?: boolean;
}

export interface HybridRetrieverDependencies {
  readonly database: SqliteDatabase;
  readonly dataDirectory: string;
  readonly embedderSource: EmbedderSource;
  readonly options: HybridRetrieverOptions;
  /**
   * The words a question's lay wording adds to the search (`expandQuestion` unless given); the
   * benchmarks pass others to compare vocabulary sources (docs/retrieval.md).
   */
  readonly expandQuery?: (question: string) => QueryExpansion;
  /** Where a generation that cannot be loaded is reported. */
  readonly logger?: Logger;
}

/** A generation that failed to load is tried again after this long, not on every query. */
const failedLoadRetryMs = 30_000;

/** Why the current generation is not the one serving (see `HybridRetriever.loadFailure`). */
export interface GenerationLoadFailure {
  readonly generationId: string;
  readonly servingGenerationId: string;
  readonly error: Error;
  readonly at: number;
}

/** How much a lay-term expansion word counts against a word of the question itself. */
const expansionWeight = 0.5;

/**
 * Fusion weights. The vector list counts 0.7 against the lexical list's 1: on the nine sample
 * collections that raised MRR@10 from 0.825 to 0.858 (dev) and from 0.343 to 0.357 (held-out),
 * and recall@10 on held-out from 0.636 to 0.655; on the whole U.S. Code it changed MRR by at
 * most +0.016. Half weight lost held-out recall. Lexical evidence for legal wording is the
 * sharper signal; the vectors mostly add what the question words miss.
 */
const defaultLexicalWeight = 1;
const defaultVectorWeight = 0.7;

/**
 * The supports added to a fused score (which runs from 0 to 1.7): 0.15 for stating the kind of
 * fact asked for, a quarter of the best other candidate of the same section, 0.3 for a section
 * caption wholly made of the question's words, 0.2 for a collection the question names, and
 * 0.1 off a caption naming a special case the question does not ask about ("former",
 * "foreign"). Each raised MRR@10 on the tuning questions and none lowered it on the others
 * (docs/retrieval.md, "Ranking the answering provision" and "Issue 13, fourth round").
 */
export const defaultSupportWeights: SupportWeights = {
  kind: 0.15,
  section: 0.25,
  caption: 0.3,
  scope: 0.2,
  qualifier: 0.1,
};

/** What is loaded from one index generation. */
interface LoadedGeneration {
  readonly id: string;
  readonly impact: ImpactIndex;
  readonly vectors: VectorGraphs;
  readonly embedder: Embedder;
  /** For each collection, the title words that name its subject (see collectionScopeTerms). */
  readonly scopeTerms: ReadonlyMap<string, ReadonlySet<string>>;
  /** WordNet synonyms for lay words, built for this corpus (see wordnet-vocabulary.ts). */
  readonly layVocabulary: ReadonlyMap<string, readonly string[]>;
  readonly allowedByFilter: Map<string, Set<number>>;
  readonly maskByFilter: Map<string, Uint8Array>;
}

/**
 * Hybrid retrieval: citation lookup first, then lexical and vector rankings fused (relative
 * score fusion by default, reciprocal rank fusion on request), with metadata filters and a
 * per-section limit. It follows the store: when an ingest
 * publishes a new index generation, the next query loads it.
 */
export class HybridRetriever implements Retriever {
  private readonly store: PassageStore;
  private readonly lexical: LexicalSearch;
  private generation: LoadedGeneration | undefined;
  private readonly captionAnalyzer = new TextAnalyzer();
  private readonly captionTermCache = new Map<string, readonly string[]>();
  private loading: Promise<LoadedGeneration> | undefined;
  private failure: GenerationLoadFailure | undefined;

  constructor(private readonly dependencies: HybridRetrieverDependencies) {
    this.store = new PassageStore(dependencies.database);
    this.lexical = new LexicalSearch(dependencies.database);
  }

  async retrieve(request: RetrievalRequest): Promise<RetrievedPassage[]> {
    const options = this.dependencies.options;
    const k = request.k ?? options.k;
    const mode = request.mode ?? 'hybrid';
    const candidates = Math.max(options.candidates ?? 60, k * 3);
    const generation = await this.currentGeneration();
    const query = spellOutCountryAbbreviations(limitQuestionLength(request.query));

    const expansion = (this.dependencies.expandQuery ?? ((text) => this.expand(generation, text)))(
      query,
    ).words;
    const citationHits = mode === 'vector' ? [] : this.lexical.citationHits(query, request.filters);
    const lexicalHits =
      mode === 'vector' ? [] : this.lexicalRanking(generation, query, expansion, candidates, request.filters);
    const vectorHits =
      mode === 'lexical'
        ? []
        : await this.vectorRanking(generation, query, expansion, candidates, request.filters);

    const fused =
      options.fusion === 'rrf'
        ? reciprocalRankFusion(
            [
              {
                rowids: lexicalHits.map((hit) => hit.rowid),
                weight: options.lexicalWeight ?? defaultLexicalWeight,
              },
              {
                rowids: vectorHits.map((hit) => hit.rowid),
                weight: options.vectorWeight ?? defaultVectorWeight,
              },
            ],
            options.rrfConstant ?? 60,
          )
        : relativeScoreFusion([
            { hits: lexicalHits, weight: options.lexicalWeight ?? defaultLexicalWeight },
            {
              hits: vectorHits.map((hit) => ({ rowid: hit.rowid, score: hit.similarity })),
              weight: options.vectorWeight ?? defaultVectorWeight,
            },
          ]);
    const lexicalRank = new Map(
      lexicalHits.map((hit, index) => [hit.rowid, { rank: index + 1, score: hit.score }]),
    );
    const vectorRank = new Map(
      vectorHits.map((hit, index) => [hit.rowid, { rank: index + 1, similarity: hit.similarity }]),
    );
    const citedAs = new Map(citationHits.map((hit) => [hit.rowid, hit.citation.text]));

    // The supports are weighed among the best `candidates` by fused score: reading every
    // fused candidate's passage doubled the store reads, the largest cost of a query.
    const fusedTop = new Map(
      [...fused.entries()]
        .sort((left, right) => right[1] - left[1] || left[0] - right[0])
        .slice(0, candidates),
    );
    const passages = this.store.getManyByRowid([...citationHits.map((hit) => hit.rowid), ...fusedTop.keys()]);
    const adjusted = this.supported(generation, fusedTop, passages, query, expansion);
    const rankedRowids = [...adjusted.entries()]
      .filter(([rowid]) => !citedAs.has(rowid))
      .sort((left, right) => right[1] - left[1] || left[0] - right[0])
      .map(([rowid]) => rowid);
    // Passages of the sections the question names come first; then the rest by score.
    // Diversity below keeps one lead per section in front, so a question citing two sections
    // gets both, however long the first one is.
    const cited = this.orderCited(generation, query, citationHits, passages);
    const results: RetrievedPassage[] = [];
    for (const rowid of [...cited.leads, ...cited.others, ...rankedRowids.slice(0, candidates)]) {
      const passage = passages.get(rowid);
      if (!passage) continue;
      results.push({
        passage,
        score: citedAs.has(rowid) ? Number.POSITIVE_INFINITY : (adjusted.get(rowid) ?? 0),
        lexicalRank: lexicalRank.get(rowid)?.rank,
        vectorRank: vectorRank.get(rowid)?.rank,
        lexicalScore: lexicalRank.get(rowid)?.score,
        vectorSimilarity: vectorRank.get(rowid)?.similarity,
        citedAs: citedAs.get(rowid),
      });
    }
    const diverse = diversifyBySection(
      results,
      (result: RetrievedPassage) => result.passage.sectionLabel,
      options.maxPerSection ?? 1,
    );
    return diverse.slice(0, Math.max(k, 0));
  }

  /** The fused scores with the supports of section-support.ts added. */
  private supported(
    generation: LoadedGeneration,
    fused: ReadonlyMap<number, number>,
    passages: ReadonlyMap<number, StoredPassage>,
    query: string,
    expansion: readonly string[],
  ): Map<number, number> {
    const questionTerms = new Set(this.captionAnalyzer.analyze(`${query} ${expansion.join(' ')}`));
    const namesCollection = (passage: StoredPassage) => {
      const scope = generation.scopeTerms.get(passage.collectionId);
      if (!scope) return false;
      for (const term of questionTerms) if (scope.has(term)) return true;
      return false;
    };
    const questionWords = new Set(query.toLowerCase().match(/[a-z]+/g) ?? []);
    return supportedScores(
      fused,
      passages,
      answerKindsAsked(query),
      { ...defaultSupportWeights, ...this.dependencies.options.support },
      {
        captionCoverage: (passage) => coverage(this.captionTerms(passage), questionTerms),
        specialCase: (passage) =>
          namesUnaskedSpecialCase(
            (sectionCaption(passage) ?? '').toLowerCase().match(/[a-z]+/g) ?? [],
            questionWords,
          ),
        inScope: namesCollection,
      },
    );
  }

  /**
   * The cited passages in the order cited-order.ts gives them, judged by the rest of the
   * question: its words (expanded on their own, so that the synonyms of a framing word such as
   * "say" → "state" do not pick the lead) and the kind of fact it asks for ("18 U.S.C. 1030
   * penalties" leads with the passage stating the penalty, as far ahead as the best word match).
   */
  private orderCited(
    generation: LoadedGeneration,
    query: string,
    citationHits: readonly CitationHit[],
    passages: ReadonlyMap<number, StoredPassage>,
  ) {
    if (citationHits.length === 0) return { leads: [], others: [] };
    const remainder = questionOutsideCitations(query, citationHits);
    const remainderScores = generation.impact.scoreAmong(
      remainder,
      citationHits.map((hit) => hit.rowid),
      { words: this.expand(generation, remainder).words, weight: expansionWeight },
    );
    const kinds = answerKindsAsked(remainder);
    const kindLift = 1 + Math.max(0, ...remainderScores.values());
    return orderCitedPassages(
      citationHits,
      passages,
      (passage) =>
        (remainderScores.get(passage.rowid) ?? 0) + kindLift * answerKindEvidence(kinds, passage.text),
    );
  }

  /** The lay terms and WordNet synonyms of a question (see `expandQuestion`). */
  private expand(generation: LoadedGeneration, question: string): QueryExpansion {
    return expandQuestion(question, generation.layVocabulary, this.captionAnalyzer);
  }

  /** The analyzed terms of a passage's section caption, without its number; memoized by caption. */
  private captionTerms(passage: StoredPassage): readonly string[] {
    const caption = sectionCaption(passage);
    if (caption === undefined) return [];
    let terms = this.captionTermCache.get(caption);
    if (!terms) {
      const words = caption.replace(/^\[?(?:§+|Rule)\s*[0-9A-Za-z.–-]+\.?\s*/, '');
      terms = [...new Set(this.captionAnalyzer.analyze(words))];
      if (this.captionTermCache.size >= 50_000) this.captionTermCache.clear();
      this.captionTermCache.set(caption, terms);
    }
    return terms;
  }

  async citedProvisions(question: string, filters?: SearchFilters): Promise<CitedProvisionReport[]> {
    const provisions = this.lexical.citedProvisions(limitQuestionLength(question), filters);
    const firstRowids = provisions.flatMap((provision) =>
      provision.sections.flatMap((section) => section.rowids.slice(0, 1)),
    );
    const firstPassages = this.store.getManyByRowid(firstRowids);
    return provisions.map(({ citation, sections }) => ({
      text: citation.text,
      display: sections.length === 1 && citation.scope === 'bare' ? sections[0]!.label : citation.display,
      scope: citation.scope,
      held: sections.length > 0,
      sections: sections.map((section) => ({
        sectionLabel: section.sectionLabel,
        label: section.label,
        pinpointHeld: section.pinpointHeld,
        collectionId: firstPassages.get(section.rowids[0]!)?.collectionId ?? '',
        rowids: section.rowids,
      })),
    }));
  }

  async termStatistics(): Promise<TermStatistics> {
    const generation = await this.currentGeneration();
    return {
      documentCount: generation.impact.documentCount,
      documentFrequency: (term) => generation.impact.documentFrequency(term),
    };
  }

  /** Loads the vector side eagerly (cold start), so the first question is not the slow one. */
  async warmUp(): Promise<void> {
    await this.currentGeneration();
  }

  private lexicalRanking(
    generation: LoadedGeneration,
    query: string,
    expansion: readonly string[],
    limit: number,
    filters: SearchFilters | undefined,
  ) {
    if (this.dependencies.options.lexicalEngine === 'fts5') {
      return this.lexical.search([query, ...expansion].join(' '), limit, filters);
    }
    const mask = hasFilters(filters) ? this.maskFor(generation, filters) : undefined;
    return generation.impact.search(query, limit, mask, { words: expansion, weight: expansionWeight });
  }

  private async vectorRanking(
    generation: LoadedGeneration,
    query: string,
    expansion: readonly string[],
    limit: number,
    filters: SearchFilters | undefined,
  ) {
    const vector = await generation.embedder.embedQuery(
      expansion.length > 0 ? `${query} ${expansion.join(' ')}` : query,
    );
    // A question with no known word embeds to zero, which is equally near everything: no ranking.
    if (vector.every((value) => value === 0)) return [];
    const allowed = hasFilters(filters) ? this.allowedFor(generation, filters) : undefined;
    return generation.vectors.search(vector, limit, allowed ? (rowid) => allowed.has(rowid) : undefined);
  }

  private allowedFor(generation: LoadedGeneration, filters: SearchFilters | undefined): Set<number> {
    const key = filterKey(filters);
    let allowed = generation.allowedByFilter.get(key);
    if (!allowed) {
      const condition = filterCondition(filters, 'p');
      const rowids = this.dependencies.database
        .prepare(`SELECT p.rowid FROM passages p WHERE ${condition.sql}`)
        .pluck()
        .all(...condition.parameters) as number[];
      allowed = new Set(rowids);
      generation.allowedByFilter.set(key, allowed);
    }
    return allowed;
  }

  private maskFor(generation: LoadedGeneration, filters: SearchFilters | undefined): Uint8Array {
    const key = filterKey(filters);
    let mask = generation.maskByFilter.get(key);
    if (!mask) {
      mask = generation.impact.allowedMask(this.allowedFor(generation, filters));
      generation.maskByFilter.set(key, mask);
    }
    return mask;
  }

  private async currentGeneration(): Promise<LoadedGeneration> {
    const id = currentGenerationId(this.dependencies.database);
    if (id === undefined) {
      throw new AmicusError(
        ErrorCode.NotFound,
        `No search index in ${this.dependencies.dataDirectory}. Run \`amicus ingest <path>\` first.`,
        { location: this.dependencies.dataDirectory },
      );
    }
    if (this.generation?.id === id) return this.generation;
    const failure = this.failure;
    if (this.generation && failure?.generationId === id && Date.now() - failure.at < failedLoadRetryMs) {
      return this.generation;
    }
    if (!this.loading) {
      this.loading = this.load().finally(() => {
        this.loading = undefined;
      });
    }
    try {
      this.generation = await this.loading;
    } catch (error) {
      // A generation that cannot be read (a corrupt or missing file) does not stop a retriever
      // that has one: it keeps answering from the one it has, and says so once per generation.
      if (!this.generation || !(error instanceof Error)) throw error;
      if (this.failure?.generationId !== id) {
        (this.dependencies.logger ?? silentLogger()).error(
          { generation: id, serving: this.generation.id, error: error.message },
          'cannot load the new index generation; still serving the previous one',
        );
      }
      this.failure = { generationId: id, servingGenerationId: this.generation.id, error, at: Date.now() };
      return this.generation;
    }
    this.failure = undefined;
    this.lexical.invalidate();
    return this.generation;
  }

  /** Set while the store names a generation this retriever could not load. */
  get loadFailure(): GenerationLoadFailure | undefined {
    return this.failure;
  }

  private async load(): Promise<LoadedGeneration> {
    const { database, dataDirectory, embedderSource } = this.dependencies;
    const generation = currentGeneration(database, dataDirectory);
    if (!generation) throw new AmicusError(ErrorCode.NotFound, `No search index in ${dataDirectory}.`);
    const vectorsMeta = generation.manifest.vectors;
    if (vectorsMeta.embedderSource !== embedderSource.sourceKey) {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `The vector index was built with the "${vectorsMeta.embedderSource}" embedder, but the configuration asks for "${embedderSource.sourceKey}". ` +
          'Run `amicus reindex` to rebuild it with the configured embedder, or change the configuration back.',
        { location: 'embedder' },
      );
    }
    const embedder = await embedderSource.forQuerying(generation.directory);
    if (embedder.id !== vectorsMeta.embedderId) {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `The vector index was built by ${vectorsMeta.embedderId}, but queries would be embedded by ${embedder.id}; ` +
          'mixing them would give meaningless results. Run `amicus reindex`.',
        { location: 'embedder' },
      );
    }
    const lexicalFile = path.join(generation.directory, lexicalIndexFile);
    // The vector graphs load on hnswlib's threads while this one reads the lexical index.
    const loadingVectors = VectorGraphs.load(generation.directory, generation.manifest, {
      native: this.dependencies.options.nativeVectorSearch ?? true,
    });
    // Awaited below; a graph refused before the lexical index is read is not unhandled meanwhile.
    loadingVectors.catch(() => undefined);
    // If the lexical index fails, its error is the one reported; the graph's outcome no longer matters.
    const impact = ImpactIndex.deserialize(await readFile(lexicalFile), lexicalFile);
    const vectors = await loadingVectors;
    return {
      id: generation.manifest.id,
      impact,
      vectors,
      embedder,
      layVocabulary: readLayVocabulary(path.join(generation.directory, layVocabularyFile)),
      scopeTerms: collectionScopeTerms(
        new Map(
          this.store
            .listCollections()
            .map((collection) => [
              collection.id,
              [...new Set(this.captionAnalyzer.analyze(collection.title))],
            ]),
        ),
      ),
      allowedByFilter: new Map(),
      maskByFilter: new Map(),
    };
  }

  /** Passages by rowid, for callers that hold rowids (evaluation, benchmarks). */
  passage(rowid: number): StoredPassage | undefined {
    return this.store.getByRowid(rowid);
  }

  close(): void {
    this.lexical.close();
  }
}
