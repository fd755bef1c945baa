/**
 * Text analysis for the local embedder: normalization, tokenization, stemming and stopwords.
 *
 * Everything here is a pure function of its input, so a model fitted on a corpus sees exactly
 * the same terms at ingest and at query time. The embedder's choices were made by measurement
 * (see `docs/local-embedder.md`): a standard English stopword list, legal boilerplate and
 * numbers kept, one-character tokens dropped, citation-style tokens such as `2252a` kept whole,
 * and plural-only stemming ({@link sStem}); word vectors learn the rest of the morphology from
 * context, and the Porter stemmer (kept for parity with SQLite FTS5) measured worse for them.
 */

import { stemmer } from 'stemmer';

/**
 * Text made only of ASCII, no-break space, `§`, `¶` and the General Punctuation block
 * (U+2000–U+206F: typographic spaces such as U+202F, dashes, curly quotes). Normalization
 * leaves the letters and digits of such text unchanged apart from case, so tokenization can
 * take a fast ASCII path.
 */
const plainText = /^[\x00-\x7f\u00a0\u00a7\u00b6\u2000-\u206f]*$/;

/**
 * Unicode- and case-normalizes text: NFKD with combining marks removed (`façade` → `facade`,
 * `ﬁ` → `fi`), lowercase, and every kind of space (including the narrow no-break space U+202F
 * that follows `§` in the U.S. Code chunks) turned into an ordinary space.
 */
export function normalizeText(text: string): string {
  const decomposed = plainText.test(text) ? text : text.normalize('NFKD').replace(/\p{M}/gu, '');
  return decomposed.toLowerCase().replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ');
}

const unicodeTokenPattern = /[\p{L}\p{N}]+(?:['\u2019\u02bc][\p{L}\p{N}]+)*/gu;
const apostrophes = /['\u2019\u02bc]/g;

function isAsciiWordCharacter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 0x02bc;
}

/**
 * Splits text into normalized (see {@link normalizeText}) alphanumeric runs. Section and rule
 * numbers stay whole (`2252a`, `3006a`, `1001`) because letters and digits are both word
 * characters; a citation such as `2252A(c)` gives `2252a` and `c`. An apostrophe between two
 * word characters is dropped and joins them (`declarant's` → `declarants`, `can’t` → `cant`).
 * Tokens of one character are dropped: they are almost always subsection markers (`(a)`,
 * `(1)`) that carry no meaning.
 */
/**
 * "U.S." and "US" as a country name, spelled out: the tokenizer drops "U.S." (a run of one-letter
 * words), so "counterfeiting U.S. currency" lost the words that the domestic provision uses
 * ("obligations or securities of the United States"). Citations ("18 U.S.C. 471") keep their
 * abbreviation; lowercase "us" is a pronoun.
 */
export function spellOutCountryAbbreviations(text: string): string {
  return text
    .replace(/\bU\.\s?S\.(?:\s?A\.)?(?![\s\u00a0]*C\b)(?=[\s,;:?!)]|$)/g, 'United States')
    .replace(/\b(?:USA|US)\b(?![\s.]*C\b)/g, 'United States');
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  if (!plainText.test(text)) {
    const normalized = normalizeText(text);
    unicodeTokenPattern.lastIndex = 0;
    for (
      let match = unicodeTokenPattern.exec(normalized);
      match;
      match = unicodeTokenPattern.exec(normalized)
    ) {
      const token = match[0].replace(apostrophes, '');
      if (token.length > 1) tokens.push(token);
    }
    return tokens;
  }
  // ASCII fast path: a hand-written scanner over the lowercased text (same result as above).
  const lower = text.toLowerCase();
  const length = lower.length;
  let index = 0;
  while (index < length) {
    if (!isAsciiWordCharacter(lower.charCodeAt(index))) {
      index++;
      continue;
    }
    const start = index;
    let joined = false;
    index++;
    while (index < length) {
      const code = lower.charCodeAt(index);
      if (isAsciiWordCharacter(code)) index++;
      else if (
        isApostrophe(code) &&
        index + 1 < length &&
        isAsciiWordCharacter(lower.charCodeAt(index + 1))
      ) {
        joined = true;
        index++;
      } else break;
    }
    if (index - start > 1) {
      const token = joined ? lower.slice(start, index).replace(apostrophes, '') : lower.slice(start, index);
      if (token.length > 1) tokens.push(token);
    }
  }
  return tokens;
}

/**
 * English stopwords: function words, auxiliaries and pronouns, plus the question words that
 * plain-language queries are made of (`what`, `how`, `can`). Legal boilerplate (`shall`,
 * `section`, `subsection`, `title`) is only in {@link legalBoilerplateStopwords}, kept
 * separate because inverse document frequency already discounts it and removing it did not
 * help in measurement.
 */
export const englishStopwords: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below ' +
    'between both but by can cannot could did do does doing down during each either else ever every few for ' +
    'from further had has have having he her here hers herself him himself his how however if in into is it ' +
    'its itself just may me might more most must my myself neither no nor not now of off on once only or ' +
    'other ought our ours ourselves out over own same she should so some such than that the their theirs them ' +
    'themselves then there these they this those through thus to too under until up upon very was we were ' +
    'what when where whether which while who whom whose why will with within would yet you your yours ' +
    'yourself yourselves also let get got us im ive id youre dont doesnt didnt isnt arent wasnt werent cant ' +
    'couldnt wouldnt shouldnt wont hasnt havent hadnt someone somebody something anyone anybody anything ' +
    'one many much lot really like'
  ).split(' '),
);

