import { randomBytes } from 'node:crypto';
import { isAmicusError } from '../../core/errors.js';
import { QueueFullError } from '../../core/rate-limits.js';

/** Thrown when an answer takes longer than the adapter waits for it. */
export class AnswerTimeoutError extends Error {
  override readonly name = 'AnswerTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`No answer after ${Math.round(timeoutMs / 1000)} seconds`);
  }
}

export interface FailureReason {
  /** A sentence for the user, without internals (no paths, no stack traces). */
  readonly reason: string;
  /** A short code for the logs and for the user to quote to the admins. */
  readonly reference: string;
  /** The error's code or name, for the logs. */
  readonly code: string;
}

/** Slack Web API errors carry the method's error code in `data.error` (`not_in_channel`, `invalid_blocks`…). */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const code = (data as { error?: unknown }).error;
  return typeof code === 'string' ? code : undefined;
}

const slackErrorReasons: Readonly<Record<string, string>> = {
  not_in_channel:
    'I am not a member of this channel (invite me with `/invite`, or ask me in a direct message)',
  channel_not_found: 'Slack says this conversation is not one I can post in',
  is_archived: 'this channel is archived',
  msg_too_long: 'Slack refused the answer as too long',
  invalid_blocks: 'Slack refused the formatting of the answer',
  ratelimited: 'Slack is limiting how fast I can post right now',
  message_not_found: 'the message I was going to update is gone',
  restricted_action: 'this workspace does not let me post here',
};

/**
 * What to tell the user when a question fails. Amicus's own errors carry human messages; other
 * errors are described by kind only, with a reference the logs also carry.
 */
export function describeFailure(error: unknown): FailureReason {
  const reference = randomBytes(4).toString('hex');
  if (error instanceof QueueFullError) {
    return {
      reason: `too many questions are waiting to be answered right now (more than ${error.limit}); please ask again in a minute`,
      reference,
      code: 'queue_full',
    };
  }
  if (error instanceof AnswerTimeoutError) {
    return {
      reason: `looking it up took longer than ${Math.round(error.timeoutMs / 1000)} seconds, so I stopped waiting; please try again, perhaps with a narrower question`,
      reference,
      code: 'answer_timeout',
    };
  }
  if (isAmicusError(error)) {
    const prefix: Record<string, string> = {
      provider_failure: 'the answer service failed',
      provider_output_invalid: 'the answer service returned something I could not use',
      timeout: 'the answer service took too long',
      index_mismatch: 'the source index is not ready',
      not_found: 'the source index is not available',
      store_failure: 'the source store could not be read',
      rate_limited: 'the answer service is limiting requests',
    };
    const lead = prefix[error.code];
    return {
      reason: lead ? `${lead} (${error.message})` : error.message,
      reference,
      code: error.code,
    };
  }
  const slackCode = slackErrorCode(error);
  if (slackCode !== undefined) {
    return {
      reason: slackErrorReasons[slackCode] ?? `Slack refused the request (${slackCode})`,
      reference,
      code: `slack_${slackCode}`,
    };
  }
  return {
    reason: 'something unexpected went wrong on my side',
    reference,
    code: error instanceof Error ? error.name : typeof error,
  };
}
