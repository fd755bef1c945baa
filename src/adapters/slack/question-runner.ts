import type { Answer } from '../../answer/answer.js';
import type { Audience } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { ConcurrencyLimiter, RateLimiter } from '../../core/rate-limits.js';
import { renderSlackMessages } from './answer-blocks.js';
import type { SlackAnswerStream } from './answer-stream.js';
import { isDirectMessage } from './channel-policy.js';
import { AnswerTimeoutError, describeFailure } from './failure-reasons.js';
import type { SlackMessages } from './messages.js';
import { type SlackConversation, slackSurface } from './ports.js';
import type { ReplyTarget } from './reply-targets.js';

/** Where a question came from, for the logs. */
export type QuestionOrigin =
  | 'mention'
  | 'direct-message'
  | 'thread-follow-up'
  | 'slash-command'
  | 'follow-up-button'
  | 'assistant';

export interface SlackQuestion {
  /** The question as plain text (Slack markup already removed). */
  readonly text: string;
  readonly userId: string;
  /** The channel asked in, for the review queue and the share button. */
  readonly channel: string;
  readonly jurisdiction: string | undefined;
  /** The channel's audience; undefined for the deployment's. */
  readonly audience?: Audience | undefined;
  readonly origin: QuestionOrigin;
  readonly target: ReplyTarget;
}

export interface QuestionRunnerDependencies {
  readonly conversation: SlackConversation;
  readonly messages: SlackMessages;
  readonly logger: Logger;
  /** Per-user token bucket, keyed by Slack user id. */
  readonly rateLimiter: RateLimiter;
  readonly concurrency: ConcurrencyLimiter;
  /** How many questions the concurrency limiter runs at once (to tell a queued user so). */
  readonly concurrencyLimit: number;
  /** How many questions may wait for a slot (the limiter's `maxQueued`); beyond it, the limiter refuses. */
  readonly maxQueued: number;
  /** How long a user waits for an answer, queue included, before being told it took too long. */
  readonly answerTimeoutMs: number;
  /**
   * Which staff buttons answers carry: "Ask a staff member" (a staff channel is configured)
   * and "Share in channel" on answers sent privately (the review queue keeps answers to share).
   */
  readonly staffButtons: { readonly handOff: boolean; readonly share: boolean };
}

/** Kinds of private answer that may be shared: not a refusal, and not an emergency's crisis resources. */
function shareable(answer: Answer): boolean {
  return answer.kind !== 'refused' && answer.kind !== 'emergency';
}

/**
 * Runs one question from any entry point: per-user rate limit, placeholder, the concurrency
 * queue, the answer, and its delivery (publicly, or privately when the answer asks for it and
 * the conversation is not private). Every failure is told to the user with a reason; `run`
 * itself never throws. Logs carry the answer's id, kind and sizes, never the question.
 */
