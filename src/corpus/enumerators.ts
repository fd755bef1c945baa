/**
 * Enumerators are the `(a)`, `(1)`, `(A)`, `(i)` markers that divide a statute or rule below
 * the section. Citation labels are built from them (`18 U.S.C. § 2252(c)(2)(A)`), so the
 * splitter has to know, for every marker, where it sits in the hierarchy. Heading depth in
 * the source markdown is not reliable for that; the marker itself and what came before it are.
 *
 * U.S. Code drafting style, which the federal rules follow too:
 *   (a) subsection → (1) paragraph → (A) subparagraph → (i) clause → (I) subclause
 *   → (aa) item → (AA) subitem.
 * Some markers read two ways: `(i)` is the letter after `(h)` or the first roman clause;
 * `(ii)` is a roman clause or the ninth item; `(aa)` is an item or the subsection after `(z)`.
 * Each reading is scored against the current path (and the next marker, when known) and the
 * cheapest wins.
 */

export const enumeratorLevels = [
  'subsection',
  'paragraph',
  'subparagraph',
  'clause',
  'subclause',
  'item',
  'subitem',
] as const;

export type EnumeratorLevel = (typeof enumeratorLevels)[number];

/** One way of reading a marker: its level in the hierarchy and its position within that level. */
export interface EnumeratorReading {
  /** The marker without parentheses, as written: `c`, `2`, `B`, `iv`, `a–1`. */
  readonly marker: string;
  /** Index into `enumeratorLevels`: 0 for subsections, 6 for subitems. */
  readonly depth: number;
  /** 1 for the first marker of a level (`a`, `1`, `A`, `i`, `aa`); fractional for inserted ones (`4A`). */
  readonly ordinal: number;
}

export interface EnumeratorEntry extends EnumeratorReading {
  /** A short title the unit carries (`Affirmative Defense.`), used for breadcrumbs. */
  readonly caption: string | undefined;
  /**
   * Whether plain paragraphs that follow belong to this unit. True when the unit's own line is
   * only a heading (`(c) Affirmative Defense .`, `(1) In general .`) or once it has taken a
   * continuation paragraph; false for a unit whose line is already its full text.
   */
  readonly ownsFollowingText: boolean;
}

/** Enough state to resume marker reading in the next chunk of the same section. */
export interface EnumeratorSnapshot {
  readonly entries: readonly EnumeratorEntry[];
  /**
   * True once numbering restarted after section-level prose: the section's numbers then belong
   * to lists inside unnumbered paragraphs (the definitions of 17 U.S.C. § 101 or
   * 15 U.S.C. § 1127), not to subdivisions a citation can name.
   */
  readonly listsAreInline: boolean;
  /** The top-level unit that section-level prose closed, while no marker has come since. */
  readonly closedTopLevel: EnumeratorReading | undefined;
}

/**
 * A run of markers at the start of a paragraph, `(a)`, or `(A)(i)` when the source fuses two
 * levels. The run must be followed by whitespace or the end of the text, so cross-references
 * split across lines (`(3), a federal statute…`) are not mistaken for enumerators.
 */
const leadingMarkers = /^((?:\((?:\d{1,3}[A-Z]?|[a-z]{1,5}|[A-Z]{1,5})(?:[–-]\d{1,2})?\))+)(?=\s|$)/;
const singleMarker = /\(([^)]+)\)/g;

export interface LeadingMarkers {
  readonly markers: readonly string[];
  /** The text after the markers, trimmed. */
  readonly rest: string;
}

export function readLeadingMarkers(text: string): LeadingMarkers | undefined {
  if (text.charCodeAt(0) !== 40 /* ( */) return undefined;
  const match = leadingMarkers.exec(text);
  if (!match) return undefined;
  const run = match[1]!;
  // Most runs hold one marker; only fused runs like `(A)(i)` need the general split.
  const markers =
    run.indexOf('(', 1) < 0
      ? [run.slice(1, -1)]
      : Array.from(run.matchAll(singleMarker), (marker) => marker[1]!);
  for (const marker of markers) if (possibleReadings(marker).length === 0) return undefined;
  return { markers, rest: text.slice(run.length).trim() };
}

