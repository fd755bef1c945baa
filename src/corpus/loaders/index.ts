import path from 'node:path';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import type { ParsedDocument } from '../document.js';
import { detectFormat, firstInvalidUtf8Offset } from './detect.js';
import { splitFrontMatter } from './front-matter.js';
import { parseHtml } from './html.js';
import { parseMarkdown } from './markdown.js';
import { parsePdf } from './pdf.js';
import { parseText } from './text.js';

export { detectFormat } from './detect.js';

export interface LoadDocumentOptions {
  /** Files above this size are refused before any decoding. Defaults to 20 MB. */
  readonly maxBytes?: number;
}

const megabyte = 1024 * 1024;
const defaultMaxBytes = 20 * megabyte;

/**
 * The single entry point for turning one corpus file into blocks. It refuses, with a message
 * that starts with the file name and reads well on its own, anything that would produce
 * useless passages: oversized, empty, binary or mis-encoded files, and documents with no text.
 */
export async function loadDocument(
  bytes: Buffer,
  fileName: string,
  options: LoadDocumentOptions = {},
): Promise<ParsedDocument> {
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new RangeError(`maxBytes must be a positive number, got ${maxBytes}`);
  }
  // Checked first, so a 2 GB upload costs nothing beyond reading its length.
  if (bytes.length > maxBytes) {
    throw invalid(
      fileName,
      `${fileName} is larger than the ${formatSize(maxBytes)} limit (${formatSize(bytes.length)})`,
    );
  }
  if (isBlank(bytes)) throw invalid(fileName, `${fileName} is empty`);

  const format = detectFormat(bytes, fileName);
  let document: ParsedDocument;
  switch (format) {
    case 'binary':
      throw invalid(fileName, `${fileName} is a binary file, not a PDF, HTML, markdown or text document`);
    case 'jsonl': {
      const stem = path.basename(fileName).replace(/\.[^.]+$/, '');
      throw invalid(
        fileName,
        `${fileName} is a JSON-lines file; ingest it as its own collection, with a sibling ${stem}.collection.json`,
      );
    }
    case 'pdf':
      document = await parsePdf(bytes, fileName);
      break;
    case 'html':
      document = parseHtml(decodeText(bytes, fileName));
      break;
    case 'markdown': {
      const { frontMatter, body } = splitFrontMatter(decodeText(bytes, fileName), fileName);
      document = parseMarkdown(body, frontMatter);
      break;
    }
    case 'text': {
      const { frontMatter, body } = splitFrontMatter(decodeText(bytes, fileName), fileName);
      document = parseText(body, frontMatter);
      break;
    }
  }
  if (document.blocks.length === 0) throw invalid(fileName, `${fileName} has no text`);
  return document;
}

/**
 * Strict UTF-8: a mis-encoded file would otherwise be ingested with U+FFFD where its words were.
 * The decoder also drops a leading byte-order mark (its `ignoreBOM` defaults to false).
 */
function decodeText(bytes: Buffer, fileName: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const offset = firstInvalidUtf8Offset(bytes) ?? 0;
    throw invalid(fileName, `${fileName} is not valid UTF-8 (first bad byte at offset ${offset})`, error);
  }
  // Blank in the Unicode sense too: no-break spaces, ideographic spaces.
  if (text.trim().length === 0) throw invalid(fileName, `${fileName} is empty`);
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Whitespace, optionally after a byte-order mark, and nothing else. Looked at as bytes so that a
 * blank file is reported as empty whatever its extension (a blank `.pdf` is not a corrupt PDF).
 */
function isBlank(bytes: Buffer): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let index = start; index < bytes.length; index += 1) {
    const byte = bytes[index];
    const isAsciiWhitespace =
      byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c;
    if (!isAsciiWhitespace) return false;
  }
  return true;
}

function formatSize(byteCount: number): string {
  if (byteCount >= megabyte) return `${Number((byteCount / megabyte).toFixed(1))} MB`;
  if (byteCount >= 1024) return `${Number((byteCount / 1024).toFixed(1))} KB`;
  return `${byteCount} bytes`;
}

function invalid(fileName: string, message: string, cause?: unknown): AmicusError {
  return new AmicusError(ErrorCode.CorpusInvalid, message, {
    location: fileName,
    ...(cause === undefined ? {} : { cause }),
  });
}
