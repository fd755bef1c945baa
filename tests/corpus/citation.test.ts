import { describe, expect, it } from 'vitest';
import {
  type CitationScheme,
  cleanHeadingText,
  courtRuleUrl,
  detectCitationScheme,
  inheritStructure,
  inlineCaption,
  isCaptionOnly,
  normalizeCitationText,
  openStructure,
  parseCitableHeading,
  parseStructuralHeading,
  type StructuralHeading,
  sectionLabel,
  structuralLabel,
  subdivisionLabel,
  titledLabel,
  usCodeSectionUrl,
} from '../../src/corpus/citation.js';

const title18: CitationScheme = { kind: 'us-code', titleNumber: '18' };

function structural(text: string): StructuralHeading {
  const heading = parseStructuralHeading(text);
  if (!heading) throw new Error(`not structural: ${text}`);
  return heading;
}

describe('normalizeCitationText', () => {
  it('turns the narrow no-break space after § into a space', () => {
    expect(normalizeCitationText('§\u202f2252')).toBe('§ 2252');
  });

  it('handles no-break spaces, invisible characters and runs of spaces', () => {
    expect(normalizeCitationText('\u00a018\u00a0U.S.C.  §\u200b 1001 ')).toBe('18 U.S.C. § 1001');
  });

  it('returns clean text unchanged', () => {
    const text = 'Fed. R. Evid. 801(d)(2)';
    expect(normalizeCitationText(text)).toBe(text);
  });
});

describe('cleanHeadingText', () => {
  it('removes the space the conversion puts before punctuation', () => {
    expect(cleanHeadingText('(c) Affirmative Defense .')).toBe('(c) Affirmative Defense.');
    expect(cleanHeadingText('§\u202f2252. Certain activities')).toBe('§ 2252. Certain activities');
  });

  it('drops the brackets around repealed sections', () => {
    expect(cleanHeadingText('[§\u202f4353. Repealed. Pub. L. 107–273]')).toBe(
      '§ 4353. Repealed. Pub. L. 107–273',
    );
  });
});

describe('parseStructuralHeading', () => {
  it('reads titles, chapters, parts and their designations', () => {
    expect(parseStructuralHeading('Title 18— CRIMES AND CRIMINAL PROCEDURE')).toMatchObject({
      kind: 'title',
      designation: '18',
    });
    expect(parseStructuralHeading('CHAPTER 110— SEXUAL EXPLOITATION')).toMatchObject({
      kind: 'chapter',
      designation: '110',
    });
    expect(parseStructuralHeading('PART I— CRIMES')).toMatchObject({ kind: 'part', designation: 'I' });
    expect(parseStructuralHeading('SUBCHAPTER A— GENERAL PROVISIONS')).toMatchObject({ kind: 'subchapter' });
    expect(parseStructuralHeading('ARTICLE I—DEFINITIONS')).toMatchObject({
      kind: 'article',
      designation: 'I',
    });
    expect(parseStructuralHeading('[CHAPTER 89— REPEALED]')).toMatchObject({
      kind: 'chapter',
      designation: '89',
    });
  });

  it('needs the em dash, so body text is not taken for a heading', () => {
    expect(parseStructuralHeading('Part of the problem is that')).toBeUndefined();
    expect(parseStructuralHeading('Section 80a–42 of this title shall not apply')).toBeUndefined();
  });
});

describe('parseCitableHeading', () => {
  it('reads U.S. Code section headings', () => {
    expect(parseCitableHeading('§\u202f2252A. Certain activities')).toMatchObject({
      kind: 'section',
      designation: '2252A',
      isRange: false,
      text: '§ 2252A. Certain activities',
    });
    expect(parseCitableHeading('§\u202f950aaa–1. Definitions')?.designation).toBe('950aaa–1');
    expect(parseCitableHeading('[§\u202f4353. Repealed. Pub. L. 107–273]')?.designation).toBe('4353');
  });

  it('reads headings that cover several sections', () => {
    expect(parseCitableHeading('§§\u202f5126 to 5129. Repealed.')).toMatchObject({
      designation: '5126 to 5129',
      isRange: true,
    });
    expect(parseCitableHeading('§§\u202f1008, 1009. Repealed.')?.designation).toBe('1008, 1009');
  });

  it('reads rule headings with decimal numbers', () => {
    expect(parseCitableHeading('Rule 801. Definitions That Apply to This Article')).toMatchObject({
      kind: 'rule',
      designation: '801',
    });
    expect(parseCitableHeading('Rule 12.1. Remand After an Indicative Ruling')?.designation).toBe('12.1');
  });

  it('ignores other headings', () => {
    expect(parseCitableHeading('Federal Rules of Evidence')).toBeUndefined();
    expect(parseCitableHeading('(a) In General .')).toBeUndefined();
  });
});

describe('detectCitationScheme', () => {
  it('recognises U.S. Code chunks by their title heading', () => {
    expect(detectCitationScheme(['Title 18— CRIMES', '§\u202f1001. Statements'], undefined, 'x')).toEqual(
      title18,
    );
  });

  it('recognises court rules by the prefix and a rule heading', () => {
    expect(
      detectCitationScheme(['Federal Rules of Evidence', 'Rule 801. Definitions'], 'Fed. R. Evid.', 'x'),
    ).toEqual({
      kind: 'court-rule',
      prefix: 'Fed. R. Evid.',
    });
  });

  it('recognises other prefixed codes with section headings', () => {
    expect(detectCitationScheme(['§ 1714. Liability'], 'Cal. Civ. Code', 'x')).toEqual({
      kind: 'prefixed-code',
      prefix: 'Cal. Civ. Code',
    });
  });

  it('falls back to the previous document’s scheme, then to the title', () => {
    expect(detectCitationScheme([], undefined, 'A guide', title18)).toEqual(title18);
    expect(detectCitationScheme(['Filing fees'], undefined, 'A guide')).toEqual({
      kind: 'titled',
      documentTitle: 'A guide',
    });
  });
});

