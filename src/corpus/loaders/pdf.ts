import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import type { DocumentBlock, ParsedDocument } from '../document.js';

/**
 * PDF → blocks through the text layer. A PDF has no paragraphs or headings, only positioned
 * runs of text, so structure is rebuilt from geometry: runs on the same baseline form a line,
 * lines separated by more than the usual line spacing start a new paragraph, and lines set
 * noticeably larger than the body text are headings, ranked by size.
 */

type TextContentItem = Awaited<ReturnType<PDFPageProxy['getTextContent']>>['items'][number];

interface TextRun {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly fontSize: number;
}

interface TextLine {
  readonly page: number;
  readonly text: string;
  /** Baseline; PDF y grows upwards, so the next line down has a smaller y. */
  readonly y: number;
  readonly fontSize: number;
}

/** A line this much larger than the body text is a heading; 15% separates 12pt from 10.5pt. */
const headingSizeRatio = 1.15;
/** Longer "headings" are body text in a larger font (a pull quote, a warning box). */
const maxHeadingLength = 200;
/** A gap this many times the usual line spacing separates paragraphs. */
const paragraphGapRatio = 1.3;
/** Sizes are compared after rounding, so 11 and 11.04 count as the same font size. */
const sizePrecision = 0.5;

const pageNumberLine = /^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$/i;

export async function parsePdf(bytes: Uint8Array, fileName: string): Promise<ParsedDocument> {
  // Loaded on first use: pdf.js is large and installs browser globals (navigator, DOMMatrix)
  // on Node, which processes that never read a PDF should not pay for.
  const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loadingTask = getDocument({
    // A copy, because pdf.js rejects Node Buffers and may detach the buffer it is given.
    data: new Uint8Array(bytes),
    // Character maps (needed to decode CJK text in translated guides) and the standard fonts
    // are read from the installed package, never fetched.
    cMapUrl: packageDirectory('cmaps'),
    standardFontDataUrl: packageDirectory('standard_fonts'),
    // Text extraction renders nothing: no font faces, no system fonts, and no `eval`-compiled
    // glyph code (the CVE-2024-4367 hardening).
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    // Otherwise every damaged or font-less file prints warnings straight to the console.
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    let document: PDFDocumentProxy;
    try {
      document = await loadingTask.promise;
    } catch (error) {
      throw invalid(fileName, describeOpenFailure(error, fileName), error);
    }
    const lines = withoutRunningHeadersAndFooters(await readLines(document, fileName));
    if (lines.length === 0) {
      throw invalid(fileName, `${fileName} has no text layer (a scanned image? run OCR on it first)`);
    }
    const blocks = linesToBlocks(lines);
    const firstHeading = blocks.find((block) => block.kind === 'heading');
    return {
      format: 'pdf',
      title: (await metadataTitle(document)) ?? firstHeading?.text,
      frontMatter: {},
      blocks,
    };
  } finally {
    await loadingTask.destroy();
  }
}

/** A data directory inside `pdfjs-dist`; pdf.js insists on the trailing slash, even on Windows. */
function packageDirectory(name: string): string {
  const packageJson = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  return `${path.join(path.dirname(packageJson), name)}/`;
}

function describeOpenFailure(error: unknown, fileName: string): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return `${fileName} is password-protected`;
  const reason = error instanceof Error ? error.message : String(error);
  return `${fileName} is not a valid PDF (${reason})`;
}

async function readLines(document: PDFDocumentProxy, fileName: string): Promise<TextLine[]> {
  const lines: TextLine[] = [];
  for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber += 1) {
    let items: TextContentItem[];
    try {
      const page = await document.getPage(pageNumber);
      items = (await page.getTextContent()).items;
      page.cleanup();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalid(fileName, `${fileName} has an unreadable page ${pageNumber} (${reason})`, error);
    }
    lines.push(...groupIntoLines(items.flatMap(toTextRun), pageNumber));
  }
  return lines;
}

