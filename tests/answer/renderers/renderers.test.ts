/**
 * Example-based renderer tests on one realistic answer (a question about 18 U.S.C. § 2252(c)),
 * the kinds that carry a notice, the contract checker, and the smallest inputs that break the
 * invariants checked by invariants.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type Answer, type AnswerSource, answerContractViolations } from '../../../src/answer/answer.js';
import { renderJson } from '../../../src/answer/renderers/json.js';
import { renderMarkdown, renderMarkdownParts } from '../../../src/answer/renderers/markdown.js';
import { renderPlainText, renderPlainTextParts } from '../../../src/answer/renderers/plain-text.js';
import { safeUrl } from '../../../src/answer/renderers/sanitize.js';
import { testDisclaimer } from '../../support/answer-arbitraries.js';
import {
  broadcastMention,
  foreignMarkdownMarkup,
  injectedMarkdownBlocks,
  loneSurrogate,
  parseMarkdown,
  slackBroadcast,
  stripRendererColour,
  visibleMarkerNumbers,
  visiblePlainText,
} from './output-inspection.js';

const title2252 = 'Certain activities relating to material involving the sexual exploitation of minors';

const defenseSource: AnswerSource = {
  n: 1,
  label: '18 U.S.C. § 2252(c)',
  title: title2252,
  url: 'https://www.law.cornell.edu/uscode/text/18/2252#c',
  collection: 'us-code-title-18',
  sourceType: 'statute',
  jurisdiction: 'US-federal',
  asOf: '2024-12-31',
  passageId: 'usc-18-2252-c',
  vetted: true,
  vettedBy: 'Clinic staff',
  vettedOn: '2025-01-15',
};

const possessionSource: AnswerSource = {
  ...defenseSource,
  n: 2,
  label: '18 U.S.C. § 2252(a)(4)(B)',
  url: 'https://www.law.cornell.edu/uscode/text/18/2252#a_4_B',
  passageId: 'usc-18-2252-a-4-B',
};

const summary = [
  'Section 2252(c) provides an affirmative defense to a possession charge under subsection (a)(4).',
  'The defense applies only when the defendant possessed less than three matters and, promptly and in good faith, destroyed each depiction or reported it to a law enforcement agency.',
  'Subsection (a)(4)(B) is the provision that makes knowing possession a crime.',
] as const;

const defenseSentences = [
  'The defendant must have possessed less than three matters containing a prohibited visual depiction.',
  'The defendant must have acted promptly and in good faith, without retaining any depiction or letting anyone other than a law enforcement agency access it.',
] as const;

const chargeSentence =
  'Subsection (a)(4)(B) reaches a person who knowingly possesses, or knowingly accesses with intent to view, matters containing such depictions.';

const gap = 'Available sources do not mention case law on how courts apply the defense.';
const limitations =
  'This answer rests on the text of the U.S. Code, current to 2024-12-31; the corpus holds no case law and no state statutes.';
const followUps = [
  'What does "knowingly" mean in 18 U.S.C. § 2252(a)(4)(B)?',
  'What penalties does 18 U.S.C. § 2252(b)(2) set for possession?',
  'Which other defenses does 18 U.S.C. § 2252 provide?',
] as const;

const question =
  'Is there an affirmative defense under 18 U.S.C. § 2252(c) for someone who deleted the files right away?';

const realistic: Answer = {
  id: 'answer-2252c',
  question,
  kind: 'answer',
  checkedOn: '2025-11-16',
  summary: [
    { text: summary[0], citations: [1] },
    { text: summary[1], citations: [1] },
    { text: summary[2], citations: [2] },
  ],
  sections: [
    {
      heading: 'What the defense requires',
      sentences: [
        { text: defenseSentences[0], citations: [1] },
        { text: defenseSentences[1], citations: [1] },
      ],
    },
    { heading: 'What the charge covers', sentences: [{ text: chargeSentence, citations: [2] }] },
  ],
  gaps: [gap],
  limitations,
  followUps: [...followUps],
  sources: [defenseSource, possessionSource],
  related: [],
  referrals: [],
  privateReply: false,
  generatedBy: 'extractive',
  disclaimer: testDisclaimer,
};

const legalAid = {
  name: 'Legal Aid Hotline',
  contact: '1-800-555-0100',
  whenToUse: 'for advice about your own case',
};
const crisisLine = {
  name: '988 Suicide & Crisis Lifeline',
  contact: 'call or text 988',
  whenToUse: 'if you are thinking about harming yourself',
};

const individualizedNotice =
  'Amicus cannot advise on your own situation. Here is general information from the sources.';
const individualized: Answer = {
  ...realistic,
  kind: 'individualized',
  notice: individualizedNotice,
  referrals: [legalAid],
  privateReply: true,
};

const emergencyNotice = 'If you are in danger or thinking about harming yourself, get help now.';
const emergency: Answer = {
  ...realistic,
  kind: 'emergency',
  notice: emergencyNotice,
  referrals: [crisisLine],
  sections: [],
  gaps: [],
  followUps: [],
  summary: [{ text: summary[0], citations: [1] }],
  sources: [defenseSource],
  generatedBy: 'policy',
};

const noAnswerNotice = 'The vetted sources do not cover this question.';
const noAnswer: Answer = {
  ...realistic,
  kind: 'no-answer',
  question: 'Can my landlord in Ohio keep my deposit?',
  notice: noAnswerNotice,
  summary: [],
  sections: [],
  sources: [],
  gaps: ['Available sources do not mention Ohio landlord-tenant law.'],
  followUps: [],
  related: [
    {
      label: 'Cal. Civ. Code § 1950.5',
      title: 'Security deposits',
      url: 'https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=CIV&sectionNum=1950.5',
      passageId: 'ca-civ-1950-5',
    },
  ],
};

const refusedNotice = 'Amicus cannot help with this request.';
const refused: Answer = {
  ...realistic,
  kind: 'refused',
  notice: refusedNotice,
  summary: [],
  sections: [],
  sources: [],
  gaps: [],
  limitations: '',
  followUps: [],
  generatedBy: 'policy',
};

/** Asserts that each text occurs in `output`, each after the previous one. */
function expectInOrder(output: string, texts: readonly string[]): void {
  let from = 0;
  for (const text of texts) {
    const at = output.indexOf(text, from);
    expect(at, `${JSON.stringify(text)} missing or out of order`).toBeGreaterThanOrEqual(0);
    from = at + text.length;
  }
}

