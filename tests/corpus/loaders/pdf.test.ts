import { afterEach, describe, expect, it, vi } from 'vitest';
import { AmicusError, ErrorCode } from '../../../src/core/errors.js';
import { parsePdf } from '../../../src/corpus/loaders/pdf.js';
import { buildPdf, type PdfTextLine } from './pdf-fixtures.js';

const heading = (level: number, text: string) => ({ kind: 'heading', level, text });
const paragraph = (text: string) => ({ kind: 'paragraph', text });

/** Body text at 11 pt on 14 pt leading; paragraphs 26 pt apart. */
const body = (text: string, y: number): PdfTextLine => ({ text, fontSize: 11, y });

const guidePage: readonly PdfTextLine[] = [
  { text: 'Eviction Basics', fontSize: 24, y: 720, bold: true },
  { text: 'Notice to quit', fontSize: 16, y: 684 },
  body('A landlord must give written notice (a "notice to quit")', 656),
  body('before filing an eviction case.', 642),
  body('The notice must say how many days you have.', 616),
  { text: 'Serving the notice', fontSize: 16, y: 584 },
  body('Notice may be served by hand or by mail.', 556),
  { text: 'Court hearings', fontSize: 14, y: 524 },
  body('You may ask for an interpreter.', 496),
];

async function rejectionOf(promise: Promise<unknown>): Promise<AmicusError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof AmicusError) return error;
  throw new Error(`expected an AmicusError, got ${String(error)}`);
}

describe('parsePdf', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('rebuilds headings ranked by font size, and paragraphs from vertical gaps', async () => {
    const document = await parsePdf(buildPdf([{ lines: guidePage }], { title: 'Tenant Guide' }), 'guide.pdf');
    expect(document.format).toBe('pdf');
    expect(document.title).toBe('Tenant Guide');
    expect(document.frontMatter).toEqual({});
    expect(document.blocks).toEqual([
      heading(1, 'Eviction Basics'),
      heading(2, 'Notice to quit'),
      paragraph('A landlord must give written notice (a "notice to quit") before filing an eviction case.'),
      paragraph('The notice must say how many days you have.'),
      heading(2, 'Serving the notice'),
      paragraph('Notice may be served by hand or by mail.'),
      heading(3, 'Court hearings'),
      paragraph('You may ask for an interpreter.'),
    ]);
  });

  it('uses the first heading as the title when the metadata has none', async () => {
    const document = await parsePdf(buildPdf([{ lines: guidePage }]), 'guide.pdf');
    expect(document.title).toBe('Eviction Basics');
  });

  it('joins runs on one baseline, and merges a heading that wraps onto a second line', async () => {
    const lines: PdfTextLine[] = [
      { text: 'What to do if you receive', fontSize: 18, y: 720 },
      { text: 'an eviction notice', fontSize: 18, y: 698 },
      body('Read it', 660),
      { text: 'carefully, all of it, including the small print.', fontSize: 11, y: 660, x: 120, bold: true },
      body('Then call us on the number at the end of this guide.', 646),
    ];
    expect((await parsePdf(buildPdf([{ lines }]), 'wrap.pdf')).blocks).toEqual([
      heading(1, 'What to do if you receive an eviction notice'),
      paragraph(
        'Read it carefully, all of it, including the small print. Then call us on the number at the end of this guide.',
      ),
    ]);
  });

  it('separates single-line paragraphs even when there is no wrapped line to learn leading from', async () => {
    const lines = [body('First point.', 700), body('Second point.', 678), body('Third point.', 656)];
    expect((await parsePdf(buildPdf([{ lines }]), 'points.pdf')).blocks).toEqual([
      paragraph('First point.'),
      paragraph('Second point.'),
      paragraph('Third point.'),
    ]);
  });

  it('drops running headers and page numbers, and carries a sentence across a page break', async () => {
    const pageWith = (number: number, lines: PdfTextLine[]) => ({
      lines: [
        { text: 'Example Legal Aid — Tenant Guide', fontSize: 9, y: 760 },
        ...lines,
        { text: `Page ${number} of 3`, fontSize: 9, y: 40 },
      ],
    });
    const pdf = buildPdf([
      pageWith(1, [{ text: 'Repairs', fontSize: 16, y: 700 }, body('Your landlord must keep the home', 660)]),
      pageWith(2, [body('safe and in good repair.', 700), body('Ask in writing.', 674)]),
      pageWith(3, [body('Keep copies of your letters.', 700)]),
    ]);
    expect((await parsePdf(pdf, 'repairs.pdf')).blocks).toEqual([
      heading(1, 'Repairs'),
      paragraph('Your landlord must keep the home safe and in good repair.'),
      paragraph('Ask in writing.'),
      paragraph('Keep copies of your letters.'),
    ]);
  });

  it('ignores a rotated watermark', async () => {
    const lines = [{ text: 'DRAFT', fontSize: 60, y: 300, x: 200, angle: 45 }, body('Actual text.', 700)];
    expect((await parsePdf(buildPdf([{ lines }]), 'draft.pdf')).blocks).toEqual([paragraph('Actual text.')]);
  });

  it('decodes Chinese text set in a non-embedded font, using the bundled character maps', async () => {
    const lines = [
      { text: '租户权利', fontSize: 20, y: 720, chinese: true },
      { text: '房东必须提前三十天书面通知租户。', fontSize: 11, y: 690, chinese: true },
    ];
    expect((await parsePdf(buildPdf([{ lines }]), 'tenant-rights-zh.pdf')).blocks).toEqual([
      heading(1, '租户权利'),
      paragraph('房东必须提前三十天书面通知租户。'),
    ]);
  });

  it('refuses a PDF with no text layer, naming the file', async () => {
    const scanned = buildPdf([{ image: true }, { image: true }]);
    const error = await rejectionOf(parsePdf(scanned, 'scans/lease.pdf'));
    expect(error.code).toBe(ErrorCode.CorpusInvalid);
    expect(error.location).toBe('scans/lease.pdf');
    expect(error.message).toMatch(/^scans\/lease\.pdf has no text layer/);
  });

  it('refuses a truncated PDF and one with a valid header but a garbage body', async () => {
    const whole = buildPdf([{ lines: guidePage }]);
    const truncated = await rejectionOf(parsePdf(whole.subarray(0, Math.floor(whole.length / 2)), 'cut.pdf'));
    expect(truncated.code).toBe(ErrorCode.CorpusInvalid);
    expect(truncated.message).toMatch(/^cut\.pdf is not a valid PDF \(.+\)$/);
    const garbage = await rejectionOf(
      parsePdf(Buffer.from('%PDF-1.7\nnot really a pdf\n%%EOF\n'), 'junk.pdf'),
    );
    expect(garbage.message).toMatch(/^junk\.pdf is not a valid PDF/);
    expect(garbage.location).toBe('junk.pdf');
  });

  it('prints nothing to the console, even for damaged or font-less files', async () => {
    const spies = [vi.spyOn(console, 'log'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
    await parsePdf(buildPdf([{ lines: guidePage }]), 'guide.pdf');
    await rejectionOf(parsePdf(Buffer.from('%PDF-1.4\ngarbage'), 'junk.pdf'));
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("leaves the caller's buffer intact", async () => {
    const pdf = buildPdf([{ lines: guidePage }]);
    const copy = Buffer.from(pdf);
    await parsePdf(pdf, 'guide.pdf');
    expect(pdf.equals(copy)).toBe(true);
  });
});
