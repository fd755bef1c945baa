import { describe, expect, it } from 'vitest';
import { answerKindEvidence, answerKindsAsked } from '../../src/retrieval/answer-kind.js';
import { orderCitedPassages, questionOutsideCitations } from '../../src/retrieval/cited-order.js';
import type { CitationHit } from '../../src/retrieval/lexical-search.js';
import {
  collectionScopeTerms,
  coverage,
  matchingTerm,
  namesUnaskedSpecialCase,
  sectionCaption,
  supportedScores,
} from '../../src/retrieval/section-support.js';
import type { StoredPassage } from '../../src/store/passage-rows.js';

function passage(
  rowid: number,
  sectionLabel: string,
  text: string,
  extra: Partial<StoredPassage> = {},
): StoredPassage {
  return {
    rowid,
    id: `p${rowid}`,
    collectionId: 'usc-title-18',
    documentPath: `chunk-${rowid}.md`,
    ordinal: 0,
    label: sectionLabel,
    sectionLabel,
    heading: sectionLabel,
    breadcrumb: [
      'Title 18— CRIMES AND CRIMINAL PROCEDURE',
      `${sectionLabel.replace('18 U.S.C. ', '')}. Caption`,
    ],
    text,
    url: undefined,
    jurisdiction: 'US-federal',
    sourceType: 'statute',
    asOf: '2023-04-20',
    contentHash: `h${rowid}`,
    ...extra,
  };
}

describe('answerKindsAsked', () => {
  it.each([
    ['How long does a design patent last?', 'duration'],
    ['What is the deadline to demand a jury?', 'duration'],
    ['How soon must a federal criminal trial start?', 'duration'],
    ['What is the penalty for counterfeiting U.S. currency?', 'penalty'],
    ['Is it a crime to threaten the President?', 'penalty'],
    ['Can I get in trouble for hacking into an account?', 'penalty'],
    ['How many jurors sit on a federal civil jury?', 'count'],
    ['What are the elements of wire fraud?', 'list'],
    ['What must the specification of a patent application include?', 'list'],
    ['Who decides whether a witness is qualified?', 'decider'],
    ['How does federal law define a trade secret?', 'definition'],
  ])('%j asks for a %s', (question, kind) => {
    expect(answerKindsAsked(question)).toContain(kind);
  });

  it('finds no kind in a keyword search or a plain what-question', () => {
    expect(answerKindsAsked('copyright fair use')).toEqual([]);
    expect(answerKindsAsked('Can a library make copies of books?')).toEqual([]);
  });

  it('scores a passage by the share of the asked kinds it states', () => {
    const penaltyAndTime = answerKindsAsked(
      'What is the maximum prison sentence and how long is the limitations period?',
    );
    expect(penaltyAndTime).toEqual(expect.arrayContaining(['penalty', 'duration']));
    const both = 'shall be fined under this title or imprisoned not more than 5 years, within 5 years after';
    const one = 'shall be fined under this title or imprisoned not more than twenty years';
    expect(answerKindEvidence(['penalty', 'duration'], both)).toBe(1);
    expect(answerKindEvidence(['penalty', 'duration'], 'The term “person” means any individual')).toBe(0);
    expect(answerKindEvidence(['penalty'], one)).toBe(1);
    expect(answerKindEvidence([], both)).toBe(0);
  });

  it('recognises an enumeration and the deciding actor', () => {
    const list =
      'A claim must show:\n\n(1) the first thing;\n\n(2) the second thing;\n\n(3) the third thing.';
    expect(answerKindEvidence(['list'], list)).toBe(1);
    expect(answerKindEvidence(['list'], 'One paragraph without a list.')).toBe(0);
    expect(answerKindEvidence(['decider'], 'The court must decide any preliminary question')).toBe(1);
  });
});

