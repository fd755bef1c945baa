import path from 'node:path';
import type { DocumentFormat } from '../document.js';

/**
 * Decides how a corpus file should be read. The content is trusted over the extension: people
 * save PDFs as `.txt` and web pages as `.md`, and a wrong guess turns a source into garbage
 * passages that are hard to spot later. The extension only decides between text-like formats
 * when the content gives no signal.
 */

/** Enough to see past a BOM, a doctype and a few comments, and to judge binary-ness. */
const sampleSize = 8 * 1024;

/** Above this share of control characters the sample is not text in any encoding we read. */
const maxControlCharacterShare = 0.05;

const pdfMagic = Buffer.from('%PDF-', 'latin1');
const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);

const markdownExtensions = new Set(['.md', '.markdown', '.mdown', '.mkd']);
const htmlExtensions = new Set(['.html', '.htm', '.xhtml']);
const jsonLinesExtensions = new Set(['.jsonl', '.ndjson']);

/** The start of a whole HTML page, as opposed to a fragment of inline HTML in markdown. */
const htmlPageStart = /^<(?:!doctype\s+html|html|head|body)[\s>/]/i;
/** Saved web pages often begin with `<!-- saved from url=… -->` or an XML declaration. */
const leadingCommentOrDeclaration = /^(?:\s*(?:<!--[\s\S]*?-->|<\?xml[\s\S]*?\?>))+\s*/i;
/** Any opening or closing tag: enough to call a `.html` file HTML rather than plain text. */
const anyHtmlTag = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i;
const atxHeadingLine = /^#{1,6}[ \t]+\S/m;

export function detectFormat(bytes: Buffer, fileName: string): DocumentFormat | 'binary' {
  const extension = path.extname(fileName).toLowerCase();
  if (startsWith(bytes, pdfMagic)) return 'pdf';
  // Gzip: a compressed JSON-lines collection is streamed elsewhere; as a single document it is opaque.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'binary';
  const sample = bytes.subarray(0, sampleSize);
  if (looksBinary(sample)) return 'binary';
  // A `.pdf` without the magic is damaged or mislabelled; the PDF loader says so, rather than
  // ingesting whatever text it happens to hold.
  if (extension === '.pdf') return 'pdf';

  const text = sampleText(sample);
  const afterPreamble = text.replace(leadingCommentOrDeclaration, '');
  if (htmlPageStart.test(afterPreamble)) return 'html';
  if (htmlExtensions.has(extension) && anyHtmlTag.test(text)) return 'html';
  if (jsonLinesExtensions.has(extension) || looksLikeJsonLines(text)) return 'jsonl';
  if (markdownExtensions.has(extension) || atxHeadingLine.test(text)) return 'markdown';
  return 'text';
}

/**
 * The offset of the first byte that starts an ill-formed UTF-8 sequence (stray continuation
 * byte, invalid lead byte, missing continuation, overlong form, surrogate, or beyond U+10FFFF),
 * or undefined when the whole buffer is valid.
 * `TextDecoder` can tell us *that* a buffer is invalid but not *where*, and "offset 1834" is what
 * lets someone fix the file.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let offset = 0;
  while (offset < bytes.length) {
    const lead = bytes[offset]!;
    if (lead < 0x80) {
      offset += 1;
      continue;
    }
    // Sequence length, and the allowed range of the second byte, which is how UTF-8 rules out
    // overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
    let length: number;
    let secondMin = 0x80;
    let secondMax = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) secondMin = 0xa0;
      if (lead === 0xed) secondMax = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) secondMin = 0x90;
      if (lead === 0xf4) secondMax = 0x8f;
    } else return offset;

    for (let index = 1; index < length; index += 1) {
      const continuation = bytes[offset + index];
      const min = index === 1 ? secondMin : 0x80;
      const max = index === 1 ? secondMax : 0xbf;
      // Report the start of the broken sequence: in a Latin-1 file that is the "é" itself.
      if (continuation === undefined || continuation < min || continuation > max) return offset;
    }
    offset += length;
  }
  return undefined;
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

/**
 * NUL never appears in text we can read. Other control characters do (tabs, form feeds from
 * `pdftotext`, the odd stray escape), so only a high share of them counts.
 */
function looksBinary(sample: Buffer): boolean {
  if (sample.length === 0) return false;
  let controlCharacters = 0;
  for (const byte of sample) {
    if (byte === 0x00) return true;
    const isAllowedWhitespace =
      byte === 0x09 || byte === 0x0a || byte === 0x0b || byte === 0x0c || byte === 0x0d;
    if ((byte < 0x20 && !isAllowedWhitespace) || byte === 0x7f) controlCharacters += 1;
  }
  return controlCharacters / sample.length > maxControlCharacterShare;
}

/** Lenient decoding is fine for sniffing; strict validation happens when the file is read. */
function sampleText(sample: Buffer): string {
  const withoutBom = startsWith(sample, utf8Bom) ? sample.subarray(utf8Bom.length) : sample;
  return withoutBom.toString('utf8').trimStart();
}

/** A `.txt` that is really JSON lines: the first few complete lines are all JSON objects. */
function looksLikeJsonLines(text: string): boolean {
  // The last line of the sample may be cut off, so only lines followed by a newline count.
  const completeLines = text
    .split('\n')
    .slice(0, -1)
    .map((line) => line.trim());
  const candidates = completeLines.filter((line) => line.length > 0).slice(0, 5);
  if (candidates.length < 2) return false;
  return candidates.every((line) => {
    if (!line.startsWith('{') || !line.endsWith('}')) return false;
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  });
}
