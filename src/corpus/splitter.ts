/**
 * Turns a parsed document into passages: the units retrieval returns and answers cite. Each
 * passage carries a citation label (`18 U.S.C. § 2252(c)`), the headings above it, and a link.
 *
 * The document's own structure decides the cuts. Headings open sections; inside a section the
 * enumerators (`(a)`, `(1)`, `(A)`…) form a tree. A section always divides into its top-level
 * subdivisions; below that, a unit that fits `maxCharacters` is one passage, a larger one is
 * split into its enumerated children, and a leaf still too large is cut at sentence
 * boundaries with one sentence of overlap. Units under `minCharacters` are merged with a
 * neighbour (see `mergeSmallUnits`). A passage's label is the deepest path all of its text
 * shares, so it names the most specific unit the passage holds entirely.
 *
 * The U.S. Code arrives as chunks, one piece of a section per file, that may begin in the
 * middle of a subsection. `CarryOverContext` passes the open enumerators, the structural
 * breadcrumb (parts and subchapters are announced at the end of the previous chunk) and any
 * nearly empty text on to the next document of the collection; `splitCollection` threads it.
 */
import {
  type CitationScheme,
  cleanHeadingText,
  detectCitationScheme,
  normalizeCitationText,
  parseStructuralHeading,
  type StructuralHeading,
  subdivisionLabel,
  titledLabel,
} from './citation.js';
import type { DocumentBlock } from './document.js';
import type { EnumeratorSnapshot } from './enumerators.js';
import type { EffectiveMetadata } from './manifest.js';
import { compareNaturally } from './natural-order.js';
import {
  type Line,
  paragraphSeparator,
  pathSeparator,
  type Segment,
  SegmentReader,
} from './segment-reader.js';
import { splitLongText } from './sentences.js';

export interface DraftPassage {
  /** Position of the passage within its document, from 0. */
  ordinal: number;
  /** The most specific citation that covers the whole passage: `18 U.S.C. § 2252(c)`. */
  label: string;
  /** The citable unit the passage belongs to: `18 U.S.C. § 2252`, `Fed. R. Evid. 801`. */
  sectionLabel: string;
  /** The nearest heading, cleaned: `(c) Affirmative Defense.` or `§ 2252. Certain activities…`. */
  heading: string;
  /** Headings from the outermost (`Title 18— …`) to `heading`. */
  breadcrumb: string[];
  /** Body text with enumerator lines, paragraphs separated by a blank line; no breadcrumb headings. */
  text: string;
  url: string | undefined;
}

/**
 * Text too slight for a passage of its own, waiting to be joined to a neighbouring passage: a
 * nearly empty document, or the bare markers (`(c)`, `(1)`) a chunk ends on before the next
 * chunk brings their text.
 */
export type PendingPrefix = Omit<DraftPassage, 'ordinal'>;

export interface CarryOverContext {
  readonly scheme: CitationScheme | undefined;
  /** The citable unit open at the end of the document, if any. */
  readonly sectionLabel: string | undefined;
  readonly enumerators: EnumeratorSnapshot;
  /** Titles, parts, chapters… open at the end of the document. */
  readonly structure: readonly StructuralHeading[];
  /** Set when the document was too small for a passage of its own, or ended on bare markers. */
  readonly pendingPrefix: PendingPrefix | undefined;
}

export type PassageMetadata = Pick<EffectiveMetadata, 'title' | 'citationPrefix' | 'url'>;

export interface SplitOptions {
  readonly maxCharacters?: number;
  readonly minCharacters?: number;
  /** A document with less real text than this (markers aside) yields no passage of its own. */
  readonly nearEmptyCharacters?: number;
}

export const defaultSplitOptions = {
  maxCharacters: 1600,
  minCharacters: 300,
  nearEmptyCharacters: 40,
} as const;

export interface SplitDocumentInput {
  readonly blocks: readonly DocumentBlock[];
  readonly metadata: PassageMetadata;
  /** The context left by the previous document of the same collection. */
  readonly previous: CarryOverContext | undefined;
  readonly options?: SplitOptions;
}