describe('supportedScores', () => {
  const weights = { kind: 0.15, section: 0.25, caption: 0.3, scope: 0.2, qualifier: 0.1 };

  it('adds the best other candidate of the same section, so sections with several matches rise', () => {
    const fused = new Map([
      [1, 1.0],
      [2, 0.9],
      [3, 0.8],
    ]);
    const passages = new Map([
      [1, passage(1, '18 U.S.C. § 1', 'text')],
      [2, passage(2, '18 U.S.C. § 2', 'text')],
      [3, passage(3, '18 U.S.C. § 2', 'text')],
    ]);
    const adjusted = supportedScores(fused, passages, [], {
      ...weights,
      kind: 0,
      caption: 0,
      scope: 0,
      qualifier: 0,
    });
    expect(adjusted.get(1)).toBeCloseTo(1.0);
    expect(adjusted.get(2)).toBeCloseTo(0.9 + 0.25 * 0.8);
    expect(adjusted.get(3)).toBeCloseTo(0.8 + 0.25 * 0.9);
    expect(adjusted.get(2)!).toBeGreaterThan(adjusted.get(1)!);
  });

  it('lifts a passage that states the kind of fact asked for, a covered caption and a named collection', () => {
    const fused = new Map([
      [1, 1.0],
      [2, 1.0],
    ]);
    const passages = new Map([
      [
        1,
        passage(
          1,
          '18 U.S.C. § 1',
          'Whoever does it shall be fined under this title or imprisoned not more than 5 years',
        ),
      ],
      [2, passage(2, '18 U.S.C. § 2', 'The term “thing” means a thing')],
    ]);
    const adjusted = supportedScores(fused, passages, ['penalty'], weights, {
      captionCoverage: (candidate) => (candidate.rowid === 2 ? 0.5 : 0),
      inScope: (candidate) => candidate.rowid === 2,
    });
    expect(adjusted.get(1)).toBeCloseTo(1.15);
    expect(adjusted.get(2)).toBeCloseTo(1.0 + 0.3 * 0.5 + 0.2);
  });

  it('takes the qualifier weight off a passage whose caption names a special case', () => {
    const fused = new Map([
      [1, 1.0],
      [2, 1.0],
    ]);
    const passages = new Map([
      [1, passage(1, '18 U.S.C. § 1', 'text')],
      [2, passage(2, '18 U.S.C. § 2', 'text')],
    ]);
    const adjusted = supportedScores(fused, passages, [], weights, {
      specialCase: (candidate) => candidate.rowid === 2,
    });
    expect(adjusted.get(1)).toBeCloseTo(1.0);
    expect(adjusted.get(2)).toBeCloseTo(0.9);
  });

  it('keeps the score of a candidate whose passage is not loaded', () => {
    expect(supportedScores(new Map([[9, 0.4]]), new Map(), ['penalty'], weights).get(9)).toBe(0.4);
  });
});

describe('captions and collection scope', () => {
  it('reads the section caption from the breadcrumb and measures how much of it the question covers', () => {
    const threats = passage(1, '18 U.S.C. § 871', 'text', {
      breadcrumb: [
        'Title 18— CRIMES',
        'CHAPTER 41— EXTORTION AND THREATS',
        '§ 871. Threats against President',
      ],
    });
    expect(sectionCaption(threats)).toBe('§ 871. Threats against President');
    expect(coverage(['threat', 'presid', 'successor'], new Set(['threat', 'presid']))).toBeCloseTo(2 / 3);
    expect(coverage([], new Set(['threat']))).toBe(0);
  });

  it('matches a caption word to a question word of the same family the stemmer keeps apart', () => {
    // Porter gives "threat" for the caption's "Threats" and "threaten" for the question's verb.
    expect(coverage(['threat', 'presid', 'successor'], new Set(['threaten', 'presid']))).toBeCloseTo(2 / 3);
    expect(matchingTerm('threat', ['crime', 'threaten'])).toBe('threaten');
    // Short stems and longer endings stay apart: "state" is not "statement", "person" not "personnel".
    expect(matchingTerm('state', ['statem'])).toBeUndefined();
    expect(matchingTerm('person', ['personnel'])).toBeUndefined();
  });

  it('marks a caption naming a special case the question does not ask about', () => {
    const words = (caption: string) => caption.toLowerCase().match(/[a-z]+/g) ?? [];
    const question = new Set(['is', 'it', 'a', 'crime', 'to', 'threaten', 'the', 'president']);
    expect(
      namesUnaskedSpecialCase(
        words('§ 879. Threats against former Presidents and certain other persons'),
        question,
      ),
    ).toBe(true);
    expect(
      namesUnaskedSpecialCase(
        words('§ 871. Threats against President and successors to the Presidency'),
        question,
      ),
    ).toBe(false);
    expect(
      namesUnaskedSpecialCase(
        words('§ 879. Threats against former Presidents'),
        new Set([...question, 'former']),
      ),
    ).toBe(false);
  });

  it('keeps the title words that name one or two collections, not those every title shares', () => {
    const scope = collectionScopeTerms(
      new Map([
        ['frcp', ['feder', 'rule', 'civil', 'procedur', '2012']],
        ['frcrp', ['feder', 'rule', 'crimin', 'procedur', '2012']],
        ['frap', ['feder', 'rule', 'appel', 'procedur', '2012']],
        ['usc-18', ['unit', 'state', 'code', 'titl', '18', 'crime', 'crimin', 'procedur']],
      ]),
    );
    expect([...scope.get('frcp')!]).toEqual(['civil']);
    expect([...scope.get('frcrp')!]).toEqual(['crimin']);
    expect([...scope.get('usc-18')!].sort()).toEqual(['code', 'crime', 'crimin', 'state', 'titl', 'unit']);
  });
});

