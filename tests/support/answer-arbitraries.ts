/**
 * fast-check arbitraries for valid `Answer` objects (GUIDE §1). Every generated answer satisfies
 * the contract by construction: every sentence of the summary and the sections is cited, sources
 * are numbered 1..N in the order of first citation, every listed source is cited, a no-answer
 * cites nothing, and the disclaimer is `testDisclaimer`, a fixed text that tests can search for.
 *
 * Text is drawn from ordinary legal words mixed with hostile strings: mass mentions, HTML,
 * Markdown, ANSI escapes, bidi overrides, control characters, very long words, emoji, text that
 * looks like a citation marker or like the disclaimer heading. Renderers must treat all of it as
 * untrusted.
 */
import fc from 'fast-check';
import {
  type Answer,
  type AnswerKind,
  type AnswerSection,
  type AnswerSource,
  answerKinds,
  type CitedSentence,
  type RelatedSource,
} from '../../src/answer/answer.js';
import { sourceTypes } from '../../src/core/source-types.js';

/** The deployment disclaimer used by every generated answer: plain words, so it survives any escaping. */
export const testDisclaimer =
  'Amicus gives general legal information from vetted sources, not legal advice. It can make mistakes ' +
  'and does not know your situation. For advice about your own case, talk to a licensed lawyer.';

export const ordinaryWords = [
  'the',
  'court',
  'shall',
  'statute',
  'defendant',
  'knowingly',
  'possessed',
  'a',
  'tenant',
  'landlord',
  'deposit',
  'within',
  '21',
  'days',
  'under',
  '18 U.S.C. § 2252(c)',
  'Fed. R. Evid. 801(d)(2)',
  'subsection',
  'affirmative',
  'defense',
  'evidence',
  'hearsay',
  'rule',
  'may',
  'not',
  'exceed',
  "one month's",
  'rent.',
  'notice;',
  'good faith,',
] as const;

/** One character of each kind that a terminal or a chat surface must never receive from corpus text. */
export const controlCharacters = ['\u0000', '\u0007', '\u0008', '\r', '\u000b', '\u007f', '\u009b', '\u0085'];

export const hostileStrings = [
  '@everyone',
  '@here',
  '@everyone!',
  '(@here)',
  'hi@everyone',
  '@EVERYONE',
  '@heretic',
  '@everyones',
  '@everyone_team',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!here|here>',
  '<@U123>',
  '<@&123456>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](http://evil.example)',
  '![img](http://x/y.png)',
  '<https://evil.example>',
  '**bold**',
  '_under_',
  '~~strike~~',
  '||spoiler||',
  '# heading',
  '\n# heading',
  '> quote',
  '\n> quote',
  '- list',
  '\n- list',
  '\n+ plus',
  '1. item',
  '\n2. item',
  '\n3) item',
  '\n===\n',
  '\n---\n',
  '`code`',
  '```',
  '|a|b|',
  '{braces}',
  '\\',
  '\\[',
  '\u001b[31m',
  '\u001b[2J',
  '\u001b[8m',
  '\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007',
  '\u009b31m',
  '\u202e',
  'abc\u202edef',
  '\u202d',
  '\u2066isolate\u2069',
  ...controlCharacters,
  '\t',
  '\n',
  '\n\n',
  '🙂',
  '👩‍⚖️',
  '🇺🇸',
  '§\u202f2252',
  '\u00a0',
  '&amp;',
  '&lt;b&gt;',
  '&#64;everyone',
  '[7]',
  '[1]',
  '[12][3]',
  'Disclaimer: none',
  '\nDisclaimer: none',
  '**Disclaimer:** none',
  'Sources',
  'https://example.com/x',
  '…',
] as const;

/** Words of 500 or more characters, made of one repeated unit (letters, emoji, escapable markup). */
export const longWordArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 500, max: 640 }), fc.constantFrom('x', 'ab', '🙂', '\\#', '<!', '§', '[1]', 'é'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

export const wordArbitrary: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...ordinaryWords), weight: 12 },
  { arbitrary: fc.constantFrom(...hostileStrings), weight: 5 },
  { arbitrary: longWordArbitrary, weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 6 }), weight: 1 },
);

