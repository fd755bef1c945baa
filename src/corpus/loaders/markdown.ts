import type { DocumentBlock, ParsedDocument } from '../document.js';

/** `#` to `############`: deeper than markdown's six, for the U.S. Code chunks (see below). */
const atxHeading = /^(#{1,12})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const setextLevel1Underline = /^ {0,3}=+[ \t]*$/;
const setextLevel2Underline = /^ {0,3}-+[ \t]*$/;
const thematicBreak = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const listItem = /^[ \t]*(?:(?<bullet>[-*+])|(?<number>\d{1,9})[.)])[ \t]+(?<content>\S.*)$/;
const codeFence = /^ {0,3}(?<fence>`{3,}|~{3,})/;
const blockquoteMarker = /^ {0,3}>[ \t]?/;

type OpenBlock = { kind: 'paragraph' | 'list-item'; lines: string[] };

/**
 * Parses markdown into heading and paragraph blocks. Only the structure matters for passages,
 * so inline markup is left as text. Headings are ATX (`## Title`) or setext (a line underlined
 * with `===` or `---`); each list item is its own paragraph, so a list of tenant rights does
 * not collapse into one run-on passage; thematic breaks separate paragraphs and are dropped;
 * fenced code is kept as a paragraph and never read as headings. Headings deeper than
 * markdown's six levels occur in the U.S. Code chunks (`########` for subparagraphs) and are
 * kept with their real depth.
 */
export function parseMarkdownBlocks(text: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let open: OpenBlock | undefined;
  let fence: { marker: string; lines: string[] } | undefined;

  const pushParagraph = (lines: readonly string[]): void => {
    const paragraph = collapseWhitespace(lines.join(' '));
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph });
  };
  const pushHeading = (level: number, headingText: string): void => {
    const heading = collapseWhitespace(headingText);
    if (heading.length > 0) blocks.push({ kind: 'heading', level, text: heading });
  };
  const closeOpenBlock = (): void => {
    if (open !== undefined) pushParagraph(open.lines);
    open = undefined;
  };

  for (const rawLine of text.split(/\r?\n/)) {
    if (fence !== undefined) {
      // A fence closes with a fence of the same character at least as long as the opening one.
      const closing = codeFence.exec(rawLine)?.groups?.fence;
      const closes =
        closing !== undefined && closing[0] === fence.marker[0] && closing.length >= fence.marker.length;
      if (closes && isOnlyFence(rawLine)) {
        pushParagraph(fence.lines);
        fence = undefined;
      } else {
        fence.lines.push(rawLine.trim());
      }
      continue;
    }

    const line = stripBlockquoteMarkers(rawLine).trimEnd();
    const opening = codeFence.exec(line)?.groups?.fence;
    if (opening !== undefined) {
      closeOpenBlock();
      fence = { marker: opening, lines: [] };
      continue;
    }

    const heading = atxHeading.exec(line);
    if (heading) {
      closeOpenBlock();
      pushHeading(heading[1]!.length, heading[2] ?? '');
      continue;
    }

    if (line.trim().length === 0) {
      closeOpenBlock();
      continue;
    }

    // Setext underlines turn the paragraph above into a heading; list items cannot be one.
    if (open?.kind === 'paragraph') {
      const setextLevel = setextLevel1Underline.test(line) ? 1 : setextLevel2Underline.test(line) ? 2 : 0;
      if (setextLevel > 0) {
        pushHeading(setextLevel, open.lines.join(' '));
        open = undefined;
        continue;
      }
    }

    if (thematicBreak.test(line)) {
      closeOpenBlock();
      continue;
    }

    const item = listItem.exec(line)?.groups;
    const itemContent = item?.content;
    // As in CommonMark, a numbered line interrupts a running paragraph only when it is "1.",
    // so a wrapped sentence that happens to begin "1999. …" stays in its paragraph.
    const mayInterrupt =
      item?.bullet !== undefined || open?.kind !== 'paragraph' || Number(item?.number) === 1;
    if (itemContent !== undefined && mayInterrupt) {
      closeOpenBlock();
      open = { kind: 'list-item', lines: [itemContent] };
      continue;
    }

    if (open === undefined) open = { kind: 'paragraph', lines: [] };
    open.lines.push(line.trim());
  }
  // An unclosed fence runs to the end of the document, as in CommonMark.
  if (fence !== undefined) pushParagraph(fence.lines);
  closeOpenBlock();
  return blocks;
}

export function parseMarkdown(text: string, frontMatter: Readonly<Record<string, unknown>>): ParsedDocument {
  const blocks = parseMarkdownBlocks(text);
  const firstHeading = blocks.find((block) => block.kind === 'heading');
  return {
    format: 'markdown',
    title: firstHeading?.text,
    frontMatter,
    blocks,
  };
}

function isOnlyFence(line: string): boolean {
  return /^ {0,3}(?:`{3,}|~{3,})[ \t]*$/.test(line);
}

/** Quoted passages keep their text; the `>` markers are formatting, not content. */
function stripBlockquoteMarkers(line: string): string {
  let stripped = line;
  while (blockquoteMarker.test(stripped)) stripped = stripped.replace(blockquoteMarker, '');
  return stripped;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
