import { porterStem } from './text-analysis.js';

/**
 * Plain-language words that people use for legal ideas, mapped to the words statutes and rules
 * use for them. Someone asks whether it is a crime to "lie" to an agent; the U.S. Code says
 * "false, fictitious, or fraudulent statement". Neither BM25 nor word vectors fitted on
 * statutes can bridge that gap, because statutes never say "lie". The expansions are added to
 * the query with a lower weight, so they find the legal wording without drowning the question's
 * own words.
 *
 * The list is general legal vocabulary (criminal law, procedure, evidence, courts, family,
 * housing, work, money, immigration, intellectual property), not tuned to any question set.
 * Plain synonyms belong in WordNet, which the retriever also consults (wordnet-vocabulary.ts):
 * an entry WordNet already gives for this corpus is removed from here, and nothing is added
 * here that WordNet covers. What stays is what WordNet lacks: senses particular to law
 * ("lie" → false statement), question forms ("deadline" → time, within, days) and words the
 * corpus uses often in another sense.
 */
const layTerms: Readonly<Record<string, string>> = {
  // Criminal law
  lie: 'false fraudulent fictitious statement falsifies perjury',
  lied: 'false fraudulent fictitious statement falsifies perjury',
  lying: 'false fraudulent fictitious statement falsifies perjury',
  steal: 'theft larceny embezzlement stolen',
  stole: 'theft larceny embezzlement stolen',
  rob: 'robbery',
  kill: 'murder homicide manslaughter',
  hack: 'unauthorized access computer fraud',
  bribe: 'bribery gratuity',
  drugs: 'controlled substance',
  gun: 'firearm',
  kidnap: 'kidnapping',
  scam: 'fraud scheme defraud',
  cheat: 'fraud defraud',
  threaten: 'threat threats intimidate',
  stalking: 'stalking harass',
  jail: 'imprisonment imprisoned custody detention',
  prison: 'imprisonment imprisoned custody',
  arrested: 'arrest custody',
  cops: 'law enforcement officer police',
  fbi: 'federal bureau investigation agent law enforcement',
  snitch: 'informant witness',
  // Mental state: statutes make knowledge and intent elements of crimes, and defenses answer them.
  accident: 'inadvertent knowingly intentionally defense',
  accidental: 'inadvertent knowingly intentionally defense',
  unintentional: 'inadvertent knowingly intentionally defense',
  unintentionally: 'inadvertent knowingly intentionally defense',
  unknowingly: 'knowingly knowledge defense',
  mistake: 'mistake knowingly defense',
  intent: 'knowingly willfully intent',
  negate: 'defense',
  excuse: 'defense',
  // Definitions: statutes define a word as "the term X means".
  define: 'means term definitions',
  definition: 'means term definitions',
  meaning: 'means term definitions',
  // Procedure and courts
  lawyer: 'attorney counsel',
  sue: 'civil action complaint',
  sued: 'civil action complaint defendant',
  suing: 'civil action complaint plaintiff',
  lawsuit: 'civil action complaint',
  afford: 'unable pay indigent forma pauperis fees',
  poor: 'indigent unable pay forma pauperis',
  deadline: 'time limitation period within days',
  judge: 'court judge magistrate',
  jury: 'jury jurors',
  appeal: 'appeal appellate',
  bail: 'release detention pending',
  plea: 'plea guilty nolo contendere',
  evidence: 'evidence admissible',
  hearsay: 'hearsay statement declarant',
  proof: 'evidence burden prove',
  kick: 'remove dismiss',
  toss: 'dismiss',
  // Time
  old: 'age years',
  forever: 'duration term perpetual',
  long: 'duration period term',
  // Family, housing, work, money
  divorce: 'dissolution marriage',
  children: 'child minor',
  teen: 'minor juvenile',
  teenager: 'minor juvenile',
  landlord: 'lessor landlord rental',
  tenant: 'lessee tenant rental',
  rent: 'rent lease rental',
  evict: 'eviction possession',
  boss: 'employer',
  fired: 'discharge terminated termination employment',
  job: 'employment employee',
  work: 'employment',
  wages: 'wages compensation pay',
  paycheck: 'wages compensation',
  debt: 'debt creditor collection',
  bankrupt: 'bankruptcy debtor',
  taxes: 'tax',
  // Immigration
  deported: 'removal deportation alien',
  immigrant: 'alien noncitizen',
  green: 'permanent resident',
  visa: 'visa nonimmigrant',
  // Online conduct: statutes speak of accessing and viewing, not clicking or browsing.
  click: 'access accesses view',
  browse: 'access view',
  visited: 'access view',
  // Intellectual property and online material
  copy: 'reproduce copyright infringement',
  pirate: 'infringement copyright',
  piracy: 'infringement copyright',
  invention: 'patent invention',
  logo: 'trademark mark',
  download: 'receive possess',
  porn: 'sexually explicit visual depiction minor',
  pornography: 'sexually explicit visual depiction minor',
  images: 'visual depiction',
  pictures: 'visual depiction',
  photos: 'visual depiction',
};

/**
 * The same table keyed by stem, so one entry serves a word's inflections ("rob", "robbed",
 * "robbing"); an irregular form ("stole") or a stem that Porter cuts short ("sued") has its own.
 */
const layTermsByStem = new Map<string, string>();
for (const [word, expansion] of Object.entries(layTerms)) {
  const stem = porterStem(word);
  if (!layTermsByStem.has(stem)) layTermsByStem.set(stem, expansion);
}

const phraseTerms: ReadonlyArray<{ readonly phrase: RegExp; readonly expansion: string }> = [
  { phrase: /\bcan(?:not|'t|’t) afford\b/i, expansion: 'unable pay indigent forma pauperis' },
  { phrase: /\bfree lawyer\b/i, expansion: 'appointed counsel forma pauperis' },
  { phrase: /\bpublic defender\b/i, expansion: 'appointed counsel defender' },
  { phrase: /\bmiranda\b/i, expansion: 'custodial interrogation warning' },
  { phrase: /\bfederal court\b/i, expansion: 'district court United States' },
  { phrase: /\bstate court\b/i, expansion: 'State court removal' },
  { phrase: /\bdouble jeopardy\b/i, expansion: 'twice jeopardy acquittal' },
];

export interface QueryExpansion {
  /** Words to add to the query, already in the corpus's vocabulary. */
  readonly words: readonly string[];
  /** For each added word, the word or phrase of the question it stands for. */
  readonly origins: ReadonlyMap<string, string>;
}

/** The legal wording for the lay words and phrases in a question (empty when there are none). */
export function expandLayTerms(question: string): QueryExpansion {
  const origins = new Map<string, string>();
  const questionWords = new Set(question.toLowerCase().match(/[a-z]+/g) ?? []);
  for (const word of questionWords) {
    const expansion = layTerms[word] ?? layTermsByStem.get(porterStem(word));
    if (expansion) for (const term of expansion.split(' ')) if (!origins.has(term)) origins.set(term, word);
  }
  for (const { phrase, expansion } of phraseTerms) {
    const match = phrase.exec(question);
    if (match)
      for (const term of expansion.split(' '))
        if (!origins.has(term)) origins.set(term, match[0].toLowerCase());
  }
  for (const word of questionWords) origins.delete(word);
  return { words: [...origins.keys()], origins };
}
