import { AmicusError, describeError } from '../../core/errors.js';
import { type Logger, silentLogger } from '../../core/logger.js';
import type { ChatModel } from '../../llm/chat-model.js';
import { englishStopwords } from '../../retrieval/text-analysis.js';
import type { StoredPassage } from '../../store/passage-rows.js';
import type { Answer, AnswerSource } from '../answer.js';
import type { Composer, CompositionRequest } from '../composer.js';
import { describeLimitations } from '../limitations.js';
import { DraftStreamReader } from './draft-stream.js';
import { focusAnswer } from './focus.js';
import { type LlmDraft, llmDraftJsonSchema, llmDraftSchemaName, parseDraft } from './llm-output.js';
import { type AnswerPrompts, fillTemplate, loadAnswerPrompts } from './prompts.js';
import { VerifiedSentenceStream } from './verified-stream.js';
import { defaultSupportThreshold, type VerifiedAnswer, verifyAnswer } from './verifier.js';

export interface LlmComposerDependencies {
  readonly chatModel: ChatModel;
  /** The extractive composer: it decides no-answer, and its answer replaces a failed LLM answer. */
  readonly fallback: Composer;
  /** Read from `prompts/` when left out. */
  readonly prompts?: AnswerPrompts | undefined;
  readonly logger?: Logger | undefined;
  /** Fewer surviving sentences than this (summary and sections together) means fall back; default 3. */
  readonly minimumSurvivingSentences?: number | undefined;
  /**
   * A draft that lost more than this share of its sentences to the verifier is not trusted even
   * when enough survive: half of it was unsupported. Default 0.5 (keep at least half).
   */
  readonly minimumSurvivingShare?: number | undefined;
  /** Passages numbered in the prompt; default 8. */
  readonly maxPromptPassages?: number | undefined;
  /** A longer passage is cut (and marked "…") in the prompt; default 6,000 characters. */
  readonly maxPassageCharacters?: number | undefined;
  readonly supportThreshold?: number | undefined;
}

/** Why the LLM answer was replaced by the extractive one. */
class FallBack extends Error {
  constructor(
    readonly reason: string,
    readonly verified?: VerifiedAnswer,
  ) {
    super(reason);
  }
}

/**
 * The LLM composer. It numbers the retrieved passages in the prompt as data, asks the model for
 * a structured draft, verifies every sentence against the passages it cites, and builds the
 * answer around what survives. Sources, limitations, the date and the disclaimer are Amicus's,
 * never the model's.
 *
 * The extractive composer runs first and is authoritative on whether to answer at all: when it
 * says no-answer the model is never asked, so no model output can turn "the sources do not
 * cover this" into an answer. On any failure (provider error after retries, output still
 * invalid after one repair, too little surviving verification) the extractive answer is
 * returned, marked `fellBack` with the reason, so the user always gets an answer or a reason.
 */
export class LlmComposer implements Composer {
  private readonly chatModel: ChatModel;
  private readonly fallback: Composer;
  private readonly prompts: AnswerPrompts;
  private readonly logger: Logger;
  private readonly minimumSurvivingSentences: number;
  private readonly minimumSurvivingShare: number;
  private readonly maxPromptPassages: number;
  private readonly maxPassageCharacters: number;
  private readonly supportThreshold: number;

  constructor(dependencies: LlmComposerDependencies) {
    this.chatModel = dependencies.chatModel;
    this.fallback = dependencies.fallback;
    this.prompts = dependencies.prompts ?? loadAnswerPrompts();
    this.logger = dependencies.logger ?? silentLogger();
    this.minimumSurvivingSentences = dependencies.minimumSurvivingSentences ?? 3;
    this.minimumSurvivingShare = dependencies.minimumSurvivingShare ?? 0.5;
    this.maxPromptPassages = dependencies.maxPromptPassages ?? 8;
    this.maxPassageCharacters = dependencies.maxPassageCharacters ?? 6_000;
    this.supportThreshold = dependencies.supportThreshold ?? defaultSupportThreshold;
  }

