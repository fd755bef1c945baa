import { tokenize } from '../../retrieval/text-analysis.js';
import { analyzeTerm, termSet } from '../question-terms.js';

/**
 * The pieces of a sentence that a passage must contain for the sentence to be supported by it:
 * numbers, quoted phrases, legal citations, names and content words. Each is extracted the same
 * way from the sentence and from the passages, so the comparison is like for like.
 */

// ---------------------------------------------------------------------------------------------
// Numbers: digits ("250,000", "1.5") and number words ("five", "twenty-five", "one hundred").
// ---------------------------------------------------------------------------------------------

const units: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const scales: Readonly<Record<string, number>> = {
  hundred: 100,
  thousand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
};

const digitNumber = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;

/**
 * The numbers a text states, as canonical strings ("250000", "1.5"). A sentence's lone "one"
 * is left out (`forSentence`): "no one", "one of the following" are not quantities, and
 * checking them would drop good sentences. A passage's "one" counts, so "1" is supported by it.
 */
export function statedNumbers(text: string, forSentence: boolean): Set<string> {
  const numbers = new Set<string>();
  for (const match of text.matchAll(digitNumber)) numbers.add(String(Number(match[0].replace(/,/g, ''))));
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  let index = 0;
  while (index < words.length) {
    if (units[words[index]!] === undefined && scales[words[index]!] === undefined) {
      index += 1;
      continue;
    }
    let total = 0;
    let current = 0;
    let length = 0;
    let afterScale = false;
    for (; index < words.length; index += 1) {
      const word = words[index]!;
      const unit = units[word];
      const scale = scales[word];
      if (unit !== undefined) current += unit;
      else if (scale !== undefined) {
        if (scale === 100) current = Math.max(current, 1) * 100;
        else {
          total += Math.max(current, 1) * scale;
          current = 0;
        }
      } else if (word === 'and' && afterScale && units[words[index + 1] ?? ''] !== undefined) {
        // "one hundred and twenty"; but "between five and ten" is two numbers.
        continue;
      } else break;
      afterScale = scale !== undefined;
      length += 1;
    }
    const value = total + current;
    const loneOne = length === 1 && value === 1;
    if (!(forSentence && loneOne)) numbers.add(String(value));
  }
  return numbers;
}

// ---------------------------------------------------------------------------------------------
// Quoted phrases: compared as token sequences, so case, spacing and punctuation do not matter.
// ---------------------------------------------------------------------------------------------