const cornell = (fragment: string) => `https://www.law.cornell.edu/uscode/text/18/2252#${fragment}`;

describe('plain text', () => {
  const output = renderPlainText(realistic);

  it('shows the parts in order: title, checked-on, summary, sections, gaps, limitations, follow-ups, sources, disclaimer', () => {
    expectInOrder(output, [
      question,
      'Checked on 2025-11-16',
      'Executive summary',
      `${summary[0]} [1] ${summary[1]} [1] ${summary[2]} [2]`,
      '1. What the defense requires',
      `${defenseSentences[0]} [1] ${defenseSentences[1]} [1]`,
      '2. What the charge covers',
      `${chargeSentence} [2]`,
      'What the sources do not cover',
      `- ${gap}`,
      'Limitations',
      limitations,
      'Want to dive deeper?',
      ...followUps.map((followUp) => `- ${followUp}`),
      'Sources',
      `[1] 18 U.S.C. § 2252(c) — ${title2252} (us-code-title-18; statute; US-federal; current to 2024-12-31)`,
      `    ${cornell('c')}`,
      `[2] 18 U.S.C. § 2252(a)(4)(B) — ${title2252} (us-code-title-18; statute; US-federal; current to 2024-12-31)`,
      `    ${cornell('a_4_B')}`,
      `Disclaimer: ${testDisclaimer}`,
    ]);
    expect(output.startsWith(`${question}\n\nChecked on 2025-11-16\n`)).toBe(true);
    expect(output.endsWith(`\n\nDisclaimer: ${testDisclaimer}`)).toBe(true);
  });

  it('marks an unvetted source', () => {
    const unvetted = renderPlainText({
      ...realistic,
      sources: [{ ...defenseSource, vetted: false }, possessionSource],
    });
    expect(unvetted).toContain('current to 2024-12-31; UNVETTED source)');
  });

  it('uses colour codes only when asked', () => {
    expect(output).not.toContain('\u001b');
    const coloured = renderPlainText(realistic, { colour: true });
    expect(coloured).toContain(`\u001b[1m${question}\u001b[22m`);
    expect(coloured).toContain('\u001b[2mChecked on 2025-11-16\u001b[22m');
    expect(coloured).toContain(`${summary[0]}\u001b[36m [1]\u001b[39m`);
    expect(coloured).toContain(`\u001b[36m[2]\u001b[39m 18 U.S.C. § 2252(a)(4)(B)`);
    expect(coloured.endsWith(`\u001b[1mDisclaimer: ${testDisclaimer}\u001b[22m`)).toBe(true);
    expect(stripRendererColour(coloured)).toBe(output);
  });

  it('sends an answer that fits in one message whole, and splits a longer one with the disclaimer in every part', () => {
    expect(renderPlainTextParts(realistic, 4000)).toEqual([output]);
    const parts = renderPlainTextParts(realistic, 700);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(700);
      expect(part.endsWith(`\n\nDisclaimer: ${testDisclaimer}`)).toBe(true);
    }
  });
});