describe('orderCitedPassages', () => {
  const citation = {
    text: 'Rule 11',
    sectionLabels: ['Fed. R. App. P. 11', 'Fed. R. Civ. P. 11'],
    subdivisions: '',
    scope: 'bare' as const,
    display: 'Rule 11',
  };
  const hits: CitationHit[] = [
    { rowid: 1, score: 1, citation, sectionLabel: 'Fed. R. App. P. 11', holdsPinpoint: false },
    { rowid: 2, score: 0.5, citation, sectionLabel: 'Fed. R. App. P. 11', holdsPinpoint: false },
    { rowid: 3, score: 1, citation, sectionLabel: 'Fed. R. Civ. P. 11', holdsPinpoint: false },
    { rowid: 4, score: 0.5, citation, sectionLabel: 'Fed. R. Civ. P. 11', holdsPinpoint: false },
  ];
  const passages = new Map(
    hits.map((hit) => [hit.rowid, passage(hit.rowid, hit.sectionLabel, `text ${hit.rowid}`)] as const),
  );

  it('keeps document order and the citation order when the rest of the question matches nothing', () => {
    expect(orderCitedPassages(hits, passages, () => 0)).toEqual({ leads: [1, 3], others: [2, 4] });
  });

  it('leads with the section and passage that best match the rest of the question', () => {
    const order = orderCitedPassages(hits, passages, (candidate) => (candidate.rowid === 4 ? 2 : 0));
    expect(order.leads).toEqual([4, 1]);
    expect(order.others).toEqual([3, 2]);
  });

  it('puts the passage holding a cited pinpoint first, whatever else matches', () => {
    const pinpointed = hits.map((hit) => (hit.rowid === 2 ? { ...hit, holdsPinpoint: true } : hit));
    const order = orderCitedPassages(pinpointed, passages, (candidate) => (candidate.rowid === 1 ? 5 : 0));
    expect(order.leads[0]).toBe(2);
  });
});

describe('questionOutsideCitations', () => {
  it('cuts the citations and the words that ask about a provision as a whole', () => {
    const citation = {
      text: '18 USC 1030',
      sectionLabels: ['18 U.S.C. § 1030'],
      subdivisions: '',
      scope: 'full' as const,
      display: '18 U.S.C. § 1030',
    };
    const hit: CitationHit = {
      rowid: 1,
      score: 1,
      citation,
      sectionLabel: '18 U.S.C. § 1030',
      holdsPinpoint: false,
    };
    expect(
      questionOutsideCitations('What does 18 USC 1030 prohibit?', [hit]).replace(/\s+/g, ' ').trim(),
    ).toBe('What ?');
    expect(questionOutsideCitations('18 USC 1030 civil action', [hit]).trim()).toBe('civil action');
  });
});
