import type { StoredPassage } from '../store/passage-rows.js';
import type { SearchFilters } from './search-filters.js';

export type RetrievalMode = 'hybrid' | 'lexical' | 'vector';

export interface RetrievalRequest {
  readonly query: string;
  /** How many passages to return; the configured default when left out. */
  readonly k?: number;
  readonly filters?: SearchFilters;
  readonly mode?: RetrievalMode;
}

export interface RetrievedPassage {
  readonly passage: StoredPassage;
  /** Fused score, higher is better; comparable only within one result list. */
  readonly score: number;
  /** 1-based rank in the lexical list, if the passage was in it. */
  readonly lexicalRank: number | undefined;
  readonly vectorRank: number | undefined;
  /** Lexical (BM25F) score, for calibrating "no answer". */
  readonly lexicalScore: number | undefined;
  /** Cosine similarity to the question. */
  readonly vectorSimilarity: number | undefined;
  /** The citation in the question that named this passage's section, if any. */
  readonly citedAs: string | undefined;
}

/**
 * How common each analyzed term is in the corpus. The composer weighs a question's words by
 * it (a rare word says more about what is asked) and finds the words no passage covers.
 */
export interface TermStatistics {
  readonly documentCount: number;
  /** Passages containing the analyzed term (see TextAnalyzer; porter stems). */
  documentFrequency(term: string): number;
}

/** The retrieval port: the answer composer and every adapter retrieve through it. */
export interface Retriever {
  retrieve(request: RetrievalRequest): Promise<RetrievedPassage[]>;
  termStatistics(): Promise<TermStatistics>;
}
