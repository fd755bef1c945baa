/** "Copy as reply": plain text for an email, with citations, sources, the date and the disclaimer last. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/answer/answer.js';
import { sectionTitles } from '../../../src/answer/renderers/outline.js';
import { renderReplyText } from '../../../src/answer/renderers/reply-text.js';
import { answerArbitrary, citedAnswerArbitrary, testDisclaimer } from '../../support/answer-arbitraries.js';

const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const example: Answer = {
  id: 'a1',
  question: 'Can accidental clicks on illegal content negate criminal intent?',
  kind: 'answer',
  checkedOn: '2026-11-16',
  summary: [
    { text: 'Possession must be knowing.', citations: [1] },
    { text: 'A narrow affirmative defense exists.', citations: [2, 1] },
  ],
  sections: [
    {
      heading: 'Affirmative defenses',
      sentences: [{ text: 'The defendant must have possessed fewer than three images.', citations: [2] }],
    },
  ],
  gaps: ['Available sources do not mention case law on accidental clicks.'],
  limitations: 'This answer rests only on federal statutes current to 2023-04-20.',
  followUps: ['How does 18 U.S.C. § 2256 define its key terms?'],
  sources: [
    {
      n: 1,
      label: '18 U.S.C. § 2252A(a)(5)',
      title: '§ 2252A. Certain activities',
      url: 'https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title18-section2252A',
      collection: 'United States Code, Title 18',
      sourceType: 'statute',
      jurisdiction: 'US-federal',
      asOf: '2023-04-20',
      passageId: 'p1',
      vetted: true,
      vettedBy: 'corpus maintainers',
      vettedOn: '2026-11-24',
    },
    {
      n: 2,
      label: '18 U.S.C. § 2252(c)',
      title: '§ 2252. Certain activities',
      url: null,
      collection: 'United States Code, Title 18',
      sourceType: 'statute',
      jurisdiction: 'US-federal',
      asOf: '2023-04-20',
      passageId: 'p2',
      vetted: false,
      vettedBy: null,
      vettedOn: null,
    },
  ],
  related: [],
  referrals: [],
  privateReply: false,
  generatedBy: 'extractive',
  disclaimer: testDisclaimer,
};

describe('renderReplyText', () => {
  it('reads as an email: question, cited summary and sections, gaps, limitations, sources, date, disclaimer', () => {
    const text = renderReplyText(example);
    expect(text).toBe(
      [
        'Question: Can accidental clicks on illegal content negate criminal intent?',
        '',
        'Executive summary',
        'Possession must be knowing. [1] A narrow affirmative defense exists. [2] [1]',
        '',
        '1. Affirmative defenses',
        'The defendant must have possessed fewer than three images. [2]',
        '',
        'What the sources do not cover',
        '- Available sources do not mention case law on accidental clicks.',
        '',
        'Limitations',
        'This answer rests only on federal statutes current to 2023-04-20.',
        '',
        'Sources',
        '[1] 18 U.S.C. § 2252A(a)(5) — § 2252A. Certain activities',
        '    United States Code, Title 18; US-federal; current to 2023-04-20.',
        '    https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title18-section2252A',
        '[2] 18 U.S.C. § 2252(c) — § 2252. Certain activities',
        '    United States Code, Title 18; US-federal; current to 2023-04-20. Not yet vetted.',
        '',
        'Checked on 2026-11-16.',
        '',
        `Disclaimer: ${testDisclaimer}`,
        '',
      ].join('\n'),
    );
  });

  it('always ends with the disclaimer, after the checked-on date', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer) => {
        const text = renderReplyText(answer);
        expect(text.endsWith(`${sectionTitles.disclaimer}: ${testDisclaimer}\n`)).toBe(true);
        expect(text).toContain(`Checked on ${answer.checkedOn}.\n\n${sectionTitles.disclaimer}:`);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every citation and lists every source with its date and only http(s) links', () => {
    fc.assert(
      fc.property(citedAnswerArbitrary, (answer) => {
        const text = renderReplyText(answer);
        const lines = text.split('\n');
        for (const sentence of [
          ...answer.summary,
          ...answer.sections.flatMap((section) => section.sentences),
        ])
          for (const n of sentence.citations) expect(text).toContain(` [${n}]`);
        for (const source of answer.sources) {
          const first = lines.findIndex((line) => line.startsWith(`[${source.n}] `));
          expect(first).toBeGreaterThanOrEqual(0);
          expect(lines[first + 1]).toContain(`current to ${source.asOf}.`);
          const linkLine = lines[first + 2];
          if (linkLine?.startsWith('    ') && !linkLine.includes('current to'))
            expect(linkLine.trim()).toMatch(/^https?:\/\//);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('has no control characters, no mass mentions and no follow-up suggestions', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer) => {
        const text = renderReplyText(answer);
        expect(text).not.toMatch(controls);
        expect(text).not.toMatch(/@(everyone|here)\b/i);
        expect(text).not.toContain(sectionTitles.followUps);
      }),
      { numRuns: 300 },
    );
  });

  it('puts the notice and the referrals of an individualized answer in the reply', () => {
    const individualized: Answer = {
      ...example,
      kind: 'individualized',
      notice: 'Amicus cannot advise on your own situation.',
      referrals: [
        {
          name: 'Legal Aid Hotline',
          contact: '1-800-555-0100',
          whenToUse: 'You cannot afford a lawyer.',
          url: 'https://legalaid.example.org',
        },
      ],
    };
    const text = renderReplyText(individualized);
    expect(text.indexOf('Amicus cannot advise')).toBeLessThan(text.indexOf('Executive summary'));
    expect(text).toContain(
      '- Legal Aid Hotline: 1-800-555-0100 — You cannot afford a lawyer. https://legalaid.example.org',
    );
  });
});