const romanDigits: Readonly<Record<string, number>> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/**
 * The value of a lowercase roman numeral up to 100, or undefined if it is not one in canonical
 * form. Single `l` and `c` are letters only: no clause list reaches 50 without passing (xlix),
 * and reading `(C)` after `(D)` as subclause 100 would hide a restated heading.
 */
export function romanValue(numeral: string): number | undefined {
  if (numeral === 'l' || numeral === 'c') return undefined;
  let total = 0;
  for (let position = 0; position < numeral.length; position++) {
    const value = romanDigits[numeral[position]!];
    if (value === undefined) return undefined;
    const nextValue = romanDigits[numeral[position + 1] ?? ''] ?? 0;
    total += value < nextValue ? -value : value;
  }
  // Re-encoding rejects letter runs that are not numerals as written by drafters (`iiv`, `vv`).
  return total > 0 && total <= 100 && toRoman(total) === numeral ? total : undefined;
}

function toRoman(value: number): string {
  const steps: ReadonlyArray<readonly [number, string]> = [
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let remaining = value;
  let numeral = '';
  for (const [stepValue, stepNumeral] of steps) {
    while (remaining >= stepValue) {
      numeral += stepNumeral;
      remaining -= stepValue;
    }
  }
  return numeral;
}

/** `a` → 1, `z` → 26; doubled letters continue the count (`aa` → 27) as USC subsections do after `(z)`. */
function letterOrdinal(letters: string): number {
  return (letters.length - 1) * 26 + (letters.toLowerCase().charCodeAt(0) - 96);
}

function isRepeatedLetter(letters: string): boolean {
  return [...letters].every((letter) => letter === letters[0]);
}

/** Readings by marker: the same few hundred markers recur across the whole U.S. Code. */
const readingsByMarker = new Map<string, readonly EnumeratorReading[]>();

/** Every level a marker could belong to. Empty when the text in parentheses is not an enumerator. */
export function possibleReadings(marker: string): readonly EnumeratorReading[] {
  let readings = readingsByMarker.get(marker);
  if (readings === undefined) {
    readings = computeReadings(marker);
    if (readingsByMarker.size < 10_000) readingsByMarker.set(marker, readings);
  }
  return readings;
}

function computeReadings(marker: string): EnumeratorReading[] {
  // `(a–1)`, `(4A)`: inserted units rank just after their base, so they read as successors.
  const inserted = /^(.+?)[–-](\d+)$/.exec(marker);
  const base = inserted ? inserted[1]! : marker;
  const insertedOffset = inserted ? Number(inserted[2]) / 100 : 0;
  const readings: EnumeratorReading[] = [];
  const add = (depth: number, ordinal: number): void => {
    readings.push({ marker, depth, ordinal: ordinal + insertedOffset });
  };

  const numbered = /^(\d+)([A-Z]?)$/.exec(base);
  if (numbered) {
    const suffix = numbered[2] ? (numbered[2].charCodeAt(0) - 64) / 10 : 0;
    add(1, Number(numbered[1]) + suffix);
    return readings;
  }
  if (/^[a-z]+$/.test(base)) {
    const roman = romanValue(base);
    if (isRepeatedLetter(base)) {
      add(0, letterOrdinal(base));
      if (base.length >= 2) add(5, base.length === 2 ? letterOrdinal(base[0]!) : letterOrdinal(base) - 26);
    }
    if (roman !== undefined) add(3, roman);
    return readings;
  }
  if (/^[A-Z]+$/.test(base)) {
    const roman = romanValue(base.toLowerCase());
    if (isRepeatedLetter(base)) {
      add(2, letterOrdinal(base));
      if (base.length >= 2) add(6, base.length === 2 ? letterOrdinal(base[0]!) : letterOrdinal(base) - 26);
    }
    if (roman !== undefined) add(4, roman);
    return readings;
  }
  return readings;
}

export interface ReadingFit<Entry extends EnumeratorReading> {
  /**
   * How unlikely the reading is after the current path: 0 for the expected next marker (the
   * next sibling, or the first child one level deeper), growing with the levels closed, levels
   * skipped and markers skipped. `backwardsCost` or more means the marker does not move
   * forward (a restated heading or a drafting slip).
   */
  readonly cost: number;
  /** The path once the reading is entered. */
  readonly path: Entry[];
}

/** Costs from here up mean the marker does not move forward from the open path. */
export const backwardsCost = 10;

export function fitReading<Entry extends EnumeratorReading>(
  reading: Entry,
  path: readonly Entry[],
): ReadingFit<Entry> {
  const top = path.at(-1);
  if (!top) return { cost: reading.ordinal === 1 ? 0 : 1, path: [reading] };
  const sameLevelIndex = path.findIndex((entry) => entry.depth === reading.depth);
  if (sameLevelIndex >= 0) {
    const sibling = path[sameLevelIndex]!;
    const levelsClosed = path.length - 1 - sameLevelIndex;
    const siblingPath = [...path.slice(0, sameLevelIndex), reading];
    if (reading.ordinal <= sibling.ordinal) return { cost: backwardsCost + levelsClosed, path: siblingPath };
    const markersSkipped = Math.ceil(reading.ordinal - sibling.ordinal) - 1;
    const skipCost = markersSkipped > 0 ? 1 + Math.min(markersSkipped, 5) * 0.5 : 0;
    return { cost: levelsClosed + skipCost, path: siblingPath };
  }
  if (reading.depth > top.depth) {
    const levelsSkipped = reading.depth - top.depth - 1;
    return { cost: (reading.ordinal === 1 ? 0 : 3) + levelsSkipped * 1.5, path: [...path, reading] };
  }
  // A level above the current one that is not open. A first marker starts a list nested
  // against the usual order (the Lanham Act's `15 U.S.C. § 1114(1)(a)`); any other marker
  // means the path has to be rebuilt around it.
  if (reading.ordinal === 1) return { cost: 5, path: [...path, reading] };
  return { cost: 8, path: [...path.filter((entry) => entry.depth < reading.depth), reading] };
}

/** Above this, a reading is a fallback, and looking ahead cannot rescue it. */
const lookaheadLimit = 4;

/**
 * Picks the reading of `marker` that fits `path` best. When two readings are plausible, the
 * following marker decides: `(i)` followed by `(ii)` is a clause, followed by `(j)` a letter.
 */
export function chooseReading(
  marker: string,
  path: readonly EnumeratorReading[],
  nextMarker?: string,
): EnumeratorReading {
  const readings = possibleReadings(marker);
  if (readings.length === 0) throw new Error(`Not an enumerator: (${marker})`);
  if (readings.length === 1) return readings[0]!;
  const nextReadings = nextMarker === undefined ? [] : possibleReadings(nextMarker);
  let best = readings[0]!;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const reading of readings) {
    const fit = fitReading(reading, path);
    let cost = fit.cost;
    if (nextReadings.length > 0) {
      const nextCost = Math.min(...nextReadings.map((next) => fitReading(next, fit.path).cost));
      cost += Math.min(nextCost, lookaheadLimit);
    }
    if (cost < bestCost) {
      best = reading;
      bestCost = cost;
    }
  }
  return best;
}

