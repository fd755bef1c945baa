import { expandLayTerms } from '../retrieval/lay-terms.js';
import type { TermStatistics } from '../retrieval/retriever.js';
import { analyzeTerm, type QuestionTerm, questionTerms, termSet } from './question-terms.js';

/** How much a legal word standing for a lay word ("false" for "lie") counts, against the word itself. */
const expansionCredit = 0.8;

/**
 * What the question asks about, as weighted terms, and which legal words stand for its lay
 * words. Texts are scored against it: each question term counts once, fully when the text has
 * the word, partly when it has a word that stands for it.
 */
export class QuestionModel {
  readonly terms: readonly QuestionTerm[];
  readonly totalWeight: number;
  /** Analyzed legal term → the analyzed question terms it stands for. */
  private readonly standsFor = new Map<string, Set<string>>();
  /** Analyzed legal term → the word as the lay-term table writes it, for messages. */
  private readonly standInWord = new Map<string, string>();

  constructor(
    readonly question: string,
    statistics: TermStatistics,
  ) {
    this.terms = questionTerms(question, statistics);
    this.totalWeight = this.terms.reduce((sum, term) => sum + term.weight, 0);
    const termOfWord = new Map(this.terms.map((term) => [term.word, term.term]));
    for (const [word, origin] of expandLayTerms(question).origins) {
      const expansionTerm = analyzeTerm(word);
      if (expansionTerm === undefined) continue;
      for (const originWord of origin.split(/[^a-z]+/)) {
        const originTerm = termOfWord.get(originWord);
        if (originTerm === undefined || originTerm === expansionTerm) continue;
        const origins = this.standsFor.get(expansionTerm) ?? new Set<string>();
        origins.add(originTerm);
        this.standsFor.set(expansionTerm, origins);
        this.standInWord.set(expansionTerm, word);
      }
    }
  }

  /** The question terms a text covers, each with its credit (1 for the word, less for a stand-in). */
  matches(textTerms: ReadonlySet<string>): Map<string, number> {
    const matched = new Map<string, number>();
    for (const term of this.terms) if (textTerms.has(term.term)) matched.set(term.term, 1);
    for (const [expansionTerm, origins] of this.standsFor) {
      if (!textTerms.has(expansionTerm)) continue;
      for (const origin of origins) if (!matched.has(origin)) matched.set(origin, expansionCredit);
    }
    return matched;
  }

  /** The legal words a text has that stand for a question term ("false" for "lie"), as written. */
  standInsFor(questionTerm: string, textTerms: ReadonlySet<string>): string[] {
    const words: string[] = [];
    for (const [expansionTerm, origins] of this.standsFor) {
      const word = this.standInWord.get(expansionTerm);
      if (origins.has(questionTerm) && textTerms.has(expansionTerm) && word !== undefined) words.push(word);
    }
    return words;
  }

  /** Weighted score of matches, ignoring terms already covered elsewhere. */
  score(matched: ReadonlyMap<string, number>, alreadyCovered: ReadonlySet<string> = new Set()): number {
    let score = 0;
    for (const term of this.terms) {
      if (alreadyCovered.has(term.term)) continue;
      score += term.weight * (matched.get(term.term) ?? 0);
    }
    return score;
  }

  /** Share of the question's weight that the matches cover. */
  coverage(matched: ReadonlyMap<string, number>): number {
    return this.totalWeight === 0 ? 0 : this.score(matched) / this.totalWeight;
  }

  matchesText(text: string): Map<string, number> {
    return this.matches(termSet(text));
  }
}
