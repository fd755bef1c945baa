import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat, firstInvalidUtf8Offset } from '../../../src/corpus/loaders/detect.js';
import { buildPdf } from './pdf-fixtures.js';

const text = (content: string): Buffer => Buffer.from(content, 'utf8');

describe('detectFormat', () => {
  describe('content wins over the extension', () => {
    it('reads a PDF saved with a .txt or .md extension as a PDF', () => {
      const pdf = buildPdf([{ lines: [{ text: 'Hello', fontSize: 12, y: 700 }] }]);
      expect(detectFormat(pdf, 'guide.txt')).toBe('pdf');
      expect(detectFormat(pdf, 'guide.md')).toBe('pdf');
      expect(detectFormat(pdf, 'guide')).toBe('pdf');
    });

    it('reads a whole HTML page saved as .md or .txt as HTML', () => {
      expect(detectFormat(text('<!DOCTYPE html><html><body><p>Hi</p></body></html>'), 'page.md')).toBe(
        'html',
      );
      expect(detectFormat(text('<html lang="en"><p>Hi</p></html>'), 'page.txt')).toBe('html');
      expect(detectFormat(text('<head><title>T</title></head>'), 'page')).toBe('html');
      expect(detectFormat(text('<body>\n<p>Hi</p>'), 'notes.markdown')).toBe('html');
    });

    it('looks past a BOM, whitespace, a "saved from" comment and an XML declaration', () => {
      const saved =
        '\uFEFF  \n<!-- saved from url=(0031)https://example.org/evictions -->\n<!doctype html><p>x</p>';
      expect(detectFormat(text(saved), 'evictions.txt')).toBe('html');
      const xhtml =
        '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>';
      expect(detectFormat(text(xhtml), 'page.xhtml')).toBe('html');
    });

    it('keeps markdown that merely contains inline HTML as markdown', () => {
      const readme = '<div align="center">\n\n# Tenant rights\n\n</div>\n\nBody.';
      expect(detectFormat(text(readme), 'README.md')).toBe('markdown');
    });

    it('does not take a tag-like word for a whole page', () => {
      expect(detectFormat(text('<htmlish> is not a tag we know'), 'notes.txt')).toBe('text');
    });
  });

  describe('the extension decides when content gives no signal', () => {
    it('reads .md and .markdown as markdown even without headings', () => {
      expect(detectFormat(text('Just a paragraph.'), 'a.md')).toBe('markdown');
      expect(detectFormat(text('Just a paragraph.'), 'a.MARKDOWN')).toBe('markdown');
    });

    it('reads .html with tags as HTML, but .html without any tag as text', () => {
      expect(detectFormat(text('<p>Fragment with <b>tags</b></p>'), 'fragment.html')).toBe('html');
      expect(detectFormat(text('<div>x</div>'), 'fragment.HTM')).toBe('html');
      expect(detectFormat(text('No markup at all, 3 < 4.'), 'plain.html')).toBe('text');
    });

    it('reads .jsonl and .ndjson as JSON lines', () => {
      expect(detectFormat(text('{"id":1}\n{"id":2}\n'), 'cases.jsonl')).toBe('jsonl');
      expect(detectFormat(text('{"id":1}\n'), 'cases.ndjson')).toBe('jsonl');
    });

    it('reports a .pdf without the %PDF- header as a PDF, so the PDF loader can call it damaged', () => {
      expect(detectFormat(text('This is not really a PDF.'), 'brochure.pdf')).toBe('pdf');
    });
  });

  describe('content signals for text files', () => {
    it('reads ATX headings at the start of a line as markdown', () => {
      expect(detectFormat(text('Intro\n\n## Notice to quit\n\nText.'), 'guide.txt')).toBe('markdown');
    });

    it('does not take "#1" or a mid-line "#" for a heading', () => {
      expect(detectFormat(text('Our #1 priority\nIssue #42 # not a heading'), 'notes.txt')).toBe('text');
    });

    it('reads JSON objects, one per line, as JSON lines whatever the extension', () => {
      expect(detectFormat(text('{"id":"a","text":"x"}\n{"id":"b","text":"y"}\n'), 'cases.txt')).toBe('jsonl');
    });

    it('does not read a single JSON-looking line as JSON lines', () => {
      expect(detectFormat(text('{"just": "one"}\nand then prose\n'), 'notes.txt')).toBe('text');
    });

    it('falls back to plain text', () => {
      expect(detectFormat(text('SECTION 1. DEFINITIONS\n\nText.'), 'statute.txt')).toBe('text');
      expect(detectFormat(text('Text with no extension'), 'README')).toBe('text');
    });
  });

  describe('binary files', () => {
    it('reports NUL bytes as binary', () => {
      expect(detectFormat(Buffer.from([0x48, 0x69, 0x00, 0x21]), 'notes.txt')).toBe('binary');
    });

    it('reports gzip as binary even when named like a collection', () => {
      expect(detectFormat(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x42]), 'cases.jsonl.gz')).toBe(
        'binary',
      );
      expect(detectFormat(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x42]), 'cases.jsonl')).toBe('binary');
    });

    it('reports a high share of control characters as binary, but tolerates a few', () => {
      const noisy = Buffer.from(Array.from({ length: 200 }, (_, index) => (index % 5 === 0 ? 0x01 : 0x61)));
      expect(detectFormat(noisy, 'noise.txt')).toBe('binary');
      const formFeeds = text('Page one text.\f\nPage two text.\f\nPage three.\u001b');
      expect(detectFormat(formFeeds, 'pages.txt')).toBe('text');
    });

    it('only samples the first 8 KB', () => {
      const late = Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.from([0x00])]);
      expect(detectFormat(late, 'late.txt')).toBe('text');
    });

    it('treats a PDF, which contains binary bytes, as a PDF and not as binary', () => {
      const pdfWithBinaryStream = Buffer.concat([
        Buffer.from('%PDF-1.7\n'),
        Buffer.from([0x00, 0x01, 0x02, 0xff]),
      ]);
      expect(detectFormat(pdfWithBinaryStream, 'scan.pdf')).toBe('pdf');
    });
  });
});

