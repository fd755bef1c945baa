import { describe, expect, it } from 'vitest';
import {
  type CitationVocabulary,
  labelMatchesCitation,
  parseQueryCitations,
  type QueryCitation,
} from '../../src/retrieval/citation-query.js';

/** What the sample corpus holds: three U.S. Code titles and two rule sets. */
const vocabulary: CitationVocabulary = {
  usCodeTitles: ['18', '28', '35'],
  rulePrefixes: ['Fed. R. Civ. P.', 'Fed. R. Evid.'],
};
const emptyVocabulary: CitationVocabulary = { usCodeTitles: [], rulePrefixes: [] };

function parse(question: string, words: CitationVocabulary = vocabulary): QueryCitation[] {
  return parseQueryCitations(question, words);
}

function only(question: string, words: CitationVocabulary = vocabulary): QueryCitation {
  const citations = parse(question, words);
  expect(citations, question).toHaveLength(1);
  return citations[0]!;
}

describe('parseQueryCitations: U.S. Code', () => {
  it('reads "18 U.S.C. 2252A" with a letter suffix and no section sign', () => {
    expect(only('What does 18 U.S.C. 2252A say about possession?')).toEqual({
      text: '18 U.S.C. 2252A',
      sectionLabels: ['18 U.S.C. § 2252A'],
      subdivisions: '',
      scope: 'full',
      display: '18 U.S.C. § 2252A',
    });
  });

  it('reads "18 USC § 2252(c)" without dots, with the subdivision separate', () => {
    expect(only('Is there a defense in 18 USC § 2252(c)?')).toEqual({
      text: '18 USC § 2252(c)',
      sectionLabels: ['18 U.S.C. § 2252'],
      subdivisions: '(c)',
      scope: 'full',
      display: '18 U.S.C. § 2252(c)',
    });
  });

  it('keeps nested subdivisions, joined without spaces', () => {
    const citation = only('See 18 U.S.C. § 2252(a) (4) (B) for possession.');
    expect(citation.sectionLabels).toEqual(['18 U.S.C. § 2252']);
    expect(citation.subdivisions).toBe('(a)(4)(B)');
  });

  it('reads "section 1001 of title 18"', () => {
    expect(only('Is lying to an agent a crime under section 1001 of title 18?')).toEqual({
      text: 'section 1001 of title 18',
      sectionLabels: ['18 U.S.C. § 1001'],
      subdivisions: '',
      scope: 'full',
      display: '18 U.S.C. § 1001',
    });
  });

  it('resolves a bare "§ 1367" to that section in every title the store holds', () => {
    const citation = only('What does § 1367 say about supplemental jurisdiction?');
    expect(citation.text).toBe('§ 1367');
    expect(citation.sectionLabels).toEqual(['18 U.S.C. § 1367', '28 U.S.C. § 1367', '35 U.S.C. § 1367']);
  });

  it('reads "§\\u202f1367" (the narrow no-break space the U.S. Code uses) like "§ 1367"', () => {
    const narrow = only('Explain §\u202f1367(a) please');
    expect(narrow.sectionLabels).toEqual(only('Explain § 1367(a) please').sectionLabels);
    expect(narrow.sectionLabels).toContain('28 U.S.C. § 1367');
    expect(narrow.subdivisions).toBe('(a)');
    expect(narrow.text).not.toContain('\u202f');
  });

  it('finds nothing for a bare section when the store holds no U.S. Code title', () => {
    expect(parse('What does § 1367 say?', emptyVocabulary)).toEqual([]);
  });

  it('prefers the titled citation over the bare section it contains', () => {
    const citations = parse('Compare 28 U.S.C. § 1331 and § 1332');
    expect(citations.map((citation) => citation.sectionLabels)).toEqual([
      ['28 U.S.C. § 1331'],
      ['18 U.S.C. § 1332', '28 U.S.C. § 1332', '35 U.S.C. § 1332'],
    ]);
  });
});