describe('Markdown', () => {
  const output = renderMarkdown(realistic);

  it('shows the parts in the same order, escaped', () => {
    expectInOrder(output, [
      '## Is there an affirmative defense under 18 U.S.C. § 2252\\(c\\) for someone who deleted the files right away?',
      '*Checked on 2025-11-16*',
      '### Executive summary',
      '#### 1\\. What the defense requires',
      '#### 2\\. What the charge covers',
      '### What the sources do not cover',
      '### Limitations',
      '### Want to dive deeper?',
      '### Sources',
      `**Disclaimer:** ${testDisclaimer}`,
    ]);
    expect(output.endsWith(`\n\n**Disclaimer:** ${testDisclaimer}`)).toBe(true);
  });

  it('links citation markers and sources to the source addresses', () => {
    expect(output).toContain(
      `Section 2252\\(c\\) provides an affirmative defense to a possession charge under subsection \\(a\\)\\(4\\). [\\[1\\]](${cornell('c')})`,
    );
    expect(output).toContain(`[\\[2\\]](${cornell('a_4_B')})`);
    expect(output).toContain(
      `\n1. [18 U.S.C. § 2252\\(c\\)](${cornell('c')}) — ${title2252} \\(us\\-code\\-title\\-18; statute; US\\-federal; current to 2024\\-12\\-31\\)`,
    );
    expect(output).toContain(`\n2. [18 U.S.C. § 2252\\(a\\)\\(4\\)\\(B\\)](${cornell('a_4_B')}) — `);
    expect(parseMarkdown(output).links.map((link) => link.label)).toEqual([
      '[1]',
      '[1]',
      '[2]',
      '[1]',
      '[1]',
      '[2]',
      '18 U.S.C. § 2252(c)',
      '18 U.S.C. § 2252(a)(4)(B)',
    ]);
  });

  it('writes a plain marker and no link for a source without an address', () => {
    const withoutUrl = renderMarkdown({
      ...realistic,
      sources: [defenseSource, { ...possessionSource, url: null }],
    });
    expect(withoutUrl).toContain(`${summary[2].replace(/[()]/g, '\\$&')} \\[2\\]`);
    expect(withoutUrl).toContain('\n2. 18 U.S.C. § 2252\\(a\\)\\(4\\)\\(B\\) — ');
  });

  it('never links to anything but http(s)', () => {
    // One rule and one return convention on every surface: no safe address is `undefined`.
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<script>alert(1)</script>')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://user:secret@example.com/')).toBeUndefined();
    const hostile = renderMarkdown({
      ...realistic,
      sources: [{ ...defenseSource, url: 'javascript:alert(1)' }, possessionSource],
    });
    expect(hostile).not.toContain('](javascript:');
    // The marker of a source without a safe address is written without a link.
    expect(hostile).toContain('subsection \\(a\\)\\(4\\). \\[1\\]');
    expect(hostile).not.toContain('](#)');
  });
});