describe('labels', () => {
  it('builds section labels with a normal space after §', () => {
    const heading = parseCitableHeading('§\u202f2252. Certain activities')!;
    expect(sectionLabel(title18, heading)).toBe('18 U.S.C. § 2252');
    expect(subdivisionLabel(sectionLabel(title18, heading), ['c'])).toBe('18 U.S.C. § 2252(c)');
    const range = parseCitableHeading('§§\u202f5126 to 5129. Repealed.')!;
    expect(sectionLabel({ kind: 'us-code', titleNumber: '2' }, range)).toBe('2 U.S.C. §§ 5126 to 5129');
  });

  it('builds rule labels from the prefix', () => {
    const heading = parseCitableHeading('Rule 801. Definitions')!;
    const label = sectionLabel({ kind: 'court-rule', prefix: 'Fed. R. Evid.' }, heading);
    expect(subdivisionLabel(label, ['d', '2'])).toBe('Fed. R. Evid. 801(d)(2)');
  });

  it('labels text outside sections by chapter, then part, never empty', () => {
    const title = structural('Title 18— CRIMES AND CRIMINAL PROCEDURE');
    const part = structural('PART II— CRIMINAL PROCEDURE');
    const chapter = structural('CHAPTER 227— SENTENCES');
    expect(structuralLabel(title18, [title, part, chapter])).toBe('18 U.S.C. ch. 227');
    expect(structuralLabel(title18, [title, part])).toBe('18 U.S.C. pt. II');
    expect(structuralLabel(title18, [title])).toBe('18 U.S.C.');
  });

  it('labels other documents by title and nearest heading', () => {
    expect(titledLabel('Small Claims Guide', 'Filing fees')).toBe('Small Claims Guide — Filing fees');
    expect(titledLabel('Small Claims Guide', undefined)).toBe('Small Claims Guide');
    expect(titledLabel('Small Claims Guide', 'Small claims guide')).toBe('Small Claims Guide');
  });
});

describe('deep links', () => {
  it('links U.S. Code sections on uscode.house.gov', () => {
    expect(usCodeSectionUrl('18', '2252A')).toBe(
      'https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title18-section2252A&num=0&edition=prelim',
    );
    expect(usCodeSectionUrl('7', '950aaa–1')).toContain('title7-section950aaa-1&');
    expect(usCodeSectionUrl('2', '5126 to 5129')).toContain('-section5126&');
  });

  it('links federal rules on Cornell LII', () => {
    expect(courtRuleUrl('Fed. R. Evid.', '801')).toBe('https://www.law.cornell.edu/rules/fre/rule_801');
    expect(courtRuleUrl('Fed. R. Civ. P.', '23')).toBe('https://www.law.cornell.edu/rules/frcp/rule_23');
    expect(courtRuleUrl('Fed. R. App. P.', '12.1')).toBe('https://www.law.cornell.edu/rules/frap/rule_12.1');
    expect(courtRuleUrl('Fed. R. Crim. P.', '11')).toBe('https://www.law.cornell.edu/rules/frcrmp/rule_11');
    expect(courtRuleUrl('Local R.', '3')).toBeUndefined();
  });
});

describe('captions', () => {
  it('tells titles from lead-ins and operative text', () => {
    expect(isCaptionOnly('Affirmative Defense .')).toBe(true);
    expect(isCaptionOnly('In general')).toBe(true);
    expect(isCaptionOnly('Use of technological means for research activities .')).toBe(true);
    expect(isCaptionOnly('Any person who')).toBe(false);
    expect(isCaptionOnly('This section shall not apply.')).toBe(false);
    expect(isCaptionOnly('the declarant does not make while testifying')).toBe(false);
  });

  it('finds the inline caption of a rule paragraph', () => {
    expect(inlineCaption("An Opposing Party's Statement. The statement is offered")).toBe(
      "An Opposing Party's Statement.",
    );
    expect(inlineCaption('is inconsistent with the declarant’s testimony.')).toBeUndefined();
    expect(inlineCaption('Sections 36, 37, 43, 111.')).toBeUndefined();
  });
});

describe('structural breadcrumb', () => {
  const title = structural('Title 18— CRIMES AND CRIMINAL PROCEDURE');
  const partOne = structural('PART I— CRIMES');
  const chapter109 = structural('CHAPTER 109A— SEXUAL ABUSE');
  const chapter110 = structural('CHAPTER 110— SEXUAL EXPLOITATION');

  it('keeps a part the previous chunk announced when the chunk’s own headings agree', () => {
    expect(inheritStructure([title, partOne, chapter109], [title, chapter110])).toEqual([
      title,
      partOne,
      chapter110,
    ]);
  });

  it('drops carried structure from another title', () => {
    const otherTitle = structural('Title 28— JUDICIARY');
    expect(inheritStructure([title, partOne], [otherTitle])).toEqual([otherTitle]);
  });

  it('replaces the open unit of the same kind', () => {
    const partTwo = structural('PART II— CRIMINAL PROCEDURE');
    expect(openStructure([title, partOne, chapter110], partTwo)).toEqual([title, partTwo]);
  });
});
