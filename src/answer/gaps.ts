import { englishStopwords } from '../retrieval/text-analysis.js';
import type { AskedFact } from './asked-facts.js';
import type { QuestionModel } from './question-model.js';
import { analyzeTerm, type QuestionTerm } from './question-terms.js';

/**
 * Gap statements: what the question asks about that the quoted sources do not say, named as a
 * reader would name it ("home health aides", "case law on accidental clicks", "a definition of
 * 'gig worker'"), never a lone verb, function word or number ("… do not mention negate.").
 *
 * A gap is a noun phrase of the question that holds a weighty word the sources lack. Noun
 * phrases are found the way a reader finds them without a parser: a run of content words that
 * starts after a determiner, a possessive, a preposition or a question's opening auxiliary
 * ("Can accidental clicks …", "… for a home health aide …"), and stops at a function word or
 * at a word shaped like a verb ("negate", "authorize", "modify").
 */

const phraseOpeners = new Set(
  `a an the my your his her its our their this that these those any some no every each another of for on about
  with in into to from by under over against without between after before during like than as per via
  whose which what`.split(/\s+/),
);
const openingAuxiliaries = new Set(
  'can could is are was were do does did may might will would should must has have had am'.split(' '),
);
/**
 * Word endings of verbs and adverbs ("negate", "authorize", "modify", "promptly"): such a word
 * does not start or continue a noun phrase. Common nouns with those endings are let through.
 */
const verbShaped = /(?:[^aeiou]ate|ize|ise|ify|[^i]ly)$/;
const nounsShapedLikeVerbs = new Set(
  `state estate private rate date candidate certificate senate climate debate delegate advocate affiliate
  corporate separate immediate appropriate graduate inmate mandate magistrate reprobate estimate surrogate
  aggregate precedent family supply assembly monopoly anomaly ally premise promise exercise franchise
  enterprise expertise merchandise compromise`.split(/\s+/),
);
const numberLike =
  /^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|thousand)$/;
/** Words a noun phrase may contain but never consist of alone ("federal", "new", "other"). */
const weakWords = new Set(
  `federal state new old other same different certain general legal illegal actual just own whole main first
  second last next few several such good bad big small`.split(/\s+/),
);

interface QuestionPhrase {
  readonly words: readonly string[];
  readonly terms: readonly string[];
}

/** Common verbs of plain questions, which end a noun phrase ("a teacher make copies"). */
const commonVerbs = new Set(
  `make makes made get gets got use uses file files pay pays paid sue sues take takes took give gives gave keep
  keeps kept bring brings go goes went come comes see sees know knows tell tells ask asks work works need needs
  want wants hear hears hit hits read reads sell sells sold buy buys bought play plays run runs send sends sent
  put puts let lets say says said fix fixes fell fall falls sit sits find finds stop stops start starts help
  helps happen happens mean means count counts apply applies show shows call calls leave leaves try tries`.split(
    /\s+/,
  ),
);

function isVerbShaped(word: string): boolean {
  return commonVerbs.has(word) || (verbShaped.test(word) && !nounsShapedLikeVerbs.has(word));
}

