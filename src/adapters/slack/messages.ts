import { type SlackMessage, slackNotice } from './answer-blocks.js';
import type { FailureReason } from './failure-reasons.js';
import { escapeMrkdwn } from './mrkdwn.js';

/**
 * The adapter's own messages (everything that is not an answer). Each carries the disclaimer,
 * like every message Amicus posts, and a plain fallback for notifications.
 */
export class SlackMessages {
  constructor(
    private readonly deploymentName: string,
    private readonly disclaimer: string,
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

  greeting(): SlackMessage {
    const text = `Hi, I am ${this.deploymentName}. I answer legal questions from a vetted set of sources and cite each one. I give general legal information, not advice about your own situation.`;
    return this.notice(`:wave: ${escapeMrkdwn(text)}`, text);
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
}
