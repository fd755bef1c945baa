import { expandLayTerms } from '../retrieval/lay-terms.js';
import { contextOnlyTerms, contextShare } from '../retrieval/question-context.js';
import type { TermStatistics } from '../retrieval/retriever.js';
import { type AskedFact, askedFacts, askingWordKinds, askingWords } from './asked-facts.js';
import { analyzeTerm, type QuestionTerm, questionTerms, termSet } from './question-terms.js';

/** How much a legal word standing for a lay word ("false" for "lie") counts, against the word itself. */
const expansionCredit = 0.8;
/** How much a word of the same family ("threat" for "threaten") counts. */
const familyCredit = 0.9;

/**
 * Share of its rarity weight that a word keeps when it says what kind of fact is wanted
 * ("penalty", "how long", "elements") rather than what the question is about: a statement
 * answers it by stating the fact, not by repeating the word.
 */
const askingWordShare = 0.25;
/** A number in the question ("14 days", "$500") is a detail of it, rarely what it turns on. */
const numberShare = 0.5;

/**
 * What the question asks about, as weighted terms, and which legal words stand for its lay
 * words. Texts are scored against it: each question term counts once, fully when the text has
 * the word, partly when it has a word that stands for it.
 */
export class QuestionModel {
  readonly terms: readonly QuestionTerm[];
  readonly totalWeight: number;
  /** The kinds of fact asked for ("count", "penalty" …), most specific first. */
  readonly asked: readonly AskedFact[];
  /** The analyzed noun whose contents the question asks for ("specification" in "what must the specification … include"). */
  readonly askedSubject: string | undefined;
  /** Analyzed terms only in sentences that ask nothing: the asker's context (`question-context.ts`). */
  private readonly contextTerms: ReadonlySet<string>;
  /** Weight of each analyzed term in coverage: rarity, less for asking words and numbers. */
  private readonly conceptWeights = new Map<string, number>();
  /** Analyzed legal term → the analyzed question terms it stands for. */
  private readonly standsFor = new Map<string, Set<string>>();
  /** Analyzed legal term → the word as the lay-term table writes it, for messages. */
  private readonly standInWord = new Map<string, string>();
  /** Analyzed question term → how many legal terms stand for it. */
  private readonly standInCount = new Map<string, number>();
  /** Question terms long enough to have a family, and each text term's family members among them (memo). */
  private readonly familyTerms: readonly string[];
  private readonly familyOf = new Map<string, readonly string[]>();

  constructor(
    readonly question: string,
    statistics: TermStatistics,
  ) {
    this.terms = questionTerms(question, statistics);
    this.asked = askedFacts(question);
    const subject = askedSubjectWord(question);
    this.askedSubject = subject === undefined ? undefined : analyzeTerm(subject);
    const context = contextOnlyTerms(question, termSet);
    this.contextTerms = context;
    for (const term of this.terms) {
      const kind = askingWordKinds.get(term.word);
      const asking = askingWords.has(term.word) && (kind === undefined || this.asked.includes(kind));
      const share = asking ? askingWordShare : /^\d/.test(term.word) ? numberShare : 1;
      this.conceptWeights.set(term.term, term.weight * share * (context.has(term.term) ? contextShare : 1));
    }
    this.totalWeight = this.terms.reduce((sum, term) => sum + this.weightOf(term.term), 0);
    this.familyTerms = this.terms.map((term) => term.term).filter((term) => term.length >= 5);
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
    for (const origins of this.standsFor.values())
      for (const origin of origins) this.standInCount.set(origin, (this.standInCount.get(origin) ?? 0) + 1);
  }

  /**
   * The question terms a text covers, each with its credit: 1 for the word, less for legal words
   * that stand for it, and more the more of them the text has ("hacking" is covered better by
   * "accesses a computer without authorization" than by "fraud" alone).
   */
  matches(textTerms: ReadonlySet<string>): Map<string, number> {
    const matched = new Map<string, number>();
    for (const term of this.terms) if (textTerms.has(term.term)) matched.set(term.term, 1);
    // One word family the stemmer keeps apart ("threaten" and "threat", "prohibit" and
    // "prohibition"): one stem begins the other, and the shorter has at least five letters.
    if (this.familyTerms.length > 0) {
      for (const textTerm of textTerms) {
        if (textTerm.length < 5) continue;
        let family = this.familyOf.get(textTerm);
        if (family === undefined) {
          family = this.familyTerms.filter(
            (term) => term !== textTerm && (term.startsWith(textTerm) || textTerm.startsWith(term)),
          );
          this.familyOf.set(textTerm, family);
        }
        for (const term of family) if (!matched.has(term)) matched.set(term, familyCredit);
      }
    }
    const standInsFound = new Map<string, number>();
    for (const [expansionTerm, origins] of this.standsFor) {
      if (!textTerms.has(expansionTerm)) continue;
      for (const origin of origins) standInsFound.set(origin, (standInsFound.get(origin) ?? 0) + 1);
    }
    for (const [origin, found] of standInsFound) {
      if (matched.has(origin)) continue;
      const available = Math.min(3, this.standInCount.get(origin) ?? 1);
      matched.set(origin, expansionCredit * Math.sqrt(Math.min(1, found / available)));
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

  /** The weight a term counts for in coverage (0 for a word that is not in the question). */
  weightOf(term: string): number {
    return this.conceptWeights.get(term) ?? 0;
  }

  /** True for a word only in the asker's context ("trying to figure out if my review is ok"). */
  isContext(term: string): boolean {
    return this.contextTerms.has(term);
  }

  /** True for a word that says what kind of fact is wanted ("penalty", "deadline"), not what about. */
  isAskingWord(term: QuestionTerm): boolean {
    return askingWords.has(term.word);
  }

  /** Weighted score of matches, ignoring terms already covered elsewhere. */
  score(matched: ReadonlyMap<string, number>, alreadyCovered: ReadonlySet<string> = new Set()): number {
    let score = 0;
    for (const term of this.terms) {
      if (alreadyCovered.has(term.term)) continue;
      score += this.weightOf(term.term) * (matched.get(term.term) ?? 0);
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

/**
 * The noun a "what must X include / contain / state" question asks about: "specification" in
 * "What must the specification of a patent application include?", "notice" in "What does a
 * notice of appeal have to say?".
 */
export function askedSubjectWord(question: string): string | undefined {
  const match =
    /\bwhat (?:must|should|shall|does|do|has to|have to|needs? to)\s+(?:an?\s+|the\s+|my\s+|our\s+|your\s+|their\s+)?(?:[a-z-]+\s+)?([a-z-]+)(?:\s+(?:of|in|for|to)\s+[^?]{1,60}?)?\s+(?:have to |need to )?(?:include|contain|state|say|show|list|set forth|specify|describe)\b/i.exec(
      question,
    );
  return match?.[1]?.toLowerCase();
}
