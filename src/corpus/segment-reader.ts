/**
 * Reading a parsed document's blocks into segments: runs of lines under one citable unit (a
 * U.S. Code section, a rule, a titled document's heading), with their enumerator paths and
 * captions. The splitter then lays each segment out into passages.
 */
import {
  type CitableHeading,
  type CitationScheme,
  citableHeadingFor,
  citableUrl,
  cleanHeadingText,
  inheritStructure,
  inlineCaption,
  isCaptionOnly,
  openStructure,
  parseStructuralHeading,
  type StructuralHeading,
  sectionLabel,
  structuralLabel,
  structuralUrl,
} from './citation.js';
import type { DocumentBlock } from './document.js';
import {
  backwardsCost,
  continuesCrossReference,
  EnumeratorContext,
  type LeadingMarkers,
  readLeadingMarkers,
} from './enumerators.js';
import type { CarryOverContext, PassageMetadata } from './splitter.js';

/** One paragraph of body text and the path of the unit it belongs to. */
export interface Line {
  readonly text: string;
  /** Enumerator markers (`['c', '2']`) in sections; heading ids in titled documents. */
  readonly path: readonly string[];
  /** Characters of body text, without markers and captions: a chunk of only `(k) Interbank Accounts.` has none. */
  readonly bodyLength: number;
}

export interface Segment {
  /** `section`: a USC section or rule; `structure`: text outside any section; `headed`: a titled document. */
  readonly kind: 'section' | 'structure' | 'headed';
  readonly baseLabel: string;
  readonly url: string | undefined;
  /** Headings above the segment's own units. */
  readonly breadcrumb: readonly string[];
  readonly lines: Line[];
  /** Display text for each path that has one (`(c) Affirmative Defense.`, a heading), by `pathKey`. */
  readonly captions: Map<string, string>;
  /** The section's numbers are lists inside prose, so labels stop at the section. */
  listsAreInline: boolean;
  /** Label passages by the subdivision they start at, not the one they lie in (see the splitter). */
  readonly labelsAtStart: boolean;
}

/** Between the paragraphs of a passage's text. */
export const paragraphSeparator = '\n\n';

export const pathSeparator = '\u0001';

export function pathKey(path: readonly string[]): string {
  return path.join(pathSeparator);
}

const markerAtStart = /^\(([0-9A-Za-z]{1,5}(?:[–-]\d{1,2})?)\)/;

/** Walks a document's blocks in order and collects segments. */
export class SegmentReader {
  readonly segments: Segment[] = [];
  private structure: StructuralHeading[];
  private readonly preamble: string[] = [];
  private enumerators = new EnumeratorContext();
  private current: Segment | undefined;
  private currentSectionLabel: string | undefined;
  private readonly openHeadings: Array<{ readonly level: number; readonly id: string }> = [];
  /** True while the open section continues the previous chunk and none of its own text has come. */
  private atContinuationStart = false;
  /** Ancestor headings the chunk repeats at its top, to be put in front of its first line. */
  private restatedHeadings: string[] = [];

  constructor(
    private readonly scheme: CitationScheme,
    private readonly metadata: PassageMetadata,
    private readonly previous: CarryOverContext | undefined,
    ownStructure: readonly StructuralHeading[],
  ) {
    this.structure = inheritStructure(previous?.structure ?? [], ownStructure);
  }

  /** Call after the last block. */
  finish(): void {
    this.closeSegment();
  }

  endContext(): Omit<CarryOverContext, 'pendingPrefix'> {
    return {
      scheme: this.scheme,
      sectionLabel: this.currentSectionLabel,
      enumerators: this.enumerators.snapshot(),
      structure: this.structure,
    };
  }

  /**
   * Reads one block. `nextBlockText` lets an ambiguous marker (`(i)`) look at the marker that
   * starts the following block; the leading structural headings were already taken into
   * `structure` by the constructor.
   */
  readBlock(block: DocumentBlock, nextBlockText: string | undefined, isLeadingStructure: boolean): void {
    this.nextMarker = markerAtStart.exec(nextBlockText ?? '')?.[1];
    if (block.kind === 'heading') this.readHeading(block.text, block.level, isLeadingStructure);
    else this.readParagraph(block.text);
  }

