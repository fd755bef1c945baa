import type { OutOfScopeTopic } from '../core/config.js';
import { spellOutCountryAbbreviations } from '../retrieval/text-analysis.js';
import type { StoredPassage } from '../store/passage-rows.js';
import type { Answer, AnswerSection, CitedSentence } from './answer.js';
import {
  type AnswerabilityThresholds,
  assessAnswerability,
  defaultAnswerabilityThresholds,
} from './answerability.js';
import { type AskedFact, statementFacts } from './asked-facts.js';
import { renumberByFirstCitation } from './citation-numbers.js';
import type { Composer, CompositionRequest } from './composer.js';
import { gapStatements } from './gaps.js';
import { describeLimitations } from './limitations.js';
import { matchOutOfScopeTopic } from './out-of-scope.js';
import { QuestionModel } from './question-model.js';
import { termSet } from './question-terms.js';
import { followUpQuestion, ownCaption, passageTopic } from './section-topics.js';
import { SourceRegistry } from './source-registry.js';
import {
  headingCredit,
  preferGeneralProvisions,
  type ScoredStatement,
  scorePassages,
} from './statement-scoring.js';
import { trimStatement } from './statements.js';

export interface ExtractiveComposerOptions {
  /** Most sources (distinct provisions) an answer cites. */
  readonly maxSources?: number;
  /** Most numbered sections. */
  readonly maxSections?: number;
  /** Words of the executive summary. */
  readonly summaryWords?: number;
  /** Words of one quoted statement in a section; a list asked for may run to `listWords`. */
  readonly sectionWords?: number;
  readonly listWords?: number;
  /** Words of the summary and sections together. */
  readonly answerWords?: number;
  readonly thresholds?: AnswerabilityThresholds;
  /** Topics the deployment knows the corpus lacks, each with its referral. */
  readonly outOfScopeTopics?: readonly OutOfScopeTopic[];
}

/**
 * A section of another provision joins the answer when its best statement scores this share of
 * the lead's and covers this share of what the lead covers: it answers the same question, not
 * merely shares a word with it. (0.7 → 0.75 in issue 13's third round: fewer provisions that
 * share words with the question, no gold provision lost on the dev sets; 0.8 lost some.)
 */
const companionScoreShare = 0.75;
const companionCoverageShare = 0.6;
/** Within a section, a further statement is quoted when it scores this share of the section's best. */
const siblingScoreShare = 0.7;

/** A section before its heading is written: the heading names the provisions its kept sentences cite. */
interface DraftSection {
  /** For each sentence, what its statement is about: the heading takes the first kept one's. */
  readonly topics: string[];
  readonly sentences: CitedSentence[];
  /** For each sentence, the order its statement was picked in (0 for the lead): the budget drops the last picked. */
  readonly priorities: number[];
}

interface PlannedSection {
  readonly topic: string;
  readonly statements: ScoredStatement[];
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

function documentOrder(left: ScoredStatement, right: ScoredStatement): number {
  const path = left.passage.documentPath.localeCompare(right.passage.documentPath);
  if (path !== 0) return path;
  return left.passage.ordinal - right.passage.ordinal || left.order - right.order;
}

/**
 * The offline default composer. It writes the whole answer from retrieved passages with no
 * model: every sentence is quoted (or trimmed, marked "…") from a passage and cited to it.
 *
 * Every statement of the retrieved passages (and of the other passages of their sections) is
 * scored by how much of the question it covers and whether it states the kind of fact asked for
 * (the number, the period, the penalty, the list). The best one leads: the summary quotes it,
 * cut to keep its subject and the fact. Sections are the lead's provision and at most two more
 * that answer the same question about as well; each quotes its best statements, so an answer
 * usually cites one to three provisions and runs to a few hundred words at most.
 */
export class ExtractiveComposer implements Composer {
  private readonly options: Required<ExtractiveComposerOptions>;

