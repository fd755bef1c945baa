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

/**
 * A provision a question cites by number, and whether the corpus holds it. The composer uses
 * it so that a question citing a held provision is never answered "not covered", and one
 * citing a provision the corpus lacks is told so by name ("The vetted sources do not include
 * 42 U.S.C. § 1983").
 */
export interface CitedProvisionReport {
  /** As the user wrote it: `18 usc 1030`, `FRE 608(b)`, `Rule 23`. */
  readonly text: string;
  /** As a reader reads it: `18 U.S.C. § 1030`, `Fed. R. Evid. 608(b)`; a bare one as written (`§ 1983`, `Rule 23`). */
  readonly display: string;
  /** `bare` when no title or rule set was named (`§ 1030`, `Rule 23`): it may mean several sections. */
  readonly scope: 'full' | 'bare';
  /** True when the corpus holds at least one section it may mean. */
  readonly held: boolean;
  /** The sections held, one per matching title or rule set (a bare `Rule 23`: each rule set with a Rule 23). */
  readonly sections: ReadonlyArray<{
    /** `Fed. R. Civ. P. 23`. */
    readonly sectionLabel: string;
    /** With the cited subdivision: `Fed. R. Civ. P. 23(a)`. */
    readonly label: string;
    /** False when the section is held but the cited subdivision was not found in it. */
    readonly pinpointHeld: boolean;
    /** The collection the section is in, so each rule set can be named. */
    readonly collectionId: string;
    /** Passage rowids: those holding the cited subdivision first, then document order. */
    readonly rowids: readonly number[];
  }>;
}

/** The retrieval port: the answer composer and every adapter retrieve through it. */
export interface Retriever {
  retrieve(request: RetrievalRequest): Promise<RetrievedPassage[]>;
  termStatistics(): Promise<TermStatistics>;
  /** The provisions a question cites and which of them the corpus holds (see CitedProvisionReport). */
  citedProvisions(question: string, filters?: SearchFilters): Promise<CitedProvisionReport[]>;
}