/** The question's noun phrases, in order, each as written (lowercase) with its analyzed terms. */
export function nounPhrases(question: string): QuestionPhrase[] {
  const phrases: QuestionPhrase[] = [];
  for (const sentence of question.split(/[?!;]+\s*|\.\s+/)) {
    // Words as written, one-letter ones too: "a" opens a noun phrase ("is a gig worker").
    const tokens = (
      sentence
        .toLowerCase()
        .replace(/(\p{L})['’]s\b/gu, '$1')
        .match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []
    ).map((word) => word.replace(/['’]/g, ''));
    let current: string[] | undefined;
    const close = () => {
      if (current?.some((word) => !weakWords.has(word))) {
        phrases.push({
          words: current,
          terms: current
            .map((word) => analyzeTerm(word))
            .filter((term): term is string => term !== undefined),
        });
      }
      current = undefined;
    };
    for (const [index, token] of tokens.entries()) {
      if (phraseOpeners.has(token) || (index === 0 && openingAuxiliaries.has(token))) {
        close();
        current = [];
        continue;
      }
      if (englishStopwords.has(token) || numberLike.test(token) || isVerbShaped(token)) {
        close();
        continue;
      }
      if (current === undefined) continue;
      current.push(token);
      if (current.length === 3) close();
    }
    close();
  }
  return phrases;
}

export interface GapInputs {
  readonly model: QuestionModel;
  /** Analyzed terms of everything the answer quotes, with the headings of its passages. */
  readonly quotedTerms: ReadonlySet<string>;
  /** The kinds of fact the quoted statements state. */
  readonly statedFacts: ReadonlySet<AskedFact>;
  /** The corpus holds case law. */
  readonly hasCaseLaw: boolean;
}

/** Words that send a question to what courts did with the law, which statutes cannot show. */
const asksAboutCourts =
  /\b(?:courts? (?:decide|decided|rule|ruled|hold|held|treat|apply|interpret)|case law|precedents?|ruled|rulings?|appellate decisions?|in practice|in court|judges? (?:decide|rule|treat)|test do courts)\b/i;

const factNames: Partial<Record<AskedFact, string>> = {
  penalty: 'a penalty',
  duration: 'a deadline or time period',
  count: 'a number',
  amount: 'an amount',
  definition: 'a definition',
};

function joinQuoted(words: readonly string[]): string {
  const quoted = words.map((word) => `"${word}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/**
 * Up to three gap statements: the question's noun phrases that carry a weighty word the quoted
 * sources lack (said "as such" when the sources cover it only in the law's own words), the kind
 * of fact asked for when no quoted statement states one, and case law when the question is
 * about what courts do.
 */
export function gapStatements(question: string, inputs: GapInputs): string[] {
  const { model, quotedTerms } = inputs;
  const heaviest = Math.max(0, ...model.terms.map((term) => model.weightOf(term.term)));
  const byTerm = new Map<string, QuestionTerm>(model.terms.map((term) => [term.term, term]));
  const missing = (term: string) => {
    const questionTerm = byTerm.get(term);
    // The asker's context is not what the question asks about: no gap is named from it.
    if (!questionTerm || quotedTerms.has(term) || model.isAskingWord(questionTerm) || model.isContext(term))
      return false;
    return model.weightOf(term) >= heaviest * 0.4;
  };
  const gaps: string[] = [];
  const named = new Set<string>();
  const candidates: QuestionPhrase[] = [
    ...model.terms
      .filter((term) => term.isName)
      .map((term) => ({ words: [term.display], terms: [term.term] })),
    ...nounPhrases(question),
  ];
  let caseLawTopic: string | undefined;
  for (const phrase of candidates) {
    const lacking = phrase.terms.filter(missing);
    if (lacking.length === 0 || lacking.every((term) => named.has(term))) continue;
    for (const term of phrase.terms) named.add(term);
    const text = phrase.words.join(' ');
    caseLawTopic ??= text;
    const standIns = nearestWords(lacking.map((term) => model.standInsFor(term, quotedTerms)));
    gaps.push(
      standIns.length === 0
        ? `Available sources do not mention ${text}.`
        : `Available sources do not mention "${text}" as such; the nearest words they use are ${joinQuoted(standIns)}.`,
    );
    if (gaps.length === 2) break;
  }
  const wanted = model.asked.find((kind) => factNames[kind] !== undefined);
  if (wanted && !inputs.statedFacts.has(wanted)) {
    const topic = nounPhrases(question).find((phrase) =>
      phrase.terms.some((term) => {
        const questionTerm = byTerm.get(term);
        return questionTerm !== undefined && !model.isAskingWord(questionTerm);
      }),
    );
    gaps.push(
      wanted === 'definition' && topic
        ? `Available sources do not include a definition of "${topic.words.join(' ')}".`
        : `The quoted provisions do not state ${factNames[wanted]}.`,
    );
  }
  if (!inputs.hasCaseLaw && asksAboutCourts.test(question)) {
    const topic = caseLawTopic ?? nounPhrases(question)[0]?.words.join(' ');
    gaps.push(
      topic
        ? `Available sources do not include case law on ${topic}, so they do not show how courts have decided such questions.`
        : 'Available sources do not include case law, so they do not show how courts have decided such questions.',
    );
  }
  return gaps.slice(0, 3);
}

/**
 * A few stand-ins for a phrase, taking each word's first one before any word's second, so
 * "accidental clicks" gets "knowingly" and "accesses" rather than two words for "accidental".
 */
function nearestWords(standInsPerTerm: readonly (readonly string[])[]): string[] {
  const words: string[] = [];
  for (let round = 0; round < 2; round += 1) {
    for (const standIns of standInsPerTerm) {
      const word = standIns[round];
      if (word !== undefined && !words.includes(word)) words.push(word);
    }
  }
  return words.slice(0, 3);
}