function toTextRun(item: TextContentItem): TextRun[] {
  // Marked-content items (structure tags) carry no text.
  if (!('str' in item) || item.str.length === 0) return [];
  const [scaleX, skewY, skewX, scaleY, x, y] = numbersOf(item.transform);
  // Rotated or sheared text is a watermark ("DRAFT", "SAMPLE") far more often than content.
  if (Math.abs(skewY) > 1e-3 || Math.abs(skewX) > 1e-3 || scaleX <= 0) return [];
  return [{ text: item.str, x, y, width: item.width, fontSize: Math.abs(scaleY) }];
}

/** pdf.js types the transform as `any[]`; read it as six numbers, zero where missing. */
function numbersOf(values: readonly unknown[]): [number, number, number, number, number, number] {
  const at = (index: number): number => {
    const value = values[index];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  return [at(0), at(1), at(2), at(3), at(4), at(5)];
}

/**
 * Runs arrive in content-stream order, which is reading order in nearly every PDF; a run whose
 * baseline is within half a font size of the current line (a superscript, a bold word) joins it.
 */
function groupIntoLines(runs: readonly TextRun[], page: number): TextLine[] {
  const groups: TextRun[][] = [];
  for (const run of runs) {
    const current = groups.at(-1);
    const anchor = current?.[0];
    if (current !== undefined && anchor !== undefined && Math.abs(run.y - anchor.y) <= anchor.fontSize / 2) {
      current.push(run);
    } else {
      groups.push([run]);
    }
  }
  return groups.flatMap((group) => {
    const text = joinRuns(group);
    return text.length === 0 ? [] : [{ page, text, y: group[0]!.y, fontSize: dominantSize(group) }];
  });
}

/** Left to right, with a space wherever the gap between runs is wider than a thin space. */
function joinRuns(runs: readonly TextRun[]): string {
  const ordered = [...runs].sort((left, right) => left.x - right.x);
  let text = '';
  let previousEnd: number | undefined;
  for (const run of ordered) {
    const gap = previousEnd === undefined ? 0 : run.x - previousEnd;
    if (gap > run.fontSize * 0.15 && !/\s$/.test(text) && !/^\s/.test(run.text)) text += ' ';
    text += run.text;
    previousEnd = run.x + run.width;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** The size that covers the most characters, so one large initial does not make a heading. */
function dominantSize(runs: readonly { text: string; fontSize: number }[]): number {
  const charactersBySize = new Map<number, number>();
  for (const run of runs) {
    const size = roundSize(run.fontSize);
    charactersBySize.set(size, (charactersBySize.get(size) ?? 0) + run.text.trim().length);
  }
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of charactersBySize) {
    if (count > bestCount) [best, bestCount] = [size, count];
  }
  return best;
}

/**
 * Court forms and guides repeat a header or "Page 3 of 10" on every page; as passages they
 * would match every question. A line is dropped when (ignoring digits) it recurs on more than
 * half the pages of a document of three or more, or when it is a bare page number at the top or
 * bottom of its page.
 */
function withoutRunningHeadersAndFooters(lines: readonly TextLine[]): TextLine[] {
  const pageCount = new Set(lines.map((line) => line.page)).size;
  const pagesByText = new Map<string, Set<number>>();
  for (const line of lines) {
    const key = line.text.toLowerCase().replace(/\d+/g, '#');
    pagesByText.set(key, (pagesByText.get(key) ?? new Set()).add(line.page));
  }
  return lines.filter((line, index) => {
    const repeatedPages = pagesByText.get(line.text.toLowerCase().replace(/\d+/g, '#'))?.size ?? 0;
    if (pageCount >= 3 && repeatedPages > pageCount / 2) return false;
    const isFirstOnPage = lines[index - 1]?.page !== line.page;
    const isLastOnPage = lines[index + 1]?.page !== line.page;
    return !((isFirstOnPage || isLastOnPage) && pageNumberLine.test(line.text));
  });
}

function linesToBlocks(lines: readonly TextLine[]): DocumentBlock[] {
  const bodySize = dominantSize(lines);
  const headingLevelBySize = rankHeadingSizes(lines, bodySize);
  const paragraphGap = usualLineSpacing(lines, bodySize) * paragraphGapRatio;

  const blocks: DocumentBlock[] = [];
  let paragraph: string[] = [];
  let previous: TextLine | undefined;
  const flushParagraph = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };

  for (const line of lines) {
    const level = headingLevelBySize.get(line.fontSize);
    if (level !== undefined && isHeadingText(line.text)) {
      flushParagraph();
      const last = blocks.at(-1);
      // A heading that wraps onto a second line is still one heading.
      if (
        last?.kind === 'heading' &&
        last.level === level &&
        previous !== undefined &&
        isWrapOf(previous, line)
      ) {
        blocks[blocks.length - 1] = { ...last, text: `${last.text} ${line.text}` };
      } else {
        blocks.push({ kind: 'heading', level, text: line.text });
      }
    } else if (
      paragraph.length > 0 &&
      previous !== undefined &&
      continuesParagraph(previous, line, paragraphGap)
    ) {
      paragraph.push(line.text);
    } else {
      flushParagraph();
      paragraph.push(line.text);
    }
    previous = line;
  }
  flushParagraph();
  return blocks;
}

/** Distinct sizes noticeably above the body size, largest first: level 1, 2, 3… */
function rankHeadingSizes(lines: readonly TextLine[], bodySize: number): Map<number, number> {
  const sizes = [...new Set(lines.map((line) => line.fontSize))]
    .filter((size) => size >= bodySize * headingSizeRatio)
    .sort((left, right) => right - left);
  return new Map(sizes.map((size, index) => [size, index + 1]));
}

function isHeadingText(text: string): boolean {
  return text.length <= maxHeadingLength && /\p{L}/u.test(text);
}

function isWrapOf(previous: TextLine, line: TextLine): boolean {
  const gap = previous.y - line.y;
  return previous.page === line.page && gap > 0 && gap <= line.fontSize * 1.6;
}

/**
 * The most common baseline-to-baseline distance between consecutive body lines. When every
 * paragraph is a single line, that distance is the paragraph gap itself, so it is capped at 1.5×
 * the body size (ordinary leading is about 1.2×).
 */
function usualLineSpacing(lines: readonly TextLine[], bodySize: number): number {
  const counts = new Map<number, number>();
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    if (previous === undefined || previous.page !== line.page || line.fontSize !== bodySize) return;
    const gap = roundSize(previous.y - line.y);
    if (gap > 0 && gap < bodySize * 3) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  });
  let usual = bodySize * 1.2;
  let usualCount = 0;
  for (const [gap, count] of counts) {
    if (count > usualCount) [usual, usualCount] = [gap, count];
  }
  return Math.min(usual, bodySize * 1.5);
}