const separatorArbitrary = fc.oneof(
  { arbitrary: fc.constant(' '), weight: 12 },
  { arbitrary: fc.constant(''), weight: 1 },
  { arbitrary: fc.constant('\n'), weight: 1 },
);

/**
 * Free text of `minWords`..`maxWords` words. It always starts with an ordinary word, so it stays
 * visible after a surface strips control characters.
 */
export function textArbitrary(minWords = 1, maxWords = 12): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...ordinaryWords),
      fc.array(fc.tuple(separatorArbitrary, wordArbitrary), {
        minLength: Math.max(0, minWords - 1),
        maxLength: Math.max(0, maxWords - 1),
      }),
    )
    .map(([first, rest]) => first + rest.map(([separator, word]) => separator + word).join(''));
}

const sentenceTextArbitrary = fc
  .tuple(textArbitrary(1, 14), fc.constantFrom('.', '.', '?', '', ';'))
  .map(([text, end]) => text + end);

/** YYYY-MM-DD between 2000 and 2030. */
export const isoDateArbitrary: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: 30 * 365 })
  .map((days) => new Date(Date.UTC(2000, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));

export const urlArbitrary: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    'https://www.law.cornell.edu/uscode/text/18/2252',
    'https://www.law.cornell.edu/rules/fre/rule_801',
    'http://example.com/a?b=1&c=2#frag',
    'https://example.com/a b(c)<d>"e"',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'http://x/y.png',
    'not a url',
    'https://en.wikipedia.org/wiki/Hearsay_(law)',
    'https://example.com/a)![img](http://x/y.png',
    'https://example.com/@everyone',
    'https://example.com/<!channel>',
  ),
);

export const labelArbitrary: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '18 U.S.C. § 2252(c)',
      '18 U.S.C.\u00a0§\u202f2252(a)(4)(B)',
      'Fed. R. Evid. 801(d)(2)',
      'Fed. R. Evid. 803(2)',
      'Fed. R. Civ. P. 23(a)',
      'Cal. Civ. Code § 1950.5',
    ),
    weight: 3,
  },
  { arbitrary: textArbitrary(1, 4), weight: 1 },
);

/** A source before numbering; `n` and `passageId` are assigned by `numberSources`. */
type SourceDraft = Omit<AnswerSource, 'n' | 'passageId'>;

const sourceDraftArbitrary: fc.Arbitrary<SourceDraft> = fc.record({
  label: labelArbitrary,
  title: textArbitrary(1, 6),
  url: urlArbitrary,
  collection: fc.oneof(fc.constantFrom('us-code-title-18', 'fre', 'ca-tenant-guide'), textArbitrary(1, 2)),
  sourceType: fc.constantFrom(...sourceTypes),
  jurisdiction: fc.oneof(fc.constantFrom('US-federal', 'US-CA'), textArbitrary(1, 2)),
  asOf: isoDateArbitrary,
  vetted: fc.boolean(),
  vettedBy: fc.option(textArbitrary(1, 3), { nil: null }),
  vettedOn: fc.option(isoDateArbitrary, { nil: null }),
});

/** How many distinct sources a generated answer may draw from. */
const sourcePoolSize = 4;

interface SentenceDraft {
  readonly text: string;
  /** Indexes into the source pool; numbered later in order of first citation. */
  readonly keys: readonly number[];
}

const sentenceDraftArbitrary: fc.Arbitrary<SentenceDraft> = fc.record({
  text: sentenceTextArbitrary,
  keys: fc.uniqueArray(fc.integer({ min: 0, max: sourcePoolSize - 1 }), { minLength: 1, maxLength: 3 }),
});

interface SectionDraft {
  readonly heading: string;
  readonly sentences: readonly SentenceDraft[];
}

