import type { ExpiringSet } from '../../../core/expiring-set.js';
import type { Logger } from '../../../core/logger.js';
import type { ChannelPolicy } from '../channel-policy.js';
import type { SlackMessages } from '../messages.js';
import type {
  SlackConversation,
  SlackCorpus,
  SlackDeployment,
  SlackFeedbackStore,
  SlackReview,
  SlackSettings,
} from '../ports.js';
import type { QuestionOrigin, QuestionRunner } from '../question-runner.js';
import type { ReplyTarget } from '../reply-targets.js';
import type { PromptCandidate } from '../suggested-prompts.js';

/** What every handler shares; built once by the Slack bot. */
export interface HandlerContext {
  readonly runner: QuestionRunner;
  readonly messages: SlackMessages;
  readonly policy: ChannelPolicy;
  readonly conversation: SlackConversation;
  readonly feedback: SlackFeedbackStore;
  /** The review queue, for hand-offs and sharing; without it neither button is shown. */
  readonly review: SlackReview | undefined;
  readonly logger: Logger;
  readonly commandName: string;
  readonly slashCommandEphemeral: boolean;
  /** The suggested prompts are chosen from these, by the collections ingested. */
  readonly promptCandidates: readonly PromptCandidate[];
  readonly corpus: SlackCorpus;
  readonly deployment: SlackDeployment;
  readonly settings: SlackSettings;
  /** Users welcomed in the Messages tab lately (a day), so reopening it does not repeat the welcome. */
  readonly welcomed: ExpiringSet;
}

export interface IncomingQuestion {
  readonly text: string;
  readonly userId: string;
  readonly channel: string;
  readonly channelType?: string | undefined;
  readonly origin: QuestionOrigin;
}

/**
 * The common entry of every question: a channel off the allowlist gets a private notice, an
 * empty question gets help, and anything else goes to the question runner.
 */
export async function handleQuestion(
  context: HandlerContext,
  target: ReplyTarget,
  question: IncomingQuestion,
): Promise<void> {
  try {
    if (!context.policy.isAllowed(question.channel, question.channelType)) {
      context.logger.info(
        { event: 'slack.channel_not_allowed', origin: question.origin },
        'channel not on the allowlist',
      );
      await target.notify(context.messages.notAllowedHere());
      return;
    }
    if (question.text.length === 0) {
      await target.notify(context.messages.help());
      return;
    }
    await context.runner.run({
      text: question.text,
      userId: question.userId,
      channel: question.channel,
      jurisdiction: context.policy.jurisdiction(question.channel),
      audience: context.policy.audience(question.channel),
      origin: question.origin,
      target,
    });
  } catch (error) {
    // The runner never throws; this catches a failing notice, which has nowhere else to go.
    context.logger.warn(
      {
        event: 'slack.notice_failed',
        origin: question.origin,
        error: error instanceof Error ? error.message : String(error),
      },
      'could not reply in Slack',
    );
  }
}
