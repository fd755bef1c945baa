import { randomUUID } from 'node:crypto';
import type { Audience, ReferralResource } from '../core/config.js';
import { limitQuestionLength } from '../core/limits.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import type { PolicyClassifier } from '../policy/policy.js';
import type { PolicyTexts } from '../policy/policy-texts.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { SearchFilters } from '../retrieval/search-filters.js';
import { englishStopwords, tokenize } from '../retrieval/text-analysis.js';
import type { PassageStore } from '../store/passage-store.js';
import { type Answer, answerContractViolations } from './answer.js';
import { askingWords } from './asked-facts.js';
import type { Composer, CompositionProgress, CompositionRequest, QuestionCitation } from './composer.js';
import {
  emergencyAnswer,
  individualizedAnswer,
  type PolicyAnswerContext,
  professionalAnswer,
  refusalAnswer,
} from './policy-answers.js';

export interface AskRequest {
  readonly question: string;
  /** Answer from this jurisdiction's sources (and federal law, which applies everywhere in the U.S.). */
  readonly jurisdiction?: string | undefined;
  readonly filters?: SearchFilters | undefined;
  /** Who asks here (the channel's audience); the deployment's when not given. */
  readonly audience?: Audience | undefined;
  /**
   * Told each verified sentence of a model's answer while it is written, for surfaces that
   * stream. Only a general answer streams: one that policy wraps (individualized, professional,
   * emergency) or sends privately is delivered whole.
   */
  readonly progress?: CompositionProgress | undefined;
}

/**
 * Staff-approved answers (the review queue implements it). Asked after policy, before
 * retrieval: a question policy lets through that matches an approved one gets that answer,
 * re-dated and marked `reviewed`; undefined means compose as usual.
 */
export interface ApprovedAnswerSource {
  find(request: ApprovedAnswerRequest): Promise<Answer | undefined>;
}

export interface ApprovedAnswerRequest {
  readonly question: string;
  readonly jurisdiction: string | undefined;
  /** The id the served answer gets, so feedback on it is told apart from the approved one. */
  readonly answerId: string;
  readonly checkedOn: string;
}

export interface AnswerEngineDependencies {
  readonly retriever: Retriever;
  readonly store: PassageStore;
  /** The offline composer; also the fallback when the LLM composer fails. */
  readonly extractive: Composer;
  /** Optional LLM composer; it verifies its own output and falls back internally. */
  readonly llm?: Composer | undefined;
  readonly disclaimer: string;
  /** Runs before retrieval: individualized, refused and emergency questions are handled here. */
  readonly policy: PolicyClassifier;
  readonly policyTexts: PolicyTexts;
  readonly referrals: readonly ReferralResource[];
  readonly crisisResources: readonly ReferralResource[];
  /** The deployment's audience (`deployment.audience`), for questions that do not name one. */
  readonly audience?: Audience;
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /** Passages retrieved per question. */
  readonly retrievalDepth?: number;
  readonly approved?: ApprovedAnswerSource | undefined;
}

/** Words that point back to something the rest of the question said: "demand one", "is that a crime". */
const referringBack = /\b(?:that|this|it|one|ones|those|these|them|such|so)\b/i;

/**
 * The question that general information is retrieved for. The general part of a mixed question
 * leaves out the asker's situation, but where it points back into it ("Client wants a jury trial
 * in her civil case. What's the deadline to demand one?") or says too little by itself ("is that
 * a federal crime?"), it has lost its subject: then the whole question is searched, since the
 * answer quotes only provisions and never repeats the situation.
 */
export function generalQuestion(
  generalPart: string | undefined,
  question: string,
  options: { readonly besideChatter?: boolean } = {},
): string {
  if (generalPart === undefined) return question;
  const words = tokenize(generalPart).filter((word) => !englishStopwords.has(word) && word.length > 2);
  const subjectWords = words.filter((word) => !askingWords.has(word));
  // Beside a situation, the situation's words help find the law ("…the judge golfs with the
  // other side's lawyer. When does a judge have to recuse?"), so the part must say much on its
  // own. Beside chatter ("this rent is killing me lol. what's the federal penalty for
  // carjacking?") the rest says nothing of the law: a subject word and three words in all do.
  const standsAlone = options.besideChatter
    ? subjectWords.length >= 1 && words.length >= 3
    : subjectWords.length >= 3;
  return referringBack.test(generalPart) || !standsAlone ? question : generalPart;
}

/** Today's date as YYYY-MM-DD in local time: the date the answer was checked. */
export function isoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/**
 * Question in, answer out: retrieval, then a composer. Every answer is checked against the
 * contract before it leaves; an answer that breaks it is replaced by the extractive answer,
 * and an extractive answer that breaks it is a bug worth failing loudly on.
 */
export class AnswerEngine {
  private readonly clock: () => Date;
  private readonly logger: Logger;

  constructor(private readonly dependencies: AnswerEngineDependencies) {
    this.clock = dependencies.clock ?? (() => new Date());
    this.logger = dependencies.logger ?? silentLogger();
  }

