import type { Answer } from '../../answer/answer.js';
import type { ConversationRequest, ThreadReference } from '../../conversation/conversation.js';
import type { AmicusConfig, Audience, ReferralResource } from '../../core/config.js';
import type { Feedback } from '../../store/feedback-store.js';
import type { CollectionSummary } from '../../store/passage-store.js';

/**
 * What the Slack adapter needs from the rest of Amicus, as narrow ports: the application's
 * `Conversation` and `FeedbackStore` satisfy them, and tests pass fakes (a conversation that
 * throws, one that waits) through the same constructor.
 */
export interface SlackConversation {
  ask(request: ConversationRequest): Promise<Answer>;
  /** True when Amicus has answered in this thread before, so a follow-up needs no mention. */
  isKnownThread(thread: ThreadReference): Promise<boolean>;
}

export interface SlackFeedbackStore {
  record(feedback: Feedback): Promise<void>;
}

/**
 * The review queue (`ReviewQueue`), for "Ask a staff member" (every hand-off is a review item)
 * and "Share in channel" (the answer is reposted from its recorded, redacted copy).
 */
export interface SlackReview {
  handOff(request: { answerId: string; surface: string; note?: string }): Promise<{ readonly id: number }>;
  recordedAnswer(
    answerId: string,
  ): Promise<
    { readonly question: string; readonly answer: Answer; readonly channel: string | null } | undefined
  >;
}

/** The vetted collections, for the welcome, the suggested prompts and the Home tab (the `PassageStore`). */
export interface SlackCorpus {
  listCollections(): readonly CollectionSummary[];
}

/** The `slack` section of the configuration. */
export type SlackSettings = AmicusConfig['slack'];

/** The deployment's name, the disclaimer every message carries, its referrals and audience. */
export interface SlackDeployment {
  readonly name: string;
  readonly disclaimer: string;
  readonly referrals: readonly ReferralResource[];
  readonly audience: Audience;
}

/** Slack secrets, from the environment only (`readSecrets`). */
export interface SlackCredentials {
  /** `xoxb-…` (SLACK_BOT_TOKEN), needed in both modes. */
  readonly botToken: string | undefined;
  /** SLACK_SIGNING_SECRET, needed in HTTP mode to verify requests. */
  readonly signingSecret: string | undefined;
  /** `xapp-…` (SLACK_APP_TOKEN) with `connections:write`, needed in Socket Mode. */
  readonly appToken: string | undefined;
}

/** The memory surface name for Slack threads. */
export const slackSurface = 'slack';

/** The conversation-memory key of a Slack thread: `${channel}:${thread_ts}`. */
export function threadKey(channel: string, threadTs: string): string {
  return `${channel}:${threadTs}`;
}
