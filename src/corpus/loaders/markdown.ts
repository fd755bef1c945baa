import type { DocumentBlock, ParsedDocument } from '../document.js';

const atxHeading = /^(#{1,12})[ \t]+(.*?)[ \t#]*$/;

/**
 * Parses markdown into heading and paragraph blocks. Only the structure matters for passages,
 * so inline markup is left as text; paragraphs are runs of non-blank lines. Headings deeper
 * than markdown's six levels occur in the U.S. Code chunks (`########` for subparagraphs) and
 * are kept with their real depth.
 */
export function parseMarkdownBlocks(text: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let paragraphLines: string[] = [];
  const flushParagraph = (): void => {
    const paragraph = paragraphLines.join(' ').replace(/\s+/g, ' ').trim();
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph });
    paragraphLines = [];
  };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trimEnd();
    const heading = atxHeading.exec(line);
    if (heading) {
      flushParagraph();
      const headingText = (heading[2] ?? '').replace(/\s+/g, ' ').trim();
      if (headingText.length > 0) blocks.push({ kind: 'heading', level: heading[1]!.length, text: headingText });
      continue;
    }
    if (line.trim().length === 0) {
      flushParagraph();
      continue;
    }
    paragraphLines.push(line.trim());
  }
  flushParagraph();
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
