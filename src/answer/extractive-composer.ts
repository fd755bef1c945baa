import type { StoredPassage } from '../store/passage-rows.js';
import type { Answer, AnswerSection, CitedSentence } from './answer.js';
import {
  type AnswerabilityThresholds,
  assessAnswerability,
  defaultAnswerabilityThresholds,
} from './answerability.js';
import type { Composer, CompositionRequest } from './composer.js';
import { describeLimitations } from './limitations.js';
import { QuestionModel } from './question-model.js';
import { termSet, uncoveredPhrases } from './question-terms.js';
import { followUpQuestion, passageTopic } from './section-topics.js';
import { SourceRegistry } from './source-registry.js';
import { passageStatements, type Statement, trimStatement } from './statements.js';

export interface ExtractiveComposerOptions {
  /** Most passages an answer quotes (before parallel provisions are added to a theme). */
  readonly maxPassages?: number;
  readonly maxSummarySentences?: number;
  readonly sentencesPerPassage?: number;
  readonly summaryWords?: number;
  readonly sectionWords?: number;
  readonly thresholds?: AnswerabilityThresholds;
}

interface ScoredStatement {
  readonly statement: Statement;
  readonly matched: ReadonlyMap<string, number>;
  readonly score: number;
  readonly order: number;
}

interface CandidatePassage {
  readonly passage: StoredPassage;
  readonly statements: readonly ScoredStatement[];
  /** The question terms the passage covers (its statements and headings together). */
  readonly matched: ReadonlyMap<string, number>;
  /** Score of its best statement, plus its headings' share. */
  readonly best: number;
  /** 1 for the first retrieved section, falling to 0 by the tenth; companions a little less. */
  readonly retrievalScore: number;
}

/** Words the courts-and-cases gap is about: the corpus has statutes and rules, not decisions. */
const asksAboutCourts =
  /\b(courts?|judges?|juries|jury|prosecutors?|case law|precedents?|ruled|rulings?|appellate decisions?|in practice)\b/i;

/**
 * The offline default composer. It writes the whole answer from retrieved passages with no
 * model: every sentence is quoted (or trimmed, marked "…") from a passage and cited to it.
 *
 * Passages are chosen greedily for what they add: each pick covers the question terms that the
 * picks before it left uncovered, so an answer about accidental possession quotes both the
 * knowing-possession offence and the affirmative defense rather than two versions of one.
 * Chosen passages are grouped by theme (their caption or section title), and a theme takes in
 * parallel provisions of neighbouring sections with the same caption.
 */
export class ExtractiveComposer implements Composer {
  private readonly options: Required<ExtractiveComposerOptions>;

  constructor(options: ExtractiveComposerOptions = {}) {
    this.options = {
      maxPassages: options.maxPassages ?? 5,
      maxSummarySentences: options.maxSummarySentences ?? 3,
      sentencesPerPassage: options.sentencesPerPassage ?? 2,
      summaryWords: options.summaryWords ?? 45,
      sectionWords: options.sectionWords ?? 110,
      thresholds: options.thresholds ?? defaultAnswerabilityThresholds,
    };
  }

  async compose(request: CompositionRequest): Promise<Answer> {
    const model = new QuestionModel(request.question, request.statistics);
    const candidates = this.candidates(request, model);
    const chosen = this.choose(candidates, model);
    const themes = this.themes(chosen, candidates, model);
    const assessment = assessAnswerability(
      request.question,
      model.terms,
      this.bestStatementCoverage(candidates, model),
      request.corpus,
      this.options.thresholds,
    );
    // Gaps are judged on every passage the answer quotes: the chosen ones and their parallels.
    const quoted = [...new Set([...chosen, ...themes.flatMap((theme) => theme.passages)])];
    const gaps = this.gaps(request, model, quoted);
    if (!assessment.answerable || themes.length === 0) {
      const reason = assessment.answerable
        ? 'No vetted source addresses what the question asks.'
        : assessment.reason;
      return this.noAnswer(request, reason, gaps);
    }

    const registry = new SourceRegistry(
      new Map(request.corpus.map((collection) => [collection.id, collection])),
    );
    // How much of the question a piece of a statement covers: trimming keeps the relevant items.
    const relevance = (part: string) => model.score(model.matches(termSet(part)));
    const summary = this.summary(themes, registry, relevance);
    const sections = this.sections(themes, registry, relevance);
    const sources = registry.list();
    const used = new Set(
      themes.flatMap((theme) => theme.passages.map((candidate) => candidate.passage.sectionLabel)),
    );
    return {
      id: request.answerId,
      question: request.question,
      kind: 'answer',
      checkedOn: request.checkedOn,
      summary,
      sections,
      gaps,
      limitations: describeLimitations(sources, request.corpus, request.checkedOn),
      followUps: this.followUps(request, used),
      sources,
      related: [],
      referrals: [],
      privateReply: false,
      generatedBy: 'extractive',
      disclaimer: request.disclaimer,
    };
  }