export class QuestionRunner {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly dependencies: QuestionRunnerDependencies) {}

  run(question: SlackQuestion): Promise<void> {
    const running = this.answer(question).finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
    return running;
  }

  /** Resolves when every question under way has been answered or has failed. */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  get activeQuestions(): number {
    return this.inFlight.size;
  }

  private async answer(question: SlackQuestion): Promise<void> {
    const { logger, messages, rateLimiter, concurrency } = this.dependencies;
    const started = Date.now();
    const log = { origin: question.origin, questionLength: question.text.length };
    const { target } = question;

    const decision = await rateLimiter.take(question.userId);
    if (!decision.allowed) {
      const seconds = decision.retryAfterSeconds;
      logger.info(
        { ...log, event: 'slack.rate_limited', retryAfterSeconds: seconds },
        'slack question rate-limited',
      );
      await this.attempt('rate-limit notice', () => target.notify(messages.rateLimited(seconds)));
      return;
    }

    try {
      await target.postPlaceholder(messages.placeholder());
    } catch (error) {
      const failure = describeFailure(error);
      logger.warn(
        { ...log, event: 'slack.placeholder_failed', code: failure.code, reference: failure.reference },
        'could not post the placeholder',
      );
      await this.attempt('placeholder failure notice', () => target.notify(messages.failure(failure)));
      return;
    }

    let answer: Answer;
    // A model's answer streams where Slack can; an extractive one (milliseconds) never starts it.
    const stream = target.openStream(messages.disclaimer, logger);
    try {
      const { concurrencyLimit, maxQueued } = this.dependencies;
      if (concurrency.active >= concurrencyLimit && concurrency.queued < maxQueued) {
        await this.attempt('queue notice', () =>
          target.updatePlaceholder(messages.queued(concurrency.queued + 1)),
        );
      }
      answer = await this.askWithinTime(question, stream);
    } catch (error) {
      await this.reportFailure(question, error, log, stream);
      return;
    }

    if (stream && (await stream.hasStarted())) {
      await this.finishStream(question, answer, stream, { ...log, started });
      return;
    }

    try {
      const privately = answer.privateReply && !target.isPrivate;
      const { staffButtons } = this.dependencies;
      const rendered = renderSlackMessages(answer, {
        conversationKey: target.conversationKey(),
        feedbackStyle: target.feedbackStyle,
        handOff: staffButtons.handOff,
        // Shared where it was asked; a direct message between people has no one to share with.
        share:
          staffButtons.share &&
          (privately || target.isEphemeral) &&
          shareable(answer) &&
          !isDirectMessage(question.channel),
      });
      let delivery: 'public' | 'private' | 'private-failed' = 'public';
      if (privately) {
        const sent = await target.deliverPrivately(rendered);
        delivery = sent ? 'private' : 'private-failed';
        await target.deliver([
          sent ? messages.privateReplySent(question.userId) : messages.privateReplyFailed(),
        ]);
      } else {
        await target.deliver(rendered);
      }
      logger.info(
        {
          ...log,
          event: 'slack.answered',
          answerId: answer.id,
          kind: answer.kind,
          sources: answer.sources.length,
          parts: rendered.length,
          blocks: rendered.map((message) => message.blocks.length),
          delivery,
          ms: Date.now() - started,
        },
        'slack answer delivered',
      );
    } catch (error) {
      await this.reportFailure(question, error, { ...log, answerId: answer.id, kind: answer.kind });
    }
  }

  /** The end of a streamed answer; if Slack refuses it, the answer is posted whole instead. */
  private async finishStream(
    question: SlackQuestion,
    answer: Answer,
    stream: SlackAnswerStream,
    log: Record<string, unknown> & { started: number },
  ): Promise<void> {
    const { target } = question;
    const { started, ...fields } = log;
    const render = {
      conversationKey: target.conversationKey(),
      feedbackStyle: 'native' as const,
      handOff: this.dependencies.staffButtons.handOff,
    };
    try {
      const finished = await stream.finish(answer, render);
      await this.attempt('placeholder removal', () => target.retirePlaceholder());
      this.dependencies.logger.info(
        {
          ...fields,
          event: 'slack.answered',
          answerId: answer.id,
          kind: answer.kind,
          sources: answer.sources.length,
          streamedSentences: finished.streamed,
          parts: finished.parts,
          delivery: 'streamed',
          ms: Date.now() - started,
        },
        'slack answer streamed',
      );
    } catch (error) {
      const failure = describeFailure(error);
      this.dependencies.logger.warn(
        { ...fields, event: 'slack.stream_end_failed', code: failure.code, reference: failure.reference },
        'could not end the stream; posting the answer',
      );
      const rendered = renderSlackMessages(answer, render);
      const posted = await this.attempt('answer after a failed stream', () => target.deliver(rendered));
      if (!posted) await this.reportFailure(question, error, fields);
    }
  }

  private async askWithinTime(
    question: SlackQuestion,
    progress: SlackAnswerStream | undefined,
  ): Promise<Answer> {
    const { conversation, concurrency, answerTimeoutMs } = this.dependencies;
    const work = concurrency.run(() =>
      conversation.ask({
        question: question.text,
        jurisdiction: question.jurisdiction,
        audience: question.audience,
        thread: { surface: slackSurface, threadId: question.target.conversationKey() },
        channel: question.channel,
        askerId: question.userId,
        ...(progress ? { progress } : {}),
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new AnswerTimeoutError(answerTimeoutMs)), answerTimeoutMs);
      timer.unref();
    });
    // The work goes on after a timeout (it holds its concurrency slot); its late outcome is dropped.
    work.catch(() => undefined);
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async reportFailure(
    question: SlackQuestion,
    error: unknown,
    log: Record<string, unknown>,
    stream?: SlackAnswerStream,
  ): Promise<void> {
    const failure = describeFailure(error);
    this.dependencies.logger.error(
      {
        ...log,
        event: 'slack.answer_failed',
        code: failure.code,
        reference: failure.reference,
        error: error instanceof Error ? error.message : String(error),
      },
      'slack question failed',
    );
    const message = this.dependencies.messages.failure(failure);
    if (stream && (await stream.hasStarted())) {
      const ended = await this.attempt('failure at the end of the stream', () => stream.abandon(message));
      if (ended) return;
    }
    const delivered = await this.attempt('failure message', () => question.target.deliver([message]));
    if (!delivered) await this.attempt('failure notice', () => question.target.notify(message));
  }

  /** Runs a best-effort Slack call; a failure is logged, never thrown. */
  private async attempt(what: string, action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      const failure = describeFailure(error);
      this.dependencies.logger.warn(
        { event: 'slack.reply_failed', what, code: failure.code },
        'slack reply failed',
      );
      return false;
    }
  }
}
