import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentBlock } from '../../src/corpus/document.js';
import { compareNaturally } from '../../src/corpus/natural-order.js';
import { splitLongText, splitSentences } from '../../src/corpus/sentences.js';
import {
  type CarryOverContext,
  type CollectionDocument,
  type DraftPassage,
  mergePendingPrefix,
  type PassageMetadata,
  splitCollection,
  splitDocument,
} from '../../src/corpus/splitter.js';
import { blocksOf, freMetadata, sentence, uscMetadata } from '../support/split-fixtures.js';

const title18 = '# Title 18— CRIMES AND CRIMINAL PROCEDURE';
const chapter110 = '### CHAPTER 110— SEXUAL EXPLOITATION AND OTHER ABUSE OF CHILDREN';
const section2252 =
  '#### §\u202f2252. Certain activities relating to material involving the sexual exploitation of minors';

function split(blocks: DocumentBlock[], previous?: CarryOverContext, metadata = uscMetadata) {
  return splitDocument({ blocks, metadata, previous });
}

describe('splitDocument: U.S. Code chunks', () => {
  const chunk2252c = blocksOf(
    title18,
    chapter110,
    section2252,
    '###### (c) Affirmative Defense .',
    'It shall be an affirmative defense to a charge of violating paragraph (4) of subsection (a) that the defendant',
    '(1) possessed less than three matters containing any visual depiction proscribed by that paragraph; and',
    '(2) promptly and in good faith, and without retaining or allowing any person to access any visual depiction',
    '(A) took reasonable steps to destroy each such visual depiction; or',
    '(B) reported the matter to a law enforcement agency.',
  );

  it('labels a chunk holding one subsection with that subsection', () => {
    const { passages } = split(chunk2252c);
    expect(passages).toHaveLength(1);
    const [passage] = passages;
    expect(passage?.label).toBe('18 U.S.C. § 2252(c)');
    expect(passage?.sectionLabel).toBe('18 U.S.C. § 2252');
    expect(passage?.heading).toBe('(c) Affirmative Defense.');
    expect(passage?.url).toBe(
      'https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title18-section2252&num=0&edition=prelim',
    );
    expect(passage?.breadcrumb).toEqual([
      'Title 18— CRIMES AND CRIMINAL PROCEDURE',
      'CHAPTER 110— SEXUAL EXPLOITATION AND OTHER ABUSE OF CHILDREN',
      '§ 2252. Certain activities relating to material involving the sexual exploitation of minors',
      '(c) Affirmative Defense.',
    ]);
  });

  it('keeps enumerator headings in the text, without breadcrumb headings or markdown', () => {
    const text = split(chunk2252c).passages[0]!.text;
    expect(text.startsWith('(c) Affirmative Defense .\n\nIt shall be an affirmative defense')).toBe(true);
    expect(text).toContain('\n\n(2) promptly');
    expect(text).not.toContain('#');
    expect(text).not.toContain('Title 18');
    expect(text).not.toContain('§');
  });

  it('divides a section into its top-level subdivisions even when the whole would fit', () => {
    const blocks = blocksOf(
      title18,
      '### CHAPTER 47— FRAUD AND FALSE STATEMENTS',
      '#### §\u202f1001. Statements or entries generally',
      `###### (a) ${sentence('whoever knowingly and willfully makes a false statement', 400)}`,
      `(b) ${sentence('subsection a does not apply to a party to a judicial proceeding', 320)}`,
    );
    expect(split(blocks).passages.map((passage) => passage.label)).toEqual([
      '18 U.S.C. § 1001(a)',
      '18 U.S.C. § 1001(b)',
    ]);
  });

  it('labels numbered definitions without subsections (18 U.S.C. § 1839(3))', () => {
    const blocks = blocksOf(
      title18,
      '#### §\u202f1839. Definitions',
      'As used in this chapter',
      `(1) the term “foreign instrumentality” means ${sentence('any agency or bureau', 350)}`,
      `(2) the term “foreign agent” means ${sentence('any officer or employee', 350)}`,
      `(3) the term “trade secret” means ${sentence('all forms and types of information', 400)}`,
    );
    const labels = split(blocks).passages.map((passage) => passage.label);
    expect(labels).toEqual(['18 U.S.C. § 1839', '18 U.S.C. § 1839(2)', '18 U.S.C. § 1839(3)']);
  });

  it('merges small sibling units and labels them with their common parent', () => {
    const blocks = blocksOf(
      title18,
      section2252,
      '###### (c) Affirmative Defense .',
      '(1) possessed less than three matters; and',
      '(2) promptly destroyed each such visual depiction.',
      `(3) ${sentence('reported the matter to a law enforcement agency', 1500)}`,
    );
    const { passages } = split(blocks);
    expect(passages.map((passage) => passage.label)).toEqual([
      '18 U.S.C. § 2252(c)',
      '18 U.S.C. § 2252(c)(3)',
    ]);
    expect(passages[0]!.text).toBe(
      '(c) Affirmative Defense .\n\n(1) possessed less than three matters; and\n\n(2) promptly destroyed each such visual depiction.',
    );
  });

  it('keeps a small unit between full-size siblings rather than blur their labels', () => {
    const blocks = blocksOf(
      title18,
      section2252,
      `(a) ${sentence('any person who knowingly transports', 900)}`,
      '(b) Whoever violates this section shall be fined.',
      `(c) ${sentence('it shall be an affirmative defense', 900)}`,
    );
    expect(split(blocks).passages.map((passage) => passage.label)).toEqual([
      '18 U.S.C. § 2252(a)',
      '18 U.S.C. § 2252(b)',
      '18 U.S.C. § 2252(c)',
    ]);
  });

  it('gives flush text after a list to the list’s parent', () => {
    const blocks = blocksOf(
      title18,
      section2252,
      `(a) ${sentence('any person who', 60)}`,
      `(1) ${sentence('knowingly transports any visual depiction', 700)}`,
      `(2) ${sentence('knowingly receives any visual depiction', 700)}`,
      'shall be punished as provided in subsection (b).',
      `(b) ${sentence('whoever violates subsection a shall be fined', 700)}`,
    );
    const passages = split(blocks).passages;
    const flush = passages.find((passage) => passage.text.includes('shall be punished as provided'));
    expect(flush?.label).toBe('18 U.S.C. § 2252(a)');
  });

  it('carries the enumerator context into a chunk that starts mid-subsection', () => {
    const section1841 = '#### §\u202f1841. Protection of unborn children';
    const first = split(
      blocksOf(
        title18,
        section1841,
        '(a)',
        `(1) ${sentence('whoever engages in conduct that violates any of the provisions', 400)}`,
        '(2)',
        `(A) ${sentence('except as otherwise provided the punishment is the same', 400)}`,
      ),
    );
    expect(first.endContext.sectionLabel).toBe('18 U.S.C. § 1841');
    const second = split(
      blocksOf(
        title18,
        section1841,
        '######## (B) An offense under this section does not require proof that',
        `(i) ${sentence('the person had knowledge that the victim was pregnant', 200)}`,
        `(ii) ${sentence('the defendant intended to cause the death of the unborn child', 200)}`,
        `(C) ${sentence('if the person intentionally kills the unborn child', 300)}`,
        `(b) ${sentence('the provisions referred to in subsection a are the following', 400)}`,
      ),
      first.endContext,
    );
    expect(second.passages.map((passage) => passage.label)).toEqual([
      '18 U.S.C. § 1841(a)(2)',
      '18 U.S.C. § 1841(b)',
    ]);

    // Without the context, the same chunk would misplace (B) as a top-level unit.
    const alone = split(
      blocksOf(title18, section1841, `######## (B) ${sentence('an offense does not require proof', 200)}`),
    );
    expect(alone.passages[0]?.label).not.toContain('(a)');
  });

  it('does not carry context into a different section', () => {
    const first = split(
      blocksOf(title18, section2252, '(a) Any person who', `(1) ${sentence('knowingly', 400)}`),
    );
    const other = split(
      blocksOf(title18, '#### §\u202f2252A. Certain activities', `(B) ${sentence('stands alone', 400)}`),
      first.endContext,
    );
    expect(other.passages[0]?.label).toBe('18 U.S.C. § 2252A(B)');
  });

  it('treats a repeated ancestor heading at the top of a continuation chunk as context', () => {
    const section1125 = '#### §\u202f1125. False designations of origin';
    const first = split(
      blocksOf('# Title 15— COMMERCE AND TRADE', section1125, '##### (d) Cyberpiracy prevention', '(1)'),
    );
    const second = split(
      blocksOf(
        '# Title 15— COMMERCE AND TRADE',
        section1125,
        '##### (d) Cyberpiracy prevention',
        `######## (A) ${sentence('a person shall be liable in a civil action', 500)}`,
      ),
      first.endContext,
    );
    const [passage] = second.passages;
    expect(passage?.label).toBe('15 U.S.C. § 1125(d)(1)(A)');
    expect(passage?.text.startsWith('##### ')).toBe(false);
    expect(passage?.text.startsWith('(d) Cyberpiracy prevention\n\n(A) A person')).toBe(true);
  });

  it('drops a repeated heading of an earlier sibling', () => {
    const section109 = '#### §\u202f109. Limitations on exclusive rights';
    const first = split(
      blocksOf(
        '# Title 17— COPYRIGHTS',
        section109,
        `###### (a) ${sentence('notwithstanding', 500)}`,
        '(b)',
        '(1)',
        '(A) x',
      ),
    );
    const second = split(
      blocksOf(
        '# Title 17— COPYRIGHTS',
        section109,
        `###### (a) ${sentence('notwithstanding', 500)}`,
        `######## (B) ${sentence('this subsection does not apply to', 400)}`,
      ),
      first.endContext,
    );
    expect(second.passages.map((passage) => passage.label)).toEqual(['17 U.S.C. § 109(b)(1)(B)']);
    expect(second.passages[0]?.text.startsWith('(B) This subsection')).toBe(true);
  });

  it('labels unnumbered definitions with inline lists at the section (17 U.S.C. § 101)', () => {
    const blocks = blocksOf(
      '# Title 17— COPYRIGHTS',
      '#### §\u202f101. Definitions',
      'An “international agreement” is',
      '(1) the Universal Copyright Convention;',
      '(2) the Geneva Phonograms Convention; and',
      `A “joint work” is ${sentence('a work prepared by two or more authors', 400)}`,
      'To perform a work “publicly” means',
      `(1) ${sentence('to perform it at a place open to the public', 400)}`,
      `(2) ${sentence('to transmit a performance of the work', 400)}`,
    );
    const labels = new Set(split(blocks).passages.map((passage) => passage.label));
    expect([...labels]).toEqual(['17 U.S.C. § 101']);
  });

  it('moves a part announced at the end of one chunk into the next chunk’s breadcrumb', () => {
    const first = split(blocksOf(title18, 'PART I— CRIMES'));
    expect(first.passages).toEqual([]);
    const second = split(
      blocksOf(
        title18,
        '### CHAPTER 1— GENERAL PROVISIONS',
        '#### §\u202f1. Repealed',
        sentence('text', 200),
      ),
      first.endContext,
    );
    expect(second.passages[0]?.breadcrumb.slice(0, 3)).toEqual([
      'Title 18— CRIMES AND CRIMINAL PROCEDURE',
      'PART I— CRIMES',
      'CHAPTER 1— GENERAL PROVISIONS',
    ]);
  });

  it('labels text outside any section by its chapter', () => {
    const { passages } = split(
      blocksOf(title18, '### CHAPTER 227— SENTENCES', sentence('chapter level text', 200)),
    );
    expect(passages[0]?.label).toBe('18 U.S.C. ch. 227');
    expect(passages[0]?.url).toBe('https://uscode.house.gov/browse/prelim@title18/chapter227&edition=prelim');
  });
});

