import type { StoredPassage } from '../store/passage-rows.js';
import { type AskedFact, factFit, statementFacts } from './asked-facts.js';
import type { CompositionRequest } from './composer.js';
import type { QuestionModel } from './question-model.js';
import { termSet } from './question-terms.js';
import { tokenize } from '../retrieval/text-analysis.js';
import { passageStatements, type Statement } from './statements.js';

/**
 * How much a question word found only in a passage's headings (its title, chapter, section and
 * caption: "Federal Rules of Civil Procedure", "Counterfeiting and forgery") counts, against
 * the word in the statement itself. The headings say what the statement is about, so "civil"
 * in "How many jurors sit on a federal civil jury?" is answered by Rule 48's rule set, and a
 * grand-jury rule of criminal procedure is not.
 */
export const headingCredit = 0.7;
/** How much a statement that states no fact of the kind asked for keeps of its score. */
const unfitShare = 0.45;
/**
 * Weight of the retrieval rank (1 for the first section, 1/2 for the third, 1/3 for the
 * fifth): retrieval ranks whole passages by lexical and vector evidence together, which a
 * statement's words alone do not see. Tuned with the title weight on questions-dev,
 * questions-dev-2 and bench/questions-heldout.jsonl (lead provision gold).
 */
const retrievalShare = 0.45;
/**
 * Weight of the section title's fit with the question. A title that names what is asked and
 * little else ("§ 1201. Kidnapping", "§ 101. Inventions patentable") marks the general
 * provision on the topic; a title that names it among other things ("§ 1751. Presidential …
 * assassination, kidnapping, and assault") marks a special case of it.
 */
const titleShare = 0.3;
/** What a statement keeps of its score when its provision is of the opposite kind to the one asked about. */
const conflictShare = 0.55;

/**
 * Kinds of proceeding or offence that exclude each other: a question about a civil jury is not
 * answered by a rule of criminal procedure, nor one about a misdemeanour by a felony provision.
 */
const exclusiveKinds: ReadonlyArray<ReadonlyArray<readonly string[]>> = [
  [['civil'], ['criminal', 'grand']],
  [
    ['felony', 'felonies'],
    ['misdemeanor', 'misdemeanors', 'infraction', 'infractions'],
  ],
];

function words(text: string): number {
  return text.split(' ').length;
}

/**
 * True when the question names one kind ("civil") and the provision, by its rule set, section,
 * caption or text, names only the other ("Federal Rules of Criminal Procedure", "grand jury").
 * A U.S. Code title's name is left out: "Crimes and Criminal Procedure" heads every section of
 * Title 18, civil ones too.
 */
function opposesQuestion(questionWords: ReadonlySet<string>, passage: StoredPassage, text: string): boolean {
  const headings = passage.breadcrumb.filter((heading) => !/^Title\s+\d/i.test(heading)).join(' ');
  const passageWords = new Set(tokenize(`${headings} ${text}`));
  return exclusiveKinds.some((kinds) =>
    kinds.some(
      (kind, index) =>
        kind.some((word) => questionWords.has(word)) &&
        !kind.some((word) => passageWords.has(word)) &&
        kinds.some(
          (other, otherIndex) => otherIndex !== index && other.some((word) => passageWords.has(word)),
        ),
    ),
  );
}

/** One statement of one passage, scored against the question. */
export interface ScoredStatement {
  readonly passage: StoredPassage;
  readonly statement: Statement;
  /** Position of the statement in its passage; passages keep document order. */
  readonly order: number;
  /** The question terms covered (statement words 1, stand-ins 0.8, heading words 0.7). */
  readonly matched: ReadonlyMap<string, number>;
  /** Share of the question's weight covered, 0–1. */
  readonly coverage: number;
  /** The kinds of fact the statement states. */
  readonly facts: ReadonlySet<AskedFact>;
  /** 1 when it states the kind of fact asked for, 0 when it states none (see factFit). */
  readonly fit: number;
  /** The section was named by a citation in the question. */
  readonly cited: boolean;
  readonly score: number;
}

/** Every statement of a passage with its score; the unit the composer picks from. */
export interface ScoredPassage {
  readonly passage: StoredPassage;
  readonly statements: readonly ScoredStatement[];
  /** Its best statement. */
  readonly best: ScoredStatement | undefined;
  /** 1 for the first retrieved section, 1/(1 + place/2) after it; companions a little less. */
  readonly retrievalScore: number;
}