function continuesParagraph(previous: TextLine, line: TextLine, paragraphGap: number): boolean {
  if (previous.page === line.page) {
    const gap = previous.y - line.y;
    // A line above the previous one is the top of a new column or a new text box.
    return gap > 0 && gap <= paragraphGap;
  }
  // Across a page break, a sentence that has not ended carries on into a lowercase word.
  return !/[.!?:;"”)\]]$/.test(previous.text) && /^\p{Ll}/u.test(line.text);
}

async function metadataTitle(document: PDFDocumentProxy): Promise<string | undefined> {
  // Broken metadata should not cost the document; the first heading stands in for the title.
  const metadata = await document.getMetadata().catch(() => undefined);
  const info: unknown = metadata?.info;
  if (typeof info !== 'object' || info === null || !('Title' in info) || typeof info.Title !== 'string') {
    return undefined;
  }
  const title = info.Title.replace(/\s+/g, ' ').trim();
  return title.length > 0 ? title : undefined;
}

function roundSize(size: number): number {
  return Math.round(size / sizePrecision) * sizePrecision;
}

function invalid(fileName: string, message: string, cause?: unknown): AmicusError {
  return new AmicusError(ErrorCode.CorpusInvalid, message, {
    location: fileName,
    ...(cause === undefined ? {} : { cause }),
  });
}