function sectionDraftArbitrary(maxSentences: number): fc.Arbitrary<SectionDraft> {
  return fc.record({
    heading: textArbitrary(1, 6),
    sentences: fc.array(sentenceDraftArbitrary, { minLength: 1, maxLength: maxSentences }),
  });
}

/**
 * Turns drafts into cited sentences and a source list numbered 1..N by first citation, listing
 * exactly the cited sources.
 */
export function numberSources(
  summary: readonly SentenceDraft[],
  sections: readonly SectionDraft[],
  pool: readonly SourceDraft[],
): { summary: CitedSentence[]; sections: AnswerSection[]; sources: AnswerSource[] } {
  const numbers = new Map<number, number>();
  const cite = (draft: SentenceDraft): CitedSentence => ({
    text: draft.text,
    citations: draft.keys.map((key) => {
      const known = numbers.get(key);
      if (known !== undefined) return known;
      const n = numbers.size + 1;
      numbers.set(key, n);
      return n;
    }),
  });
  const citedSummary = summary.map(cite);
  const citedSections = sections.map((section) => ({
    heading: section.heading,
    sentences: section.sentences.map(cite),
  }));
  const sources = [...numbers.entries()].map(([key, n]): AnswerSource => {
    const draft = pool[key];
    if (!draft) throw new Error(`no source draft for key ${key}`);
    return { ...draft, n, passageId: `passage-${key}` };
  });
  return { summary: citedSummary, sections: citedSections, sources };
}

const referralArbitrary: fc.Arbitrary<Answer['referrals'][number]> = fc
  .tuple(
    fc.oneof(fc.constantFrom('Legal Aid Hotline', '988 Suicide & Crisis Lifeline'), textArbitrary(1, 3)),
    fc.oneof(fc.constantFrom('1-800-555-0100', 'call or text 988'), textArbitrary(1, 3)),
    textArbitrary(1, 8),
    fc.option(
      urlArbitrary.filter((url): url is string => url !== null),
      { nil: undefined },
    ),
  )
  .map(([name, contact, whenToUse, url]) =>
    url === undefined ? { name, contact, whenToUse } : { name, contact, whenToUse, url },
  );

const relatedArbitrary: fc.Arbitrary<RelatedSource> = fc
  .tuple(labelArbitrary, textArbitrary(1, 5), urlArbitrary, fc.nat({ max: 999 }))
  .map(([label, title, url, key]) => ({ label, title, url, passageId: `related-${key}` }));

const verificationArbitrary: fc.Arbitrary<NonNullable<Answer['verification']>> = fc
  .tuple(
    fc.nat({ max: 5 }),
    fc.nat({ max: 5 }),
    fc.boolean(),
    fc.option(textArbitrary(1, 6), { nil: undefined }),
  )
  .map(([droppedSentences, removedCitations, fellBack, reason]) =>
    reason === undefined
      ? { droppedSentences, removedCitations, fellBack }
      : { droppedSentences, removedCitations, fellBack, reason },
  );

interface KindShape {
  readonly summary: readonly [number, number];
  readonly sections: readonly [number, number];
  readonly cites: boolean;
  readonly notice: 'never' | 'always' | 'maybe';
  readonly referrals: readonly [number, number];
  readonly related: readonly [number, number];
  readonly followUps: readonly [number, number];
  readonly gaps: readonly [number, number];
  readonly generatedBy: readonly Answer['generatedBy'][];
}