  async compose(request: CompositionRequest): Promise<Answer> {
    const extractive = await this.fallback.compose(request);
    if (extractive.kind !== 'answer') return extractive;
    const passages = this.promptPassages(request, extractive);
    try {
      const stream = request.progress
        ? new VerifiedSentenceStream(passages, {
            collections: new Map(request.corpus.map((collection) => [collection.id, collection])),
            supportThreshold: this.supportThreshold,
            ...focusScope(request, extractive, passages),
            progress: request.progress,
          })
        : undefined;
      const draft = await this.requestDraft(this.userPrompt(request.question, passages), stream);
      const verified = verifyAnswer(draft, passages, {
        collections: new Map(request.corpus.map((collection) => [collection.id, collection])),
        supportThreshold: this.supportThreshold,
      });
      this.checkSurvivors(verified);
      this.logger.debug(
        {
          model: this.chatModel.id,
          kept: verified.keptSentences,
          dropped: verified.dropped.map((sentence) => sentence.reason),
          removedCitations: verified.removedCitations,
        },
        'LLM answer verified',
      );
      return this.answer(request, extractive, draft, verified, passages);
    } catch (error) {
      const reason =
        error instanceof FallBack
          ? error.reason
          : error instanceof AmicusError
            ? `The language model failed: ${error.message}`
            : `The LLM composer failed unexpectedly: ${describeError(error)}`;
      const verified = error instanceof FallBack ? error.verified : undefined;
      // A bug here must not cost the user an answer, but it must be loud in the logs.
      const level = error instanceof FallBack || error instanceof AmicusError ? 'warn' : 'error';
      this.logger[level](
        { model: this.chatModel.id, reason },
        'LLM composer fell back to the extractive answer',
      );
      return {
        ...extractive,
        verification: {
          droppedSentences: verified?.droppedSentences ?? 0,
          removedCitations: verified?.removedCitations ?? 0,
          fellBack: true,
          reason,
        },
      };
    }
  }

  /**
   * The passages the prompt numbers: retrieved passages in rank order, plus the companions the
   * extractive answer used (the affirmative defense beside the offence). The extractive answer's
   * passages are always kept when the limit cuts the list.
   */
  private promptPassages(request: CompositionRequest, extractive: Answer): Map<number, StoredPassage> {
    const used = new Set(extractive.sources.map((source) => source.passageId));
    const candidates = new Map<string, StoredPassage>();
    for (const { passage } of request.passages)
      if (!candidates.has(passage.id)) candidates.set(passage.id, passage);
    for (const passage of request.companions) {
      if (used.has(passage.id) && !candidates.has(passage.id)) candidates.set(passage.id, passage);
    }
    const chosen = new Set<string>();
    for (const id of candidates.keys())
      if (used.has(id) && chosen.size < this.maxPromptPassages) chosen.add(id);
    for (const id of candidates.keys()) if (chosen.size < this.maxPromptPassages) chosen.add(id);
    const ordered = [...candidates.values()].filter((passage) => chosen.has(passage.id));
    return new Map(ordered.map((passage, index) => [index + 1, passage]));
  }

  private userPrompt(question: string, passages: ReadonlyMap<number, StoredPassage>): string {
    const formatted = [...passages].map(([n, passage]) => {
      const text =
        passage.text.length > this.maxPassageCharacters
          ? `${passage.text.slice(0, this.maxPassageCharacters)} …`
          : passage.text;
      const attributes = [
        ['n', String(n)],
        ['label', passage.label],
        ['heading', passage.breadcrumb.slice(-2).join(' › ') || passage.heading],
        ['type', passage.sourceType],
        ['jurisdiction', passage.jurisdiction],
        ['as-of', passage.asOf],
      ]
        .map(([name, value]) => `${name}="${escapeAttribute(value ?? '')}"`)
        .join(' ');
      return `<passage ${attributes}>\n${escapeMarkup(text)}\n</passage>`;
    });
    return fillTemplate(this.prompts.user, {
      question: escapeMarkup(question),
      passages: formatted.join('\n\n'),
    });
  }

