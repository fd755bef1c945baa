import { limitQuestionLength } from '../core/limits.js';
import { normalizeCitationText } from '../corpus/citation.js';
import { popularNames } from './popular-names.js';

/**
 * A legal citation found in a user's question. `sectionLabels` are the exact section labels it
 * may mean (a bare "§ 1367" may be in any title); `subdivisions` narrows to e.g. `(c)`.
 */
export interface QueryCitation {
  /** The text as the user wrote it. */
  readonly text: string;
  readonly sectionLabels: readonly string[];
  readonly subdivisions: string;
  /**
   * `full` when the citation names its title or rule set (`18 U.S.C. 1030`, `FRE 608`);
   * `bare` when it does not (`§ 1030`, `Rule 23`) and may mean a section of any title or rule
   * set in the store.
   */
  readonly scope: 'full' | 'bare';
  /**
   * How a reader writes it, Bluebook style: `42 U.S.C. § 1983`, `Fed. R. Evid. 608(b)`; a bare
   * citation keeps its own form (`§ 1983`, `Rule 23`).
   */
  readonly display: string;
}

/** Everything a citation lookup needs to know about what the store holds. */
export interface CitationVocabulary {
  /** U.S. Code titles that appear in the store, e.g. ['17', '18', '28']. */
  readonly usCodeTitles: readonly string[];
  /** Court-rule citation prefixes in the store, e.g. ['Fed. R. Evid.', 'Fed. R. Civ. P.']. */
  readonly rulePrefixes: readonly string[];
}

/**
 * The ways people name each federal rule set, as regular-expression sources (matched without
 * case): Bluebook (`Fed. R. Evid.`), the initialisms with or without dots (`FRE`, `F.R.E.`),
 * the full name, and the short forms practitioners say (`Evidence Rule`, `Civil Rule`,
 * `Crim. Rule`).
 */
const ruleSets: ReadonlyArray<{ readonly prefix: string; readonly names: readonly string[] }> = [
  {
    prefix: 'Fed. R. Evid.',
    names: [
      String.raw`f\.?\s?r\.?\s?e\.?`,
      String.raw`fed\.?\s*r\.?\s*(?:of\s+)?evid\.?`,
      String.raw`federal\s+rules?\s+of\s+evidence`,
      String.raw`evidence\s+rules?`,
      String.raw`evid\.?\s+rules?`,
    ],
  },
  {
    prefix: 'Fed. R. Civ. P.',
    names: [
      String.raw`f\.?\s?r\.?\s?c\.?\s?p\.?`,
      String.raw`fed\.?\s*r\.?\s*civ\.?\s*p(?:roc)?\.?`,
      String.raw`federal\s+rules?\s+of\s+civil\s+procedure`,
      String.raw`civ(?:il|\.)?\s+rules?`,
    ],
  },
  {
    prefix: 'Fed. R. Crim. P.',
    names: [
      String.raw`f\.?\s?r\.?\s?cr(?:im|m)?\.?\s?p\.?`,
      String.raw`fed\.?\s*r\.?\s*crim\.?\s*p(?:roc)?\.?`,
      String.raw`federal\s+rules?\s+of\s+criminal\s+procedure`,
      String.raw`crim(?:inal|\.)?\s+rules?`,
    ],
  },
  {
    prefix: 'Fed. R. App. P.',
    names: [
      String.raw`f\.?\s?r\.?\s?a\.?\s?p\.?`,
      String.raw`fed\.?\s*r\.?\s*app\.?\s*p(?:roc)?\.?`,
      String.raw`federal\s+rules?\s+of\s+appellate\s+procedure`,
      String.raw`app(?:ellate|\.)?\s+rules?`,
    ],
  },
];

const ruleSetNamePatterns = ruleSets.map((set) => ({
  prefix: set.prefix,
  pattern: new RegExp(`^(?:${set.names.join('|')})$`, 'i'),
}));
/** Any rule-set name; a name never runs on into a word (`free` is not `FRE`). */
const anyRuleSet = `(?<![A-Za-z.])(${ruleSets.flatMap((set) => set.names).join('|')})(?![A-Za-z])`;

const section = String.raw`(\d+[A-Za-z]?(?:[-–.]\d+[A-Za-z]?)*)`;
const subdivisions = String.raw`((?:\s?\([A-Za-z0-9]{1,4}\))*)`;
const usCodeName = String.raw`(?:U\.?\s?S\.?\s?C(?:\.|ode\b)?|United\s+States\s+Code)`;
const sectionWord = String.raw`(?:§{1,2}|\bsec(?:tion|s|\.)?\.?)`;

