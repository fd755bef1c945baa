/**
 * Citation labels and deep links for passages. A document is cited in one of a few schemes,
 * recognised from its headings and its collection's `citationPrefix`:
 *   - U.S. Code chunks (`# Title 18— …`, `#### § 2252. …`) → `18 U.S.C. § 2252(c)`;
 *   - court rules (`## Rule 801. …` with prefix `Fed. R. Evid.`) → `Fed. R. Evid. 801(d)(2)`;
 *   - other codes with a prefix and `§` headings → `Cal. Civ. Code § 1714(a)`;
 *   - anything else → `Document title — Nearest heading`.
 */

/** Spaces that look like spaces but do not compare equal to one (the USC uses U+202F after `§`). */
const unusualSpaces = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g;
const invisibleCharacters = /[\u200B-\u200D\uFEFF]/g;
/** Either of the two above, to tell cheaply whether any replacement is needed. */
const unusualCharacter = /[\u00A0\u2000-\u200D\u202F\u205F\u3000\uFEFF]/;

function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Makes citation text comparable and printable: ordinary spaces only, no invisible characters. */
export function normalizeCitationText(text: string): string {
  // Most text is already clean; skipping the replacements keeps whole-corpus splits fast.
  const isClean =
    !unusualCharacter.test(text) &&
    text.indexOf('  ') < 0 &&
    !isSpaceCode(text.charCodeAt(0)) &&
    !isSpaceCode(text.charCodeAt(text.length - 1));
  if (isClean) return text;
  return text.replace(invisibleCharacters, '').replace(unusualSpaces, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Heading text for display: `(c) Affirmative Defense .` → `(c) Affirmative Defense.` */
export function cleanHeadingText(text: string): string {
  return normalizeCitationText(text)
    .replace(/\s+([.,;:])/g, '$1')
    .replace(/^\[(.*)\]$/, '$1');
}

// ---------------------------------------------------------------------------------------------
// Structural headings: titles, parts, chapters… They form the breadcrumb above a section.

export type StructuralKind =
  | 'title'
  | 'subtitle'
  | 'division'
  | 'part'
  | 'subpart'
  | 'chapter'
  | 'subchapter'
  | 'article';

export interface StructuralHeading {
  readonly kind: StructuralKind;
  /** `18`, `I`, `110`, `A`. */
  readonly designation: string;
  /** The whole heading, cleaned: `CHAPTER 110— SEXUAL EXPLOITATION…`. */
  readonly text: string;
}

const structuralHeadingPattern =
  /^\[?(title|subtitle|division|part|subpart|chapter|subchapter|article)\s+([0-9A-Za-z][0-9A-Za-z.–-]*?)\s*—/i;

/**
 * Reads `Title 18— …`, `CHAPTER 110— …`, `PART I— CRIMES`. The em dash after the designation
 * is required, so body text that merely starts with "Part" or "Chapter" is not taken for one.
 */
export function parseStructuralHeading(text: string): StructuralHeading | undefined {
  const remembered = structuralHeadings.get(text);
  if (remembered) return remembered;
  const match = structuralHeadingPattern.exec(text);
  if (!match) return undefined;
  const heading: StructuralHeading = {
    kind: match[1]!.toLowerCase() as StructuralKind,
    designation: match[2]!,
    text: cleanHeadingText(text),
  };
  // Every chunk repeats its title and chapter headings, so each is parsed once.
  if (structuralHeadings.size >= 10_000) structuralHeadings.clear();
  structuralHeadings.set(text, heading);
  return heading;
}

const structuralHeadings = new Map<string, StructuralHeading>();

/** Keeps carried structure while it agrees with the document's own headings, then appends them. */
export function inheritStructure(
  carried: readonly StructuralHeading[],
  own: readonly StructuralHeading[],
): StructuralHeading[] {
  const ownKinds = new Set(own.map((heading) => heading.kind));
  const kept: StructuralHeading[] = [];
  for (const heading of carried) {
    if (ownKinds.has(heading.kind) && !own.some((ownHeading) => ownHeading.text === heading.text)) break;
    kept.push(heading);
  }
  for (const heading of own) {
    if (!kept.some((keptHeading) => keptHeading.text === heading.text)) kept.push(heading);
  }
  return kept;
}

/** A new part or subchapter replaces the open one of its kind and everything below it. */
export function openStructure(
  structure: StructuralHeading[],
  heading: StructuralHeading,
): StructuralHeading[] {
  const sameKind = structure.findIndex((open) => open.kind === heading.kind);
  const kept = sameKind >= 0 ? structure.slice(0, sameKind) : structure;
  return [...kept, heading];
}

// ---------------------------------------------------------------------------------------------
// Citable headings: the unit a label is built on (a USC section, a rule).

export interface CitableHeading {
  readonly kind: 'section' | 'rule';
  /** `2252A`, `5126 to 5129`, `801`, `12.1`. */
  readonly designation: string;
  /** True for `§§` headings, which cover several sections. */
  readonly isRange: boolean;
  /** The heading, cleaned: `§ 2252. Certain activities…`. */
  readonly text: string;
}

/** Section numbers start with a digit (`2252A`, `950aaa–1`), so `§ the` is not a heading. */
const sectionNumber = '[0-9][0-9A-Za-z–-]*';
const sectionHeadingPattern = new RegExp(
  `^\\[?(§§?)\\s*(${sectionNumber}(?:(?:,\\s*|\\s+to\\s+|\\s+and\\s+)${sectionNumber})*)\\.?(?=\\s|\\]|$)`,
);
const ruleHeadingPattern = /^Rule\s+(\d+(?:\.\d+)?[A-Za-z]?)(?=[.\s]|$)/;

export function parseCitableHeading(text: string): CitableHeading | undefined {
  const normalized = normalizeCitationText(text);
  const section = sectionHeadingPattern.exec(normalized);
  if (section) {
    return {
      kind: 'section',
      designation: section[2]!,
      isRange: section[1] === '§§',
      text: cleanHeadingText(normalized),
    };
  }
  const rule = ruleHeadingPattern.exec(normalized);
  if (rule)
    return { kind: 'rule', designation: rule[1]!, isRange: false, text: cleanHeadingText(normalized) };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Schemes

export type CitationScheme =
  | { readonly kind: 'us-code'; readonly titleNumber: string }
  | { readonly kind: 'court-rule'; readonly prefix: string }
  | { readonly kind: 'prefixed-code'; readonly prefix: string }
  | { readonly kind: 'titled'; readonly documentTitle: string };

/**
 * Works out how a document is cited from its heading texts. `fallback` is the scheme of the
 * previous document in the collection, used when this one has no telling heading (a nearly
 * empty U.S. Code chunk is still U.S. Code).
 */
export function detectCitationScheme(
  headings: readonly string[],
  citationPrefix: string | undefined,
  documentTitle: string,
  fallback?: CitationScheme,
): CitationScheme {
  for (const heading of headings) {
    const structural = parseStructuralHeading(normalizeCitationText(heading));
    if (structural?.kind === 'title' && /^\d+[A-Za-z]?$/.test(structural.designation)) {
      return { kind: 'us-code', titleNumber: structural.designation };
    }
  }
  if (citationPrefix !== undefined) {
    const prefix = normalizeCitationText(citationPrefix);
    const citable = headings.map(parseCitableHeading);
    if (citable.some((heading) => heading?.kind === 'rule')) return { kind: 'court-rule', prefix };
    if (citable.some((heading) => heading?.kind === 'section')) return { kind: 'prefixed-code', prefix };
  }
  if (fallback && fallback.kind !== 'titled') return fallback;
  return { kind: 'titled', documentTitle: normalizeCitationText(documentTitle) };
}

/** Whether a heading is the citable unit of the scheme (`§ …` for codes, `Rule …` for rules). */
export function citableHeadingFor(scheme: CitationScheme, text: string): CitableHeading | undefined {
  if (scheme.kind === 'titled') return undefined;
  const citable = parseCitableHeading(text);
  if (!citable) return undefined;
  const expectedKind = scheme.kind === 'court-rule' ? 'rule' : 'section';
  return citable.kind === expectedKind ? citable : undefined;
}

/** `18 U.S.C. § 2252`, `2 U.S.C. §§ 5126 to 5129`, `Fed. R. Evid. 801`, `Cal. Civ. Code § 1714`. */
export function sectionLabel(scheme: CitationScheme, heading: CitableHeading): string {
  const sign = heading.isRange ? '§§' : '§';
  switch (scheme.kind) {
    case 'us-code':
      return `${scheme.titleNumber} U.S.C. ${sign} ${heading.designation}`;
    case 'court-rule':
      return `${scheme.prefix} ${heading.designation}`;
    case 'prefixed-code':
      return `${scheme.prefix} ${sign} ${heading.designation}`;
    case 'titled':
      return heading.text;
  }
}

/** Bluebook abbreviations for the structural units a label can fall back to. */
const structuralAbbreviations: ReadonlyArray<readonly [StructuralKind, string]> = [
  ['chapter', 'ch.'],
  ['part', 'pt.'],
  ['subtitle', 'subtit.'],
  ['division', 'div.'],
  ['article', 'art.'],
];

/**
 * The label for U.S. Code text that sits outside any section (a chunk with only a chapter
 * heading): `18 U.S.C. ch. 227`, else `18 U.S.C. pt. I`, else `18 U.S.C.`. Never empty.
 */
export function structuralLabel(scheme: CitationScheme, breadcrumb: readonly StructuralHeading[]): string {
  if (scheme.kind !== 'us-code') {
    const deepest = breadcrumb.at(-1);
    return titledLabel(scheme.kind === 'titled' ? scheme.documentTitle : scheme.prefix, deepest?.text);
  }
  for (const [kind, abbreviation] of structuralAbbreviations) {
    const unit = breadcrumb.findLast((heading) => heading.kind === kind);
    if (unit) return `${scheme.titleNumber} U.S.C. ${abbreviation} ${unit.designation}`;
  }
  return `${scheme.titleNumber} U.S.C.`;
}

/** `Fed. R. Evid. 801` + `['d', '2']` → `Fed. R. Evid. 801(d)(2)`. */
export function subdivisionLabel(baseLabel: string, enumeratorPath: readonly string[]): string {
  let label = baseLabel;
  for (const marker of enumeratorPath) label += `(${marker})`;
  return label;
}

/** `Guide to Small Claims — Filing fees`, or the title alone when there is no heading or it repeats the title. */
export function titledLabel(documentTitle: string, heading: string | undefined): string {
  const title = normalizeCitationText(documentTitle);
  if (heading === undefined) return title;
  const cleanHeading = cleanHeadingText(heading);
  if (cleanHeading.length === 0 || cleanHeading.toLowerCase() === title.toLowerCase()) return title;
  return `${title} — ${cleanHeading}`;
}

// ---------------------------------------------------------------------------------------------
// Deep links

/** The first section of `5126 to 5129` or `1008, 1009`, with en dashes as the site writes them (`-`). */
function firstSectionForUrl(designation: string): string {
  const first = designation.split(/,|\s+to\s+|\s+and\s+/)[0]!.trim();
  return first.replace(/–/g, '-');
}

export function usCodeSectionUrl(titleNumber: string, sectionDesignation: string): string {
  const section = encodeURIComponent(firstSectionForUrl(sectionDesignation));
  return (
    `https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title${titleNumber}-section${section}` +
    '&num=0&edition=prelim'
  );
}

export function usCodeChapterUrl(titleNumber: string, chapterDesignation: string): string {
  return `https://uscode.house.gov/browse/prelim@title${titleNumber}/chapter${encodeURIComponent(chapterDesignation)}&edition=prelim`;
}

/** Cornell LII's folder for each set of federal rules, keyed by the prefix without spaces and dots. */
const cornellRuleFolders: Readonly<Record<string, string>> = {
  fedrevid: 'fre',
  fedrcivp: 'frcp',
  fedrappp: 'frap',
  fedrcrimp: 'frcrmp',
  fedrbankrp: 'frbp',
};

export function courtRuleUrl(prefix: string, ruleDesignation: string): string | undefined {
  const folder = cornellRuleFolders[prefix.toLowerCase().replace(/[^a-z]/g, '')];
  return folder === undefined
    ? undefined
    : `https://www.law.cornell.edu/rules/${folder}/rule_${ruleDesignation}`;
}

/** The deep link for a citable unit, or `fallbackUrl` (the document or collection address). */
export function citableUrl(
  scheme: CitationScheme,
  heading: CitableHeading,
  fallbackUrl: string | undefined,
): string | undefined {
  if (scheme.kind === 'us-code') return usCodeSectionUrl(scheme.titleNumber, heading.designation);
  if (scheme.kind === 'court-rule') return courtRuleUrl(scheme.prefix, heading.designation) ?? fallbackUrl;
  return fallbackUrl;
}

export function structuralUrl(
  scheme: CitationScheme,
  breadcrumb: readonly StructuralHeading[],
  fallbackUrl: string | undefined,
): string | undefined {
  if (scheme.kind !== 'us-code') return fallbackUrl;
  const chapter = breadcrumb.findLast((heading) => heading.kind === 'chapter');
  return chapter ? usCodeChapterUrl(scheme.titleNumber, chapter.designation) : fallbackUrl;
}

// ---------------------------------------------------------------------------------------------
// Captions: the short titles of enumerated units, for breadcrumbs and the passage heading.

/**
 * Verbs that mark a line as operative text rather than a title (`(c) This section shall not
 * apply.`). Not `means`: it is a noun in titles such as `Use of technological means…`.
 */
const operativeWords = /\b(shall|may|must|is|are|does|has|have|will|was|were)\b/;
/** Words that end a lead-in (`(a) Any person who`), which is the start of a sentence, not a title. */
const leadInEndings = /\b(who|that|which|means|the|of|to|by|and|or|if|a|an|for|under|in|with|any|as|than)$/i;

/**
 * Whether the text after a marker is only a title: `Affirmative Defense .`, `In general`,
 * `Juveniles posing risk of harm.` (U.S. Code headings), as opposed to a lead-in or full text.
 */
export function isCaptionOnly(textAfterMarker: string): boolean {
  const text = textAfterMarker.trim();
  if (text.length === 0 || text.length > 120) return false;
  if (!/^[A-Z“"]/.test(text) || /[;:,]$/.test(text) || operativeWords.test(text)) return false;
  const words = text.split(/\s+/);
  if (/[.—]$/.test(text)) return words.length <= 15;
  return words.length <= 12 && !leadInEndings.test(text);
}

/**
 * The inline caption of a rule-style paragraph: `Statements That Are Not Hearsay.` in
 * `(d) Statements That Are Not Hearsay. A statement that…`. Title case is required, so
 * `(A) is inconsistent…` or `(1) Sections 36, 37…` have none.
 */
export function inlineCaption(textAfterMarker: string): string | undefined {
  const match = /^([A-Z][^.()]{0,100}?\.)(?:\s|$)/.exec(textAfterMarker);
  if (!match) return undefined;
  const caption = match[1]!;
  const words = caption.slice(0, -1).split(/\s+/);
  if (words.length > 12 || /\d/.test(caption)) return undefined;
  const titleCase = words.every((word) => word.length < 4 || /^[A-Z“"'‘]/.test(word));
  return titleCase ? caption : undefined;
}
