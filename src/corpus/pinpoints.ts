/**
 * Pinpoints: which passage of a section holds a subdivision such as `(b)(1)`.
 *
 * A passage's label names one subdivision (where a rule passage starts, or the unit a U.S. Code
 * passage lies in), but a passage often holds several: FRE 803's first passage holds the
 * rule's lead-in, (1) and (2). To find the passage that holds `803(2)`, the section's passages
 * are read again in document order, paragraph by paragraph, with the same enumerator rules the
 * splitter used at ingest (`EnumeratorContext`), so every paragraph gets its subdivision path.
 */
import { EnumeratorContext, readLeadingMarkers } from './enumerators.js';
import { paragraphSeparator } from './segment-reader.js';

/** `(b)(1)` or `(b) (1)` → `['b', '1']`; anything that is not a run of markers → `[]`. */
export function parsePinpoint(subdivisions: string): string[] {
  const compact = subdivisions.replace(/\s+/g, '');
  if (!/^(?:\([0-9A-Za-z]{1,6}\))+$/.test(compact)) return [];
  return Array.from(compact.matchAll(/\(([^)]+)\)/g), (match) => match[1]!);
}

/** `['b', '1']` → `(b)(1)`. */
export function formatPinpoint(markers: readonly string[]): string {
  return markers.map((marker) => `(${marker})`).join('');
}

/** One paragraph of a passage's text: where it starts and the subdivision it belongs to. */
export interface ParagraphPinpoint {
  /** Character offset of the paragraph in the passage's text. */
  readonly start: number;
  /** Its subdivision path (`['d', '2']`); empty for a section's or rule's own lead-in text. */
  readonly path: readonly string[];
}

/**
 * The subdivision of every paragraph, one list per passage, for the passages of one section in
 * document order (the enumerators of one passage carry on into the next).
 */
export function paragraphPinpoints(
  passages: ReadonlyArray<{ readonly text: string }>,
): ParagraphPinpoint[][] {
  const context = new EnumeratorContext();
  return passages.map((passage) => {
    const paragraphs = passage.text.split(paragraphSeparator);
    let start = 0;
    return paragraphs.map((paragraph, index) => {
      const leading = readLeadingMarkers(paragraph);
      let path: string[];
      if (leading) {
        const nextMarker = /^\(([0-9A-Za-z]{1,5})\)/.exec(paragraphs[index + 1] ?? '')?.[1];
        path = [];
        leading.markers.forEach((marker, position) => {
          const isLast = position === leading.markers.length - 1;
          path = context.enter(marker, {
            nextMarker: isLast ? nextMarker : leading.markers[position + 1],
            ownsFollowingText: !isLast || leading.rest.length === 0,
          });
        });
      } else path = context.attachPlainParagraph();
      const pinpoint = { start, path };
      start += paragraph.length + paragraphSeparator.length;
      return pinpoint;
    });
  });
}

/**
 * The subdivision paths each passage holds, one list per passage, for the passages of one
 * section in document order. A path is listed once per passage, in the order it first occurs.
 */
export function subdivisionsHeld(passages: ReadonlyArray<{ readonly text: string }>): string[][][] {
  return paragraphPinpoints(passages).map((paragraphs) => {
    const held = new Map<string, string[]>();
    for (const { path } of paragraphs) if (path.length > 0) held.set(path.join('\u0001'), [...path]);
    return [...held.values()];
  });
}

/** The path of the paragraph holding a character offset of a passage's text. */
export function pathAt(paragraphs: readonly ParagraphPinpoint[], offset: number): readonly string[] {
  let found: readonly string[] = [];
  for (const paragraph of paragraphs) {
    if (paragraph.start > offset) break;
    found = paragraph.path;
  }
  return found;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((marker, index) => path[index] === marker);
}

/**
 * The passages of one section (in document order) that hold the pinpoint: the passage where
 * it starts first, then those that continue it. Empty when no passage holds it, so a caller
 * can tell "§ 1030 is held, § 1030(z) is not". Markers compare case-sensitively, since `(b)`
 * and `(B)` are different levels.
 */
export function passagesHoldingPinpoint<Passage extends { readonly text: string }>(
  passages: readonly Passage[],
  pinpoint: readonly string[],
): Passage[] {
  if (pinpoint.length === 0) return [...passages];
  const held = subdivisionsHeld(passages);
  const holding = passages.filter((_, index) => held[index]!.some((path) => startsWith(path, pinpoint)));
  return holding;
}