export interface EnterOptions {
  /** The marker that starts the following paragraph, if any; used to settle ambiguous markers. */
  readonly nextMarker?: string | undefined;
  readonly caption?: string | undefined;
  readonly ownsFollowingText: boolean;
}

/**
 * The open enumerators at the current point of a section. The splitter feeds it markers and
 * plain paragraphs in order; snapshots carry it into the next chunk of the same section.
 */
export class EnumeratorContext {
  private entries: EnumeratorEntry[];
  private inlineLists: boolean;
  private closedTopLevel: EnumeratorReading | undefined;

  constructor(snapshot?: EnumeratorSnapshot) {
    this.entries = snapshot ? [...snapshot.entries] : [];
    this.inlineLists = snapshot?.listsAreInline ?? false;
    this.closedTopLevel = snapshot?.closedTopLevel;
  }

  get listsAreInline(): boolean {
    return this.inlineLists;
  }

  /** The markers of the open units, outermost first: `['c', '2', 'A']`. */
  get path(): string[] {
    return this.entries.map((entry) => entry.marker);
  }

  /** How a marker would fit at this point, without entering it. */
  fit(marker: string, nextMarker?: string): ReadingFit<EnumeratorReading> {
    return fitReading(chooseReading(marker, this.entries, nextMarker), this.entries);
  }

