import { afterEach, describe, expect, it, vi } from 'vitest';
import { AmicusError, ErrorCode } from '../../../src/core/errors.js';
import { loadDocument } from '../../../src/corpus/loaders/index.js';
import { buildPdf } from './pdf-fixtures.js';

const heading = (level: number, text: string) => ({ kind: 'heading', level, text });
const paragraph = (text: string) => ({ kind: 'paragraph', text });
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

async function rejectionOf(promise: Promise<unknown>): Promise<AmicusError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof AmicusError) return error;
  throw new Error(`expected an AmicusError, got ${String(error)}`);
}

/** Every refusal is CorpusInvalid, located at the file, with a message that starts with its name. */
async function expectRefusal(
  bytes: Buffer,
  fileName: string,
  message: RegExp,
  maxBytes?: number,
): Promise<void> {
  const error = await rejectionOf(loadDocument(bytes, fileName, maxBytes === undefined ? {} : { maxBytes }));
  expect(error.code).toBe(ErrorCode.CorpusInvalid);
  expect(error.location).toBe(fileName);
  expect(error.message.startsWith(`${fileName} `)).toBe(true);
  expect(error.message).toMatch(message);
}

describe('loadDocument', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('formats', () => {
    it('reads markdown through its front matter', async () => {
      const source =
        '---\ntitle: Security Deposits\nasOf: 2024-05-01\n---\n# Deposits\n\nReturn within 30 days.\n';
      expect(await loadDocument(utf8(source), 'deposits.md')).toEqual({
        format: 'markdown',
        title: 'Deposits',
        frontMatter: { title: 'Security Deposits', asOf: '2024-05-01' },
        blocks: [heading(1, 'Deposits'), paragraph('Return within 30 days.')],
      });
    });

    it('reads front matter in plain text too, and finds text headings', async () => {
      const source =
        '---\npublisher: Example Court\n---\nRULES OF PROCEDURE\n\nRule 1. Scope\n\nThese rules govern.';
      const document = await loadDocument(utf8(source), 'rules.txt');
      expect(document.format).toBe('text');
      expect(document.frontMatter).toEqual({ publisher: 'Example Court' });
      expect(document.blocks).toEqual([
        heading(1, 'RULES OF PROCEDURE'),
        heading(2, 'Rule 1. Scope'),
        paragraph('These rules govern.'),
      ]);
    });

    it('strips a UTF-8 byte-order mark, so front matter and first words are intact', async () => {
      const withBom = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        utf8('---\ntitle: A\n---\nFirst words.'),
      ]);
      const document = await loadDocument(withBom, 'bom.md');
      expect(document.frontMatter).toEqual({ title: 'A' });
      expect(document.blocks).toEqual([paragraph('First words.')]);
      const plain = await loadDocument(
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('Hello.')]),
        'b.txt',
      );
      expect(plain.blocks).toEqual([paragraph('Hello.')]);
    });

    it('reads a PDF saved as .txt as a PDF', async () => {
      const pdf = buildPdf([
        {
          lines: [
            { text: 'Fee Waivers', fontSize: 20, y: 700 },
            { text: 'You may ask the court to waive fees.', fontSize: 11, y: 670 },
          ],
        },
      ]);
      const document = await loadDocument(pdf, 'fee-waivers.txt');
      expect(document.format).toBe('pdf');
      expect(document.blocks).toEqual([
        heading(1, 'Fee Waivers'),
        paragraph('You may ask the court to waive fees.'),
      ]);
    });

    it('reads a whole HTML page saved as .md as HTML, not as markdown full of tags', async () => {
      const page =
        '<!doctype html><title>Small Claims</title><main><h1>Small claims</h1><p>Up to $10,000.</p></main>';
      const document = await loadDocument(utf8(page), 'small-claims.md');
      expect(document).toEqual({
        format: 'html',
        title: 'Small Claims',
        frontMatter: {},
        blocks: [heading(1, 'Small claims'), paragraph('Up to $10,000.')],
      });
    });

    it('normalises Windows line endings', async () => {
      const document = await loadDocument(utf8('Title\r\n=====\r\n\r\nLine one\r\nline two\r\n'), 'crlf.md');
      expect(document.blocks).toEqual([heading(1, 'Title'), paragraph('Line one line two')]);
    });
  });

  describe('refusals', () => {
    it('refuses an empty file', async () => {
      await expectRefusal(Buffer.alloc(0), 'empty.md', /^empty\.md is empty$/);
      // Reported as empty, not as a corrupt PDF.
      await expectRefusal(Buffer.alloc(0), 'empty.pdf', /^empty\.pdf is empty$/);
    });

    it('refuses a whitespace-only file, including a BOM and Unicode spaces', async () => {
      await expectRefusal(utf8(' \n\t\r\n  \n'), 'blank.txt', /^blank\.txt is empty$/);
      await expectRefusal(
        Buffer.from([0xef, 0xbb, 0xbf, 0x0a, 0x20]),
        'bom-only.md',
        /^bom-only\.md is empty$/,
      );
      await expectRefusal(utf8('\u00a0\u3000\n\u2003'), 'nbsp.txt', /^nbsp\.txt is empty$/);
    });

    it('refuses a binary file', async () => {
      const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
      await expectRefusal(bytes, 'lease.docx', /^lease\.docx is a binary file/);
      await expectRefusal(Buffer.from('text\u0000more'), 'notes.txt', /^notes\.txt is a binary file/);
      await expectRefusal(Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 'cases.jsonl.gz', /is a binary file/);
    });

    it('refuses invalid UTF-8, giving the offset of the first bad byte', async () => {
      // "Tenant's café" in Latin-1: the é (0xE9) at offset 12 starts a sequence that never completes.
      const latin1 = Buffer.from("Tenant's café guide", 'latin1');
      await expectRefusal(
        latin1,
        'cafe.txt',
        /^cafe\.txt is not valid UTF-8 \(first bad byte at offset 12\)$/,
      );
      const html = Buffer.concat([utf8('<html><p>ok</p>'), Buffer.from([0xff]), utf8('</html>')]);
      await expectRefusal(
        html,
        'page.html',
        /^page\.html is not valid UTF-8 \(first bad byte at offset 15\)$/,
      );
    });

    it('refuses a file over the size limit', async () => {
      await expectRefusal(
        utf8('x'.repeat(101)),
        'big.txt',
        /^big\.txt is larger than the 100 bytes limit \(101 bytes\)$/,
        100,
      );
      // Exactly at the limit is fine.
      expect((await loadDocument(utf8('x'.repeat(100)), 'ok.txt', { maxBytes: 100 })).blocks).toHaveLength(1);
    });

    it('refuses a genuine 50 MB buffer against the default 20 MB limit, fast and without decoding it', async () => {
      const huge = Buffer.alloc(50 * 1024 * 1024, 'a');
      const decode = vi.spyOn(TextDecoder.prototype, 'decode');
      const bufferToString = vi.spyOn(huge, 'toString');
      const started = performance.now();
      await expectRefusal(huge, 'huge.txt', /^huge\.txt is larger than the 20 MB limit \(50 MB\)$/);
      expect(performance.now() - started).toBeLessThan(250);
      expect(decode).not.toHaveBeenCalled();
      expect(bufferToString).not.toHaveBeenCalled();
    });

    it('refuses a PDF with no text layer', async () => {
      await expectRefusal(buildPdf([{ image: true }]), 'scan.pdf', /^scan\.pdf has no text layer/);
    });

    it('refuses a corrupt PDF, whatever its extension', async () => {
      const whole = buildPdf([{ lines: [{ text: 'Hello world', fontSize: 12, y: 700 }] }]);
      await expectRefusal(whole.subarray(0, 200), 'cut.pdf', /^cut\.pdf is not a valid PDF/);
      await expectRefusal(whole.subarray(0, 200), 'cut.txt', /^cut\.txt is not a valid PDF/);
      await expectRefusal(utf8('Saved error page, not a PDF'), 'fake.pdf', /^fake\.pdf is not a valid PDF/);
    });

    it('refuses JSON lines, pointing at collection ingestion', async () => {
      const lines = utf8('{"id":"a","text":"x"}\n{"id":"b","text":"y"}\n');
      await expectRefusal(
        lines,
        'data/cases.jsonl',
        /^data\/cases\.jsonl is a JSON-lines file; ingest it as its own collection, with a sibling cases\.collection\.json$/,
      );
      await expectRefusal(lines, 'cases.txt', /with a sibling cases\.collection\.json$/);
    });

    it('refuses a document with no text once parsed', async () => {
      await expectRefusal(
        utf8('<html><body><nav>Home</nav><script>x()</script></body></html>'),
        'nav.html',
        /^nav\.html has no text$/,
      );
      await expectRefusal(utf8('---\ntitle: Only metadata\n---\n\n'), 'meta.md', /^meta\.md has no text$/);
      await expectRefusal(utf8('---\n---\n'), 'fences.md', /^fences\.md has no text$/);
    });

    it('refuses malformed front matter, naming the file and line', async () => {
      await expectRefusal(
        utf8('---\ntitle: ok\nbad: [unclosed\n---\nBody'),
        'guide.md',
        /^guide\.md has malformed front matter at line 3/,
      );
    });

    it('rejects a nonsensical maxBytes as a programming error, not a corpus error', async () => {
      await expect(loadDocument(utf8('x'), 'a.txt', { maxBytes: 0 })).rejects.toThrow(RangeError);
      await expect(loadDocument(utf8('x'), 'a.txt', { maxBytes: Number.NaN })).rejects.toThrow(RangeError);
    });
  });
});