describe('JSON', () => {
  it('emits the answer as it is, disclaimer included', () => {
    const json = renderJson(realistic);
    expect(JSON.parse(json)).toEqual(realistic);
    expect(json).toContain(`"disclaimer": ${JSON.stringify(testDisclaimer)}`);
  });

  it('throws for an answer without a disclaimer', () => {
    expect(() => renderJson({ ...realistic, disclaimer: '' })).toThrow();
  });
});

describe('kinds with a notice', () => {
  it('individualized: the notice comes first, the referrals after the limitations', () => {
    const output = renderPlainText(individualized);
    expectInOrder(output, [
      question,
      'Checked on 2025-11-16',
      individualizedNotice,
      'Executive summary',
      '1. What the defense requires',
      'Limitations',
      'Where to get help',
      '- Legal Aid Hotline: 1-800-555-0100 — for advice about your own case',
      'Want to dive deeper?',
      'Sources',
      `Disclaimer: ${testDisclaimer}`,
    ]);
    expect(renderPlainText(individualized, { colour: true })).toContain(
      `\u001b[33m\u001b[1m${individualizedNotice}\u001b[22m\u001b[39m`,
    );
    expectInOrder(renderMarkdown(individualized), [
      `> **${individualizedNotice}**`,
      '### Executive summary',
      '### Where to get help',
      '- Legal Aid Hotline: 1\\-800\\-555\\-0100 — for advice about your own case',
      `**Disclaimer:** ${testDisclaimer}`,
    ]);
  });

  it('emergency: the notice and the crisis resources come before the summary', () => {
    const output = renderPlainText(emergency);
    expectInOrder(output, [
      question,
      emergencyNotice,
      '- 988 Suicide & Crisis Lifeline: call or text 988 — if you are thinking about harming yourself',
      'Executive summary',
      `${summary[0]} [1]`,
      'Sources',
      `Disclaimer: ${testDisclaimer}`,
    ]);
    expect(output).not.toContain('Where to get help');
    expect(renderPlainText(emergency, { colour: true })).toContain(
      `\u001b[31m\u001b[1m${emergencyNotice}\u001b[22m\u001b[39m`,
    );
    expectInOrder(renderMarkdown(emergency), [
      `> **${emergencyNotice}**`,
      '- 988 Suicide &amp; Crisis Lifeline: call or text 988 — if you are thinking about harming yourself',
      '### Executive summary',
      `**Disclaimer:** ${testDisclaimer}`,
    ]);
  });

  it('emergency without referrals still shows its notice first', () => {
    const output = renderPlainText({ ...emergency, referrals: [] });
    expectInOrder(output, [emergencyNotice, 'Executive summary']);
  });

  it('no-answer: says so, lists the nearest sources as not an answer, and cites nothing', () => {
    const output = renderPlainText(noAnswer);
    expectInOrder(output, [
      'Can my landlord in Ohio keep my deposit?',
      noAnswerNotice,
      'What the sources do not cover',
      'Nearest sources (not an answer)',
      `- Cal. Civ. Code § 1950.5 — Security deposits ${noAnswer.related[0]!.url}`,
      'Limitations',
      `Disclaimer: ${testDisclaimer}`,
    ]);
    expect(output).not.toContain('Executive summary');
    expect(output).not.toMatch(/^Sources$/m);
    expect(visibleMarkerNumbers(output)).toEqual([]);
    const markdown = renderMarkdown(noAnswer);
    expect(markdown).toContain('### Nearest sources \\(not an answer\\)');
    expect(markdown).toContain(
      `- [Cal. Civ. Code § 1950.5](${noAnswer.related[0]!.url}) — Security deposits`,
    );
    expect(markdown).not.toContain('### Sources');
  });

  it('refused: the notice and the disclaimer, nothing else', () => {
    expect(renderPlainText(refused)).toBe(
      `${question}\n\nChecked on 2025-11-16\n${refusedNotice}\n\nDisclaimer: ${testDisclaimer}`,
    );
  });
});

