import { englishStopwords, tokenize } from '../retrieval/text-analysis.js';
import type { StoredPassage } from '../store/passage-rows.js';
import { type AskedFact, factFit, statementFacts } from './asked-facts.js';
import type { CompositionRequest } from './composer.js';
import type { QuestionModel } from './question-model.js';
import { termSet } from './question-terms.js';
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
/** Above any score a statement can earn by its words: statements of cited provisions lead. */
const citedBase = 10;

/**
 * Weight of the section title's fit with the question. A title that names what is asked and
 * little else ("§ 1201. Kidnapping", "§ 101. Inventions patentable") marks the general
 * provision on the topic; a title that names it among other things ("§ 1751. Presidential …
 * assassination, kidnapping, and assault") marks a special case of it.
 */
const titleShare = 0.5;
/** What a statement keeps when its provision is about a narrower kind of what is asked (see narrowerKind). */
const narrowerShare = 0.75;
/**
 * Words that, before a noun in a provision's title or caption, make it a special case: "former
 * Presidents", "grand jurors", "provisional application", "joint works", "foreign judgments".
 */
const restrictiveQualifiers = new Set(
  `former grand petit provisional joint foreign supplemental interim temporary juvenile military tribal
  international maritime special additional enhanced aggravated anonymous pseudonymous designated certain`.split(
    /\s+/,
  ),
);

/**
 * Qualifiers that, anywhere in a section's title, mark it a special case the question must ask
 * for: "§ 478. Foreign obligations or securities" and "§ 502. Postage and revenue stamps of
 * foreign governments" do not answer a question about counterfeiting U.S. currency, though the
 * qualified noun ("obligations", "stamps") is not a word of the question. The other restrictive
 * qualifiers were measured here too and lowered the tuning split (they head general titles such as
 * "Certain activities relating to …"), so they count only before a word of the question.
 */
const titleQualifiers = new Set(['foreign']);

/**
 * True when the provision's title or caption puts a restrictive qualifier the question does not
 * use before a word the question asks about: "Threats against former Presidents" for a question
 * about threatening the President, where "Threats against President" is the general provision;
 * or when its title has a title qualifier ("foreign") the question does not use.
 */
function narrowerKind(
  questionWords: ReadonlySet<string>,
  model: QuestionModel,
  passage: StoredPassage,
): boolean {
  const text = `${sectionTitleText(passage)} ${passage.heading}`.toLowerCase();
  const words = text.match(/[a-z]+/g) ?? [];
  if (
    words.some(
      (word, index) =>
        restrictiveQualifiers.has(word) &&
        !questionWords.has(word) &&
        words
          .slice(index + 1, index + 3)
          .some((next) => model.matches(termSet(next)).size > 0 && !englishStopwords.has(next)),
    )
  )
    return true;
  const title =
    sectionTitleText(passage)
      .toLowerCase()
      .match(/[a-z]+/g) ?? [];
  return title.some((word) => titleQualifiers.has(word) && !questionWords.has(word));
}

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
  if (!exclusiveKinds.some((kinds) => kinds.some((kind) => kind.some((word) => questionWords.has(word)))))
    return false;
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
  /**
   * Further passages the statement runs into: a list whose lead-in ends one passage ("the
   * factors to be considered shall include") and whose items fill the next. Cited with it.
   */
  readonly alsoCites: readonly StoredPassage[];
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
  /** The passage is, holds or lies inside a pinpoint the question cites ("FRE 608(b)"). */
  readonly onPinpoint: boolean;
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
  const statements = joinListsAcrossPassages(passages.map(({ passage }) => passage));
  // A question that cites a provision is about it in document order: the cited subdivision
  // first (retrieval puts it first), then the rest of the section from its beginning.
  const citedPlace = new Map<string, number>();
  for (const [index, retrieved] of request.passages.entries())
    if (retrieved.citedAs !== undefined && !citedPlace.has(retrieved.passage.id))
      citedPlace.set(retrieved.passage.id, index);
  const pinpoints = (request.citations ?? [])
    .filter((citation) => citation.held)
    .map((citation) => citation.label);
  return passages.map(({ passage, retrieved }) =>
    scorePassage(passage, statements.get(passage.id) ?? [], model, questionWords, {
      retrievalScore: retrievalScore(passage, retrieved),
      cited: citedSections.has(passage.sectionLabel),
      pinpointRank: pinpointRank(passage.label, pinpoints),
      citedPlace: citedPlace.get(passage.id) ?? request.passages.length + passage.ordinal,
    }),
  );
}

/**
 * How closely a passage's label matches a pinpoint the question cites: 0 for the pinpoint
 * itself; then the passage that holds it (its label a prefix of the pinpoint: "Fed. R. Civ. P.
 * 26(b)" holds "(b)(1)"), the deeper the better; then passages inside it; then the rest. A
 * whole section cited ("Rule 11", "18 USC 1030") is held by each of its passages alike: rule
 * passages are labelled at the subdivision they start at, so otherwise a bare "Rule 11" would
 * lead with whichever rule set labels its first passage by the bare rule number.
 */