describe('splitDocument: nearly empty documents', () => {
  it('yields nothing for a document of headings only, and keeps its structure', () => {
    const result = split(blocksOf(title18, '### CHAPTER 227— SENTENCES', 'SUBCHAPTER A— GENERAL PROVISIONS'));
    expect(result.passages).toEqual([]);
    expect(result.endContext.pendingPrefix).toBeUndefined();
    expect(result.endContext.structure.map((heading) => heading.kind)).toEqual([
      'title',
      'chapter',
      'subchapter',
    ]);
  });

  it('holds a bare lead-in as a pending prefix', () => {
    const result = split(
      blocksOf(title18, '#### §\u202f16. Crime of violence defined', 'The term “crime of violence” means'),
    );
    expect(result.passages).toEqual([]);
    expect(result.endContext.pendingPrefix).toMatchObject({
      text: 'The term “crime of violence” means',
      label: '18 U.S.C. § 16',
      sectionLabel: '18 U.S.C. § 16',
    });
  });

  it('holds the bare markers a chunk ends on as a pending prefix', () => {
    const result = split(
      blocksOf(
        title18,
        '#### §\u202f924. Penalties',
        `(b) ${sentence('whoever with intent to commit', 500)}`,
        '(c)',
        '(1)',
      ),
    );
    expect(result.passages.map((passage) => passage.label)).toEqual(['18 U.S.C. § 924(b)']);
    expect(result.endContext.pendingPrefix?.text).toBe('(c)\n\n(1)');
  });

  it('mergePendingPrefix puts the text in front and keeps the label both share', () => {
    const passage: DraftPassage = {
      ordinal: 0,
      label: '18 U.S.C. § 924(c)(1)(A)',
      sectionLabel: '18 U.S.C. § 924',
      heading: '§ 924. Penalties',
      breadcrumb: ['§ 924. Penalties'],
      text: '(A) Except to the extent…',
      url: undefined,
    };
    const merged = mergePendingPrefix(passage, {
      label: '18 U.S.C. § 924(c)',
      sectionLabel: '18 U.S.C. § 924',
      heading: '§ 924. Penalties',
      breadcrumb: ['§ 924. Penalties'],
      text: '(c)\n\n(1)',
      url: undefined,
    });
    expect(merged.text).toBe('(c)\n\n(1)\n\n(A) Except to the extent…');
    expect(merged.label).toBe('18 U.S.C. § 924(c)');
    expect(merged.ordinal).toBe(0);
  });
});