describe('answerContractViolations', () => {
  it('accepts the realistic answer and every kind above', () => {
    for (const answer of [realistic, individualized, emergency, noAnswer, refused])
      expect(answerContractViolations(answer)).toEqual([]);
  });

  it('finds an uncited sentence', () => {
    const answer = {
      ...realistic,
      summary: [{ text: summary[0], citations: [] }, ...realistic.summary.slice(1)],
    };
    expect(answerContractViolations(answer)).toContain(`uncited sentence: "${summary[0].slice(0, 60)}"`);
  });

  it('finds a marker that points at no listed source', () => {
    const answer = {
      ...realistic,
      sections: [{ heading: 'Extra', sentences: [{ text: chargeSentence, citations: [3] }] }],
    };
    expect(answerContractViolations(answer)).toContain('[3] is not a listed source');
  });

  it('finds a listed source that is never cited', () => {
    const answer = {
      ...realistic,
      sources: [...realistic.sources, { ...possessionSource, n: 3, passageId: 'x' }],
    };
    expect(answerContractViolations(answer)).toEqual(['source 3 is listed but never cited']);
  });

  it('finds sources not numbered by first citation', () => {
    const swapped = (n: number) => (n === 1 ? 2 : 1);
    const answer: Answer = {
      ...realistic,
      summary: realistic.summary.map((sentence) => ({
        ...sentence,
        citations: sentence.citations.map(swapped),
      })),
      sections: realistic.sections.map((section) => ({
        ...section,
        sentences: section.sentences.map((sentence) => ({
          ...sentence,
          citations: sentence.citations.map(swapped),
        })),
      })),
    };
    expect(answerContractViolations(answer)).toEqual(['sources are not numbered by first citation']);
  });

  it('finds sources listed out of order', () => {
    const answer = { ...realistic, sources: [possessionSource, defenseSource] };
    expect(answerContractViolations(answer)).toEqual(['sources are not numbered 1..N in order']);
  });

  it('finds an empty or blank disclaimer', () => {
    expect(answerContractViolations({ ...realistic, disclaimer: '' })).toEqual(['no disclaimer']);
    expect(answerContractViolations({ ...realistic, disclaimer: ' \n ' })).toEqual(['no disclaimer']);
  });

  it('finds a no-answer that cites sources', () => {
    const answer: Answer = {
      ...noAnswer,
      summary: [{ text: summary[0], citations: [1] }],
      sources: [defenseSource],
    };
    expect(answerContractViolations(answer)).toEqual(['a no-answer reply cites sources']);
  });
});

/**
 * The smallest inputs found that break an invariant of GUIDE §1. Each test states the expected
 * behaviour; they fail until the renderer is fixed.
 */
