/**
 * What kind of fact a question asks for, and what kinds of fact a statement carries. A
 * reference librarian answers "how many jurors" with the number, "what is the penalty" with the
 * fine and the prison term, "what are the elements" with the list: the provision that answers is
 * the one that states that kind of fact, not the one that repeats the question's words.
 *
 * The patterns are English question forms and the drafting conventions of U.S. statutes and
 * court rules ("imprisoned not more than", "within 14 days", "the term … means"), not the
 * wording of any particular question.
 */
export const askedFactKinds = [
  'count',
  'duration',
  'penalty',
  'amount',
  'list',
  'definition',
  'actor',
  'offense',
  'permission',
  'codified',
] as const;
export type AskedFact = (typeof askedFactKinds)[number];

const questionPatterns: ReadonlyArray<readonly [AskedFact, RegExp]> = [
  [
    'count',
    /\bhow many\b(?!\s+(?:days|weeks|months|years|hours)\b)|\bnumber of (?!days|weeks|months|years)\w+|\bhow (?:long|big|large) (?:can|may|must|should|is|are) (?:an? |the |my |our )?[\w-]+(?: [\w-]+)? (?:be|get)\b|\b(?:page|word) (?:limits?|count)\b|\bfont size\b/i,
  ],
  [
    'duration',
    /\bhow (?:long|soon|quickly|far back)\b|\bdeadlines?\b|\btime limits?\b|\bstatute of limitations?\b|\bhow many (?:days|weeks|months|years|hours)\b|\bby when\b|\bwhen (?:is|are) (?:it|they|the \w+|\w+) due\b|\bwhen (?:does|do) (?:it|they|the \w+(?: \w+)?) (?:expire|end|run out|start|begin)\b|\bwhen (?:must|do|does|should|can) (?:i|you|we|they|a|an|the|he|she|someone)\b.*\b(?:file|serve|respond|answer|object|appeal|demand|renew|pay|move|ask|notify|tell|disclose|bring|start|begin)\b|\blast\b\??$|\bdue\b|\bgood for\b|\btoo late\b/i,
  ],
  [
    'penalty',
    /\bpenalt(?:y|ies)\b|\bpunish(?:ment)?\b|\bwhat(?:'s| is) the sentence\b|\bsentence for\b|\bmax(?:imum)? (?:sentence|penalty|time|prison|jail|fine)\b|\bhow (?:much|long) (?:time|jail|prison)\b|\bprison (?:time|term)\b|\bjail time\b|\bhow (?:much|long) (?:could|can|would|will|do|does) (?:they|he|she|i|you|someone|a person|people) (?:get|go to (?:jail|prison)|serve)\b|\bfined?\b|\bin trouble\b|\bconsequences?\b|\bwhat happens (?:if|when|to)\b|\bhow (?:much )?time could\b/i,
  ],
  [
    'amount',
    /\bhow much\b(?! time| jail| prison)|\bdamages\b|\bfees?\b|\bcosts?\b|\bcompensation\b|\bamount\b|\bworth\b|\$\s?\d|\bpay\b|\brecover\b|\bfloor\b|\brange\b/i,
  ],
  [
    'list',
    /\belements?\b|\bfactors?\b|\brequirements?\b|\bqualifications?\b|\bqualif(?:y|ies)\b|\bconditions\b|\bexceptions?\b|\bwhat (?:must|should|has to|have to|does|do) .{0,60}\b(?:include|contain|state|show|disclose|say|tell|inform|advise|warn)\b|\bwhat (?:rights|kinds|types|things|goes)\b|\bwhat are the\b|\blist\b|\bcriteria\b|\btest\b|\bgrounds\b/i,
  ],
  [
    'definition',
    /\bdefin(?:e|ed|es|ition|itions)\b|\bwhat (?:counts|qualifies) as\b|\bmeaning of\b|\bwhat does .{1,40}\bmean\b|^(?:so )?what(?:'s| is| are) (?:an? |the )?(?:[\w'’-]+ ?){1,3}\??$|\bconsidered (?:an? |the )?\w+/i,
  ],
  [
    'actor',
    /\bwho (?:decides|determines|may|can|must|has|gets|is responsible|approves|appoints|sets|owns|pays|files|hears)\b|\bwhich court\b|\bwho\b.*\b(?:decide|authority|power)\b/i,
  ],
  [
    // Whether conduct is a crime: answered by the provision that makes it one ("Whoever … shall
    // be fined … or imprisoned"), not by one that merely mentions the conduct or the officers who
    // investigate it. "Illegal" alone is left out: a copyright question asks whether a use is
    // "illegal" and is answered by an exemption, not an offence.
    'offense',
    /\b(?:a |an )?(?:federal )?(?:crime|offen[cs]e|felony|misdemeanou?r)\b(?! victims?\b)|\bcriminal(?:ly)? (?:charged|liable|prosecuted)\b|\b(?:be |get )?(?:charged|prosecuted)\b|\bagainst (?:the )?(?:federal )?law\b/i,
  ],
  [
    'permission',
    /^(?:is|are|can|may|does|do|could|am|was|will)\b|\bprohibit(?:s|ed)?\b|\bforbid(?:s|den)?\b|\b(?:is|are) (?:it|that|this|they) (?:a |an )?(?:legal|illegal|allowed|lawful|unlawful|crime|criminal|federal (?:crime|offense))\b|\ballowed\b|\bpermitted\b|\ba (?:federal )?crime\b|\billegal\b/i,
  ],
  [
    'codified',
    /\bwhere (?:is|are|can i find|do i find)\b|\bcodified\b|\bwhich (?:statute|section|rule|law|provision)\b|\bwhat (?:statute|law|section|rule|provision)\b|\bwhat (?:federal )?crime is\b/i,
  ],
];