const quotation = /["“”]([^"“”]+)["“”]/g;

/** Phrases in double quotes, split at ellipses (a quote may leave words out at "…"). */
export function quotedPhrases(text: string): string[][] {
  const phrases: string[][] = [];
  for (const match of text.matchAll(quotation)) {
    for (const piece of match[1]!.split(/…|\.\.\./)) {
      const tokens = tokenize(piece);
      if (tokens.length > 0) phrases.push(tokens);
    }
  }
  return phrases;
}

/** True when `phrase` occurs in `tokens` as a contiguous run. */
export function containsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return true;
  outer: for (let start = 0; start + phrase.length <= tokens.length; start += 1) {
    for (let offset = 0; offset < phrase.length; offset += 1) {
      if (tokens[start + offset] !== phrase[offset]) continue outer;
    }
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Legal citations: "18 U.S.C. § 2252(c)", "§ 2252A", "section 2252", "Rule 803(2)",
// "Fed. R. Evid. 801(d)(2)", "28 C.F.R. § 50.10".
// ---------------------------------------------------------------------------------------------

export interface LegalCitation {
  /** Statute-like sections (U.S.C., C.F.R., §) or court rules. */
  readonly scheme: 'section' | 'rule';
  /** The code or rule set when the text names it: `usc-18`, `cfr-28`, `fre`, `frcp`. */
  readonly code: string | undefined;
  /** Section or rule number, lowercase: `2252a`, `803`, `50.10`. */
  readonly number: string;
  /** Subdivisions, lowercase: `["c", "1"]` for `(c)(1)`. */
  readonly subdivisions: readonly string[];
  /** The citation as written, for messages. */
  readonly text: string;
}

const subdivisionGroup = '((?:\\s?\\([a-z0-9]{1,6}\\))*)';
const sectionNumber = '(\\d+[a-z]{0,3}(?:[.–-]\\d+[a-z]{0,3})*)';

interface CitationPattern {
  readonly pattern: RegExp;
  readonly scheme: LegalCitation['scheme'];
  /** The code from the match, or undefined when the pattern does not name one. */
  readonly code: (match: RegExpMatchArray) => string | undefined;
  /** Index of the number group; the subdivisions follow it. */
  readonly numberGroup: number;
}

const ruleSets: ReadonlyArray<readonly [RegExp, string]> = [
  [/^evid/i, 'fre'],
  [/^civ/i, 'frcp'],
  [/^crim/i, 'frcrp'],
  [/^app/i, 'frap'],
  [/^bankr/i, 'frbp'],
];

/** Most specific first: a span matched by an earlier pattern is not matched again. */
const citationPatterns: readonly CitationPattern[] = [
  {
    pattern: new RegExp(
      `(\\d+)\\s*U\\.?\\s?S\\.?\\s?C\\.?(?:\\s?A\\.?)?\\s*(?:§+\\s*)?${sectionNumber}${subdivisionGroup}`,
      'giu',
    ),
    scheme: 'section',
    code: (match) => `usc-${match[1]}`,
    numberGroup: 2,
  },
  {
    pattern: new RegExp(
      `(\\d+)\\s*C\\.?\\s?F\\.?\\s?R\\.?\\s*(?:§+\\s*)?${sectionNumber}${subdivisionGroup}`,
      'giu',
    ),
    scheme: 'section',
    code: (match) => `cfr-${match[1]}`,
    numberGroup: 2,
  },
  {
    pattern: new RegExp(
      `Fed(?:eral|\\.)?\\s*R(?:ules?|\\.)?\\s*(?:of\\s+)?(Evid(?:ence|\\.)?|Civ(?:il|\\.)?\\s*(?:P(?:rocedure|\\.)?)?|Crim(?:inal|\\.)?\\s*(?:P(?:rocedure|\\.)?)?|App(?:ellate|\\.)?\\s*(?:P(?:rocedure|\\.)?)?|Bankr(?:uptcy|\\.)?\\s*(?:P(?:rocedure|\\.)?)?)\\s*(?:Rule\\s+)?(\\d+(?:\\.\\d+)?)${subdivisionGroup}`,
      'giu',
    ),
    scheme: 'rule',
    code: (match) => ruleSets.find(([prefix]) => prefix.test(match[1] ?? ''))?.[1],
    numberGroup: 2,
  },
  {
    pattern: new RegExp(`\\bRules?\\s+(\\d+(?:\\.\\d+)?)${subdivisionGroup}`, 'giu'),
    scheme: 'rule',
    code: () => undefined,
    numberGroup: 1,
  },
  {
    pattern: new RegExp(`(?:§+|\\bsections?)\\s*${sectionNumber}${subdivisionGroup}`, 'giu'),
    scheme: 'section',
    code: () => undefined,
    numberGroup: 1,
  },
];

function normalizeSpaces(text: string): string {
  return text.replace(/[\u00a0\u2000-\u200b\u202f]/g, ' ');
}

/**
 * The text with its legal citations blanked out, so their numbers ("§ 2252(c)(1)") are not
 * checked as stated quantities; the citations are checked on their own.
 */
export function withoutCitations(text: string): string {
  let result = normalizeSpaces(text);
  for (const citation of legalCitations(result)) result = result.split(citation.text).join(' ');
  return result;
}

/** The legal citations a text contains, each once. */
export function legalCitations(text: string): LegalCitation[] {
  const normalized = normalizeSpaces(text);
  const taken: Array<readonly [number, number]> = [];
  const citations: LegalCitation[] = [];
  const seen = new Set<string>();
  for (const { pattern, scheme, code, numberGroup } of citationPatterns) {
    for (const match of normalized.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([from, to]) => start < to && end > from)) continue;
      taken.push([start, end]);
      const citation: LegalCitation = {
        scheme,
        code: code(match),
        number: (match[numberGroup] ?? '').toLowerCase().replace(/–/g, '-'),
        subdivisions: [...(match[numberGroup + 1] ?? '').matchAll(/\(([a-z0-9]+)\)/giu)].map((part) =>
          part[1]!.toLowerCase(),
        ),
        text: match[0].trim(),
      };
      const key = `${citation.scheme}|${citation.code}|${citation.number}|${citation.subdivisions.join('.')}`;
      if (!seen.has(key)) {
        seen.add(key);
        citations.push(citation);
      }
    }
  }
  return citations;
}