  private readHeading(text: string, level: number, isLeadingStructure: boolean): void {
    if (this.scheme.kind === 'titled') {
      this.openTitledHeading(text, level);
      return;
    }
    if (isLeadingStructure) return;
    const structural = parseStructuralHeading(text);
    if (structural) {
      this.openStructuralUnit(structural);
      return;
    }
    const citable = citableHeadingFor(this.scheme, text);
    const leading = readLeadingMarkers(text);
    if (citable) this.openSection(citable);
    else if (leading) {
      if (!this.isRestatedHeading(leading.markers, text)) this.readEnumerated(text, leading, true);
    }
    // Headings before the first section (`# Federal Rules of Evidence`) are breadcrumb; inside a
    // section they are quoted or unusual text, kept as content.
    else if (this.current === undefined && this.currentSectionLabel === undefined) {
      this.preamble.push(cleanHeadingText(text));
    } else this.readPlain(text);
  }

  private readParagraph(text: string): void {
    if (this.scheme.kind === 'titled') {
      this.addLine(
        text,
        this.openHeadings.map((open) => open.id),
      );
      return;
    }
    const structural = text.length < 200 ? parseStructuralHeading(text) : undefined;
    if (structural) {
      // `PART I— CRIMES` as a paragraph: the conversion announces the next part or subchapter here.
      this.openStructuralUnit(structural);
      return;
    }
    const previousLine = this.current?.lines.at(-1);
    const leading = readLeadingMarkers(text);
    if (
      this.current &&
      previousLine &&
      text.startsWith('(') &&
      continuesCrossReference(previousLine.text, text)
    ) {
      this.current.lines[this.current.lines.length - 1] = {
        text: `${previousLine.text} ${text}`,
        path: previousLine.path,
        bodyLength: previousLine.bodyLength + text.length,
      };
    } else if (leading) this.readEnumerated(text, leading, false);
    else this.readPlain(text);
  }

  private nextMarker: string | undefined;

  /**
   * A chunk that continues a section repeats a heading from earlier in the section at its top:
   * usually the open subsection (`(d) Cyberpiracy prevention` above `(A)` of (d)(1)), which is
   * kept as context in front of the first line; sometimes an earlier sibling (`(a)` above the
   * rest of (b)(1)), which says nothing about this chunk and is dropped.
   */
  private isRestatedHeading(markers: readonly string[], text: string): boolean {
    if (!this.atContinuationStart || markers.length !== 1) return false;
    const marker = markers[0]!;
    if (this.enumerators.path.includes(marker)) {
      this.restatedHeadings.push(text);
      return true;
    }
    return this.enumerators.fit(marker, this.nextMarker).cost >= backwardsCost;
  }

  /** Records whether the segment's lists turned out to be inline, before another one opens. */
  private closeSegment(): void {
    if (this.current && this.restatedHeadings.length > 0) {
      const text = this.restatedHeadings.join(paragraphSeparator);
      this.current.lines.push({ text, path: this.enumerators.path, bodyLength: 0 });
      this.restatedHeadings = [];
    }
    if (this.current?.kind === 'section') this.current.listsAreInline = this.enumerators.listsAreInline;
    this.atContinuationStart = false;
  }

  private pushLine(segment: Segment, line: Line): void {
    this.atContinuationStart = false;
    if (this.restatedHeadings.length > 0) {
      segment.lines.push({ ...line, text: [...this.restatedHeadings, line.text].join(paragraphSeparator) });
      this.restatedHeadings = [];
      return;
    }
    segment.lines.push(line);
  }

  private openStructuralUnit(heading: StructuralHeading): void {
    this.closeSegment();
    this.structure = openStructure(this.structure, heading);
    this.current = undefined;
    this.currentSectionLabel = undefined;
    this.enumerators.reset();
  }