  /** Retrieved passages (top ten) and the companions of their sections, scored. */
  private candidates(request: CompositionRequest, model: QuestionModel): CandidatePassage[] {
    const sectionPlace = new Map<string, number>();
    for (const [index, retrieved] of request.passages.entries()) {
      if (!sectionPlace.has(retrieved.passage.sectionLabel))
        sectionPlace.set(retrieved.passage.sectionLabel, index);
    }
    const retrievalScore = (passage: StoredPassage, retrieved: boolean) =>
      Math.max(0, 1 - (sectionPlace.get(passage.sectionLabel) ?? 10) / 10) * (retrieved ? 1 : 0.9);
    return [
      ...request.passages
        .slice(0, 10)
        .map((retrieved) =>
          this.scorePassage(
            retrieved.passage,
            model,
            retrievalScore(retrieved.passage, true),
            retrieved.citedAs !== undefined,
          ),
        ),
      ...request.companions.map((passage) =>
        this.scorePassage(passage, model, retrievalScore(passage, false), false),
      ),
    ];
  }

  private scorePassage(
    passage: StoredPassage,
    model: QuestionModel,
    retrievalScore: number,
    cited: boolean,
  ): CandidatePassage {
    const statements = passageStatements(passage.text).map((statement, order) => {
      const matched = model.matches(termSet(statement.text));
      // Like BM25's length normalisation: of two statements with the same words, the focused one wins.
      const words = statement.text.split(' ').length;
      const focus = 1 / (0.75 + 0.25 * Math.max(1, words / 50));
      return { statement, matched, score: model.score(matched) * focus, order };
    });
    const headingMatches = model.matches(
      termSet(`${passage.label} ${passage.breadcrumb.slice(-2).join(' ')}`),
    );
    const matched = new Map(headingMatches);
    for (const statement of statements) {
      for (const [term, credit] of statement.matched)
        matched.set(term, Math.max(credit, matched.get(term) ?? 0));
    }
    // A question that names the section is about every statement in it.
    const best =
      Math.max(0, ...statements.map((statement) => statement.score)) +
      model.score(headingMatches) +
      (cited ? 100 : 0);
    return { passage, statements, matched, best, retrievalScore };
  }