/** "18 U.S.C. § 2252A(c)", "18 USC 1001", "28 U.S.C. sec. 1331", "18 U.S. Code § 1030". */
const usCodePattern = new RegExp(
  String.raw`\b(\d{1,2}[A-Za-z]?)\s*${usCodeName}\s*(?:A\.?\s*)?${sectionWord}?\s*${section}${subdivisions}`,
  'gi',
);
/** "Title 18, Section 1030", "title 18 § 1030", "Title 18 of the U.S. Code, section 1030". */
const titleSectionPattern = new RegExp(
  String.raw`\btitle\s+(\d{1,2}[A-Za-z]?)(?:\s+of\s+the\s+${usCodeName})?\s*,?\s*${sectionWord}\s*${section}${subdivisions}`,
  'gi',
);
/** "section 1001 of title 18", "§ 1030 of title 18". */
const sectionOfTitlePattern = new RegExp(
  String.raw`${sectionWord}\s*${section}${subdivisions}\s+of\s+title\s+(\d{1,2}[A-Za-z]?)\b`,
  'gi',
);
/** A bare "§ 1367" or "section 1367(a)" without a title. */
const bareSectionPattern = new RegExp(String.raw`(?:§{1,2}|\bsection)\s*${section}${subdivisions}`, 'gi');
/** "FRE 403", "F.R.E. 608", "Fed. R. Evid. 803(2)", "Evidence Rule 608", "Federal Rule of Evidence 404(b)". */
const namedRulePattern = new RegExp(
  String.raw`${anyRuleSet}\s*,?\s*(?:rule\s*)?${section}${subdivisions}`,
  'gi',
);
/** "Rule 23(a) of the Federal Rules of Civil Procedure", "Rule 11 of the FRCP", "Rule 403 FRE". */
const ruleOfSetPattern = new RegExp(
  String.raw`\brule\s+${section}${subdivisions}\s*(?:,\s*|\s+of\s+(?:the\s+)?|\s+under\s+(?:the\s+)?|\s+)${anyRuleSet}`,
  'gi',
);
/** "Rule 803" with no rule set named: it may be in any rule set in the store. */
const bareRulePattern = new RegExp(String.raw`\brules?\s+${section}${subdivisions}`, 'gi');

function rulePrefixFor(name: string): string | undefined {
  const compact = name.trim().replace(/\s+/g, ' ');
  return ruleSetNamePatterns.find((set) => set.pattern.test(compact))?.prefix;
}

function cleanSubdivisions(raw: string | undefined): string {
  return (raw ?? '').replace(/\s+/g, '');
}

/** A rule or section number as cited: `5.1`, `2252A`; a trailing sentence period is not part of it. */
function cleanNumber(raw: string): string {
  return raw.replace(/[.–-]+$/, '');
}

/**
 * Finds the citations in a question. It never throws on arbitrary text; text that merely looks
 * numeric ("5 years") is not a citation because every pattern needs a citation marker.
 * Citations come in the order the patterns are tried: titled U.S. Code, named rule sets,
 * popular names ("the CFAA", "the rape shield rule"), then bare sections and rules, each in the
 * order they occur.
 */
export function parseQueryCitations(question: string, vocabulary: CitationVocabulary): QueryCitation[] {
  const text = limitQuestionLength(normalizeCitationText(question));
  const citations: QueryCitation[] = [];
  const claimed: Array<[number, number]> = [];
  const overlaps = (start: number, end: number) => claimed.some(([from, to]) => start < to && end > from);
  const add = (
    match: RegExpExecArray,
    labels: string[],
    subdivisionText: string | undefined,
    scope: QueryCitation['scope'],
    displayBase: string,
  ) => {
    const start = match.index;
    const end = start + match[0].length;
    if (overlaps(start, end) || labels.length === 0) return;
    claimed.push([start, end]);
    const pinpoint = cleanSubdivisions(subdivisionText);
    citations.push({
      text: match[0].trim(),
      sectionLabels: labels,
      subdivisions: pinpoint,
      scope,
      display: `${displayBase}${pinpoint}`,
    });
  };
  const usCode = (title: string, number: string) => `${title.toUpperCase()} U.S.C. § ${cleanNumber(number)}`;

  for (const match of text.matchAll(usCodePattern)) {
    const label = usCode(match[1]!, match[2]!);
    add(match, [label], match[3], 'full', label);
  }
  for (const match of text.matchAll(titleSectionPattern)) {
    const label = usCode(match[1]!, match[2]!);
    add(match, [label], match[3], 'full', label);
  }
  for (const match of text.matchAll(sectionOfTitlePattern)) {
    const label = usCode(match[3]!, match[1]!);
    add(match, [label], match[2], 'full', label);
  }
  for (const match of text.matchAll(namedRulePattern)) {
    const prefix = rulePrefixFor(match[1] ?? '');
    const label = `${prefix} ${cleanNumber(match[2]!)}`;
    if (prefix) add(match, [label], match[3], 'full', label);
  }
  for (const match of text.matchAll(ruleOfSetPattern)) {
    const prefix = rulePrefixFor(match[3] ?? '');
    const label = `${prefix} ${cleanNumber(match[1]!)}`;
    if (prefix) add(match, [label], match[2], 'full', label);
  }
  for (const name of popularNames) {
    const match = name.pattern.exec(text);
    if (match) add(match, [...name.sectionLabels], undefined, 'full', name.sectionLabels[0]!);
  }
  for (const match of text.matchAll(bareSectionPattern)) {
    const number = cleanNumber(match[1]!);
    add(
      match,
      vocabulary.usCodeTitles.map((title) => `${title} U.S.C. § ${number}`),
      match[2],
      'bare',
      `§ ${number}`,
    );
  }
  for (const match of text.matchAll(bareRulePattern)) {
    const number = cleanNumber(match[1]!);
    add(
      match,
      vocabulary.rulePrefixes.map((prefix) => `${prefix} ${number}`),
      match[2],
      'bare',
      `Rule ${number}`,
    );
  }
  return citations;
}

/**
 * Gold matching from the evaluation README: a label matches a citation when it is the citation
 * or a subdivision of it. `18 U.S.C. § 2252(c)` matches `18 U.S.C. § 2252`; `§ 2252A(d)` does not.
 */
export function labelMatchesCitation(label: string, citation: string): boolean {
  const normalizedLabel = normalizeCitationText(label);
  const normalizedCitation = normalizeCitationText(citation);
  return normalizedLabel === normalizedCitation || normalizedLabel.startsWith(`${normalizedCitation}(`);
}