export interface SplitDocumentResult {
  readonly passages: DraftPassage[];
  readonly endContext: CarryOverContext;
}

interface Unit {
  readonly text: string;
  /** The deepest path all of the unit's lines share. */
  readonly path: readonly string[];
  /** The path of the unit's first line: the deepest subdivision the unit starts at. */
  readonly startPath: readonly string[];
  /** As for `Line`: characters that are not markers or captions. */
  readonly bodyLength: number;
}

function commonPath(first: readonly string[], second: readonly string[]): readonly string[] {
  let length = 0;
  while (length < first.length && length < second.length && first[length] === second[length]) length++;
  return length === first.length ? first : first.slice(0, length);
}

/** Short text that introduces what follows (a heading, a chapeau), held to open the next unit. */
type LeadIn = Unit;

class UnitLayout {
  readonly units: Unit[] = [];
  /** `sizeBefore[n]`: characters of lines 0…n-1, counting a separator after each. */
  private readonly sizeBefore: number[];

  constructor(
    private readonly lines: readonly Line[],
    private readonly maxCharacters: number,
    private readonly minCharacters: number,
  ) {
    this.sizeBefore = [0];
    for (const line of lines) this.sizeBefore.push(this.sizeBefore.at(-1)! + line.text.length + 2);
  }

  private rangeSize(from: number, to: number): number {
    return this.sizeBefore[to]! - this.sizeBefore[from]! - 2;
  }

  /** Lines `from…to` as one unit, after the lead-in if one is given. */
  private rangeAsUnit(from: number, to: number, leadIn: LeadIn | undefined): Unit {
    let text = leadIn?.text;
    let path = leadIn?.path ?? this.lines[from]!.path;
    const startPath = leadIn?.startPath ?? this.lines[from]!.path;
    let bodyLength = leadIn?.bodyLength ?? 0;
    for (let position = from; position < to; position++) {
      const line = this.lines[position]!;
      text = text === undefined ? line.text : text + paragraphSeparator + line.text;
      path = commonPath(path, line.path);
      bodyLength += line.bodyLength;
    }
    return { text: text ?? '', path, startPath, bodyLength };
  }

  /**
   * Lays out lines `from…to`, which all share the path prefix of length `depth`, after the
   * lead-in if one is given. The top level always divides into its subdivisions (or headings)
   * even when the whole would fit, so that a passage can carry the most specific label.
   */
  layOut(from: number, to: number, depth: number, leadIn?: LeadIn): void {
    const leadInSize = leadIn ? leadIn.text.length + 2 : 0;
    if (depth > 0 && this.rangeSize(from, to) + leadInSize <= this.maxCharacters) {
      this.units.push(this.rangeAsUnit(from, to, leadIn));
      return;
    }
    let pendingLeadIn = leadIn;
    let position = from;
    while (position < to) {
      const line = this.lines[position]!;
      let end = position + 1;
      if (line.path.length <= depth) {
        // The unit's own text (lead-in, flush language) between its children.
        while (end < to && this.lines[end]!.path.length <= depth) end++;
        const combined = this.rangeAsUnit(position, end, pendingLeadIn);
        if (end < to && combined.text.length < this.minCharacters) pendingLeadIn = combined;
        else {
          this.packOwnText(position, end, pendingLeadIn);
          pendingLeadIn = undefined;
        }
      } else {
        const child = line.path[depth];
        while (end < to && this.lines[end]!.path.length > depth && this.lines[end]!.path[depth] === child)
          end++;
        this.layOut(position, end, depth + 1, pendingLeadIn);
        pendingLeadIn = undefined;
      }
      position = end;
    }
  }

