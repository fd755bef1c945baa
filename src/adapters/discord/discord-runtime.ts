import type { RateLimiterFactory } from '../../core/rate-limits.js';
import { assertDisclaimerFitsDiscord } from './answer-embeds.js';
import { type DiscordDependencies, DiscordInteractionHandler } from './interaction-handler.js';
import { DiscordMessageHandler } from './message-handler.js';
import { type DiscordConversation, QuestionRunner } from './question-runner.js';
import type { DiscordChannelPoster } from './staff-posts.js';

export interface DiscordRuntimeDependencies extends DiscordDependencies {
  readonly conversation: DiscordConversation;
}

export interface DiscordRuntimeOptions {
  /** Clock for the rate limiter, in milliseconds; tests pass their own. */
  readonly now?: () => number;
  readonly today?: () => Date;
  /** Shared per-user allowances (PostgreSQL) for replicas; default: kept in this process. */
  readonly rateLimiters?: RateLimiterFactory | undefined;
  /** Posts hand-offs in `discord.staffChannelId` (the bot's REST client). */
  readonly staffChannel?: DiscordChannelPoster;
}

export interface DiscordRuntime {
  readonly runner: QuestionRunner;
  readonly interactions: DiscordInteractionHandler;
  readonly messages: DiscordMessageHandler;
}

/**
 * The handlers both transports share, built from the application's parts. A disclaimer that
 * cannot be shown in a Discord message is a configuration error, reported before connecting.
 */
export function createDiscordRuntime(
  dependencies: DiscordRuntimeDependencies,
  options: DiscordRuntimeOptions = {},
): DiscordRuntime {
  assertDisclaimerFitsDiscord(dependencies.config.deployment.disclaimer);
  const logger = dependencies.logger.child({ adapter: 'discord' });
  const runner = new QuestionRunner({
    conversation: dependencies.conversation,
    settings: dependencies.config.discord,
    logger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.rateLimiters
      ? { rateLimiter: options.rateLimiters('discord', dependencies.config.discord.rateLimit) }
      : {}),
  });
  const interactions = new DiscordInteractionHandler(
    { ...dependencies, logger },
    runner,
    options.today,
    options.staffChannel,
  );
  return {
    runner,
    interactions,
    messages: new DiscordMessageHandler(
      dependencies.config.discord,
      runner,
      logger,
      interactions.handOffEnabled,
    ),
  };
}