describe('splitDocument: court rules', () => {
  it('labels rule subdivisions with the prefix and links to Cornell', () => {
    const blocks = blocksOf(
      '# Federal Rules of Evidence',
      '## Rule 801. Definitions That Apply to This Article; Exclusions from Hearsay',
      `(a) Statement. ${sentence('statement means a person’s oral assertion', 300)}`,
      `(b) Declarant. ${sentence('declarant means the person who made the statement', 300)}`,
      '(d) Statements That Are Not Hearsay. A statement that meets the following conditions is not hearsay:',
      `(1) A Declarant-Witness's Prior Statement. ${sentence('the declarant testifies', 300)}`,
      "(2) An Opposing Party's Statement. The statement is offered against an opposing party and:",
      '(A) was made by the party in an individual or representative capacity;',
      "(E) was made by the party's coconspirator during and in furtherance of the conspiracy.",
      'The statement must be considered but does not by itself establish the declarant’s authority.',
    );
    const { passages } = split(blocks, undefined, freMetadata);
    expect(passages.map((passage) => passage.label)).toEqual([
      'Fed. R. Evid. 801(a)',
      'Fed. R. Evid. 801(b)',
      'Fed. R. Evid. 801(d)',
    ]);
    const subdivisionD = passages[2]!;
    expect(subdivisionD.heading).toBe('(d) Statements That Are Not Hearsay.');
    expect(subdivisionD.breadcrumb[0]).toBe('Federal Rules of Evidence');
    expect(subdivisionD.url).toBe('https://www.law.cornell.edu/rules/fre/rule_801');
    expect(subdivisionD.text.endsWith('the declarant’s authority.')).toBe(true);
  });

  it('splits a subdivision too long for one passage into its children', () => {
    const blocks = blocksOf(
      '# Federal Rules of Evidence',
      '## Rule 801. Definitions',
      '(d) Statements That Are Not Hearsay. A statement that meets the following conditions is not hearsay:',
      `(1) A Declarant-Witness's Prior Statement. ${sentence('the declarant testifies', 900)}`,
      `(2) An Opposing Party's Statement. ${sentence('the statement is offered against an opposing party', 900)}`,
    );
    const { passages } = split(blocks, undefined, freMetadata);
    expect(passages.map((passage) => passage.label)).toEqual([
      'Fed. R. Evid. 801(d)',
      'Fed. R. Evid. 801(d)(2)',
    ]);
    expect(passages[1]!.heading).toBe("(2) An Opposing Party's Statement.");
  });
});