  /**
   * Packs whole paragraphs up to the limit. A paragraph that does not fit is cut into
   * sentences when it is too long on its own, or when what precedes it is too short to
   * stand alone (a heading stays with the start of its text).
   */
  private packOwnText(from: number, to: number, leadIn: LeadIn | undefined): void {
    let group: LeadIn | undefined = leadIn;
    for (let position = from; position < to; position++) {
      const line = this.lines[position]!;
      const groupSize = group ? group.text.length + 2 : 0;
      if (groupSize + line.text.length <= this.maxCharacters) {
        group = this.rangeAsUnit(position, position + 1, group);
        continue;
      }
      if (group && group.text.length >= this.minCharacters) {
        this.units.push(group);
        group = undefined;
        if (line.text.length <= this.maxCharacters) {
          group = this.rangeAsUnit(position, position + 1, undefined);
          continue;
        }
      }
      const pieces = splitLongText(line.text, this.maxCharacters, group ? group.text.length + 2 : 0);
      pieces.forEach((piece, index) => {
        const prefix = index === 0 && group ? group.text + paragraphSeparator : '';
        const path = index === 0 && group ? commonPath(group.path, line.path) : line.path;
        const startPath = index === 0 && group ? group.startPath : line.path;
        const bodyLength = piece.length + (index === 0 && group ? group.bodyLength : 0);
        this.units.push({ text: prefix + piece, path, startPath, bodyLength });
      });
      group = undefined;
    }
    if (group) this.units.push(group);
  }
}

/**
 * Joins units under `minCharacters` to a neighbour, when the result fits: to a neighbour that
 * is small too (so (c)(1) and (c)(2) become one passage labelled (c)), or to one whose label
 * the merge leaves as it is (flush text after a list joins the list's parent). A small unit
 * between two full-size siblings stays on its own rather than blur their labels. Among the
 * candidates, the neighbour sharing the deeper path wins.
 */
