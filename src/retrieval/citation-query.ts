import { normalizeCitationText } from '../corpus/citation.js';

/**
 * A legal citation found in a user's question. `sectionLabels` are the exact section labels it
 * may mean (a bare "§ 1367" may be in any title); `subdivisions` narrows to e.g. `(c)`.
 */
export interface QueryCitation {
  /** The text as the user wrote it, for display. */
  readonly text: string;
  readonly sectionLabels: readonly string[];
  readonly subdivisions: string;
}

/** Everything a citation lookup needs to know about what the store holds. */
export interface CitationVocabulary {
  /** U.S. Code titles that appear in the store, e.g. ['17', '18', '28']. */
  readonly usCodeTitles: readonly string[];
  /** Court-rule citation prefixes in the store, e.g. ['Fed. R. Evid.', 'Fed. R. Civ. P.']. */
  readonly rulePrefixes: readonly string[];
}

/** Common names for the federal rule sets, mapped to their Bluebook prefixes. */
const ruleSetAliases: ReadonlyArray<{ readonly pattern: RegExp; readonly prefix: string }> = [
  {
    pattern: /^(?:fre|fed\.?\s*r\.?\s*evid\.?|federal\s+rules?\s+of\s+evidence|evidence\s+rule)$/i,
    prefix: 'Fed. R. Evid.',
  },
  {
    pattern:
      /^(?:frcp|fed\.?\s*r\.?\s*civ\.?\s*p(?:roc)?\.?|federal\s+rules?\s+of\s+civil\s+procedure|civil\s+rule)$/i,
    prefix: 'Fed. R. Civ. P.',
  },
  {
    pattern:
      /^(?:frcrp|frcrmp|fed\.?\s*r\.?\s*crim\.?\s*p(?:roc)?\.?|federal\s+rules?\s+of\s+criminal\s+procedure|criminal\s+rule)$/i,
    prefix: 'Fed. R. Crim. P.',
  },
  {
    pattern:
      /^(?:frap|fed\.?\s*r\.?\s*app\.?\s*p(?:roc)?\.?|federal\s+rules?\s+of\s+appellate\s+procedure|appellate\s+rule)$/i,
    prefix: 'Fed. R. App. P.',
  },
];

const section = String.raw`(\d+[A-Za-z]?(?:[-–.]\d+[A-Za-z]?)*)`;
const subdivisions = String.raw`((?:\s?\([A-Za-z0-9]{1,4}\))*)`;

/** "18 U.S.C. § 2252A(c)", "18 USC 1001", "28 U.S.C. sec. 1331". */
const usCodePattern = new RegExp(
  String.raw`\b(\d{1,2}[A-Za-z]?)\s*U\.?\s?S\.?\s?C(?:\.|ode\b)?\s*(?:A\.?\s*)?(?:§{1,2}|sec(?:tion|s)?\.?)?\s*${section}${subdivisions}`,
  'gi',
);
/** "section 1001 of title 18". */
const sectionOfTitlePattern = new RegExp(
  String.raw`\bsec(?:tion|\.)?\s*${section}${subdivisions}\s+of\s+title\s+(\d{1,2})\b`,
  'gi',
);
/** A bare "§ 1367" or "section 1367(a)" without a title. */
const bareSectionPattern = new RegExp(String.raw`(?:§{1,2}|\bsection)\s*${section}${subdivisions}`, 'gi');
/** "FRE 403", "Fed. R. Evid. 803(2)", "Federal Rule of Evidence 404(b)", "Rule 23(a) of the Federal Rules of Civil Procedure". */
const namedRulePattern = new RegExp(
  String.raw`\b(fre|frcp|frcrm?p|frap|fed\.?\s*r\.?\s*(?:evid|civ\.?\s*p(?:roc)?|crim\.?\s*p(?:roc)?|app\.?\s*p(?:roc)?)\.?|federal\s+rules?\s+of\s+(?:evidence|civil\s+procedure|criminal\s+procedure|appellate\s+procedure))\s*(?:rule\s*)?${section}${subdivisions}`,
  'gi',
);
const ruleOfSetPattern = new RegExp(
  String.raw`\brule\s+${section}${subdivisions}\s+of\s+the\s+(federal\s+rules?\s+of\s+(?:evidence|civil\s+procedure|criminal\s+procedure|appellate\s+procedure))`,
  'gi',
);
/** "Rule 803" with no rule set named: it may be in any rule set in the store. */
const bareRulePattern = new RegExp(String.raw`\brule\s+${section}${subdivisions}`, 'gi');

function rulePrefixFor(name: string): string | undefined {
  const compact = name.trim().replace(/\s+/g, ' ');
  return ruleSetAliases.find((alias) => alias.pattern.test(compact))?.prefix;
}

function cleanSubdivisions(raw: string | undefined): string {
  return (raw ?? '').replace(/\s+/g, '');
}

/**
 * Finds the citations in a question. It never throws on arbitrary text; text that merely looks
 * numeric ("5 years") is not a citation because every pattern needs a citation marker.
 */
export function parseQueryCitations(question: string, vocabulary: CitationVocabulary): QueryCitation[] {
  const text = normalizeCitationText(question).slice(0, 5000);
  const citations: QueryCitation[] = [];
  const claimed: Array<[number, number]> = [];
  const overlaps = (start: number, end: number) => claimed.some(([from, to]) => start < to && end > from);
  const add = (match: RegExpExecArray, labels: string[], subdivisionText: string | undefined) => {
    const start = match.index;
    const end = start + match[0].length;
    if (overlaps(start, end) || labels.length === 0) return;
    claimed.push([start, end]);
    citations.push({
      text: match[0].trim(),
      sectionLabels: labels,
      subdivisions: cleanSubdivisions(subdivisionText),
    });
  };

  for (const match of text.matchAll(usCodePattern)) {
    add(match, [`${match[1]} U.S.C. § ${match[2]}`], match[3]);
  }
  for (const match of text.matchAll(sectionOfTitlePattern)) {
    add(match, [`${match[3]} U.S.C. § ${match[1]}`], match[2]);
  }
  for (const match of text.matchAll(namedRulePattern)) {
    const prefix = rulePrefixFor(match[1] ?? '');
    if (prefix) add(match, [`${prefix} ${match[2]}`], match[3]);
  }
  for (const match of text.matchAll(ruleOfSetPattern)) {
    const prefix = rulePrefixFor(match[3] ?? '');
    if (prefix) add(match, [`${prefix} ${match[1]}`], match[2]);
  }
  for (const match of text.matchAll(bareSectionPattern)) {
    add(
      match,
      vocabulary.usCodeTitles.map((title) => `${title} U.S.C. § ${match[1]}`),
      match[2],
    );
  }
  for (const match of text.matchAll(bareRulePattern)) {
    add(
      match,
      vocabulary.rulePrefixes.map((prefix) => `${prefix} ${match[1]}`),
      match[2],
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