describe('splitDocument: other documents', () => {
  const guide: PassageMetadata = {
    title: 'Small Claims Guide',
    citationPrefix: undefined,
    url: 'https://example.org/guide',
  };

  it('labels passages with the title and the nearest heading', () => {
    const blocks = blocksOf(
      sentence('introductory words before any heading', 400),
      '# Small Claims Guide',
      '## Filing fees',
      sentence('the filing fee depends on the amount claimed', 400),
      '### Fee waivers',
      sentence('a person who cannot pay may ask for a waiver', 1300),
      '## Serving the other side',
      sentence('the other side must be served with the claim', 400),
    );
    const { passages } = split(blocks, undefined, guide);
    expect(passages.map((passage) => passage.label)).toEqual([
      'Small Claims Guide',
      'Small Claims Guide — Filing fees',
      'Small Claims Guide — Fee waivers',
      'Small Claims Guide — Serving the other side',
    ]);
    expect(passages[2]!.breadcrumb).toEqual(['Small Claims Guide', 'Filing fees', 'Fee waivers']);
    expect(passages.every((passage) => passage.url === 'https://example.org/guide')).toBe(true);
  });

  it('keeps a heading’s section whole when it fits, labelled by that heading', () => {
    const blocks = blocksOf(
      '# Small Claims Guide',
      '## Filing fees',
      '### Paper filing',
      'Pay the fee at the clerk’s window when you file.',
      '### Online filing',
      'Pay the fee by card on the court’s website.',
    );
    const { passages } = split(blocks, undefined, guide);
    expect(passages.map((passage) => passage.label)).toEqual(['Small Claims Guide — Filing fees']);
    expect(passages[0]!.text).toBe(
      'Pay the fee at the clerk’s window when you file.\n\nPay the fee by card on the court’s website.',
    );
  });

  it('uses the title alone for a document without headings', () => {
    const { passages } = split(blocksOf(sentence('plain text', 500)), undefined, guide);
    expect(passages.map((passage) => passage.label)).toEqual(['Small Claims Guide']);
  });
});