function mergeSmallUnits(units: Unit[], minCharacters: number, maxCharacters: number): Unit[] {
  const merged = [...units];
  let position = 0;
  while (position < merged.length) {
    const unit = merged[position]!;
    if (unit.text.length >= minCharacters) {
      position++;
      continue;
    }
    const candidates = [position - 1, position + 1].filter((neighbour) => {
      const other = merged[neighbour];
      if (other === undefined || unit.text.length + 2 + other.text.length > maxCharacters) return false;
      return (
        other.text.length < minCharacters || commonPath(unit.path, other.path).length === other.path.length
      );
    });
    const preference = (neighbour: number): number => {
      const other = merged[neighbour]!;
      const sharedDepth = commonPath(unit.path, other.path).length;
      return sharedDepth * 4 + (other.text.length < minCharacters ? 2 : 0) + (neighbour > position ? 1 : 0);
    };
    const chosen = candidates.sort((first, second) => preference(second) - preference(first))[0];
    if (chosen === undefined) {
      position++;
      continue;
    }
    const [first, second] = chosen < position ? [merged[chosen]!, unit] : [unit, merged[chosen]!];
    const combined: Unit = {
      text: first.text + paragraphSeparator + second.text,
      path: commonPath(first.path, second.path),
      startPath: first.startPath,
      bodyLength: first.bodyLength + second.bodyLength,
    };
    const start = Math.min(position, chosen);
    merged.splice(start, 2, combined);
    position = start;
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Documents

/**
 * The path a unit's label names. Court rules are labelled at the deepest subdivision the
 * passage starts at (`Fed. R. Evid. 803(16)` for the passage holding (16) and (17)), which is
 * how a pinpoint cites the start of quoted text, and keeps the labels of a rule's passages
 * apart; every other scheme names the deepest unit the whole passage lies in.
 */
function labelPath(segment: Segment, unit: Unit): readonly string[] {
  return segment.labelsAtStart ? unit.startPath : unit.path;
}

function describeUnit(segment: Segment, unitPath: readonly string[]): Omit<DraftPassage, 'ordinal' | 'text'> {
  const path = segment.listsAreInline ? [] : unitPath;
  const breadcrumb = [...segment.breadcrumb];
  let deepestCaption: string | undefined;
  let key = '';
  for (let length = 1; length <= path.length; length++) {
    key = length === 1 ? path[0]! : key + pathSeparator + path[length - 1]!;
    const caption = segment.captions.get(key);
    if (caption !== undefined) {
      breadcrumb.push(caption);
      deepestCaption = caption;
    }
  }
  let label: string;
  if (segment.kind === 'section') label = subdivisionLabel(segment.baseLabel, path);
  else if (segment.kind === 'headed') label = titledLabel(segment.baseLabel, deepestCaption);
  else label = segment.baseLabel;
  const heading = breadcrumb.at(-1) ?? cleanHeadingText(segment.baseLabel);
  return { label, sectionLabel: segment.baseLabel, heading, breadcrumb, url: segment.url };
}

function isNearlyEmpty(lines: readonly Line[], nearEmptyCharacters: number): boolean {
  let bodyLength = 0;
  for (const line of lines) {
    bodyLength += line.bodyLength;
    if (bodyLength >= nearEmptyCharacters) return false;
  }
  return true;
}

/** The structural headings a document opens with, which inherit from the previous document. */
function leadingStructure(blocks: readonly DocumentBlock[]): number {
  let count = 0;
  while (count < blocks.length) {
    const block = blocks[count]!;
    if (block.kind !== 'heading' || !parseStructuralHeading(normalizeCitationText(block.text))) break;
    count++;
  }
  return count;
}

export function splitDocument(input: SplitDocumentInput): SplitDocumentResult {
  const options = { ...defaultSplitOptions, ...input.options };
  const { metadata, previous } = input;
  const blocks = input.blocks.map((block) => {
    const text = normalizeCitationText(block.text);
    return text === block.text ? block : { ...block, text };
  });
  const headingTexts = blocks.filter((block) => block.kind === 'heading').map((block) => block.text);
  const scheme = detectCitationScheme(
    headingTexts,
    metadata.citationPrefix,
    metadata.title,
    previous?.scheme,
  );

  const leadingCount = scheme.kind === 'titled' ? 0 : leadingStructure(blocks);
  const ownStructure = blocks.slice(0, leadingCount).map((block) => parseStructuralHeading(block.text)!);
  const reader = new SegmentReader(scheme, metadata, previous, ownStructure);
  blocks.forEach((block, index) => {
    reader.readBlock(block, blocks[index + 1]?.text, index < leadingCount);
  });
  reader.finish();

  const segments = reader.segments.filter((segment) => segment.lines.length > 0);
  const context = reader.endContext();
  const allLines = segments.flatMap((segment) => segment.lines);
  if (allLines.length === 0) return { passages: [], endContext: { ...context, pendingPrefix: undefined } };

  if (isNearlyEmpty(allLines, options.nearEmptyCharacters)) {
    const first = segments[0]!;
    let path = first.lines[0]!.path;
    for (const line of first.lines) path = commonPath(path, line.path);
    const pendingPrefix: PendingPrefix = {
      ...describeUnit(first, path),
      text: allLines.map((line) => line.text).join(paragraphSeparator),
    };
    return { passages: [], endContext: { ...context, pendingPrefix } };
  }

  const passages: DraftPassage[] = [];
  let pendingPrefix: PendingPrefix | undefined;
  segments.forEach((segment, segmentIndex) => {
    const layout = new UnitLayout(segment.lines, options.maxCharacters, options.minCharacters);
    layout.layOut(0, segment.lines.length, 0);
    const units = mergeSmallUnits(layout.units, options.minCharacters, options.maxCharacters);
    // A chunk that ends on bare markers (`(c)`, `(1)`) ends where the next chunk's text starts.
    const last = units.at(-1);
    const isLastSegment = segmentIndex === segments.length - 1;
    if (isLastSegment && last && units.length > 1 && last.bodyLength < options.nearEmptyCharacters) {
      units.pop();
      pendingPrefix = { ...describeUnit(segment, labelPath(segment, last)), text: last.text };
    }
    for (const unit of units) {
      passages.push({
        ordinal: passages.length,
        ...describeUnit(segment, labelPath(segment, unit)),
        text: unit.text,
      });
    }
  });
  return { passages, endContext: { ...context, pendingPrefix } };
}

// ---------------------------------------------------------------------------------------------
// Collections

/** The deepest label two labels of the same section share: `§ 16(a)` and `§ 16(a)(2)` → `§ 16(a)`. */
function sharedLabel(first: string, second: string, baseLabel: string): string {
  if (first === second) return first;
  if (!first.startsWith(baseLabel) || !second.startsWith(baseLabel)) return baseLabel;
  const subdivisions = (label: string): string[] => label.slice(baseLabel.length).match(/\([^)]*\)/g) ?? [];
  return baseLabel + commonPath(subdivisions(first), subdivisions(second)).join('');
}

/**
 * Puts a nearly empty document's text in front of a passage (normally the first passage of
 * the next chunk of the same section, which the text leads into).
 */
export function mergePendingPrefix(passage: DraftPassage, pending: PendingPrefix): DraftPassage {
  const sameSection = pending.sectionLabel === passage.sectionLabel;
  const label = sameSection ? sharedLabel(pending.label, passage.label, passage.sectionLabel) : passage.label;
  const headingSource = label === pending.label && label !== passage.label ? pending : passage;
  return {
    ...passage,
    label,
    heading: headingSource.heading,
    breadcrumb: headingSource.breadcrumb,
    text: pending.text + paragraphSeparator + passage.text,
  };
}

/** Appends pending text to the end of a passage of the same section (when no later chunk continues it). */
function mergePendingSuffix(passage: DraftPassage, pending: PendingPrefix): DraftPassage {
  return {
    ...passage,
    label: sharedLabel(passage.label, pending.label, passage.sectionLabel),
    text: passage.text + paragraphSeparator + pending.text,
  };
}

export interface CollectionDocument {
  /** File name or id; documents are split in natural order of it. */
  readonly name: string;
  readonly blocks: readonly DocumentBlock[];
  readonly metadata: PassageMetadata;
}

export interface SplitCollectionEntry<Document extends CollectionDocument> {
  readonly document: Document;
  readonly passages: DraftPassage[];
}

/**
 * Splits the documents of one collection in natural order of their names, passing each
 * document's context to the next. Nearly empty documents are joined to the first passage of
 * the next document of the same section, else to the last passage of the previous one; text
 * that fits neither stays a passage of its own document rather than being lost or mislabelled.
 */
export function splitCollection<Document extends CollectionDocument>(
  documents: readonly Document[],
  options?: SplitOptions,
): Array<SplitCollectionEntry<Document>> {
  const ordered = [...documents].sort((first, second) => compareNaturally(first.name, second.name));
  const entries: Array<SplitCollectionEntry<Document>> = [];
  const waiting: Array<{ readonly pending: PendingPrefix; readonly entryIndex: number }> = [];
  let lastEntryWithPassages = -1;

  const settleElsewhere = (pending: PendingPrefix, entryIndex: number): void => {
    const previousEntry = entries[lastEntryWithPassages];
    const lastPassage = previousEntry?.passages.at(-1);
    if (previousEntry && lastPassage && lastPassage.sectionLabel === pending.sectionLabel) {
      previousEntry.passages[previousEntry.passages.length - 1] = mergePendingSuffix(lastPassage, pending);
      return;
    }
    const entry = entries[entryIndex]!;
    entry.passages.push({ ordinal: entry.passages.length, ...pending });
  };

  let context: CarryOverContext | undefined;
  for (const document of ordered) {
    const result = splitDocument({
      blocks: document.blocks,
      metadata: document.metadata,
      previous: context,
      ...(options === undefined ? {} : { options }),
    });
    context = result.endContext;
    const entryIndex = entries.push({ document, passages: result.passages }) - 1;
    const first = result.passages[0];
    if (first) {
      const leadingIn = waiting.filter(({ pending }) => pending.sectionLabel === first.sectionLabel);
      for (const { pending, entryIndex: pendingIndex } of waiting) {
        if (pending.sectionLabel !== first.sectionLabel) settleElsewhere(pending, pendingIndex);
      }
      // Innermost first, so the texts end up in document order.
      result.passages[0] = leadingIn.reduceRight(
        (passage, { pending }) => mergePendingPrefix(passage, pending),
        first,
      );
      waiting.length = 0;
      lastEntryWithPassages = entryIndex;
    }
    if (result.endContext.pendingPrefix)
      waiting.push({ pending: result.endContext.pendingPrefix, entryIndex });
  }
  for (const { pending, entryIndex } of waiting) settleElsewhere(pending, entryIndex);
  return entries;
}