  private openSection(heading: CitableHeading): void {
    this.closeSegment();
    const label = sectionLabel(this.scheme, heading);
    const continuesPreviousChunk =
      label === this.previous?.sectionLabel && this.segments.length === 0 && this.current === undefined;
    this.enumerators = new EnumeratorContext(continuesPreviousChunk ? this.previous?.enumerators : undefined);
    this.atContinuationStart = continuesPreviousChunk;
    this.currentSectionLabel = label;
    this.current = this.startSegment('section', label, citableUrl(this.scheme, heading, this.metadata.url), [
      ...this.structure.map((open) => open.text),
      ...this.preamble,
      heading.text,
    ]);
    // Captions of units carried over from the previous chunk still head this chunk's text.
    const path: string[] = [];
    for (const entry of continuesPreviousChunk ? (this.previous?.enumerators.entries ?? []) : []) {
      path.push(entry.marker);
      if (entry.caption !== undefined) this.current.captions.set(pathKey(path), entry.caption);
    }
  }

  private startSegment(
    kind: Segment['kind'],
    baseLabel: string,
    url: string | undefined,
    breadcrumb: readonly string[],
  ): Segment {
    const segment: Segment = {
      kind,
      baseLabel,
      url,
      breadcrumb,
      lines: [],
      captions: new Map(),
      listsAreInline: false,
      labelsAtStart: kind === 'section' && this.scheme.kind === 'court-rule',
    };
    this.segments.push(segment);
    return segment;
  }

  /** Text outside any section (a chunk with only a chapter heading) is cited to the chapter. */
  private segmentForLooseText(): Segment {
    if (this.current) return this.current;
    this.enumerators.reset();
    this.currentSectionLabel = undefined;
    this.current = this.startSegment(
      'structure',
      structuralLabel(this.scheme, this.structure),
      structuralUrl(this.scheme, this.structure, this.metadata.url),
      [...this.structure.map((open) => open.text), ...this.preamble],
    );
    return this.current;
  }

  private readEnumerated(text: string, leading: LeadingMarkers, isHeading: boolean): void {
    const segment = this.segmentForLooseText();
    const { markers, rest } = leading;
    const captionOnly = rest.length === 0 || isCaptionOnly(rest);
    // `(c) Affirmative Defense .` is all caption; `(d) Statements That Are Not Hearsay. A
    // statement…` opens with one; a bare `(c)` has none.
    let caption: string | undefined;
    if (rest.length > 0) caption = captionOnly ? rest : inlineCaption(rest);
    let path: string[] = [];
    markers.forEach((marker, position) => {
      const isLast = position === markers.length - 1;
      const display =
        isLast && caption !== undefined ? cleanHeadingText(`(${marker}) ${caption}`) : undefined;
      path = this.enumerators.enter(marker, {
        nextMarker: isLast ? this.nextMarker : markers[position + 1],
        caption: display,
        ownsFollowingText: !isLast || isHeading || captionOnly,
      });
      if (display !== undefined) segment.captions.set(pathKey(path), display);
    });
    this.pushLine(segment, { text, path, bodyLength: captionOnly ? 0 : rest.length });
  }

  private readPlain(text: string): void {
    const segment = this.segmentForLooseText();
    this.pushLine(segment, { text, path: this.enumerators.attachPlainParagraph(), bodyLength: text.length });
  }

  private openTitledHeading(text: string, level: number): void {
    const title = this.metadata.title;
    if (!this.current) this.current = this.startSegment('headed', title, this.metadata.url, []);
    while ((this.openHeadings.at(-1)?.level ?? 0) >= level) this.openHeadings.pop();
    const id = String(this.current.captions.size);
    this.openHeadings.push({ level, id });
    this.current.captions.set(pathKey(this.openHeadings.map((open) => open.id)), cleanHeadingText(text));
  }

  private addLine(text: string, path: readonly string[]): void {
    if (!this.current) this.current = this.startSegment('headed', this.metadata.title, this.metadata.url, []);
    this.current.lines.push({ text, path, bodyLength: text.length });
  }
}

// ---------------------------------------------------------------------------------------------
// Laying out a segment's lines as passage-sized units.