describe('parseQueryCitations: court rules', () => {
  it('resolves a bare "Rule 803" against every rule set in the store', () => {
    const citation = only('Is a business record hearsay under Rule 803?');
    expect(citation.text).toBe('Rule 803');
    expect(citation.sectionLabels).toEqual(['Fed. R. Civ. P. 803', 'Fed. R. Evid. 803']);
    expect(parse('Rule 803', emptyVocabulary)).toEqual([]);
  });

  it('reads "FRE 403" as Federal Rule of Evidence 403', () => {
    expect(only('FRE 403')).toEqual({
      text: 'FRE 403',
      sectionLabels: ['Fed. R. Evid. 403'],
      subdivisions: '',
      scope: 'full',
      display: 'Fed. R. Evid. 403',
    });
  });

  it('reads "Fed. R. Civ. P. 23(a)"', () => {
    expect(only('What are the requirements of Fed. R. Civ. P. 23(a) for a class action?')).toEqual({
      text: 'Fed. R. Civ. P. 23(a)',
      sectionLabels: ['Fed. R. Civ. P. 23'],
      subdivisions: '(a)',
      scope: 'full',
      display: 'Fed. R. Civ. P. 23(a)',
    });
  });

  it('reads "Federal Rule of Evidence 404(b)"', () => {
    const citation = only('Can prior bad acts come in under Federal Rule of Evidence 404(b)?');
    expect(citation.sectionLabels).toEqual(['Fed. R. Evid. 404']);
    expect(citation.subdivisions).toBe('(b)');
    expect(citation.text).toBe('Federal Rule of Evidence 404(b)');
  });

  it('reads "Rule 11 of the Federal Rules of Criminal Procedure" as one citation, even with no such rule set stored', () => {
    expect(only('What does Rule 11 of the Federal Rules of Criminal Procedure require?')).toEqual({
      text: 'Rule 11 of the Federal Rules of Criminal Procedure',
      sectionLabels: ['Fed. R. Crim. P. 11'],
      subdivisions: '',
      scope: 'full',
      display: 'Fed. R. Crim. P. 11',
    });
  });

  it('reads the other common rule-set abbreviations', () => {
    expect(only('FRCP 12(b)(6)').sectionLabels).toEqual(['Fed. R. Civ. P. 12']);
    expect(only('FRCP 12(b)(6)').subdivisions).toBe('(b)(6)');
    expect(only('FRAP 4').sectionLabels).toEqual(['Fed. R. App. P. 4']);
    expect(only('Fed. R. Evid. 801(d)(2)').sectionLabels).toEqual(['Fed. R. Evid. 801']);
    expect(only('fre 702').sectionLabels).toEqual(['Fed. R. Evid. 702']);
  });
});