describe('sentences', () => {
  it('splits after sentence ends but not after legal abbreviations', () => {
    expect(
      splitSentences(
        'See 18 U.S.C. 2252. Pub. L. 107–273 applies. The court, e.g. Mr. Smith, agreed! Next one.',
      ),
    ).toEqual([
      'See 18 U.S.C. 2252.',
      'Pub. L. 107–273 applies.',
      'The court, e.g. Mr. Smith, agreed!',
      'Next one.',
    ]);
  });

  it('cuts a long paragraph at sentence ends, repeating one sentence between pieces', () => {
    const sentences = Array.from({ length: 10 }, (_, index) => sentence(`clause${index} words`, 180));
    const pieces = splitLongText(sentences.join(' '), 600);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(600);
      expect(piece.endsWith('.')).toBe(true);
    }
    for (let index = 1; index < pieces.length; index++) {
      const previousSentences = splitSentences(pieces[index - 1]!);
      expect(pieces[index]!.startsWith(previousSentences.at(-1)!)).toBe(true);
    }
    const covered = new Set(pieces.flatMap((piece) => splitSentences(piece)));
    expect([...covered].sort()).toEqual([...sentences].sort());
  });

  it('cuts a single over-long sentence at word boundaries', () => {
    const words = Array.from({ length: 600 }, (_, index) => `word${index}`);
    const pieces = splitLongText(words.join(' '), 500);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(500);
    expect(pieces.join(' ').split(' ')).toEqual(words);
  });

  it('splits an over-long paragraph in a document, every piece under one label', () => {
    const paragraph = Array.from({ length: 12 }, (_, index) => sentence(`term${index} text`, 250)).join(' ');
    const { passages } = split(blocksOf(title18, section2252, '###### (e) Penalties .', paragraph));
    expect(passages.length).toBeGreaterThan(1);
    expect(new Set(passages.map((passage) => passage.label))).toEqual(new Set(['18 U.S.C. § 2252(e)']));
    expect(passages[0]!.text.startsWith('(e) Penalties .\n\n')).toBe(true);
    for (const passage of passages) expect(passage.text.length).toBeLessThanOrEqual(1600);
  });
});

