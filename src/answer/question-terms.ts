import type { TermStatistics } from '../retrieval/retriever.js';
import { TextAnalyzer, tokenize } from '../retrieval/text-analysis.js';

/** A content word of the question, with how much it says about what is asked. */
export interface QuestionTerm {
  /** The word as the question wrote it (lowercase). */
  readonly word: string;
  /** The analyzed term, comparable with passage terms. */
  readonly term: string;
  /** Inverse document frequency: rare words weigh more. */
  readonly weight: number;
  /** Passages in the corpus containing the term. */
  readonly documentFrequency: number;
  /** Written with a capital letter inside the sentence: a name (Miranda, New York, GDPR). */
  readonly isName: boolean;
  /** The word as written, capitals kept, for messages. */
  readonly display: string;
  /** Position among the question's words, to rebuild phrases for gap statements. */
  readonly position: number;
}

const analyzer = new TextAnalyzer();

/**
 * Words that frame a question rather than say what it is about (and the abbreviations of
 * citations: "FRE", "USC" name where a provision is, which citation lookup handles). They are kept out of gap
 * statements ("Available sources do not mention law" says nothing) and out of coverage. When
 * something happened to the asker ("yesterday", "today") is their situation, not the topic.
 */
const framingWords = new Set(
  `law laws legal legally illegal rule rules statute statutes section sections federal question questions explain
  mean means happen happens work works general generally someone person people thing things case cases type types
  kind kinds way ways like say says exactly really actually count counts consider considered apply applies use used
  allowed allow able need needs required require requires make makes get gets give gives take takes even ever
  never still already else something anything
  yesterday today tomorrow tonight ago recently currently
  usc fre frcp frap frcrp frcmp cfr fed evid civ crim proc`.split(/\s+/),
);

/** Capitalized words that are not names: sentence starts and common question openers. */
const notNames = new Set([
  'i',
  'can',
  'is',
  'what',
  'how',
  'when',
  'who',
  'why',
  'does',
  'do',
  'are',
  'if',
  'my',
  'the',
]);

export function analyzeTerm(word: string): string | undefined {
  return analyzer.analyzeToken(word.toLowerCase());
}

/**
 * Analyzed form of each token seen, so the many statements an answer weighs are stemmed once per
 * word, not once per occurrence; cleared when it grows past a bound.
 */
const analyzed = new Map<string, string | null>();

/** The analyzed terms of a text, as a set. */
export function termSet(text: string): Set<string> {
  if (analyzed.size > 100_000) analyzed.clear();
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    let term = analyzed.get(token);
    if (term === undefined) {
      term = analyzer.analyzeToken(token) ?? null;
      analyzed.set(token, term);
    }
    if (term !== null) terms.add(term);
  }
  return terms;
}

/** The question's content words, weighted by rarity in the corpus. */
export function questionTerms(question: string, statistics: TermStatistics): QuestionTerm[] {
  const names = capitalizedWords(question);
  const seen = new Set<string>();
  const terms: QuestionTerm[] = [];
  // A possessive is its noun: "someone else's" is about someone else, "ex's" about an ex.
  const text = question.slice(0, 2000).replace(/(\p{L})['’]s\b/gu, '$1');
  for (const [position, token] of tokenize(text).entries()) {
    const term = analyzer.analyzeToken(token);
    if (term === undefined || seen.has(term) || framingWords.has(token)) continue;
    seen.add(term);
    const documentFrequency = statistics.documentFrequency(term);
    const weight = Math.log(1 + statistics.documentCount / (documentFrequency + 1));
    const display = names.get(token);
    terms.push({
      word: token,
      term,
      weight,
      documentFrequency,
      isName: display !== undefined,
      display: display ?? token,
      position,
    });
  }
  return terms;
}

function capitalizedWords(question: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const sentence of question.split(/[.?!]\s+/)) {
    const words = sentence.match(/[\p{L}][\p{L}'’.-]*/gu) ?? [];
    for (const [index, word] of words.entries()) {
      if (index === 0) continue;
      const bare = word.replace(/[.'’]+$/, '');
      if (/^\p{Lu}/u.test(bare) && !notNames.has(bare.toLowerCase())) names.set(bare.toLowerCase(), bare);
    }
  }
  return names;
}

/** Share of the question's weight that the given term set covers (0 when nothing to cover). */
export function coverage(terms: readonly QuestionTerm[], covered: ReadonlySet<string>): number {
  const total = terms.reduce((sum, term) => sum + term.weight, 0);
  if (total === 0) return 0;
  return terms.filter((term) => covered.has(term.term)).reduce((sum, term) => sum + term.weight, 0) / total;
}

/**
 * The uncovered terms of the question as phrases in the question's own order: adjacent missing
 * words stay together ("accidental clicks"), so a gap statement reads naturally.
 */
export function uncoveredPhrases(
  terms: readonly QuestionTerm[],
  covered: ReadonlySet<string>,
  minimumWeight: number,
): QuestionTerm[][] {
  const missing = terms.filter((term) => !covered.has(term.term) && term.weight >= minimumWeight);
  const phrases: QuestionTerm[][] = [];
  let previousPosition = -2;
  for (const term of missing.sort((left, right) => left.position - right.position)) {
    if (term.position === previousPosition + 1 && phrases.length > 0) phrases[phrases.length - 1]!.push(term);
    else phrases.push([term]);
    previousPosition = term.position;
  }
  return phrases;
}