describe('parseQueryCitations: shorthand as users type it', () => {
  const everySet: CitationVocabulary = {
    usCodeTitles: ['15', '17', '18', '28', '35'],
    rulePrefixes: ['Fed. R. App. P.', 'Fed. R. Civ. P.', 'Fed. R. Crim. P.', 'Fed. R. Evid.'],
  };
  it.each([
    ['18 USC 1030', '18 U.S.C. § 1030', ''],
    ['what does 18 usc 1030 say', '18 U.S.C. § 1030', ''],
    ['18 U.S.C. 1030(a)(2)', '18 U.S.C. § 1030', '(a)(2)'],
    ['18 u.s.c. § 1030(a)(2)(C)?', '18 U.S.C. § 1030', '(a)(2)(C)'],
    ['18 U.S. Code § 1030', '18 U.S.C. § 1030', ''],
    ['18 United States Code 1030', '18 U.S.C. § 1030', ''],
    ['section 1030 of title 18', '18 U.S.C. § 1030', ''],
    ['§ 1030 of title 18', '18 U.S.C. § 1030', ''],
    ['Title 18, Section 1030', '18 U.S.C. § 1030', ''],
    ['title 18 section 1030(c)', '18 U.S.C. § 1030', '(c)'],
    ['FRE 608(b)', 'Fed. R. Evid. 608', '(b)'],
    ['FRE 608(b)?', 'Fed. R. Evid. 608', '(b)'],
    ['F.R.E. 608', 'Fed. R. Evid. 608', ''],
    ['Evidence Rule 608', 'Fed. R. Evid. 608', ''],
    ['evidence rule 608', 'Fed. R. Evid. 608', ''],
    ['Fed. R. Evid. 608', 'Fed. R. Evid. 608', ''],
    ['fed r evid 608', 'Fed. R. Evid. 608', ''],
    ['FRCP 26(b)(1)', 'Fed. R. Civ. P. 26', '(b)(1)'],
    ['frcp 26(b)(1) scope of discovery', 'Fed. R. Civ. P. 26', '(b)(1)'],
    ['F.R.C.P. 12(b)(6)', 'Fed. R. Civ. P. 12', '(b)(6)'],
    ['Civil Rule 26', 'Fed. R. Civ. P. 26', ''],
    ['FRAP 4', 'Fed. R. App. P. 4', ''],
    ['Appellate Rule 4(a)', 'Fed. R. App. P. 4', '(a)'],
    ['FRCrP 11', 'Fed. R. Crim. P. 11', ''],
    ['Crim. Rule 11', 'Fed. R. Crim. P. 11', ''],
    ['Criminal Rule 5.1', 'Fed. R. Crim. P. 5.1', ''],
    ['Rule 11 of the FRCP', 'Fed. R. Civ. P. 11', ''],
  ])('reads %j as %s%s', (question, label, pinpoint) => {
    const citation = only(question, everySet);
    expect(citation.sectionLabels).toEqual([label]);
    expect(citation.subdivisions).toBe(pinpoint);
    expect(citation.scope).toBe('full');
    expect(citation.display).toBe(`${label}${pinpoint}`);
  });

  it('reads a bare "Rule 23" as every rule set in the store, and keeps its own display', () => {
    const citation = only('Rule 23', everySet);
    expect(citation.scope).toBe('bare');
    expect(citation.display).toBe('Rule 23');
    expect(citation.sectionLabels).toEqual([
      'Fed. R. App. P. 23',
      'Fed. R. Civ. P. 23',
      'Fed. R. Crim. P. 23',
      'Fed. R. Evid. 23',
    ]);
  });

  it('names a provision of a title the store lacks the way a reader writes it', () => {
    const citation = only('can I sue under 42 USC 1983?', everySet);
    expect(citation.display).toBe('42 U.S.C. § 1983');
    expect(citation.sectionLabels).toEqual(['42 U.S.C. § 1983']);
  });

  it('does not take a word that merely starts like an initialism for a rule set', () => {
    expect(parse('free 30 day trial', everySet)).toEqual([]);
    expect(parse('a frappe 4 me', everySet)).toEqual([]);
    expect(parse('The rule 5 of my lease', everySet).map((citation) => citation.scope)).toEqual(['bare']);
  });

  it('does not take the period that ends a sentence for part of the number', () => {
    expect(only('Read FRCP 11.', everySet).sectionLabels).toEqual(['Fed. R. Civ. P. 11']);
    expect(only('See 18 U.S.C. § 1030.', everySet).sectionLabels).toEqual(['18 U.S.C. § 1030']);
  });
});

describe('parseQueryCitations: popular names', () => {
  it.each([
    ['Is reading my email a CFAA violation?', ['18 U.S.C. § 1030']],
    ['What does the Computer Fraud and Abuse Act prohibit?', ['18 U.S.C. § 1030']],
    ['rape shield rule — when can the defense bring up sexual history?', ['Fed. R. Evid. 412']],
    ['What does the Jencks Act require the government to produce?', ['18 U.S.C. § 3500']],
    ['Is there a Hobbs Act robbery here?', ['18 U.S.C. § 1951']],
    ['RICO civil claims', ['18 U.S.C. § 1962', '18 U.S.C. § 1963', '18 U.S.C. § 1964']],
    ['What does the hearsay rule say?', ['Fed. R. Evid. 802', 'Fed. R. Evid. 801']],
    // An exception to the hearsay rule is in the exceptions' rules, not in Rule 802 itself.
    [
      'Is an excited utterance an exception to the hearsay rule?',
      ['Fed. R. Evid. 803', 'Fed. R. Evid. 804', 'Fed. R. Evid. 807'],
    ],
    [
      'is a business record a hearsay exception',
      ['Fed. R. Evid. 803', 'Fed. R. Evid. 804', 'Fed. R. Evid. 807'],
    ],
  ])('reads %j as a citation of %j', (question, labels) => {
    const citation = only(question);
    expect(citation.sectionLabels).toEqual(labels);
    expect(citation.scope).toBe('full');
    expect(citation.display).toBe(labels[0]);
  });

  it('names "Section 1983" as the provision a reader means, which the sample corpus lacks', () => {
    expect(only('Can I bring a Section 1983 claim against the police?').display).toBe('42 U.S.C. § 1983');
  });

  it('leaves the names of whole acts and words that merely contain a name alone', () => {
    expect(parse('Under the Lanham Act, when is a trademark abandoned?')).toEqual([]);
    expect(parse('the DMCA takedown process')).toEqual([]);
    expect(parse('a rich bricolage of ricotta')).toEqual([]);
  });
});