/**
 * Retrieved passages (the first twelve) and the other passages of their sections, every
 * statement scored: the share of the question it covers, times how well it states the kind of
 * fact asked for, shortened statements preferred, with a little of the retrieval rank. A
 * statement of a section the question cites always outranks the rest.
 */
export function scorePassages(request: CompositionRequest, model: QuestionModel): ScoredPassage[] {
  const sectionPlace = new Map<string, number>();
  for (const [index, retrieved] of request.passages.entries()) {
    if (!sectionPlace.has(retrieved.passage.sectionLabel))
      sectionPlace.set(retrieved.passage.sectionLabel, index);
  }
  const citedSections = new Set(
    request.passages
      .filter((retrieved) => retrieved.citedAs !== undefined)
      .map((retrieved) => retrieved.passage.sectionLabel),
  );
  const retrievalScore = (passage: StoredPassage, retrieved: boolean) =>
    (1 / (1 + 0.5 * (sectionPlace.get(passage.sectionLabel) ?? 30))) * (retrieved ? 1 : 0.9);
  const seen = new Set<string>();
  const passages: Array<{ passage: StoredPassage; retrieved: boolean }> = [];
  for (const { passage } of request.passages.slice(0, 12)) {
    if (!seen.has(passage.id)) passages.push({ passage, retrieved: true });
    seen.add(passage.id);
  }
  for (const passage of request.companions) {
    if (!seen.has(passage.id)) passages.push({ passage, retrieved: false });
    seen.add(passage.id);
  }
  const questionWords = new Set(tokenize(request.question));
  return passages.map(({ passage, retrieved }) =>
    scorePassage(
      passage,
      model,
      questionWords,
      retrievalScore(passage, retrieved),
      citedSections.has(passage.sectionLabel),
    ),
  );
}

/** The section's (or rule's) title without its number: "Kidnapping", "Number of Jurors; Verdict; Polling". */
export function sectionTitleText(passage: StoredPassage): string {
  const section = passage.breadcrumb.find((heading) => /^(?:§|Rule\s)/.test(heading)) ?? '';
  return section
    .replace(/^§+\s*[\dA-Za-z.–-]+(?:\s+to\s+[\dA-Za-z.–-]+)?\.\s*/, '')
    .replace(/^Rule\s+[\d.]+\.\s*/, '');
}

/**
 * How well the section title fits the question: the share of the question it covers, times
 * (mostly) the share of the title that is about the question.
 */
function titleFit(passage: StoredPassage, model: QuestionModel): number {
  const titleTerms = termSet(sectionTitleText(passage));
  if (titleTerms.size === 0) return 0;
  const recall = model.coverage(model.matches(titleTerms));
  if (recall === 0) return 0;
  let onTopic = 0;
  for (const term of titleTerms) if (model.matches(new Set([term])).size > 0) onTopic += 1;
  return recall * (0.4 + 0.6 * (onTopic / titleTerms.size));
}

function scorePassage(
  passage: StoredPassage,
  model: QuestionModel,
  questionWords: ReadonlySet<string>,
  retrievalScore: number,
  cited: boolean,
): ScoredPassage {
  const headingTerms = termSet(passage.breadcrumb.join(' '));
  const headingMatches = model.matches(headingTerms);
  const title = titleFit(passage, model);
  const statements = passageStatements(passage.text).map((statement, order): ScoredStatement => {
    const matched = new Map<string, number>();
    for (const [term, credit] of headingMatches) matched.set(term, credit * headingCredit);
    for (const [term, credit] of model.matches(termSet(statement.text)))
      matched.set(term, Math.max(credit, matched.get(term) ?? 0));
    const coverage = model.coverage(matched);
    const facts = statementFacts(statement.text, statement.parts.length - 1);
    const fit = factFit(model.asked, facts);
    // Like BM25's length normalisation: of two statements with the same words, the focused one wins.
    const focus = 1 / (0.85 + 0.15 * Math.max(1, words(statement.text) / 80));
    const conflict = opposesQuestion(questionWords, passage, statement.text) ? conflictShare : 1;
    const score =
      (coverage + titleShare * title) * (unfitShare + (1 - unfitShare) * fit) * focus * conflict +
      retrievalShare * retrievalScore +
      (cited ? 1 : 0);
    return { passage, statement, order, matched, coverage, facts, fit, cited, score };
  });
  const best = statements.reduce<ScoredStatement | undefined>(
    (top, statement) => (top === undefined || statement.score > top.score ? statement : top),
    undefined,
  );
  return { passage, statements, best, retrievalScore };
}