  /** Opens the unit a marker starts and returns the new path. */
  enter(marker: string, options: EnterOptions): string[] {
    const reading = chooseReading(marker, this.entries, options.nextMarker);
    const closed = this.closedTopLevel;
    if (
      closed &&
      this.entries.length === 0 &&
      reading.depth === closed.depth &&
      reading.ordinal <= closed.ordinal
    ) {
      this.inlineLists = true;
    }
    this.closedTopLevel = undefined;
    const entry: EnumeratorEntry = {
      marker: reading.marker,
      depth: reading.depth,
      ordinal: reading.ordinal,
      caption: options.caption,
      ownsFollowingText: options.ownsFollowingText,
    };
    this.entries = fitReading(entry, this.entries).path;
    return this.path;
  }

  /**
   * Finds the unit a plain (unenumerated) paragraph belongs to and returns its path. After a
   * heading-only unit the text is its body. After a unit that already had its text, the
   * paragraph is flush language of the parent (the `shall be punished…` after a list of
   * paragraphs, or FRE 801(d)(2)'s closing sentence after (E)), so that unit closes.
   */
  attachPlainParagraph(): string[] {
    const top = this.entries.pop();
    if (!top) return [];
    if (top.ownsFollowingText) {
      this.entries.push(top);
      return this.path;
    }
    const owner = this.entries.at(-1);
    if (owner) this.entries[this.entries.length - 1] = { ...owner, ownsFollowingText: true };
    else this.closedTopLevel = top;
    return this.path;
  }

  snapshot(): EnumeratorSnapshot {
    return {
      entries: [...this.entries],
      listsAreInline: this.inlineLists,
      closedTopLevel: this.closedTopLevel,
    };
  }

  reset(): void {
    this.entries = [];
    this.inlineLists = false;
    this.closedTopLevel = undefined;
  }
}

/**
 * `(3), a federal statute…` or `(a)(1)(G) and the government complies` after `…under
 * subdivision`: the source broke a line inside a cross-reference. Such a paragraph continues
 * the previous one rather than opening an enumerated unit. A lead-in like `For purposes of
 * this subsection` followed by `(A) the term…` is not one: the word is not followed by a
 * designation there, and a single marker starts the list.
 */
const markerThenPunctuation = /^(?:\([0-9A-Za-z]{1,5}\))+[,.;:)]/;
const markerChainThenText = /^(?:\([0-9A-Za-z]{1,5}\)){2,}\s/;
const endsWithBareReferenceWord =
  /(?<!\b(?:this|that|such|the|each|any|a|same)\s)\b(?:subdivisions?|subsections?|paragraphs?|subparagraphs?|clauses?)$/;

export function continuesCrossReference(previousText: string, text: string): boolean {
  if (markerThenPunctuation.test(text)) return true;
  return markerChainThenText.test(text) && endsWithBareReferenceWord.test(previousText);
}
