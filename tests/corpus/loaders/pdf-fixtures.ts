/**
 * Builds small, valid PDFs in code so the PDF loader is tested against files whose every byte
 * we know, rather than against binaries of unknown origin. The layout is the minimum a reader
 * accepts: catalog, page tree, Helvetica fonts, one content stream per page, an optional info
 * dictionary, and a cross-reference table with exact byte offsets.
 */

export interface PdfTextLine {
  readonly text: string;
  readonly fontSize: number;
  /** Baseline, in points from the bottom of a US Letter page (792 high). */
  readonly y: number;
  readonly x?: number;
  readonly bold?: boolean;
  /** Degrees anticlockwise, for diagonal watermarks. */
  readonly angle?: number;
  /**
   * Set in the non-embedded Chinese font STSong-Light, whose text a reader can only decode with
   * the predefined UniGB-UCS2-H character map; plain Helvetica otherwise.
   */
  readonly chinese?: boolean;
}

export interface PdfPage {
  readonly lines?: readonly PdfTextLine[];
  /** Paint a small greyscale image, as a scanner would, instead of (or besides) text. */
  readonly image?: boolean;
}

export interface PdfOptions {
  readonly title?: string;
}

/** PDF string literals need backslash, and both parentheses, escaped. */
function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (character) => `\\${character}`)})`;
}

function pageContent(page: PdfPage): string {
  const operations: string[] = [];
  if (page.image) operations.push('q 400 0 0 500 100 150 cm /Im1 Do Q');
  for (const line of page.lines ?? []) {
    const font = line.chinese ? 'F3' : line.bold ? 'F2' : 'F1';
    const text = line.chinese ? ucs2Hex(line.text) : pdfString(line.text);
    const radians = ((line.angle ?? 0) * Math.PI) / 180;
    const cos = Number(Math.cos(radians).toFixed(4));
    const sin = Number(Math.sin(radians).toFixed(4));
    // The text matrix places (and, for watermarks, rotates) each line.
    const matrix = `${cos} ${sin} ${-sin} ${cos} ${line.x ?? 72} ${line.y} Tm`;
    operations.push(`BT /${font} ${line.fontSize} Tf ${matrix} ${text} Tj ET`);
  }
  return operations.join('\n');
}

/** A hex string of UTF-16 code units, which is what the UCS2 character map expects. */
function ucs2Hex(text: string): string {
  const units = Array.from({ length: text.length }, (_, index) => text.charCodeAt(index));
  return `<${units.map((unit) => unit.toString(16).padStart(4, '0')).join('')}>`;
}

/** An 8×8 grey gradient, hex-encoded so the whole file stays printable. */
function imageStream(): string {
  const pixels = Array.from({ length: 64 }, (_, index) => (index * 4).toString(16).padStart(2, '0')).join('');
  const data = `${pixels}>`;
  return (
    '<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray ' +
    `/BitsPerComponent 8 /Filter /ASCIIHexDecode /Length ${data.length} >>\nstream\n${data}\nendstream`
  );
}

function stream(content: string): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
}

export function buildPdf(pages: readonly PdfPage[], options: PdfOptions = {}): Buffer {
  // Fixed objects first, then a page object and a content stream for each page, then the info.
  const firstPageObject = 9;
  const pageObjectNumbers = pages.map((_, index) => firstPageObject + index * 2);
  const infoObjectNumber = firstPageObject + pages.length * 2;

  const bodies: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageObjectNumbers.map((number) => `${number} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    imageStream(),
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [7 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light ' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 8 0 R >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] ' +
      '/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  pages.forEach((page, index) => {
    const contentNumber = firstPageObject + index * 2 + 1;
    bodies.push(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ' +
        '/Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 6 0 R >> /XObject << /Im1 5 0 R >> >> ' +
        `/Contents ${contentNumber} 0 R >>`,
    );
    bodies.push(stream(pageContent(page)));
  });
  bodies.push(
    options.title === undefined
      ? '<< /Producer (amicus tests) >>'
      : `<< /Title ${pdfString(options.title)} >>`,
  );

  // The second header line holds high bytes so tools treat the file as binary, as real PDFs do.
  let file = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  bodies.forEach((body, index) => {
    offsets.push(Buffer.byteLength(file, 'latin1'));
    file += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(file, 'latin1');
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, EOL.
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  file +=
    `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${entries}` +
    `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R /Info ${infoObjectNumber} 0 R >>\n` +
    `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(file, 'latin1');
}
