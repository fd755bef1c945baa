import type { RetrievedPassage, TermStatistics } from '../retrieval/retriever.js';
import type { StoredPassage } from '../store/passage-rows.js';
import type { CollectionSummary } from '../store/passage-store.js';
import type { Answer } from './answer.js';

/** Everything a composer needs to write an answer; composers never reach for anything else. */
export interface CompositionRequest {
  readonly answerId: string;
  /** The standalone question (a follow-up already rewritten with its thread's context). */
  readonly question: string;
  /** Retrieved passages, best first. */
  readonly passages: readonly RetrievedPassage[];
  /**
   * The other passages of the best-ranked sections. Retrieval keeps one passage per section for
   * variety; an answer about § 2252 may need both its offence and its affirmative defense.
   */
  readonly companions: readonly StoredPassage[];
  readonly statistics: TermStatistics;
  /** The collections of the vetted corpus, for limitations and source metadata. */
  readonly corpus: readonly CollectionSummary[];
  readonly checkedOn: string;
  readonly disclaimer: string;
  /**
   * The provisions the question cites ("18 USC 1030", "FRE 608(b)"), and whether the corpus
   * holds each: a question that cites a held provision is answered from it, and one that cites
   * only provisions the corpus lacks is told which.
   */
  readonly citations?: readonly QuestionCitation[] | undefined;
  /**
   * Told each sentence of a model's answer as soon as it has passed the verifier, for surfaces
   * that stream. A composer that writes its answer at once (the extractive one) never calls it.
   */
  readonly progress?: CompositionProgress | undefined;
}

/** A cited source of a streamed sentence: its number in the answer, and what to link it to. */
export interface StreamedCitation {
  readonly n: number;
  readonly label: string;
  readonly url: string | undefined;
}

/**
 * A verified sentence, told before the answer is complete. The sentences told, in order, are
 * the answer's summary and then its sections, with the numbers the answer gives them, unless the
 * answer ends up not being the model's (a failure, too little verified): surfaces compare them
 * with the final answer.
 */
export interface StreamedSentence {
  readonly part: 'summary' | 'section';
  /** For the first sentence of a section: its number (1, 2, 3) and heading. */
  readonly section?: { readonly number: number; readonly heading: string } | undefined;
  readonly text: string;
  readonly citations: readonly StreamedCitation[];
}

export interface CompositionProgress {
  sentence(sentence: StreamedSentence): void;
}

export interface QuestionCitation {
  /** As the question wrote it. */
  readonly text: string;
  /** The provision in Bluebook form: "42 U.S.C. § 1983", "Fed. R. Evid. 608(b)". */
  readonly label: string;
  readonly held: boolean;
}

/** The composer port: the offline extractive composer and the LLM composer implement it. */
export interface Composer {
  compose(request: CompositionRequest): Promise<Answer>;
}