  /**
   * One request, and one repair request when the reply is not a valid draft. With a `stream`,
   * the first reply is read as it arrives and each verified sentence is told at once; the
   * repair is not streamed (what was told stays told, and the surface compares it with the
   * answer).
   */
  private async requestDraft(user: string, stream?: VerifiedSentenceStream): Promise<LlmDraft> {
    const ask = (text: string, onText?: (snapshot: string) => void) =>
      this.chatModel.complete({
        system: this.prompts.system,
        user: text,
        jsonSchema: llmDraftJsonSchema,
        schemaName: llmDraftSchemaName,
        ...(onText ? { onText } : {}),
      });
    const reader = stream ? new DraftStreamReader() : undefined;
    const first = await ask(
      user,
      stream && reader
        ? (snapshot) => {
            for (const event of reader.read(snapshot)) stream.handle(event);
          }
        : undefined,
    );
    const parsed = parseDraft(first.content);
    if (parsed.ok) return parsed.draft;
    this.logger.warn(
      { model: this.chatModel.id, error: parsed.error },
      'LLM reply invalid; asking for a repair',
    );
    const repair = fillTemplate(this.prompts.repair, {
      error: parsed.error,
      reply: escapeMarkup(first.content.slice(0, 8_000)),
    });
    const second = await ask(`${user}\n\n${repair}`);
    const repaired = parseDraft(second.content);
    if (repaired.ok) return repaired.draft;
    throw new FallBack(
      `The language model's output was still invalid after one repair attempt: ${repaired.error.slice(0, 300)}`,
    );
  }

  private checkSurvivors(verified: VerifiedAnswer): void {
    const total = verified.keptSentences + verified.droppedSentences;
    const tooFew =
      verified.summary.length === 0 ||
      verified.keptSentences < this.minimumSurvivingSentences ||
      verified.keptSentences < total * this.minimumSurvivingShare;
    if (!tooFew) return;
    throw new FallBack(
      `Too little of the language model's draft was supported by the passages it cited: ` +
        `${verified.keptSentences} of ${total} sentences kept, ${verified.summary.length} of them in the summary.`,
      verified,
    );
  }

  private answer(
    request: CompositionRequest,
    extractive: Answer,
    draft: LlmDraft,
    verified: VerifiedAnswer,
    passages: ReadonlyMap<number, StoredPassage>,
  ): Answer {
    const dropped = verified.droppedSentences;
    const { onTopicSections, sectionOf } = focusScope(request, extractive, passages);
    const focused = focusAnswer(verified, onTopicSections, sectionOf);
    const extra =
      dropped === 0
        ? []
        : [
            dropped === 1
              ? "1 sentence of the model's draft was dropped because the cited sources did not support it."
              : `${dropped} sentences of the model's draft were dropped because the cited sources did not support them.`,
          ];
    const gaps = sanitizeGaps(draft.gaps);
    return {
      ...extractive,
      id: request.answerId,
      question: request.question,
      kind: 'answer',
      checkedOn: request.checkedOn,
      summary: focused.summary,
      sections: focused.sections,
      gaps: gaps.length > 0 ? gaps : extractive.gaps,
      limitations: describeLimitations(focused.sources, request.corpus, request.checkedOn, extra),
      followUps: sanitizeFollowUps(draft.followUps, extractive.followUps),
      sources: focused.sources,
      generatedBy: 'llm',
      verification: {
        droppedSentences: dropped,
        removedCitations: verified.removedCitations,
        fellBack: false,
      },
      disclaimer: request.disclaimer,
    };
  }
}

/**
 * The same focus as the extractive answer: the provisions it judged on point, or the sections
 * retrieval ranked first (a short summary, at most three sections and five sources follow in
 * `focusAnswer`). The whole answer and the streamed sentences use the one scope.
 */
function focusScope(
  request: CompositionRequest,
  extractive: Answer,
  passages: ReadonlyMap<number, StoredPassage>,
): { onTopicSections: ReadonlySet<string>; sectionOf: (source: AnswerSource) => string } {
  const sectionOfPassage = new Map(
    [...passages.values()].map((passage) => [passage.id, passage.sectionLabel]),
  );
  const sectionOf = (source: AnswerSource) => sectionOfPassage.get(source.passageId) ?? source.label;
  const onTopicSections = new Set([
    ...extractive.sources.map(sectionOf),
    ...[...new Set(request.passages.map(({ passage }) => passage.sectionLabel))].slice(0, 3),
  ]);
  return { onTopicSections, sectionOf };
}