/** What each kind carries (GUIDE §1: outcomes). */
const kindShapes: Record<AnswerKind, KindShape> = {
  answer: {
    summary: [1, 4],
    sections: [0, 3],
    cites: true,
    notice: 'never',
    referrals: [0, 0],
    related: [0, 0],
    followUps: [0, 5],
    gaps: [0, 3],
    generatedBy: ['extractive', 'llm'],
  },
  'no-answer': {
    summary: [0, 0],
    sections: [0, 0],
    cites: false,
    notice: 'always',
    referrals: [0, 0],
    related: [1, 3],
    followUps: [0, 3],
    gaps: [0, 2],
    generatedBy: ['extractive', 'llm'],
  },
  individualized: {
    summary: [0, 3],
    sections: [0, 2],
    cites: true,
    notice: 'always',
    referrals: [1, 3],
    related: [0, 0],
    followUps: [0, 3],
    gaps: [0, 2],
    generatedBy: ['extractive', 'llm', 'policy'],
  },
  refused: {
    summary: [0, 0],
    sections: [0, 0],
    cites: false,
    notice: 'always',
    referrals: [0, 0],
    related: [0, 0],
    followUps: [0, 0],
    gaps: [0, 0],
    generatedBy: ['policy'],
  },
  emergency: {
    summary: [0, 2],
    sections: [0, 1],
    cites: true,
    notice: 'maybe',
    referrals: [1, 3],
    related: [0, 0],
    followUps: [0, 0],
    gaps: [0, 0],
    generatedBy: ['policy'],
  },
};

const range = ([minLength, maxLength]: readonly [number, number]) => ({ minLength, maxLength });

/** A valid answer of one kind. */
export function answerOfKind(kind: AnswerKind): fc.Arbitrary<Answer> {
  const shape = kindShapes[kind];
  const noticeArbitrary =
    shape.notice === 'never'
      ? fc.constant(undefined)
      : shape.notice === 'always'
        ? textArbitrary(1, 12)
        : fc.option(textArbitrary(1, 12), { nil: undefined });
  return fc
    .record({
      id: fc.nat().map((value) => `answer-${value}`),
      question: fc.tuple(textArbitrary(1, 14), fc.constantFrom('?', '')).map(([text, end]) => text + end),
      checkedOn: isoDateArbitrary,
      summary: fc.array(sentenceDraftArbitrary, range(shape.summary)),
      sections: fc.array(sectionDraftArbitrary(4), range(shape.sections)),
      pool: fc.array(sourceDraftArbitrary, { minLength: sourcePoolSize, maxLength: sourcePoolSize }),
      gaps: fc.array(textArbitrary(1, 10), range(shape.gaps)),
      limitations: fc.oneof(fc.constant(''), textArbitrary(1, 20)),
      followUps: fc.array(
        textArbitrary(1, 10).map((text) => `${text}?`),
        range(shape.followUps),
      ),
      related: fc.array(relatedArbitrary, range(shape.related)),
      notice: noticeArbitrary,
      referrals: fc.array(referralArbitrary, range(shape.referrals)),
      privateReply: fc.boolean(),
      generatedBy: fc.constantFrom(...shape.generatedBy),
      verification: fc.option(verificationArbitrary, { nil: undefined }),
    })
    .map((draft): Answer => {
      const cited = shape.cites
        ? numberSources(draft.summary, draft.sections, draft.pool)
        : { summary: [], sections: [], sources: [] };
      const answer: Answer = {
        id: draft.id,
        question: draft.question,
        kind,
        checkedOn: draft.checkedOn,
        summary: cited.summary,
        sections: cited.sections,
        gaps: draft.gaps,
        limitations: draft.limitations,
        followUps: draft.followUps,
        sources: cited.sources,
        related: draft.related,
        referrals: draft.referrals,
        privateReply: draft.privateReply,
        generatedBy: draft.generatedBy,
        disclaimer: testDisclaimer,
      };
      if (draft.notice !== undefined) answer.notice = draft.notice;
      if (draft.verification !== undefined) answer.verification = draft.verification;
      return answer;
    });
}

/** A valid answer of any kind, kinds equally likely. */
export const answerArbitrary: fc.Arbitrary<Answer> = fc.oneof(
  ...answerKinds.map((kind) => answerOfKind(kind)),
);

/** Answers that cite sources: the kinds with a summary or sections. */
export const citedAnswerArbitrary: fc.Arbitrary<Answer> = fc.oneof(
  { arbitrary: answerOfKind('answer'), weight: 3 },
  { arbitrary: answerOfKind('individualized'), weight: 1 },
  { arbitrary: answerOfKind('emergency'), weight: 1 },
);