  constructor(options: ExtractiveComposerOptions = {}) {
    this.options = {
      maxSources: options.maxSources ?? 5,
      maxSections: options.maxSections ?? 3,
      summaryWords: options.summaryWords ?? 60,
      sectionWords: options.sectionWords ?? 55,
      listWords: options.listWords ?? 150,
      answerWords: options.answerWords ?? 250,
      thresholds: options.thresholds ?? defaultAnswerabilityThresholds,
      outOfScopeTopics: options.outOfScopeTopics ?? [],
    };
  }

  async compose(request: CompositionRequest): Promise<Answer> {
    // "U.S." spelled out, so it is matched like "United States" in the provisions.
    const scoring = { ...request, question: spellOutCountryAbbreviations(request.question) };
    const model = new QuestionModel(scoring.question, request.statistics);
    const topic = matchOutOfScopeTopic(request.question, this.options.outOfScopeTopics);
    if (topic) {
      return this.noAnswer(request, `The vetted sources do not cover ${topic.name}.`, [], [topic.referral]);
    }
    const scored = scorePassages(scoring, model);
    const ranked = preferGeneralProvisions(
      scored.flatMap((candidate) => candidate.statements),
      model,
    )
      .filter((statement) => statement.score > 0)
      .sort((left, right) => right.score - left.score || documentOrder(left, right));
    const lead = ranked[0];
    const citesHeld = ranked.some((statement) => statement.cited);
    const missing = (request.citations ?? []).filter((citation) => !citation.held);
    const gapsFor = (quoted: readonly ScoredStatement[]) => this.gaps(request, model, quoted);
    const scopeGaps: string[] = [];
    if (!citesHeld) {
      if (missing.length > 0) {
        const names = missing.map((citation) => citation.label).join(' or ');
        return this.noAnswer(request, `The vetted sources do not include ${names}.`, []);
      }
      const assessment = assessAnswerability(
        request.question,
        model,
        {
          coverage: lead?.coverage ?? 0,
          fit: lead?.fit ?? 0,
          matched: lead?.matched ?? new Map(),
          presentTerms: presentTerms(
            scored.flatMap((candidate) => candidate.statements),
            model,
          ),
        },
        request.corpus,
        this.options.thresholds,
      );
      if (!assessment.answerable || !lead) {
        const reason = assessment.answerable
          ? 'No vetted source addresses what the question asks.'
          : assessment.reason;
        return this.noAnswer(request, reason, gapsFor(ranked.slice(0, 1)));
      }
      scopeGaps.push(...assessment.gaps);
    }
    if (!lead) return this.noAnswer(request, 'No vetted source addresses what the question asks.', []);

    const { plan, rank } = this.plan(ranked, lead, model);
    const registry = new SourceRegistry(
      new Map(request.corpus.map((collection) => [collection.id, collection])),
    );
    const relevance = this.relevance(model);
    const summary = this.summary(plan, lead, model, registry, relevance);
    const sections = this.sections(plan, summary, model, registry, relevance, rank);
    const {
      summary: keptSummary,
      sections: keptSections,
      sources,
    } = this.withinBudget(summary, sections, registry);
    const quoted = plan.flatMap((section) => section.statements);
    const gaps = [
      ...missing.map((citation) => `The vetted sources do not include ${citation.label}.`),
      ...scopeGaps,
      ...gapsFor(quoted),
    ];
    const used = new Set(quoted.map((statement) => statement.passage.sectionLabel));
    return {
      id: request.answerId,
      question: request.question,
      kind: 'answer',
      checkedOn: request.checkedOn,
      summary: keptSummary,
      sections: keptSections,
      gaps: gaps.slice(0, 4),
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

  /** How much a piece of a statement answers: the question words it has, and the kind of fact asked. */
  private relevance(model: QuestionModel): (part: string) => number {
    return (part: string) => {
      const base = model.score(model.matches(termSet(part)));
      const facts = statementFacts(part, 0);
      const wanted = windowFacts(model.asked);
      const fact = wanted.some((kind) => facts.has(kind));
      // A penalty is told by its term or amount, which statutes put last: a stretch that stops at
      // "imprisoned not more …" has the penalty's words but not the penalty.
      const wholePenalty = wanted.includes('penalty') && statesPenaltyTerm.test(part);
      return base + (fact ? model.totalWeight * 0.5 : 0) + (wholePenalty ? model.totalWeight * 0.25 : 0);
    };
  }

  /**
   * The lead's provision first, then at most two more provisions that answer the same question
   * nearly as well (or, when the question cites provisions, the cited ones); within each, its
   * best statements, at most the source limit in all.
   */
  private plan(
    ranked: readonly ScoredStatement[],
    lead: ScoredStatement,
    model: QuestionModel,
  ): { plan: PlannedSection[]; rank: ReadonlyMap<ScoredStatement, number> } {
    const bySection = new Map<string, ScoredStatement[]>();
    for (const statement of ranked) {
      const list = bySection.get(statement.passage.sectionLabel) ?? [];
      list.push(statement);
      bySection.set(statement.passage.sectionLabel, list);
    }
    const leadCoverage = model.coverage(lead.matched);
    const chosenSections: string[] = [];
    for (const [section, statements] of bySection) {
      if (chosenSections.length >= this.options.maxSections) break;
      const best = statements[0]!;
      // A further provision must answer the same question: score and cover nearly as much as the
      // lead, and state the kind of fact asked for when the lead does.
      const onPoint = lead.cited
        ? best.cited
        : best.score >= lead.score * companionScoreShare &&
          model.coverage(best.matched) >= leadCoverage * companionCoverageShare &&
          best.fit >= Math.min(lead.fit, 0.8);
      if (section === lead.passage.sectionLabel || onPoint) chosenSections.push(section);
    }
    const labels = new Set<string>();
    const covered = new Set<string>();
    const rank = new Map<ScoredStatement, number>([[lead, 0]]);
    const plan: PlannedSection[] = [];
    const addSection = (section: string, index: number, only?: (statement: ScoredStatement) => boolean) => {
      const statements = (bySection.get(section) ?? []).filter(
        // A question citing a pinpoint ("FRCP 26(b)(1)") is answered from that pinpoint alone.
        (statement) =>
          !(lead.cited && lead.onPinpoint && !statement.onPinpoint) && (only?.(statement) ?? true),
      );
      const picked = this.pick(statements, index === 0 ? 3 : 2, lead, model, labels, covered, rank);
      if (picked.length > 0) plan.push({ topic: passageTopic(picked[0]!.passage), statements: picked });
    };
    for (const [index, section] of chosenSections.entries()) addSection(section, index);
    // A parallel provision joins: a passage of another section with the same telling caption as
    // a quoted one (the affirmative defense of § 2252 beside that of § 2252A), when relevant.
    // Caption → the rank of the quoted statement that has it: its parallel is kept as long.
    const captions = new Map<string, number>();
    for (const statement of plan.flatMap((section) => section.statements)) {
      const caption = ownCaption(statement.passage)?.toLowerCase();
      if (caption !== undefined && !captions.has(caption))
        captions.set(caption, rank.get(statement) ?? rank.size);
    }
    const captionOf = (statement: ScoredStatement) => ownCaption(statement.passage)?.toLowerCase() ?? '';
    if (!lead.cited) {
      for (const [section, statements] of bySection) {
        if (labels.size >= this.options.maxSources) break;
        const planned = plan.find((entry) => entry.statements[0]?.passage.sectionLabel === section);
        const parallel = statements.find(
          (statement) =>
            statement.score >= lead.score * 0.5 &&
            captions.has(captionOf(statement)) &&
            !planned?.statements.some((quoted) => captionOf(quoted) === captionOf(statement)),
        );
        if (!parallel || (!planned && plan.length >= this.options.maxSections)) continue;
        if (planned) planned.statements.push(parallel);
        else plan.push({ topic: passageTopic(parallel.passage), statements: [parallel] });
        labels.add(parallel.passage.label);
        rank.set(parallel, (captions.get(captionOf(parallel)) ?? rank.size) + 0.5);
      }
    }
    for (const section of plan) section.statements.sort(documentOrder);
    return { plan, rank };
  }

  /**
   * The statements a section quotes. Greedy: each pick is the statement that scores best plus
   * what it adds to the answer, so a question about accidental possession gets both the offence
   * and the affirmative defense. Picks are recorded in `rank` (the lead first) for the budget.
   */
  private pick(
    statements: readonly ScoredStatement[],
    limit: number,
    lead: ScoredStatement,
    model: QuestionModel,
    labels: Set<string>,
    covered: Set<string>,
    rank: Map<ScoredStatement, number>,
  ): ScoredStatement[] {
    const best = statements[0];
    if (!best) return [];
    const picked: ScoredStatement[] = [];
    while (picked.length < limit) {
      let choice: ScoredStatement | undefined;
      let choiceValue = 0;
      for (const statement of statements) {
        if (picked.includes(statement)) continue;
        if (!labels.has(statement.passage.label) && labels.size >= this.options.maxSources) continue;
        const adds = model.score(statement.matched, covered) / Math.max(model.totalWeight, 1e-9);
        const eligible =
          picked.length === 0 ||
          lead.cited ||
          statement.score >= best.score * siblingScoreShare ||
          (adds >= 0.1 && statement.score >= best.score * 0.5);
        const value = statement.score + adds;
        if (eligible && value > choiceValue) {
          choice = statement;
          choiceValue = value;
        }
      }
      if (!choice) break;
      picked.push(choice);
      if (!rank.has(choice)) rank.set(choice, rank.size);
      labels.add(choice.passage.label);
      for (const [term, credit] of choice.matched) if (credit >= 0.5) covered.add(term);
    }
    return picked;
  }

  /**
   * The lead statement, cut to keep its subject and the fact asked for; then, while the summary
   * stays short, the best statement of the next section when it answers nearly as well.
   */
  private summary(
    plan: readonly PlannedSection[],
    lead: ScoredStatement,
    model: QuestionModel,
    registry: SourceRegistry,
    relevance: (part: string) => number,
  ): CitedSentence[] {
    // A list asked for is quoted whole where it fits: its items are the answer.
    const isList = model.asked.includes('list') && lead.statement.parts.length > 2;
    const budget = isList ? Math.round(this.options.summaryWords * 1.4) : this.options.summaryWords;
    // A second sentence must add what the first lacks: a weighty part of the question it covers.
    const adds = (statement: ScoredStatement) =>
      model.terms.some(
        (term) =>
          (statement.matched.get(term.term) ?? 0) >= 0.7 &&
          (lead.matched.get(term.term) ?? 0) < 0.5 &&
          model.weightOf(term.term) >= model.totalWeight * 0.15,
      );
    // It comes from the lead's own provision (the verdict rule beside the number of jurors):
    // another provision's best statement is for the sections below.
    const second = (lead.cited ? [] : (plan[0]?.statements ?? []))
      .filter((statement) => statement !== lead)
      .sort((left, right) => right.score - left.score)
      .find(
        (statement) => statement.score >= lead.score * 0.7 && statement.fit >= lead.fit && adds(statement),
      );
    // A list's items are kept in order while they fit, not ranked by the question's words.
    const first = isList
      ? trimStatement(lead.statement, budget)
      : trimStatement(lead.statement, second ? Math.round(budget * 0.65) : budget, relevance, true);
    const sentences = [registry.cite(first, [lead.passage, ...lead.alsoCites])];
    if (second && !isList) {
      const remaining = budget - wordCount(first);
      if (remaining >= 15) {
        sentences.push(
          registry.cite(trimStatement(second.statement, remaining, relevance, true), [second.passage]),
        );
      }
    }
    return sentences;
  }

  private sections(
    plan: readonly PlannedSection[],
    summary: readonly CitedSentence[],
    model: QuestionModel,
    registry: SourceRegistry,
    relevance: (part: string) => number,
    rank: ReadonlyMap<ScoredStatement, number>,
  ): DraftSection[] {
    const inSummary = new Set(summary.map((sentence) => sentence.text));
    const wantsList = model.asked.includes('list');
    const quotedTexts: string[] = [];
    return plan.flatMap((section) => {
      const sentences: CitedSentence[] = [];
      const priorities: number[] = [];
      const topics: string[] = [];
      for (const statement of section.statements) {
        const isList = statement.statement.parts.length > 2;
        const limit = wantsList && isList ? this.options.listWords : this.options.sectionWords;
        const text = trimStatement(statement.statement, limit, relevance);
        // A statement the summary already quotes whole is not repeated, unless nothing else is left;
        // nor an item of a list already quoted with its lead-in.
        if (inSummary.has(text) && section.statements.length > 1) continue;
        if (quotedTexts.some((quoted) => quoted.includes(statement.statement.text))) continue;
        quotedTexts.push(statement.statement.text);
        sentences.push(registry.cite(text, [statement.passage, ...statement.alsoCites]));
        priorities.push(rank.get(statement) ?? rank.size);
        // A statement of another passage than the section's first (Rule 11(d) after the summary took
        // Rule 11(b)) is headed by that passage's topic, as its label names that passage.
        const samePassage = statement.passage.id === section.statements[0]?.passage.id;
        topics.push(samePassage ? section.topic : passageTopic(statement.passage));
      }
      return sentences.length === 0 ? [] : [{ topics, sentences, priorities }];
    });
  }

  /**
   * Holds the summary and sections to the word budget by dropping the last sentences of the
   * last sections (never the first section's first sentence), then renumbers the sources so
   * every listed source is cited and numbered by first citation.
   */
  private withinBudget(
    summary: CitedSentence[],
    sections: readonly DraftSection[],
    registry: SourceRegistry,
  ): { summary: CitedSentence[]; sections: AnswerSection[]; sources: Answer['sources'] } {
    const kept = sections.map((section) => ({
      topics: [...section.topics],
      sentences: [...section.sentences],
      priorities: [...section.priorities],
    }));
    const topicOf = (section: (typeof kept)[number]) => section.topics[0] ?? '';
    const total = () =>
      [...summary, ...kept.flatMap((section) => section.sentences)].reduce(
        (sum, sentence) => sum + wordCount(sentence.text),
        0,
      ) + kept.reduce((sum, section) => sum + wordCount(topicOf(section)) + 4, 0);
    while (total() > this.options.answerWords) {
      // The sentence picked last goes first, but never the only sentence left.
      let worst: { section: number; sentence: number; priority: number } | undefined;
      for (const [sectionIndex, section] of kept.entries())
        for (const [sentenceIndex, priority] of section.priorities.entries())
          if (!worst || priority > worst.priority)
            worst = { section: sectionIndex, sentence: sentenceIndex, priority };
      const remaining = kept.reduce((sum, section) => sum + section.sentences.length, 0);
      if (!worst || remaining <= 1) break;
      const section = kept[worst.section]!;
      section.sentences.splice(worst.sentence, 1);
      section.priorities.splice(worst.sentence, 1);
      section.topics.splice(worst.sentence, 1);
      if (section.sentences.length === 0) kept.splice(worst.section, 1);
    }
    const headed = kept.map((section) => ({ topic: topicOf(section), sentences: section.sentences }));
    return renumber(summary, headed, registry.list());
  }

  private gaps(
    request: CompositionRequest,
    model: QuestionModel,
    quoted: readonly ScoredStatement[],
  ): string[] {
    const quotedTerms = new Set<string>();
    const statedFacts = new Set<AskedFact>();
    for (const statement of quoted) {
      for (const term of termSet(`${statement.passage.breadcrumb.join(' ')} ${statement.passage.text}`))
        quotedTerms.add(term);
      for (const fact of statement.facts) statedFacts.add(fact);
    }
    return gapStatements(request.question, {
      model,
      quotedTerms,
      statedFacts,
      hasCaseLaw: request.corpus.some((collection) => collection.sourceType === 'case'),
    });
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

  private noAnswer(
    request: CompositionRequest,
    reason: string,
    gaps: readonly string[],
    referrals: Answer['referrals'] = [],
  ): Answer {
    const related = nearestSources(request.passages.map(({ passage }) => passage));
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
      referrals: [...referrals],
      privateReply: false,
      generatedBy: 'extractive',
      disclaimer: request.disclaimer,
    };
  }
}

/**
 * Question terms that some candidate statement or its headings has as a word (not as a
 * stand-in), and acronyms of the question that a candidate spells out: "PTAB" is present where a
 * passage names the "Patent Trial and Appeal Board", "FBI" where it names the "Federal Bureau of
 * Investigation".
 */
function presentTerms(statements: readonly ScoredStatement[], model: QuestionModel): Set<string> {
  const present = new Set<string>();
  for (const statement of statements)
    for (const [term, credit] of statement.matched)
      if (credit === 1 || credit === headingCredit) present.add(term);
  const acronyms = model.terms.filter(
    (term) => !present.has(term.term) && /^[A-Z]{3,6}s?$/.test(term.display),
  );
  for (const acronym of acronyms) {
    const spelled = spelledOut(acronym.display.replace(/s$/, ''));
    if (
      statements.some((statement) =>
        spelled.test(`${statement.passage.breadcrumb.join(' ')} ${statement.passage.text}`),
      )
    )
      present.add(acronym.term);
  }
  return present;
}

/** A phrase whose capitalized words begin with the acronym's letters, joined by "and", "of", "the" … */
function spelledOut(acronym: string): RegExp {
  const joiner = String.raw`[\w’']*[\s-]+(?:(?:and|of|the|for|on|in|&)\s+)*`;
  return new RegExp(String.raw`\b${[...acronym].join(joiner)}[\w’']*`);
}

/** The first three retrieved provisions, one per label, listed (not cited) in a no-answer reply. */
function nearestSources(passages: readonly StoredPassage[]): Answer['related'] {
  const seen = new Set<string>();
  const related: Answer['related'] = [];
  for (const passage of passages) {
    if (seen.has(passage.label) || related.length === 3) continue;
    seen.add(passage.label);
    related.push({
      label: passage.label,
      title: passage.breadcrumb.find((heading) => /^(?:§|Rule\s)/.test(heading)) ?? passage.heading,
      url: passage.url ?? null,
      passageId: passage.id,
    });
  }
  return related;
}

/** Headings name the provisions their kept sentences cite; then sources are renumbered by first citation. */
function renumber(
  summary: readonly CitedSentence[],
  sections: readonly { readonly topic: string; readonly sentences: CitedSentence[] }[],
  listed: Answer['sources'],
): { summary: CitedSentence[]; sections: AnswerSection[]; sources: Answer['sources'] } {
  const byNumber = new Map(listed.map((source) => [source.n, source]));
  const headed = sections.map((section) => {
    const labels = [
      ...new Set(
        section.sentences.flatMap((sentence) => sentence.citations.map((n) => byNumber.get(n)!.label)),
      ),
    ];
    return { heading: `${section.topic} — ${labels.join('; ')}`, sentences: section.sentences };
  });
  return renumberByFirstCitation(summary, headed, listed);
}

/**
 * The facts a quoted stretch should hold for the question. Whether conduct is a crime is
 * answered by the punishment the provision sets ("shall be fined … or imprisoned not more than
 * five years"), not by its opening "Whoever", which every offence has; a permission or where a
 * provision is codified is stated by any stretch of it.
 */
const statesPenaltyTerm =
  /\b(?:imprisoned|imprisonment|sentenced to a term of imprisonment)\s+(?:for\s+)?(?:(?:not|no) (?:more|less) than|up to|of)\s+(?:\d+|[a-z]+(?:-[a-z]+)?)\s+(?:years?|months?|days?)\b|\bimprisoned for (?:life|any term of years)\b|\bterm of imprisonment of \d+ years\b|\bfined not more than \$[\d,]+|\b(?:punished|punishable) by death\b/i;

function windowFacts(asked: readonly AskedFact[]): AskedFact[] {
  return asked.flatMap((kind): AskedFact[] => {
    if (kind === 'offense') return ['penalty'];
    if (kind === 'codified' || kind === 'permission') return [];
    return [kind];
  });
}