/** Corpus and question text inside the prompt's markup: it can neither close a passage nor open one. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeMarkup(text).replace(/"/g, '&quot;');
}

const gapPrefix = 'Available sources do not';

/** Model wordings of a gap, rewritten to begin "Available sources do not …". */
const gapRewrites: ReadonlyArray<readonly [RegExp, (match: RegExpMatchArray) => string]> = [
  [/^available sources do not\s+(.+)$/i, (match) => `${gapPrefix} ${match[1]}`],
  [
    /^(?:the |these |provided |available )?(?:sources?|passages?|materials?|documents?|corpus)(?: provided| given)? (?:do not|does not|don't|doesn't)\s+(.+)$/i,
    (match) => `${gapPrefix} ${match[1]}`,
  ],
  [
    /^there (?:is|are) no (.+?)(?: in the (?:sources|passages))?$/i,
    (match) => `${gapPrefix} mention ${match[1]}`,
  ],
  [
    /^no (.+?) (?:is|are) (?:provided|mentioned|covered|included|discussed|addressed)(?: in the (?:sources|passages))?$/i,
    (match) => `${gapPrefix} mention ${match[1]}`,
  ],
  [
    /^(.+?) (?:is|are) not (cover|mention|address|discuss|include)(?:ed|d) (?:in|by) the (?:sources|passages)$/i,
    (match) => `${gapPrefix} ${match[2]!.toLowerCase()} ${lowerFirst(match[1]!)}`,
  ],
  [
    /^(.+?) (?:is|are) not (cover|mention|address|discuss|include)(?:ed|d)$/i,
    (match) => `${gapPrefix} ${match[2]!.toLowerCase()} ${lowerFirst(match[1]!)}`,
  ],
];

function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * The model's gap statements in the contract's form ("Available sources do not …"), at most
 * five; a statement that cannot be put in that form is left out rather than shown as a claim.
 */
export function sanitizeGaps(gaps: readonly string[]): string[] {
  const result: string[] = [];
  for (const gap of gaps) {
    const text = cleanText(gap).replace(/[.!]+$/, '');
    if (text.length === 0 || text.length > 300) continue;
    for (const [pattern, rewrite] of gapRewrites) {
      const match = pattern.exec(text);
      if (!match) continue;
      const statement = `${rewrite(match)}.`;
      if (!result.includes(statement) && !namesNothing(statement)) result.push(statement);
      break;
    }
    if (result.length === 5) break;
  }
  return result;
}

/** "Available sources do not mention four." or "… mention the.": a gap that names no concept. */
function namesNothing(statement: string): boolean {
  const object = /^Available sources do not \w+ (.+)\.$/.exec(statement)?.[1]?.trim().toLowerCase() ?? '';
  const words = object.split(/\s+/).filter((word) => word.length > 0);
  return (
    words.length === 0 ||
    (words.length === 1 &&
      (englishStopwords.has(words[0]!) ||
        /^[\d.,$%]+$|^(?:one|two|three|four|five|six|seven|eight|nine|ten)$/.test(words[0]!)))
  );
}

/** 3–5 questions: the model's, cleaned, topped up from the extractive composer's when too few. */
export function sanitizeFollowUps(followUps: readonly string[], fallback: readonly string[]): string[] {
  const result: string[] = [];
  const add = (question: string) => {
    if (result.length < 5 && !result.some((existing) => existing.toLowerCase() === question.toLowerCase()))
      result.push(question);
  };
  for (const followUp of followUps) {
    const text = cleanText(followUp).replace(/[.!:;,]+$/, '');
    if (text.length < 8 || text.length > 200) continue;
    add(text.endsWith('?') ? text : `${text}?`);
  }
  for (const question of fallback) if (result.length < 3) add(question);
  return result;
}

function cleanText(text: string): string {
  return text
    .replace(/\s*\[\d+(?:\s*[,;]\s*\d+)*\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