describe('splitCollection', () => {
  function chunk(name: string, ...lines: string[]): CollectionDocument {
    return { name, blocks: blocksOf(...lines), metadata: uscMetadata };
  }

  it('orders names naturally', () => {
    const names = ['chunk-10.md', 'chunk-2.md', 'rule-12.1.md', 'chunk-1.md', 'rule-12.md', 'rule-2.md'];
    expect([...names].sort(compareNaturally)).toEqual([
      'chunk-1.md',
      'chunk-2.md',
      'chunk-10.md',
      'rule-2.md',
      'rule-12.md',
      'rule-12.1.md',
    ]);
  });

  it('threads the context in natural order, whatever order the documents come in', () => {
    const section = '#### §\u202f1841. Protection of unborn children';
    const entries = splitCollection([
      chunk('chunk-10.md', title18, section, `(B) ${sentence('an offense does not require proof', 400)}`),
      chunk(
        'chunk-9.md',
        title18,
        section,
        '(a)',
        '(2)',
        `(A) ${sentence('the punishment is the same', 400)}`,
      ),
    ]);
    expect(entries.map((entry) => entry.document.name)).toEqual(['chunk-9.md', 'chunk-10.md']);
    expect(entries[1]!.passages[0]!.label).toBe('18 U.S.C. § 1841(a)(2)(B)');
  });

  it('joins a nearly empty chunk to the next chunk of its section', () => {
    const section = '#### §\u202f16. Crime of violence defined';
    const entries = splitCollection([
      chunk('chunk-16.md', title18, section, 'The term “crime of violence” means'),
      chunk(
        'chunk-17.md',
        title18,
        section,
        `(a) ${sentence('an offense that has as an element the use of force', 400)}`,
      ),
    ]);
    expect(entries[0]!.passages).toEqual([]);
    const [joined] = entries[1]!.passages;
    expect(joined?.text.startsWith('The term “crime of violence” means\n\n(a) An offense')).toBe(true);
    expect(joined?.label).toBe('18 U.S.C. § 16');
  });

  it('keeps a nearly empty chunk that nothing continues as a passage of its own', () => {
    const entries = splitCollection([
      chunk(
        'chunk-1.md',
        title18,
        '#### §\u202f15. Obligation defined',
        sentence('the term obligation', 400),
      ),
      chunk(
        'chunk-2.md',
        title18,
        '#### §\u202f16. Crime of violence defined',
        'The term “crime of violence” means',
      ),
      chunk(
        'chunk-3.md',
        title18,
        '#### §\u202f17. Insanity defense',
        sentence('it is an affirmative defense', 400),
      ),
    ]);
    expect(entries[1]!.passages.map((passage) => passage.label)).toEqual(['18 U.S.C. § 16']);
    expect(entries[2]!.passages[0]!.text.includes('crime of violence')).toBe(false);
  });

  it('passes the document objects through for the caller', () => {
    const documents = [{ ...chunk('chunk-1.md', title18, section2252, sentence('text', 400)), extra: 42 }];
    expect(splitCollection(documents)[0]!.document.extra).toBe(42);
  });
});

describe('splitDocument: invariants over random documents', () => {
  const marker = fc.constantFrom('(a)', '(b)', '(1)', '(2)', '(A)', '(B)', '(i)', '(ii)', '(I)', '(aa)', '');
  const words = fc.array(fc.constantFrom('the', 'court', 'shall', 'order.', 'Any', 'person', 'U.S.C.', '§'), {
    minLength: 1,
    maxLength: 400,
  });
  const block = fc.tuple(fc.boolean(), marker, words).map(([isHeading, prefix, body]): string => {
    const text = `${prefix} ${body.join(' ')}`.trim();
    return isHeading ? `###### ${text}` : text;
  });

  it('never loses body text, never exceeds the limit, always labels', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 25 }), (lines) => {
        const { passages, endContext } = split(blocksOf(title18, section2252, ...lines));
        for (const passage of passages) {
          expect(passage.label.startsWith('18 U.S.C. § 2252')).toBe(true);
          expect(passage.text.trim().length).toBeGreaterThan(0);
          expect(passage.text.length).toBeLessThanOrEqual(1600);
        }
        const texts = passages.map((passage) => passage.text);
        if (endContext.pendingPrefix) texts.push(endContext.pendingPrefix.text);
        const allText = texts.join(' ').replace(/\s+/g, ' ');
        // Lines short enough to stay whole must appear verbatim; longer ones may be cut into sentences.
        const wholeLines = lines.map((line) => line.replace(/^#+ /, '')).filter((line) => line.length < 300);
        for (const line of wholeLines) expect(allText).toContain(line.replace(/\s+/g, ' '));
      }),
      { numRuns: 150 },
    );
  });
});