/** The kinds of fact the question asks for, most specific first (a count before a permission). */
export function askedFacts(question: string): AskedFact[] {
  const text = question.replace(/\s+/g, ' ').trim();
  const kinds = questionPatterns.filter(([, pattern]) => pattern.test(text)).map(([kind]) => kind);
  // "How long could he go to prison" asks for a penalty, not for a period of something else;
  // "how long can a brief be" asks for a length.
  if (
    kinds.includes('penalty') &&
    kinds.includes('duration') &&
    /\bhow long\b.*\b(?:prison|jail|sentence)\b/i.test(text)
  )
    return kinds.filter((kind) => kind !== 'duration');
  if (
    kinds.includes('count') &&
    kinds.includes('duration') &&
    /\bhow (?:long|big|large) (?:can|may|must|should|is|are)\b[^?]*\b(?:be|get)\b/i.test(text)
  )
    return kinds.filter((kind) => kind !== 'duration');
  return kinds;
}

const numberWord =
  '(?:\\d[\\d,]*(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|thirty|forty|fifty|sixty|ninety|hundred)';
const timeUnit = '(?:days?|weeks?|months?|years?|hours?|calendar days?|business days?)';

const statementPatterns: ReadonlyArray<readonly [AskedFact, RegExp]> = [
  [
    'count',
    new RegExp(
      `\\b(?:at least|not less than|no (?:more|fewer|less) than|not more than|up to|consist of|exactly|only|each side has|has|exceed)\\s+${numberWord}\\b(?!\\s*(?:-|\\s)?${timeUnit})(?!\\s*(?:percent|dollars))|\\b${numberWord}\\s+(?:members|jurors|persons|judges|interrogatories|depositions|challenges|peremptory|witnesses|copies|images|matters|counts|votes|pages|words|lines|characters)\\b|\\b${numberWord}-point\\b`,
      'i',
    ),
  ],
  [
    'duration',
    new RegExp(
      `\\b${numberWord}(?:\\s*|-)${timeUnit}\\b|\\b(?:without unnecessary delay|promptly|forthwith|at any time|during the (?:term|period)|life of the author|for the term of)\\b|\\bwithin the (?:time|period) (?:prescribed|allowed|fixed|provided|specified|limited|set)\\b|\\bby the (?:date|time) (?:when|that|on which|set|fixed)\\b|\\bbefore the (?:expiration|expiry|end) of\\b`,
      'i',
    ),
  ],
  [
    'penalty',
    /\bfined\b|\bimprison(?:ed|ment)\b|\bpunish(?:ed|able|ment)\b|\bsentenced? to\b|\b(?:punishable by|sentence of) death\b|\bcivil penalty\b|\bpenalty of\b|\bsanctions?\b/i,
  ],
  [
    'amount',
    /\$\s?\d|\bdollars\b|\bfees?\b|\bdamages\b|\bthree times\b|\btreble\b|\breasonable royalty\b|\bprofits\b|\bcosts\b/i,
  ],
  [
    'definition',
    // … and the common-law form "Murder is the unlawful killing of a human being …": a
    // statement that opens by saying what its subject is.
    /\bmeans\b|\bthe term\b|\bis defined\b|\brefers to\b|\bincludes\b|["“][^"”]{2,60}["”]\s+(?:is|are)\b|^(?:\([a-z0-9]+\)\s*)?(?!(?:It|This|That|There|Such|Each|Nothing)\b)[A-Z][a-z-]+(?: [a-z-]+){0,2} (?:is|are) (?:the|an?) [a-z]+/,
  ],
  [
    'actor',
    /\b(?:the|a|any) (?:court|judge|jury|director|attorney general|secretary|register|librarian|magistrate judge|president|government|clerk|panel|board|officer|party|parties|defendant|plaintiff|owner|holder|author|employer)\b[^.;]{0,40}\b(?:may|must|shall|decides?|determines?|has|is entitled)\b/i,
  ],
  [
    // An offence: the conduct and its punishment ("Whoever … shall be fined under this title or
    // imprisoned"), or conduct declared unlawful.
    'offense',
    /\bwhoever\b|\bshall be (?:fined|imprisoned|punished)\b|\bimprisoned not more than\b|\b(?:it shall be|is) unlawful\b|\bguilty of\b|\bshall be guilty\b/i,
  ],
  [
    'permission',
    /\bshall not\b|\bmay not\b|\bmust not\b|\bis not (?:an )?(?:infringement|unlawful|a violation)\b|\bunlawful\b|\bwhoever\b|\bno person shall\b|\bis entitled\b|\bmay\b|\bprohibit(?:ed|s)?\b|\bshall be (?:fined|imprisoned|liable)\b|\bnot (?:admissible|available)\b|\b(?:is|are) admissible\b|\bmust be admitted\b|\bmay be (?:admitted|used|offered)\b|\bpermit(?:ted|s)?\b|\b(?:an affirmative )?defense\b|\bdoes not apply\b|\bknowingly\b|\bwillfully\b|\bany person who\b/i,
  ],
];

/** "any new and useful process, machine, manufacture, or composition of matter": three or more items. */
function isRunInSeries(text: string): boolean {
  if (!/, (?:or|and) /.test(text)) return false;
  let commas = 0;
  for (const character of text) if (character === ',') commas += 1;
  return commas >= 2;
}

/** The kinds of fact a statement states: a number of persons, a period, a penalty, a list … */
export function statementFacts(text: string, enumeratedItems: number): Set<AskedFact> {
  const kinds = new Set<AskedFact>();
  for (const [kind, pattern] of statementPatterns) if (pattern.test(text)) kinds.add(kind);
  // Enumerated items, "the following", or a run-in series ("any new and useful process, machine,
  // manufacture, or composition of matter").
  if (
    enumeratedItems >= 2 ||
    /\bthe following\b|:\s*\(?(?:1|a|A|i)\)|\b(?:must|shall) (?:state|contain|include|set forth|specify|describe)\b/.test(
      text,
    ) ||
    isRunInSeries(text)
  )
    kinds.add('list');
  // Every provision is where it is codified; its label answers "which statute".
  kinds.add('codified');
  return kinds;
}

/**
 * How well a statement's facts fit what is asked: 1 when it states the first (most specific)
 * kind asked for, a little less for a later one, 0 when it states none. Questions that ask for
 * nothing in particular fit everything.
 */
export function factFit(asked: readonly AskedFact[], stated: ReadonlySet<AskedFact>): number {
  if (asked.length === 0) return 1;
  const specific = asked.filter((kind) => kind !== 'permission' && kind !== 'codified');
  const wanted = specific.length > 0 ? specific : asked;
  for (const [index, kind] of wanted.entries()) if (stated.has(kind)) return index === 0 ? 1 : 0.8;
  return 0;
}

/**
 * Words that say what kind of fact is wanted rather than what it is about: a statement answers
 * them by stating the fact ("imprisoned not more than 20 years" answers "penalty"), so they
 * count for little when a statement's words are matched with the question's.
 */
export const askingWords: ReadonlySet<string> = new Set(
  `many much long soon quickly far back deadline deadlines time limit limits penalty penalties punishment
  punish punished sentence max maximum jail prison fine fined trouble consequence consequences element
  elements factor factors requirement requirements qualification qualifications condition conditions
  define defined definition definitions meaning mean means counts count qualifies test criteria grounds list
  include includes contain contains trouble prohibit prohibits prohibited forbid forbids ban bans allowed permitted legal illegal lawful unlawful crime crimes criminal offense offence federal decide decides
  who which where codified statute provision exactly amount range floor worth cost costs due last good
  deciding decided determine determines determining consider considers considering`.split(/\s+/),
);

/**
 * Asking words that ask for one kind of fact: "sentence" asks for a penalty in "what's the
 * sentence for robbery", but is what the question is about in "what factors does a judge
 * consider when deciding a sentence". Such a word counts as an asking word only when its kind
 * is asked for.
 */
export const askingWordKinds: ReadonlyMap<string, AskedFact> = new Map(
  ['sentence', 'jail', 'prison', 'fine', 'fined', 'punishment', 'punish', 'punished'].map(
    (word) => [word, 'penalty'] as const,
  ),
);
