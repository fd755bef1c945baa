/**
 * What kind of answer a question asks for, and whether a passage has that kind of content.
 *
 * "How long do I have to appeal?" wants a period of time; "What is the penalty for…" wants
 * fines and imprisonment; "What are the elements…" wants a list; "Who decides…" wants the
 * actor that decides. Bag-of-words ranking cannot tell a passage that states the deadline from
 * one that merely shares the question's nouns, so the fused ranking gives a small lift to
 * passages whose text holds the kind of fact asked for (see `HybridRetriever`). Each kind is
 * read from the question's wording and checked in a passage with one regular expression, so
 * the cost is a few microseconds per candidate.
 */

export type AnswerKind = 'duration' | 'penalty' | 'count' | 'list' | 'decider' | 'definition';

interface KindRule {
  readonly kind: AnswerKind;
  /** The question asks for this kind of answer. */
  readonly asks: RegExp;
  /** A passage states this kind of fact. */
  readonly states: RegExp;
}

const numberWord = String.raw`(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty|forty-five|sixty|ninety|one hundred twenty)`;

const rules: readonly KindRule[] = [
  {
    kind: 'duration',
    asks: /\bhow long\b|\bhow soon\b|\bhow (?:many|much) (?:days|weeks|months|years|time)\b|\bdeadlines?\b|\btime limits?\b|\blimitations? period\b|\bstatute of limitations?\b|\bhow far back\b|\bwhen (?:must|should|do|does|can)\b[^?]{0,60}\b(?:file|serve|respond|answer|appeal|sue|disclose|register|renew|demand|object|move)\b|\bterm of\b|\blast\?/i,
    states: new RegExp(
      String.raw`\b${numberWord}[- ](?:calendar |business |consecutive )?(?:days?|weeks?|months?|years?|hours?)\b|\blife of the author\b|\bno statute of limitations\b`,
      'i',
    ),
  },
  {
    kind: 'penalty',
    asks: /\bpenalt(?:y|ies)\b|\bpunish(?:ment|able|ed)?\b|\bsentences?\b|\bmax(?:imum)?\b[^?]{0,30}\b(?:time|prison|jail|years|fine)\b|\bjail\b|\bprison time\b|\bhow much time\b|\bfines?\b|\bin trouble\b|\b(?:a|federal) crime\b|\bcriminal(?:ly)? (?:charge|liab)|\b(?:is|it's|it is|was) (?:it )?(?:illegal|unlawful)\b|\b(?:illegal|unlawful) to\b|\bcharged\b/i,
    states:
      /\bfined under this title\b|\bimprison(?:ed|ment) (?:for )?(?:not more than|not less than|for life|any term)\b|\bshall be (?:fined|imprisoned|punished(?! as provided))\b|\bpunishment for an offense\b|\bcivil penalty of\b/i,
  },
  {
    kind: 'count',
    asks: /\bhow many\b|\bnumber of\b|\bhow much\b/i,
    states: new RegExp(String.raw`\b${numberWord}\b(?! U\.S\.C\.)`, 'i'),
  },
  {
    kind: 'list',
    asks: /\belements?\b|\bfactors?\b|\brequirements?\b|\bqualifications?\b|\bconditions\b|\bwhat (?:must|should|does|do)\b[^?]{0,60}\b(?:include|contain|state|show|prove)\b|\bwhat kinds? of\b|\bwhich (?:costs|facts|things|information)\b|\bgrounds?\b/i,
    states:
      /(?:^|\n)\(\d+\)[^\n]*\n\n\(\d+\)[^\n]*\n\n\(\d+\)|(?:^|\n)\([A-Z]\)[^\n]*\n\n\([A-Z]\)[^\n]*\n\n\([A-Z]\)|\bthe following\b/,
  },
  {
    kind: 'decider',
    asks: /\bwho (?:decides|determines|decide|determine|rules on|appoints|sets|approves|can order|may order)\b|\bwho has (?:the )?(?:power|authority)\b/i,
    states:
      /\b(?:the|a) (?:court|judge|jury|magistrate judge|Director|Register|Attorney General|Librarian of Congress|Judicial Conference)\b[^.;]{0,40}\b(?:shall|may|must) (?:determine|decide|order|appoint|approve|find|rule)\b/i,
  },
  {
    kind: 'definition',
    asks: /\bdefin(?:e|ed|es|ition)\b|\bwhat (?:is|are|counts as) (?:an? |the )?(?:[a-z-]+ ){0,3}(?:under|in)\b|\bwhat does [^?]{0,40}\bmean\b|\bmeaning of\b/i,
    states:
      /\bthe term [“"][^”"]{1,60}[”"] means\b|\b[“"][^”"]{1,60}[”"] means\b|\bmeans (?:a|an|any|the)\b/i,
  },
];

/** The kinds of answer a question asks for, in a fixed order; empty for most keyword searches. */
export function answerKindsAsked(question: string): AnswerKind[] {
  const text = question.slice(0, 2000);
  return rules.filter((rule) => rule.asks.test(text)).map((rule) => rule.kind);
}

/** The share of the asked kinds that a passage's text states (0 when none was asked). */
export function answerKindEvidence(kinds: readonly AnswerKind[], passageText: string): number {
  if (kinds.length === 0) return 0;
  let stated = 0;
  for (const kind of kinds) {
    const rule = rules.find((candidate) => candidate.kind === kind);
    if (rule?.states.test(passageText)) stated += 1;
  }
  return stated / kinds.length;
}