/**
 * The same provision: same scheme and number, the same code when both name one, and
 * subdivisions where one is a prefix of the other (`§ 2252` and `§ 2252(c)(1)` both match a
 * passage labelled `§ 2252(c)`: the first names its section, the second a part of it).
 */
export function sameProvision(sentence: LegalCitation, passage: LegalCitation): boolean {
  if (sentence.scheme !== passage.scheme || sentence.number !== passage.number) return false;
  if (sentence.code !== undefined && passage.code !== undefined && sentence.code !== passage.code)
    return false;
  const shorter = Math.min(sentence.subdivisions.length, passage.subdivisions.length);
  for (let index = 0; index < shorter; index += 1) {
    if (sentence.subdivisions[index] !== passage.subdivisions[index]) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Names and content words.
// ---------------------------------------------------------------------------------------------

/**
 * Words that describe the sources rather than state a fact ("the statute provides that…"):
 * they are left out of the content-word share, so framing does not count against a sentence.
 */
const framingTerms: ReadonlySet<string> = new Set(
  `say says said state states stated statute statutes section sections subsection subsections paragraph
  paragraphs provision provisions provide provides provided describe describes defined define defines
  term terms set sets explain explains note notes according specify specifies establish establishes
  list lists passage passages source sources text codified rule rules law laws`
    .split(/\s+/)
    .map((word) => analyzeTerm(word))
    .filter((term): term is string => term !== undefined),
);

/** Citation abbreviations spelled out, so "the Federal Rules of Evidence" matches "Fed. R. Evid.". */
const abbreviationExpansions: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bU\.?\s?S\.?\s?C\b/, 'United States Code'],
  [/\bC\.?\s?F\.?\s?R\b/, 'Code of Federal Regulations'],
  [/\bFed\.?\s*R\./, 'Federal Rules'],
  [/\bEvid\./, 'Evidence'],
  [/\bCiv\.\s*P\./, 'Civil Procedure'],
  [/\bCrim\.\s*P\./, 'Criminal Procedure'],
  [/\bApp\.\s*P\./, 'Appellate Procedure'],
];

/** Terms a passage's label implies ("Fed. R. Evid." → federal, rules, evidence). */
export function labelExpansion(label: string): string {
  return abbreviationExpansions
    .filter(([pattern]) => pattern.test(label))
    .map(([, words]) => words)
    .join(' ');
}

/** The content words of a sentence as analyzed terms: no stopwords, numbers or framing words. */
export function contentTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const term of termSet(text)) {
    if (/^\d+$/.test(term) || framingTerms.has(term)) continue;
    terms.add(term);
  }
  return terms;
}

/**
 * Capitalized words inside a sentence (not its first word): names of courts, agencies, cases,
 * places. A name its passages never use is an invented fact however many other words match.
 */
export function nameTerms(text: string): Map<string, string> {
  const names = new Map<string, string>();
  const words = text.match(/[\p{L}][\p{L}'’]*/gu) ?? [];
  for (const [index, word] of words.entries()) {
    if (index === 0 || word.length < 2 || !/^\p{Lu}/u.test(word)) continue;
    const [token] = tokenize(word);
    const term = token === undefined ? undefined : analyzeTerm(token);
    if (term === undefined || framingTerms.has(term)) continue;
    names.set(term, word);
  }
  return names;
}