  /**
   * Greedy selection: each step takes the passage that adds the most uncovered question weight,
   * plus a share of its total relevance and of its retrieval rank, until additions become small.
   */
  private choose(candidates: readonly CandidatePassage[], model: QuestionModel): CandidatePassage[] {
    const top = Math.max(0, ...candidates.map((candidate) => candidate.best));
    if (top === 0) return [];
    const eligible = candidates.filter(
      (candidate) =>
        candidate.best >= top * 0.35 && candidate.statements.some((statement) => statement.score > 0),
    );
    const chosen: CandidatePassage[] = [];
    const covered = new Set<string>();
    while (chosen.length < this.options.maxPassages) {
      let bestCandidate: CandidatePassage | undefined;
      let bestGain = 0;
      for (const candidate of eligible) {
        if (chosen.includes(candidate)) continue;
        const sameSection = chosen.filter(
          (picked) => picked.passage.sectionLabel === candidate.passage.sectionLabel,
        ).length;
        if (sameSection >= 2) continue;
        const gain =
          model.score(candidate.matched, covered) +
          0.3 * candidate.best +
          0.25 * top * candidate.retrievalScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestCandidate = candidate;
        }
      }
      if (!bestCandidate) break;
      chosen.push(bestCandidate);
      for (const term of bestCandidate.matched.keys()) covered.add(term);
    }
    return chosen;
  }

  /**
   * Groups chosen passages by theme and adds parallel provisions: a companion with the same
   * caption as a chosen passage (the affirmative defense of § 2252 beside that of § 2252A)
   * joins its theme when it is relevant enough on its own.
   */
  private themes(
    chosen: readonly CandidatePassage[],
    candidates: readonly CandidatePassage[],
    model: QuestionModel,
  ): Array<{ topic: string; passages: CandidatePassage[] }> {
    const top = Math.max(0, ...candidates.map((candidate) => candidate.best));
    const themes: Array<{ topic: string; passages: CandidatePassage[] }> = [];
    const placed = new Set<string>();
    for (const candidate of chosen) {
      const topic = passageTopic(candidate.passage);
      let theme = themes.find((existing) => existing.topic.toLowerCase() === topic.toLowerCase());
      if (!theme) {
        theme = { topic, passages: [] };
        themes.push(theme);
      }
      if (!placed.has(candidate.passage.id)) theme.passages.push(candidate);
      placed.add(candidate.passage.id);
    }
    for (const theme of themes) {
      for (const candidate of candidates) {
        if (placed.has(candidate.passage.id) || theme.passages.length >= 3) continue;
        const sameCaption = passageTopic(candidate.passage).toLowerCase() === theme.topic.toLowerCase();
        if (sameCaption && candidate.best >= top * 0.25 && model.score(candidate.matched) > 0) {
          theme.passages.push(candidate);
          placed.add(candidate.passage.id);
        }
      }
    }
    return themes;
  }

  private bestStatements(candidate: CandidatePassage, count: number): ScoredStatement[] {
    return [...candidate.statements]
      .filter((statement) => statement.score > 0)
      .sort((left, right) => right.score - left.score || left.order - right.order)
      .slice(0, count)
      .sort((left, right) => left.order - right.order);
  }

  /** The most relevant statement of each of the first themes, shortened. */
  private summary(
    themes: ReadonlyArray<{ passages: CandidatePassage[] }>,
    registry: SourceRegistry,
    relevance: (part: string) => number,
  ): CitedSentence[] {
    const sentences: CitedSentence[] = [];
    const leads = themes.map((theme) => {
      const lead = [...theme.passages].sort((left, right) => right.best - left.best)[0];
      return { lead, statement: lead ? this.bestStatements(lead, 1)[0] : undefined };
    });
    const strongest = Math.max(0, ...leads.map(({ statement }) => statement?.score ?? 0));
    for (const { lead, statement } of leads) {
      if (sentences.length >= this.options.maxSummarySentences) break;
      // The summary is for the sentences that most answer the question; weaker themes stay below.
      if (!lead || !statement || (sentences.length > 0 && statement.score < strongest * 0.6)) continue;
      sentences.push(
        registry.cite(trimStatement(statement.statement, this.options.summaryWords, relevance), [
          lead.passage,
        ]),
      );
    }
    return sentences;
  }

  private sections(
    themes: ReadonlyArray<{ topic: string; passages: CandidatePassage[] }>,
    registry: SourceRegistry,
    relevance: (part: string) => number,
  ): AnswerSection[] {
    const sections: AnswerSection[] = [];
    for (const theme of themes) {
      const sentences: CitedSentence[] = [];
      for (const candidate of theme.passages) {
        for (const statement of this.bestStatements(candidate, this.options.sentencesPerPassage)) {
          sentences.push(
            registry.cite(trimStatement(statement.statement, this.options.sectionWords, relevance), [
              candidate.passage,
            ]),
          );
        }
      }
      const labels = theme.passages.map((candidate) => candidate.passage.label).join('; ');
      if (sentences.length > 0) sections.push({ heading: `${theme.topic} — ${labels}`, sentences });
    }
    return sections;
  }

  /** The covered terms of the statement that covers most of the question (with its passage's headings). */
  private bestStatementCoverage(candidates: readonly CandidatePassage[], model: QuestionModel): Set<string> {
    let best = new Set<string>();
    let bestScore = -1;
    for (const candidate of candidates) {
      const headingTerms = termSet(candidate.passage.breadcrumb.slice(-2).join(' '));
      for (const statement of candidate.statements) {
        const matched = model.matches(new Set([...termSet(statement.statement.text), ...headingTerms]));
        const score = model.score(matched);
        if (score > bestScore) {
          bestScore = score;
          best = new Set([...matched.entries()].filter(([, credit]) => credit > 0).map(([term]) => term));
        }
      }
    }
    return best;
  }

  /**
   * What the question asks that the quoted passages do not say. A word they do not have at all
   * is a plain gap. A lay word they cover only through the law's own wording ("accidental
   * clicks" through "knowingly" and "accesses") is a gap too, said as such: the sources speak
   * of the element, not of the facts the question names.
   */
  private gaps(
    request: CompositionRequest,
    model: QuestionModel,
    quoted: readonly CandidatePassage[],
  ): string[] {
    const heaviest = Math.max(0, ...model.terms.map((term) => term.weight));
    const literal = new Set<string>();
    for (const candidate of quoted)
      for (const [term, credit] of candidate.matched) if (credit === 1) literal.add(term);
    const quotedTerms = new Set(
      quoted.flatMap((candidate) => [
        ...termSet(`${candidate.passage.label} ${candidate.passage.breadcrumb.slice(-2).join(' ')}`),
        ...termSet(candidate.passage.text),
      ]),
    );
    const gaps = uncoveredPhrases(model.terms, literal, heaviest * 0.4).map((phrase) => {
      const words = phrase.map((term) => term.word).join(' ');
      const standIns = nearestWords(phrase.map((term) => model.standInsFor(term.term, quotedTerms)));
      return standIns.length === 0
        ? `Available sources do not mention ${words}.`
        : `Available sources do not mention "${words}" as such; the nearest words they use are ${joinQuoted(standIns)}.`;
    });
    const hasCaseLaw = request.corpus.some((collection) => collection.sourceType === 'case');
    if (!hasCaseLaw && asksAboutCourts.test(request.question)) {
      gaps.push(
        'Available sources do not include case law, so they do not show how courts have decided such questions.',
      );
    }
    return gaps;
  }

  /** Questions about retrieved sections the answer did not use: the corpus can answer them. */
  private followUps(request: CompositionRequest, usedSections: ReadonlySet<string>): string[] {
    const questions: string[] = [];
    const seen = new Set(usedSections);
    for (const { passage } of request.passages) {
      if (seen.has(passage.sectionLabel)) continue;
      seen.add(passage.sectionLabel);
      questions.push(followUpQuestion(passage));
      if (questions.length === 5) break;
    }
    for (const { passage } of request.passages) {
      if (questions.length >= 3) break;
      const question = followUpQuestion(passage);
      if (!questions.includes(question)) questions.push(question);
    }
    return questions;
  }

  private noAnswer(request: CompositionRequest, reason: string, gaps: readonly string[]): Answer {
    const related = request.passages.slice(0, 3).map(({ passage }) => ({
      label: passage.label,
      title: passage.breadcrumb.find((heading) => /^(?:§|Rule\s)/.test(heading)) ?? passage.heading,
      url: passage.url ?? null,
      passageId: passage.id,
    }));
    return {
      id: request.answerId,
      question: request.question,
      kind: 'no-answer',
      checkedOn: request.checkedOn,
      summary: [],
      sections: [],
      gaps: [...gaps],
      limitations: describeLimitations([], request.corpus, request.checkedOn),
      followUps: this.followUps(request, new Set()).slice(0, 3),
      sources: [],
      related,
      notice: `The vetted sources do not cover this question. ${reason}`,
      referrals: [],
      privateReply: false,
      generatedBy: 'extractive',
      disclaimer: request.disclaimer,
    };
  }
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

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
function joinQuoted(words: readonly string[]): string {
  const quoted = words.map((word) => `"${word}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