/** Words that occur in nearly every statutory passage. Not used by default (see above). */
export const legalBoilerplateStopwords: ReadonlySet<string> = new Set(
  'shall section sections subsection subsections paragraph paragraphs subparagraph clause title chapter part pursuant thereof therein hereof herein such'.split(
    ' ',
  ),
);

/** True if the token is only digits (`1001`, `70`), as opposed to `2252a` or `fbi`. */
export function isNumeric(token: string): boolean {
  return /^[0-9\p{N}]+$/u.test(token);
}

/**
 * The Porter stemmer (M. F. Porter, 1980), the algorithm of SQLite FTS5's `porter` tokenizer,
 * so lexical and vector retrieval conflate the same words. It comes from the maintained
 * `stemmer` package; on every one of the 15,254 distinct tokens of the nine sample collections
 * it gives what the hand-written implementation it replaced gave, at the same speed (see
 * docs/retrieval.md, "Stemming"). Tokens with digits or other non-letters (`2252a`, `77yyy`)
 * are kept whole, as citation numbers must be.
 */
export function porterStem(input: string): string {
  if (input.length <= 2 || /[^a-z]/.test(input)) return input;
  return stemmer(input);
}

/**
 * Harman's "S" stemmer: removes only plural endings (`counsels` → `counsel`, `copies` →
 * `copy`). Kept as the conservative alternative that was measured against Porter.
 */
export function sStem(word: string): string {
  if (word.length <= 3 || /[^a-z]/.test(word)) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies'))
    return word.slice(0, -3) + 'y';
  if (word.endsWith('es') && !word.endsWith('aes') && !word.endsWith('ees') && !word.endsWith('oes')) {
    return word.slice(0, -1);
  }
  if (word.endsWith('s') && !word.endsWith('us') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export type StemmerName = 'porter' | 's' | 'none';

export interface AnalyzerOptions {
  readonly stemmer: StemmerName;
  /** Drop {@link englishStopwords}. */
  readonly dropStopwords: boolean;
  /** Also drop {@link legalBoilerplateStopwords}. */
  readonly dropLegalBoilerplate: boolean;
  /** Drop tokens made only of digits. Mixed tokens such as `2252a` are always kept. */
  readonly dropNumbers: boolean;
}

export const defaultAnalyzerOptions: AnalyzerOptions = {
  stemmer: 'porter',
  dropStopwords: true,
  dropLegalBoilerplate: false,
  dropNumbers: false,
};

/** A compact, stable description of analyzer options, for model fingerprints. */
export function describeAnalyzer(options: AnalyzerOptions): string {
  return [
    `stem=${options.stemmer}`,
    `stop=${options.dropStopwords ? 1 : 0}`,
    `legal=${options.dropLegalBoilerplate ? 1 : 0}`,
    `num=${options.dropNumbers ? 1 : 0}`,
  ].join(',');
}

/**
 * A reusable analyzer: text → terms. The per-token result (a term, or nothing for a dropped
 * token) is memoized per instance; the memo only caches a pure function, so results never
 * depend on call order.
 */
export class TextAnalyzer {
  readonly options: AnalyzerOptions;
  private readonly cache = new Map<string, string | null>();
  private readonly stem: (word: string) => string;
  private readonly memoLimit: number;

  /** `memoLimit` bounds the memo (it is cleared when full); 0 turns memoization off. */
  constructor(options: AnalyzerOptions = defaultAnalyzerOptions, memoLimit = 1_000_000) {
    this.options = options;
    this.memoLimit = memoLimit;
    this.stem = options.stemmer === 'porter' ? porterStem : options.stemmer === 's' ? sStem : (word) => word;
  }

  /** The term for one token from {@link tokenize}, or `undefined` if the token is dropped. */
  analyzeToken(token: string): string | undefined {
    let term = this.cache.get(token);
    if (term === undefined) {
      const { dropStopwords, dropLegalBoilerplate, dropNumbers } = this.options;
      const dropped =
        (dropStopwords && englishStopwords.has(token)) ||
        (dropLegalBoilerplate && legalBoilerplateStopwords.has(token)) ||
        (dropNumbers && isNumeric(token));
      term = dropped ? null : this.stem(token);
      // Bounded so that a pathological stream of unique tokens cannot grow memory forever.
      if (this.memoLimit > 0) {
        if (this.cache.size >= this.memoLimit) this.cache.clear();
        this.cache.set(token, term);
      }
    }
    return term ?? undefined;
  }

  /** The terms of `text`, in order, with repeats. */
  analyze(text: string): string[] {
    const terms: string[] = [];
    for (const token of tokenize(text)) {
      const term = this.analyzeToken(token);
      if (term !== undefined) terms.push(term);
    }
    return terms;
  }
}