function pinpointRank(label: string, pinpoints: readonly string[]): number {
  let best = 4;
  for (const pinpoint of pinpoints) {
    if (label === pinpoint) return 0;
    if (!pinpoint.endsWith(')') && label.startsWith(`${pinpoint}(`)) return 0;
    if (pinpoint.startsWith(`${label}(`)) best = Math.min(best, 1 + (pinpoint.length - label.length) / 100);
    else if (label.startsWith(`${pinpoint}(`)) best = Math.min(best, 2);
  }
  return best;
}

/** Statements by passage text hash: the same sections come back question after question. */
const statementCache = new Map<string, readonly Statement[]>();

function statementsOf(passage: StoredPassage): readonly Statement[] {
  const key = passage.contentHash;
  let statements = statementCache.get(key);
  if (statements === undefined) {
    if (statementCache.size > 20_000) statementCache.clear();
    statements = passageStatements(passage.text);
    statementCache.set(key, statements);
  }
  return statements;
}

interface JoinedStatement {
  readonly statement: Statement;
  readonly alsoCites: readonly StoredPassage[];
}

const enumerated = /^\((?:[a-z]{1,2}|[0-9]{1,3}|[A-Z]{1,2}|[ivxlc]{1,6})\)/;
/** A statement that stops where a list should follow: no closing punctuation, or a colon. */
function isOpen(statement: Statement): boolean {
  return !/[.!?;]["”’)]*$/.test(statement.text) || /:\s*$/.test(statement.text);
}

/**
 * Each passage's statements, with a list whose lead-in ends a passage joined to the items that
 * open the next passage of the same section (in document order), so a list question gets the
 * whole list: "the factors to be considered shall include (1) … (4) …".
 */
function joinListsAcrossPassages(passages: readonly StoredPassage[]): Map<string, JoinedStatement[]> {
  const bySection = new Map<string, StoredPassage[]>();
  for (const passage of passages) {
    const list = bySection.get(passage.sectionLabel) ?? [];
    list.push(passage);
    bySection.set(passage.sectionLabel, list);
  }
  const result = new Map<string, JoinedStatement[]>();
  for (const passage of passages)
    result.set(
      passage.id,
      statementsOf(passage).map((statement) => ({ statement, alsoCites: [] })),
    );
  for (const section of bySection.values()) {
    const ordered = [...section].sort(
      (left, right) => left.documentPath.localeCompare(right.documentPath) || left.ordinal - right.ordinal,
    );
    for (const [index, passage] of ordered.entries()) {
      const next = ordered[index + 1];
      const own = result.get(passage.id) ?? [];
      const last = own.at(-1);
      if (!next || !last || next.ordinal !== passage.ordinal + 1 || !isOpen(last.statement)) continue;
      const items = (result.get(next.id) ?? [])
        .map((joined) => joined.statement)
        .filter((statement) => enumerated.test(statement.text));
      if (items.length === 0) continue;
      const parts = [last.statement.text, ...items.map((item) => item.text)];
      own[own.length - 1] = {
        statement: {
          text: parts.join(' '),
          parts: [...last.statement.parts, ...items.map((item) => item.text)],
        },
        alsoCites: [next],
      };
    }
  }
  return result;
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

interface PassagePlace {
  readonly retrievalScore: number;
  readonly cited: boolean;
  /** How closely the passage matches a cited pinpoint (see pinpointRank). */
  readonly pinpointRank: number;
  /** Order among the passages of cited sections (retrieval order, then document order). */
  readonly citedPlace: number;
}

function scorePassage(
  passage: StoredPassage,
  joined: readonly JoinedStatement[],
  model: QuestionModel,
  questionWords: ReadonlySet<string>,
  place: PassagePlace,
): ScoredPassage {
  const { retrievalScore, cited } = place;
  const headingTerms = termSet(passage.breadcrumb.join(' '));
  const headingMatches = model.matches(headingTerms);
  const title = titleFit(passage, model);
  const narrower = narrowerKind(questionWords, model, passage) ? narrowerShare : 1;
  const statements = joined.map(({ statement, alsoCites }, order): ScoredStatement => {
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
    // A lead-in whose list is not there ("… determine that the defendant understands, the
    // following:") says nothing by itself.
    const bareLeadIn = statement.parts.length === 1 && isOpen(statement) ? 0.5 : 1;
    const subject = subjectShare(model.askedSubject, statement.text);
    const relevance =
      ((coverage + titleShare * title) * (unfitShare + (1 - unfitShare) * fit) * focus +
        retrievalShare * retrievalScore) *
      conflict *
      narrower *
      bareLeadIn *
      subject;
    // Statements of a cited provision come first, in the order the citation asks for them.
    // The pinpoint cited, then the passages in the order retrieval gives them, and within a
    // passage its opening statement (the rule before its exceptions) unless another answers better.
    const score = cited
      ? citedBase +
        4 / (1 + place.pinpointRank) +
        0.5 / (1 + place.citedPlace) +
        0.6 / (1 + order) +
        relevance
      : relevance;
    const onPinpoint = place.pinpointRank < 4;
    return { passage, alsoCites, statement, order, matched, coverage, facts, fit, cited, onPinpoint, score };
  });
  const best = statements.reduce<ScoredStatement | undefined>(
    (top, statement) => (top === undefined || statement.score > top.score ? statement : top),
    undefined,
  );
  return { passage, statements, best, retrievalScore };
}

/** What a statement gains when its subject is what the question asks about, and keeps when that is only an object of it. */
const subjectAsked = 1.1;
const subjectElsewhere = 0.9;
/** The first modal of a provision's main clause: its subject comes before it. */
const modal = /\b(?:shall|must|may)\b/i;

/**
 * "What must the specification … include?" asks what the specification contains: "The
 * specification shall contain a written description …" answers it, and "Such application shall
 * include (A) a specification …", which names it among the application's parts, does not.
 */
export function subjectShare(askedSubject: string | undefined, text: string): number {
  if (askedSubject === undefined) return 1;
  const found = modal.exec(text);
  if (!found) return 1;
  const before = termSet(text.slice(Math.max(0, found.index - 120), found.index));
  if (before.has(askedSubject)) return subjectAsked;
  return termSet(text.slice(found.index)).has(askedSubject) ? subjectElsewhere : 1;
}

/** A section title that marks the general provision on its subject: "Statements or entries generally", "Venue generally", "Privilege in General". */
const generalTitle = /\bgenerally\b|\bin general\b|^general\b/i;
/** Title words that mark generality or join others, and say nothing about the subject. */
const titleFramingWords = new Set(['generally', 'general', 'certain', 'other', 'provisions', 'matters']);

/**
 * The title words that no question term matches: what makes a provision a special case of the
 * question's subject ("to obtain Federal employees' compensation", "relating to health care matters").
 */
function unaskedTitleTerms(passage: StoredPassage, model: QuestionModel): number {
  let unasked = 0;
  for (const word of sectionTitleText(passage)
    .toLowerCase()
    .match(/[a-z]+/g) ?? []) {
    if (englishStopwords.has(word) || titleFramingWords.has(word)) continue;
    const terms = termSet(word);
    if (terms.size > 0 && model.matches(terms).size === 0) unasked += 1;
  }
  return unasked;
}

/** True when `general` covers every question term `special` covers, at least as well. */
function subsumes(general: ScoredStatement, special: ScoredStatement): boolean {
  for (const [term, credit] of special.matched)
    if (credit >= 0.5 && (general.matched.get(term) ?? 0) < credit - 0.05) return false;
  return true;
}

/**
 * The general provision answers what its special cases answer. When a provision titled as the
 * general one ("§ 1001. Statements or entries generally") states the kind of fact asked for and
 * covers every question word that a special case covers, and the special case's title adds words
 * the question does not ask about ("§ 1920. False statement or fraud to obtain Federal
 * employees' compensation"), the general provision ranks just above the special case: a
 * question about lying to an agent is answered by the false-statements section, not by the one
 * about workers' compensation claims. A question that names the special case ("… to get
 * workers' compensation") covers a word the general provision lacks, so the special case keeps
 * its place.
 */
export function preferGeneralProvisions(
  statements: readonly ScoredStatement[],
  model: QuestionModel,
): ScoredStatement[] {
  const general = statements.filter(
    (statement) =>
      !statement.cited && statement.fit > 0 && generalTitle.test(sectionTitleText(statement.passage)),
  );
  if (general.length === 0) return [...statements];
  const unasked = new Map<string, number>();
  const unaskedOf = (passage: StoredPassage) => {
    let count = unasked.get(passage.sectionLabel);
    if (count === undefined) {
      count = unaskedTitleTerms(passage, model);
      unasked.set(passage.sectionLabel, count);
    }
    return count;
  };
  const lifted = new Map<ScoredStatement, number>();
  for (const special of statements) {
    if (special.cited || special.fit === 0 || unaskedOf(special.passage) === 0) continue;
    for (const candidate of general) {
      if (candidate.passage.sectionLabel === special.passage.sectionLabel) continue;
      if (candidate.fit < special.fit || candidate.score >= special.score) continue;
      if (unaskedOf(candidate.passage) >= unaskedOf(special.passage) || !subsumes(candidate, special))
        continue;
      lifted.set(candidate, Math.max(lifted.get(candidate) ?? 0, special.score * 1.01));
    }
  }
  return statements.map((statement) => {
    const score = lifted.get(statement);
    return score === undefined ? statement : { ...statement, score };
  });
}
