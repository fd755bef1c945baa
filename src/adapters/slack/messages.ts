import type { CollectionSummary } from '../../store/passage-store.js';
import { type SlackMessage, slackNotice } from './answer-blocks.js';
import { collectionLines } from './corpus-overview.js';
import type { FailureReason } from './failure-reasons.js';
import { escapeMrkdwn } from './mrkdwn.js';

/**
 * The thread status while an answer is prepared (`assistant.threads.setStatus`): Slack shows
 * `status` and rotates through the loading messages.
 */
export const loadingStatus = {
  status: 'is looking that up…',
  loadingMessages: [
    'Searching the vetted sources…',
    'Reading the passages on point…',
    'Checking every sentence against its source…',
  ],
} as const;

/**
 * The adapter's own messages (everything that is not an answer). Each carries the disclaimer,
 * like every message Amicus posts, and a plain fallback for notifications.
 */
export class SlackMessages {
  constructor(
    private readonly deploymentName: string,
    readonly disclaimer: string,
    private readonly commandName: string,
  ) {}

  private notice(mrkdwn: string, fallback: string): SlackMessage {
    return slackNotice({ mrkdwn, fallback, disclaimer: this.disclaimer });
  }

  placeholder(): SlackMessage {
    const text = 'Looking that up in the vetted sources…';
    return this.notice(`:hourglass_flowing_sand: ${text}`, text);
  }

  queued(ahead: number): SlackMessage {
    const text = `Looking that up in the vetted sources… Many questions are being answered right now; ${ahead === 1 ? 'one question is' : `${ahead} questions are`} ahead of yours.`;
    return this.notice(`:hourglass_flowing_sand: ${text}`, text);
  }

  rateLimited(seconds: number): SlackMessage {
    const wait =
      seconds <= 60 ? `about ${Math.max(1, seconds)} seconds` : `about ${Math.ceil(seconds / 60)} minutes`;
    const text = `You have asked several questions in a short time. To keep ${this.deploymentName} available for everyone, please wait ${wait} and ask again.`;
    return this.notice(`:raised_hand: ${escapeMrkdwn(text)}`, text);
  }

  failure(failure: FailureReason): SlackMessage {
    const text = `Sorry, I could not answer that: ${failure.reason}. If this keeps happening, tell your workspace admins (reference ${failure.reference}).`;
    return this.notice(`:warning: ${escapeMrkdwn(text)}`, text);
  }

  privateReplySent(userId: string): SlackMessage {
    const text =
      'I sent the answer privately, visible only to the person who asked, because the question seems to be about their own situation.';
    return this.notice(`:lock: <@${userId}> ${escapeMrkdwn(text)}`, text);
  }

  privateReplyFailed(): SlackMessage {
    const text =
      'This question seems to be about your own situation, so I will not answer it in the channel, and I could not send you a private reply here. Please ask me in a direct message.';
    return this.notice(`:lock: ${escapeMrkdwn(text)}`, text);
  }

  notAllowedHere(): SlackMessage {
    const text = `${this.deploymentName} is not enabled in this channel. Ask in a direct message, or ask your workspace admins to enable this channel.`;
    return this.notice(`:no_entry_sign: ${escapeMrkdwn(text)}`, text);
  }

  help(): SlackMessage {
    const name = escapeMrkdwn(this.deploymentName);
    const text = `Ask me a legal question and I will answer from a vetted set of sources, with citations. Mention me in a channel, send me a direct message, or use ${this.commandName} followed by your question.`;
    return this.notice(
      `:wave: I am ${name}. Ask me a legal question and I will answer from a vetted set of sources, with citations. Mention me in a channel, send me a direct message, or use \`${escapeMrkdwn(this.commandName)} your question\`.`,
      text,
    );
  }

  /**
   * The welcome when the Messages tab (agent experience) or an assistant thread opens: what the
   * vetted collections cover and when they were vetted, information not advice, and how to ask.
   */
  welcome(collections: readonly CollectionSummary[]): SlackMessage {
    const name = escapeMrkdwn(this.deploymentName);
    const intro = `Hi, I am ${this.deploymentName}. I answer legal questions from these vetted collections, and cite a source for every sentence:`;
    const advice =
      'I give general legal information, not legal advice: I do not know your situation, and for advice about your own case you should talk to a lawyer or a legal aid organization.';
    const howTo =
      'To ask, type your question below or pick a suggestion. Each question gets its own thread; reply in that thread to ask a follow-up.';
    return this.notice(
      [
        `:wave: Hi, I am *${name}*. I answer legal questions from these vetted collections, and cite a source for every sentence:`,
        collectionLines(collections),
        escapeMrkdwn(advice),
        escapeMrkdwn(howTo),
      ].join('\n\n'),
      `${intro} ${collections.map((collection) => collection.title).join('; ')}. ${advice} ${howTo}`,
    );
  }

  feedbackThanks(rating: 'up' | 'down'): SlackMessage {
    const text =
      rating === 'up'
        ? 'Thanks, your 👍 was recorded.'
        : 'Thanks, your 👎 was recorded. It helps the people who vet the sources.';
    return this.notice(escapeMrkdwn(text), text);
  }

  feedbackFailed(failure: FailureReason): SlackMessage {
    const text = `Sorry, I could not record your feedback: ${failure.reason} (reference ${failure.reference}).`;
    return this.notice(`:warning: ${escapeMrkdwn(text)}`, text);
  }

  handOffSent(): SlackMessage {
    const text =
      'I asked a staff member to look at your question. Someone will follow up with you here or in a direct message.';
    return this.notice(`:raising_hand: ${escapeMrkdwn(text)}`, text);
  }

  handOffFailed(reason: string): SlackMessage {
    const text = `Sorry, I could not reach a staff member: ${reason}. Please try again later, or contact the organisation directly.`;
    return this.notice(`:warning: ${escapeMrkdwn(text)}`, text);
  }

  /**
   * The post in the staff channel: who asked (so staff can follow up), the question as the
   * review queue keeps it (redacted), a link to the thread when there is one, the review item.
   */
  handOffPost(post: {
    askerId: string;
    question: string;
    permalink: string | undefined;
    channel: string | undefined;
    itemId: number;
    userGroup: string | undefined;
  }): SlackMessage {
    const mention = post.userGroup === undefined ? '' : `<!subteam^${post.userGroup}> `;
    const where =
      post.permalink !== undefined
        ? `<${post.permalink}|Open the thread>`
        : post.channel !== undefined
          ? `Asked privately in <#${post.channel}>; reply to <@${post.askerId}> directly.`
          : `Reply to <@${post.askerId}> directly.`;
    const question = escapeMrkdwn(post.question);
    const mrkdwn = [
      `${mention}:raising_hand: <@${post.askerId}> asked for a staff member to follow up.`,
      `*Question:* ${question}`,
      where,
      `Review item #${post.itemId} (\`amicus review show ${post.itemId}\`).`,
    ].join('\n');
    return this.notice(
      mrkdwn,
      `A person asked for a staff member to follow up. Question: ${post.question} Review item #${post.itemId}.`,
    );
  }

  shareUnavailable(): SlackMessage {
    const text =
      'This answer can no longer be shared: it is older than the answers Amicus keeps. Ask the question again in the channel instead.';
    return this.notice(`:information_source: ${escapeMrkdwn(text)}`, text);
  }

  shareFailed(reason: string): SlackMessage {
    const text = `Sorry, I could not share the answer in the channel: ${reason}.`;
    return this.notice(`:warning: ${escapeMrkdwn(text)}`, text);
  }
}