describe('renderer bugs: minimal inputs', () => {
  const oneSentence = (text: string, source: AnswerSource = { ...defenseSource, url: null }): Answer => ({
    ...realistic,
    question: 'Q?',
    summary: [{ text, citations: [1] }],
    sections: [],
    gaps: [],
    limitations: '',
    followUps: [],
    sources: [source],
  });

  it('plain text defuses Slack broadcasts (<!channel>, <!here>, <!everyone>)', () => {
    for (const broadcast of ['<!channel>', '<!here>', '<!everyone>'])
      expect(renderPlainText({ ...realistic, question: `${broadcast} read this` })).not.toMatch(
        slackBroadcast,
      );
  });

  it.each(['@everyone_team', '@everyones', '@heretic', '@everyone123'])(
    'defuses %s, which Discord reads as a broadcast mention',
    (text) => {
      const answer = { ...realistic, question: text };
      expect(renderPlainText(answer)).not.toMatch(broadcastMention);
      expect(renderMarkdown(answer)).not.toMatch(broadcastMention);
    },
  );

  it('Markdown defuses a mention in a source address', () => {
    const answer = oneSentence('The statute applies.', {
      ...defenseSource,
      url: 'https://example.com/@everyone',
    });
    expect(renderMarkdown(answer)).not.toMatch(broadcastMention);
  });

  it('text that looks like a citation marker does not read as one', () => {
    const answer = oneSentence('Covered by [7].');
    // One marker after the sentence and one in the sources list: nothing else reads as [n].
    expect(visibleMarkerNumbers(visiblePlainText(renderPlainText(answer)))).toEqual([1, 1]);
    expect(visibleMarkerNumbers(parseMarkdown(renderMarkdown(answer)).visible)).toEqual([1]);
  });

  it('safeUrl encodes parentheses, so an address cannot end a Markdown link early', () => {
    expect(safeUrl('https://example.com/a)b')).not.toContain(')');
    const answer = oneSentence('The statute applies.', {
      ...defenseSource,
      url: 'https://example.com/a)![img](http://x/y.png',
    });
    const parsed = parseMarkdown(renderMarkdown(answer));
    expect(parsed.markup.filter((mark) => foreignMarkdownMarkup.has(mark.char))).toEqual([]);
    expect(parsed.links.map((link) => link.destination)).not.toContain('http://x/y.png');
  });

  it('Markdown escapes a setext underline (===) in corpus text', () => {
    const answer = oneSentence('The statute applies.\n===\nMore text.');
    expect(injectedMarkdownBlocks(renderMarkdown(answer), answer)).toEqual([]);
  });

  it('renderJson rejects a disclaimer of only whitespace', () => {
    expect(() => renderJson({ ...realistic, disclaimer: '   ' })).toThrow();
  });

  describe('splitting', () => {
    const longAnswer = (): Answer => ({
      ...realistic,
      question: 'Q?',
      summary: Array.from({ length: 8 }, (_, index) => ({
        text: `Sentence number ${index} says something about the law.`,
        citations: [1],
      })),
      sections: [],
      gaps: [],
      limitations: '',
      followUps: [],
      sources: [defenseSource],
    });

    it('never separates a sentence from its citation marker', () => {
      for (const part of renderPlainTextParts(longAnswer(), 300))
        expect(part).not.toMatch(/the law\.(?! \[1\])/);
      for (const part of renderMarkdownParts(longAnswer(), 300))
        expect(parseMarkdown(part).visible).not.toMatch(/the law\.(?! \[1\])/);
    });

    it('never cuts an emoji in half', () => {
      for (const prefix of ['', 'a']) {
        const answer = oneSentence(`${prefix}${'🙂'.repeat(300)}`);
        for (const part of renderPlainTextParts(answer, 300)) expect(part).not.toMatch(loneSurrogate);
        for (const part of renderMarkdownParts(answer, 300)) expect(part).not.toMatch(loneSurrogate);
      }
    });

    it('never cuts a colour code, and resets colour before the disclaimer', () => {
      for (let length = 40; length < 200; length++) {
        for (const part of renderPlainTextParts(oneSentence('x'.repeat(length)), 300, { colour: true })) {
          expect(stripRendererColour(part), `sentence of ${length} x`).not.toContain('\u001b');
          const opened = part.match(/\u001b\[3[136]m/g)?.length ?? 0;
          const closed = part.match(/\u001b\[39m/g)?.length ?? 0;
          expect(closed, `colour left on in ${JSON.stringify(part)}`).toBe(opened);
        }
      }
    });

    it('never cuts a Markdown link or a backslash escape', () => {
      for (let length = 40; length < 200; length++) {
        for (const text of ['#heading', '<script>alert(1)</script>']) {
          const answer = oneSentence(`${'x'.repeat(length)}${text}`, defenseSource);
          for (const part of renderMarkdownParts(answer, 300)) {
            const parsed = parseMarkdown(part);
            const where = `${length} x then ${text}: ${JSON.stringify(part)}`;
            expect(
              parsed.markup.filter((mark) => foreignMarkdownMarkup.has(mark.char)).map((mark) => mark.char),
              where,
            ).toEqual([]);
            expect(injectedMarkdownBlocks(part, answer), where).toEqual([]);
          }
        }
      }
    });

    it('keeps a heading with the start of its section', () => {
      // With colour codes (or a longer deployment disclaimer) the cut falls right after the heading.
      const answer = oneSentence('x'.repeat(120));
      for (const part of renderPlainTextParts(answer, 300, { colour: true })) {
        const shown = stripRendererColour(part);
        const body = shown.slice(0, shown.length - `\n\nDisclaimer: ${testDisclaimer}`.length);
        expect(body, JSON.stringify(shown)).not.toMatch(/Executive summary…?$/);
      }
    });
  });
});
