import { describe, expect, it } from 'vitest';
import { parseText, parseTextBlocks } from '../../../src/corpus/loaders/text.js';

const heading = (level: number, text: string) => ({ kind: 'heading', level, text });
const paragraph = (text: string) => ({ kind: 'paragraph', text });

describe('parseTextBlocks', () => {
  it('splits paragraphs on blank lines and joins wrapped lines', () => {
    const source =
      'A landlord must give\nwritten notice.\n\n\n  The tenant may   respond\n\twithin 10 days.  \n';
    expect(parseTextBlocks(source)).toEqual([
      paragraph('A landlord must give written notice.'),
      paragraph('The tenant may respond within 10 days.'),
    ]);
  });

  it('treats CRLF, lone CR and form feeds as line breaks', () => {
    expect(parseTextBlocks('One\r\ntwo\r\n\r\nThree\rfour\fFive')).toEqual([
      paragraph('One two'),
      paragraph('Three four'),
      paragraph('Five'),
    ]);
  });

  it('finds numbered headings and ranks them by first appearance', () => {
    const source = [
      'Chapter 2 — Residential Leases',
      '',
      'Section 3. Notice to quit',
      '',
      'A landlord must give notice.',
      '',
      'Section 4: Service',
      '',
      'Notice is served by hand.',
      '',
      'Chapter 3 - Deposits',
      '',
      '§ 1983.',
      '',
      'Text.',
    ].join('\n');
    expect(parseTextBlocks(source)).toEqual([
      heading(1, 'Chapter 2 — Residential Leases'),
      heading(2, 'Section 3. Notice to quit'),
      paragraph('A landlord must give notice.'),
      heading(2, 'Section 4: Service'),
      paragraph('Notice is served by hand.'),
      heading(1, 'Chapter 3 - Deposits'),
      // "§" is another way of writing "Section", so it shares the section level.
      heading(2, '§ 1983.'),
      paragraph('Text.'),
    ]);
  });

  it('finds court-rule style headings with subdivisions and roman numerals', () => {
    const source = 'Rule 12(b). Defenses\n\nText.\n\nARTICLE IV\n\nMore text.\n\nRule 12.1 Notice\n\nEnd.';
    const blocks = parseTextBlocks(source);
    expect(blocks.filter((block) => block.kind === 'heading')).toEqual([
      heading(1, 'Rule 12(b). Defenses'),
      heading(2, 'ARTICLE IV'),
      // No punctuation after "12.1", and followed by a title: not a heading.
    ]);
    expect(blocks).toContainEqual(paragraph('Rule 12.1 Notice'));
  });

  it('finds short ALL CAPS lines as headings', () => {
    expect(
      parseTextBlocks('GENERAL PROVISIONS\n\nThese rules apply.\n\nDEFINITIONS:\n\nIn these rules…'),
    ).toEqual([
      heading(1, 'GENERAL PROVISIONS'),
      paragraph('These rules apply.'),
      heading(1, 'DEFINITIONS:'),
      paragraph('In these rules…'),
    ]);
  });

  it('does not take sentences, multi-line caps or clauses for headings', () => {
    const source = [
      'Section 3 of the Act provides that rent is due monthly.',
      '',
      'THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND,',
      'EXPRESS OR IMPLIED.',
      '',
      'NOTICE TO THE TENANT,',
      '',
      'A.',
      '',
      'Part mix. Not a roman numeral.',
      '',
      `${'VERY LONG CAPITALISED LINE '.repeat(4)}`,
    ].join('\n');
    expect(parseTextBlocks(source).every((block) => block.kind === 'paragraph')).toBe(true);
  });

  it('requires a heading to stand alone, followed by a blank line', () => {
    expect(parseTextBlocks('Section 3. Notice\nA landlord must give notice.')).toEqual([
      paragraph('Section 3. Notice A landlord must give notice.'),
    ]);
  });
});

describe('parseText', () => {
  it('uses an opening heading as the title, and keeps the front matter', () => {
    const document = parseText('TENANT HANDBOOK\n\nWelcome.', { publisher: 'Legal Aid' });
    expect(document).toEqual({
      format: 'text',
      title: 'TENANT HANDBOOK',
      frontMatter: { publisher: 'Legal Aid' },
      blocks: [heading(1, 'TENANT HANDBOOK'), paragraph('Welcome.')],
    });
  });

  it('has no title when the document opens with a paragraph', () => {
    expect(parseText('Welcome.\n\nSECTION 1\n\nText.', {}).title).toBeUndefined();
  });
});
