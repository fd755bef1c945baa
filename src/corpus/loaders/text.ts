import type { DocumentBlock, ParsedDocument } from '../document.js';

/**
 * Plain text has no markup, so structure is guessed conservatively: paragraphs are runs of
 * non-blank lines, and a paragraph that is a single short line is a heading when it looks like
 * one — ALL CAPS ("GENERAL PROVISIONS"), or a numbered division ("Section 3. Notice",
 * "Chapter 2 — Leases", "Rule 12. Defenses"). A multi-line paragraph is never a heading, which
 * keeps capitalised disclaimers and wrapped text out of the heading path.
 */

const maxHeadingLength = 120;
const maxCapsHeadingLength = 80;

const divisionKeywords = [
  'Section',
  'Sec.',
  '§',
  'Chapter',
  'Rule',
  'Article',
  'Part',
  'Title',
  'Subchapter',
  'Subpart',
  'Appendix',
  'Schedule',
];

/**
 * A division keyword (capitalised or upper case), a number ("12", "12A", "3.1", "12(b)", or an
 * upper-case roman numeral), then punctuation or the end of the line. The match is case-sensitive
 * so that "Part mix" is not read as Part + roman numeral, and the punctuation keeps sentences
 * such as "Section 3 of the Act provides…" out.
 */
const numberedHeading = new RegExp(
  `^(?<keyword>${divisionKeywords
    .flatMap((keyword) => [keyword, keyword.toUpperCase()])
    .map(escapeRegExp)
    .join('|')})` +
    String.raw`\s*(?:[0-9]+[A-Za-z]?(?:[.-][0-9A-Za-z]+)*(?:\([0-9A-Za-z]+\))*|[IVXLCDM]+)` +
    String.raw`(?:\s*(?:[.:—–]|-{1,2})(?:\s+\S.*)?)?$`,
);

export function parseTextBlocks(text: string): DocumentBlock[] {
  const groups = splitIntoLineGroups(text);
  // Heading levels follow the order in which heading styles first appear, as reStructuredText
  // does for underline styles: in "CHAPTER 1 / Section 1. / Section 2. / CHAPTER 2" chapters
  // come first, so they are level 1 and sections level 2.
  const levelByStyle = new Map<string, number>();
  const blocks: DocumentBlock[] = [];
  for (const lines of groups) {
    const style = lines.length === 1 ? headingStyle(lines[0]!) : undefined;
    const text = collapseWhitespace(lines.join(' '));
    if (style === undefined) {
      blocks.push({ kind: 'paragraph', text });
      continue;
    }
    if (!levelByStyle.has(style)) levelByStyle.set(style, levelByStyle.size + 1);
    blocks.push({ kind: 'heading', level: levelByStyle.get(style)!, text });
  }
  return blocks;
}

export function parseText(text: string, frontMatter: Readonly<Record<string, unknown>>): ParsedDocument {
  const blocks = parseTextBlocks(text);
  // Only a heading that opens the document is a title; a "Section 4." halfway down is not.
  const first = blocks[0];
  return {
    format: 'text',
    title: first?.kind === 'heading' ? first.text : undefined,
    frontMatter,
    blocks,
  };
}

/**
 * Runs of non-blank lines, trimmed. A form feed (a page break in `pdftotext` output) counts as
 * a blank line, so a page's running footer does not merge into the next page's first paragraph.
 */
function splitIntoLineGroups(text: string): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  for (const rawLine of text.replace(/\f/g, '\n\n').split(/\r\n?|\n/)) {
    const line = rawLine.trim();
    if (line.length > 0) {
      current.push(line);
      continue;
    }
    if (current.length > 0) groups.push(current);
    current = [];
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The kind of heading a standalone line is ("chapter", "section", "caps"), or undefined. */
function headingStyle(line: string): string | undefined {
  if (line.length > maxHeadingLength) return undefined;
  const numbered = numberedHeading.exec(line);
  if (numbered?.groups?.keyword !== undefined) return normaliseKeyword(numbered.groups.keyword);
  if (isAllCapsHeading(line)) return 'caps';
  return undefined;
}

function normaliseKeyword(keyword: string): string {
  const lower = keyword.toLowerCase();
  return lower === 'sec.' || lower === '§' ? 'section' : lower;
}

function isAllCapsHeading(line: string): boolean {
  if (line.length > maxCapsHeadingLength) return false;
  const letters = line.match(/\p{L}/gu) ?? [];
  // Two letters at least, so "A." or a lone roman numeral "I" is not taken for a heading.
  if (letters.length < 2) return false;
  if (letters.some((letter) => letter !== letter.toUpperCase() || letter === letter.toLowerCase())) {
    return false;
  }
  // A trailing comma or semicolon means the sentence carries on: a shouted clause, not a title.
  return !/[,;]$/.test(line);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