describe('firstInvalidUtf8Offset', () => {
  it('accepts valid UTF-8 of every sequence length', () => {
    expect(firstInvalidUtf8Offset(text('a é € 𝄞 §'))).toBeUndefined();
  });

  it('points at a stray continuation byte or invalid lead byte', () => {
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0x62, 0x80, 0x63]))).toBe(2);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xff]))).toBe(1);
    // Latin-1 "é" (0xE9 at offset 3) reads as a UTF-8 lead byte whose continuation never comes.
    expect(firstInvalidUtf8Offset(Buffer.from('café au lait', 'latin1'))).toBe(3);
  });

  it('points at the start of overlong forms, surrogates and code points above U+10FFFF', () => {
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xe0, 0x80, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xf4, 0x90, 0x80, 0x80]))).toBe(1);
    // U+10FFFF itself, just below the limit, is fine.
    expect(firstInvalidUtf8Offset(Buffer.from([0xf4, 0x8f, 0xbf, 0xbf]))).toBeUndefined();
  });

  it('points at the lead byte of a sequence cut short, mid-file or at the end', () => {
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xe2, 0x82, 0x61]))).toBe(1);
  });

  it('agrees with a fatal TextDecoder on which byte strings are valid', () => {
    const strictDecoder = new TextDecoder('utf-8', { fatal: true });
    const decoderAccepts = (bytes: Uint8Array): boolean => {
      try {
        strictDecoder.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    // Random bytes are mostly invalid; encoded strings with one byte changed exercise the edges.
    const randomBytes = fc.uint8Array({ maxLength: 24 });
    const scalarValue = fc.oneof(
      fc.integer({ min: 0, max: 0xd7ff }),
      fc.integer({ min: 0xe000, max: 0x10ffff }),
    );
    const nearlyValid = fc
      .tuple(
        fc.array(scalarValue, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
      )
      .map(([codePoints, position, replacement]) => {
        const bytes = Buffer.from(String.fromCodePoint(...codePoints), 'utf8');
        bytes[position % bytes.length] = replacement;
        return new Uint8Array(bytes);
      });
    fc.assert(
      fc.property(
        fc.oneof(randomBytes, nearlyValid),
        (bytes) => (firstInvalidUtf8Offset(bytes) === undefined) === decoderAccepts(bytes),
      ),
      { numRuns: 2000 },
    );
  });
});