describe('parseQueryCitations: not citations', () => {
  it.each([
    '5 years',
    'Can I get 5 years for this?',
    'rule of law',
    'What is the rule of thumb for 30 days notice?',
    'Is 18 a legal age in 50 states?',
    'the section about leases',
    'I was born in 2001 in the U.S.',
    '',
    '§',
    'Rule',
  ])('finds no citation in %j', (question) => {
    expect(parse(question)).toEqual([]);
  });

  it('never throws on hostile text and cuts very long input', () => {
    const hostile = [
      '"unbalanced',
      'NEAR(a b) AND OR NOT * ^ : ( ) -',
      '\u0000\u0001\u001b[31m',
      '🏠 § 🤔',
      'ما هو القسم ١٣٦٧؟',
      '\ud800',
      '§§§§§§§§',
      '('.repeat(10_000),
    ];
    for (const text of hostile) expect(Array.isArray(parse(text))).toBe(true);
    // A citation after the first 5,000 characters is not read.
    const padded = `${'word '.repeat(1_100)} 18 U.S.C. § 1001`;
    expect(padded.length).toBeGreaterThan(5_000);
    expect(parse(padded)).toEqual([]);
    expect(parse(`18 U.S.C. § 1001 ${'word '.repeat(1_100)}`)).toHaveLength(1);
  });
});

describe('labelMatchesCitation (the eval README rule)', () => {
  it('matches the section itself and its subdivisions', () => {
    expect(labelMatchesCitation('18 U.S.C. § 2252', '18 U.S.C. § 2252')).toBe(true);
    expect(labelMatchesCitation('18 U.S.C. § 2252(c)', '18 U.S.C. § 2252')).toBe(true);
    expect(labelMatchesCitation('18 U.S.C. § 2252(a)(4)(B)', '18 U.S.C. § 2252')).toBe(true);
    expect(labelMatchesCitation('Fed. R. Evid. 801(d)(2)', 'Fed. R. Evid. 801')).toBe(true);
  });

  it('does not match a different section that shares a prefix', () => {
    expect(labelMatchesCitation('18 U.S.C. § 2252A(d)', '18 U.S.C. § 2252')).toBe(false);
    expect(labelMatchesCitation('18 U.S.C. § 2252A', '18 U.S.C. § 2252')).toBe(false);
    expect(labelMatchesCitation('18 U.S.C. § 22521', '18 U.S.C. § 2252')).toBe(false);
    expect(labelMatchesCitation('Fed. R. Evid. 8011', 'Fed. R. Evid. 801')).toBe(false);
    expect(labelMatchesCitation('28 U.S.C. § 2252', '18 U.S.C. § 2252')).toBe(false);
  });

  it('does not match the other way round: a section is not inside its own subdivision', () => {
    expect(labelMatchesCitation('18 U.S.C. § 2252', '18 U.S.C. § 2252(c)')).toBe(false);
    expect(labelMatchesCitation('18 U.S.C. § 2252(c)', '18 U.S.C. § 2252(c)')).toBe(true);
  });

  it('ignores the kind of space after the section sign', () => {
    expect(labelMatchesCitation('18 U.S.C. §\u202f2252(c)', '18 U.S.C. § 2252')).toBe(true);
    expect(labelMatchesCitation('18 U.S.C. § 2252(c)', '18 U.S.C. §\u00a02252')).toBe(true);
  });
});
