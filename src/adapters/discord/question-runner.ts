import { randomUUID } from 'node:crypto';
import type { Answer } from '../../answer/answer.js';
import type { ConversationRequest, ThreadReference } from '../../conversation/conversation.js';
import type { Audience } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { ConcurrencyLimiter, type RateLimiter, TokenBucketLimiter } from '../../core/rate-limits.js';
import type { DiscordSettings } from './access.js';
import { type FollowUpQuestion, FollowUpRegistry } from './follow-up-registry.js';

/** The part of the conversation service the Discord adapter uses. */
export interface DiscordConversation {
  ask(request: ConversationRequest): Promise<Answer>;
  isKnownThread(thread: ThreadReference): Promise<boolean>;
}

export const discordSurface = 'discord';

export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly retryAfterSeconds: number };

export interface QuestionRequest {
  readonly question: string;
  readonly userId: string;
  /** The conversation thread: a Discord thread or DM channel id, or one slash command's id. */
  readonly threadId: string;
  /** The channel asked in, for the review queue. */
  readonly channel?: string | undefined;
  readonly jurisdiction: string | undefined;
  /** The channel's audience; undefined for the deployment's. */
  readonly audience?: Audience | undefined;
  /** Whether the answer is shown privately; its follow-up buttons stay private too. */
  readonly ephemeral: boolean;
}

export interface QuestionRunnerOptions {
  readonly conversation: DiscordConversation;
  readonly settings: DiscordSettings;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly followUps?: FollowUpRegistry;
  /** The per-user allowance (default: a token bucket in this process, from `settings.rateLimit`). */
  readonly rateLimiter?: RateLimiter;
}

/**
 * Every question from Discord goes through here: the per-user rate limit, then the concurrency
 * queue, then the conversation. The answer's follow-ups are remembered for their buttons. Logs
 * carry ids, kinds and timings, never the question.
 */
export class QuestionRunner {
  private readonly rateLimiter: RateLimiter;
  private readonly queue: ConcurrencyLimiter;
  readonly followUps: FollowUpRegistry;

  constructor(private readonly options: QuestionRunnerOptions) {
    this.rateLimiter =
      options.rateLimiter ??
      new TokenBucketLimiter(
        options.settings.rateLimit.capacity,
        options.settings.rateLimit.refillPerMinute,
        options.now,
      );
    this.queue = new ConcurrencyLimiter(options.settings.concurrency);
    this.followUps = options.followUps ?? new FollowUpRegistry();
  }

  /** Takes one question from the user's allowance, or says how long to wait. */
  async admit(userId: string): Promise<Admission> {
    const decision = await this.rateLimiter.take(userId);
    return decision.allowed
      ? { admitted: true }
      : { admitted: false, retryAfterSeconds: decision.retryAfterSeconds };
  }

  /** Waits for a free slot and answers; throws `QueueFullError` when too many questions wait. */
  async ask(request: QuestionRequest): Promise<Answer> {
    const started = Date.now();
    const answer = await this.queue.run(() =>
      this.options.conversation.ask({
        question: request.question,
        jurisdiction: request.jurisdiction,
        audience: request.audience,
        thread: { surface: discordSurface, threadId: request.threadId },
        channel: request.channel,
        askerId: request.userId,
      }),
    );
    this.followUps.remember(answer.id, {
      followUps: answer.followUps,
      threadId: request.threadId,
      ephemeral: request.ephemeral || answer.privateReply,
      jurisdiction: request.jurisdiction,
    });
    this.options.logger.info(
      {
        answerId: answer.id,
        kind: answer.kind,
        sources: answer.sources.length,
        questionLength: request.question.length,
        milliseconds: Date.now() - started,
      },
      'discord answer',
    );
    return answer;
  }

  followUp(answerId: string, index: number): FollowUpQuestion | undefined {
    return this.followUps.lookup(answerId, index);
  }

  isKnownThread(threadId: string): Promise<boolean> {
    return this.options.conversation.isKnownThread({ surface: discordSurface, threadId });
  }

  /** Logs a failure with a reference the user is shown, so the two can be matched. */
  logFailure(error: unknown, context: Record<string, unknown>): string {
    const reference = randomUUID().slice(0, 8);
    this.options.logger.error(
      {
        reference,
        ...context,
        errorName: error instanceof Error ? error.name : typeof error,
        error: describe(error),
      },
      'discord question failed',
    );
    return reference;
  }
}

/** The error's message, which is ours (never the question); stacks only for unexpected errors. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