  async ask(request: AskRequest): Promise<Answer> {
    const question = limitQuestionLength(request.question.trim());
    const audience = request.audience ?? this.dependencies.audience ?? 'public';
    const decision = await this.dependencies.policy.classify(question, { audience });
    // Only the rule names are logged, never the question, which may hold personal details.
    this.logger.info({ category: decision.category, signals: decision.signals }, 'policy decision');
    const context: PolicyAnswerContext = {
      question,
      checkedOn: isoDate(this.clock()),
      disclaimer: this.dependencies.disclaimer,
      texts: this.dependencies.policyTexts,
      referrals: this.dependencies.referrals,
      crisisResources: this.dependencies.crisisResources,
    };
    if (decision.category === 'refused') return refusalAnswer(decision, context);
    if (decision.category === 'emergency') {
      // Crisis resources first; general information only for a legal question asked alongside.
      // None for a request for help with a crime, and none when someone may harm themselves:
      // nothing should stand between them and the crisis line.
      const informationFits =
        decision.refusalTopic === undefined && !decision.emergencyKinds.includes('self-harm');
      const legalQuestion = informationFits ? decision.generalPart : undefined;
      const general = legalQuestion
        ? await this.answer({ ...request, question: legalQuestion, progress: undefined })
        : undefined;
      return emergencyAnswer(decision, context, general);
    }
    const wrapped = decision.individualized || decision.professionalMatter || decision.privateReply;
    const general = await this.answer({
      ...request,
      question: generalQuestion(decision.generalPart, question, {
        besideChatter: decision.category === 'general' && decision.personalDetails.length === 0,
      }),
      progress: wrapped ? undefined : request.progress,
    });
    if (decision.individualized) return individualizedAnswer(general, decision, context);
    if (decision.professionalMatter) return professionalAnswer(general, context);
    // The asker's own question is shown back to them (its general part was what was searched).
    return decision.privateReply ? { ...general, question, privateReply: true } : general;
  }

  /** Retrieval and composition for a question that policy lets through. */
  private async answer(request: AskRequest): Promise<Answer> {
    const question = request.question;
    const approved = await this.approvedAnswer(request);
    if (approved) return approved;
    const filters = this.filters(request);
    const passages = await this.dependencies.retriever.retrieve({
      query: question,
      k: this.dependencies.retrievalDepth ?? 12,
      ...(filters ? { filters } : {}),
    });
    const retrievedIds = new Set(passages.map((retrieved) => retrieved.passage.id));
    const topSections = [...new Set(passages.map((retrieved) => retrieved.passage.sectionLabel))].slice(0, 6);
    const companions = topSections
      .flatMap((section) => this.dependencies.store.findBySection(section).slice(0, 40))
      .filter((passage) => !retrievedIds.has(passage.id));
    const composition: CompositionRequest = {
      answerId: randomUUID(),
      question,
      passages,
      companions,
      statistics: await this.dependencies.retriever.termStatistics(),
      corpus: this.dependencies.store.listCollections(),
      checkedOn: isoDate(this.clock()),
      disclaimer: this.dependencies.disclaimer,
      citations: await this.citations(question, filters),
      progress: request.progress,
    };
    if (this.dependencies.llm) {
      const answer = await this.dependencies.llm.compose(composition);
      const problems = answerContractViolations(answer);
      if (problems.length === 0) return answer;
      this.logger.warn({ problems }, 'LLM answer broke the answer contract; using the extractive answer');
    }
    const answer = await this.dependencies.extractive.compose(composition);
    const problems = answerContractViolations(answer);
    if (problems.length > 0)
      throw new Error(`Extractive answer broke the answer contract: ${problems.join('; ')}`);
    return answer;
  }

  /**
   * An approved answer for the question, when one matches and still keeps the contract; a
   * search with explicit filters is composed afresh, since the approval did not see them.
   */
  private async approvedAnswer(request: AskRequest): Promise<Answer | undefined> {
    if (!this.dependencies.approved || request.filters) return undefined;
    const answer = await this.dependencies.approved.find({
      question: request.question,
      jurisdiction: request.jurisdiction,
      answerId: randomUUID(),
      checkedOn: isoDate(this.clock()),
    });
    if (answer === undefined) return undefined;
    const problems = answerContractViolations(answer);
    if (problems.length === 0) return answer;
    this.logger.warn({ problems }, 'an approved answer broke the answer contract; composing instead');
    return undefined;
  }

  /**
   * The provisions the question cites, as the retriever resolved them, and whether the store
   * holds each. A bare "Rule 23" held in several rule sets gives one citation per set, so each
   * is named; a bare "§ 1983" the corpus lacks is left out, since without a title it cannot be
   * named as missing.
   */
  private async citations(question: string, filters: SearchFilters | undefined): Promise<QuestionCitation[]> {
    const reports = await this.dependencies.retriever.citedProvisions(question, filters);
    return reports.flatMap((report): QuestionCitation[] => {
      if (report.scope === 'full' || !report.held)
        return report.scope === 'full'
          ? [{ text: report.text, label: report.display, held: report.held }]
          : [];
      return report.sections.map((section) => ({ text: report.text, label: section.label, held: true }));
    });
  }

  private filters(request: AskRequest): SearchFilters | undefined {
    if (request.filters) return request.filters;
    if (!request.jurisdiction) return undefined;
    const jurisdictions =
      request.jurisdiction === 'US-federal' ? ['US-federal'] : [request.jurisdiction, 'US-federal'];
    return { jurisdictions };
  }
}
