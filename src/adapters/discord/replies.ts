import { AmicusError, ErrorCode } from '../../core/errors.js';
import { QueueFullError } from '../../core/rate-limits.js';
import type { DiscordMessage } from './answer-embeds.js';
import { cutDiscordMarkdown } from './discord-markdown.js';

/**
 * Short messages that are not answers: refusals, rate limits and failures. Every one sets
 * `allowed_mentions: { parse: [] }` like the answers do, and any text that did not come from us
 * (an error message) is escaped.
 */
export function noticeMessage(text: string): DiscordMessage {
  return { content: text, embeds: [], components: [], allowed_mentions: { parse: [] } };
}

export function rateLimitedMessage(retryAfterSeconds: number): DiscordMessage {
  const wait = retryAfterSeconds <= 1 ? 'a second' : `about ${retryAfterSeconds} seconds`;
  return noticeMessage(
    `⏳ You have asked several questions in a short time. Please wait ${wait} and ask again.`,
  );
}

export function notEnabledMessage(reason: string): DiscordMessage {
  return noticeMessage(`🚫 ${reason}`);
}

/** Why a question got no answer, in words for the person who asked it. */
export function describeFailure(error: unknown, reference: string): string {
  if (error instanceof QueueFullError) {
    return 'Amicus is answering a lot of questions right now and its queue is full. Please try again in a minute.';
  }
  if (error instanceof AmicusError) {
    switch (error.code) {
      case ErrorCode.RateLimited:
        return `you are asking too quickly (${error.message}).`;
      case ErrorCode.Timeout:
        return `answering took too long (${error.message}). Please try again.`;
      case ErrorCode.ProviderFailure:
      case ErrorCode.ProviderOutputInvalid:
        return `the language model service failed: ${error.message}. Please try again later.`;
      case ErrorCode.NotFound:
      case ErrorCode.StoreFailure:
      case ErrorCode.IndexMismatch:
        return `the source index is not available (${error.message}). An admin needs to check the deployment.`;
      default:
        return `${error.message}.`;
    }
  }
  return `an unexpected error occurred (reference ${reference}). The error was logged; please try again later.`;
}

export function failureMessage(error: unknown, reference: string): DiscordMessage {
  if (error instanceof QueueFullError) return noticeMessage(`⏳ ${describeFailure(error, reference)}`);
  const reason = describeFailure(error, reference).replace(/\.+$/, '.');
  const shown = cutDiscordMarkdown(reason, 1500)[0] ?? '';
  return noticeMessage(`⚠️ Sorry, I could not answer that: ${shown}`);
}
