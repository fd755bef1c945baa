import { describe, expect, it } from 'vitest';
import { parseMarkdown, parseMarkdownBlocks } from '../../../src/corpus/loaders/markdown.js';

const heading = (level: number, text: string) => ({ kind: 'heading', level, text });
const paragraph = (text: string) => ({ kind: 'paragraph', text });

describe('parseMarkdownBlocks', () => {
  it('reads ATX headings and paragraphs, joining wrapped lines', () => {
    const source = '# Evictions\n\nA landlord must\ngive notice.\n\n## Notice to quit ##\n\nThirty days.';
    expect(parseMarkdownBlocks(source)).toEqual([
      heading(1, 'Evictions'),
      paragraph('A landlord must give notice.'),
      heading(2, 'Notice to quit'),
      paragraph('Thirty days.'),
    ]);
  });

  it('keeps headings deeper than six levels with their real depth', () => {
    const source = '###### (a) General\n\n####### (1) In general\n\n######## (A) Subparagraph\n\nText.';
    expect(parseMarkdownBlocks(source)).toEqual([
      heading(6, '(a) General'),
      heading(7, '(1) In general'),
      heading(8, '(A) Subparagraph'),
      paragraph('Text.'),
    ]);
  });

  it('does not treat "#" without a space, or more than twelve, as a heading', () => {
    expect(parseMarkdownBlocks('#hashtag\n\n############# thirteen')).toEqual([
      paragraph('#hashtag'),
      paragraph('############# thirteen'),
    ]);
  });

  it('keeps a "#" that is part of the heading text', () => {
    expect(parseMarkdownBlocks('## Using C#')).toEqual([heading(2, 'Using C#')]);
  });

  it('reads setext headings underlined with === and ---', () => {
    const source =
      'Tenant Rights\n=============\n\nIntro text.\n\nRepairs\n-------\n\nThe landlord must repair.';
    expect(parseMarkdownBlocks(source)).toEqual([
      heading(1, 'Tenant Rights'),
      paragraph('Intro text.'),
      heading(2, 'Repairs'),
      paragraph('The landlord must repair.'),
    ]);
  });

  it('drops thematic breaks instead of keeping "---" as text', () => {
    expect(parseMarkdownBlocks('First.\n\n---\n\nSecond.\n\n* * *\n\nThird.')).toEqual([
      paragraph('First.'),
      paragraph('Second.'),
      paragraph('Third.'),
    ]);
  });

  it('makes each list item its own paragraph, with its continuation lines', () => {
    const source =
      'You have the right to:\n\n- a safe home\n- repairs made\n  within 30 days\n* privacy\n\n1. File.\n2) Serve.';
    expect(parseMarkdownBlocks(source)).toEqual([
      paragraph('You have the right to:'),
      paragraph('a safe home'),
      paragraph('repairs made within 30 days'),
      paragraph('privacy'),
      paragraph('File.'),
      paragraph('Serve.'),
    ]);
  });

  it('lets only "1." interrupt a running paragraph, as CommonMark does', () => {
    expect(parseMarkdownBlocks('The Act was passed in\n1999. It applies to all leases.')).toEqual([
      paragraph('The Act was passed in 1999. It applies to all leases.'),
    ]);
    expect(parseMarkdownBlocks('Steps:\n1. File.')).toEqual([paragraph('Steps:'), paragraph('File.')]);
  });

  it('does not read headings inside fenced code, and keeps the code as a paragraph', () => {
    const source = 'Before.\n\n```\n# not a heading\ncode line\n```\n\n~~~~\nunclosed fence\n# still code';
    expect(parseMarkdownBlocks(source)).toEqual([
      paragraph('Before.'),
      paragraph('# not a heading code line'),
      paragraph('unclosed fence # still code'),
    ]);
  });

  it('strips blockquote markers', () => {
    expect(parseMarkdownBlocks('> The tenant shall\n> > pay rent.')).toEqual([
      paragraph('The tenant shall pay rent.'),
    ]);
  });
});

describe('parseMarkdown', () => {
  it('uses the first heading as the title and keeps the front matter', () => {
    const document = parseMarkdown('Intro.\n\n## Deposits\n\nText.', { title: 'From front matter' });
    expect(document.format).toBe('markdown');
    expect(document.title).toBe('Deposits');
    expect(document.frontMatter).toEqual({ title: 'From front matter' });
  });
});
