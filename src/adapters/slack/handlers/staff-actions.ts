import type { App, webApi } from '@slack/bolt';
import { redactForSharing } from '../../../core/redaction.js';
import { parseStaffButtonValue, type StaffButtonValue, slackActionIds } from '../action-ids.js';
import { renderSlackMessages, type SlackMessage } from '../answer-blocks.js';
import { describeFailure } from '../failure-reasons.js';
import { actionChannel, blockActionSchema, buttonSchema } from '../payloads.js';
import { type SlackReview, slackSurface, threadKey } from '../ports.js';
import type { RespondEphemerally } from '../reply-targets.js';
import type { HandlerContext } from './handler-context.js';
import { ephemeralResponder } from './slash-command.js';

type WebClient = webApi.WebClient;

const slackUserId = /^[UW][A-Z0-9]+$/;

interface StaffClick {
  readonly value: StaffButtonValue;
  readonly userId: string;
  /** Where the button was clicked: the conversation's channel. */
  readonly channel: string;
  /** The clicked message's ts, when it is an ordinary (not ephemeral) message. */
  readonly messageTs: string | undefined;
  readonly respond: RespondEphemerally;
}

/**
 * "Ask a staff member" and "Share in channel". A hand-off files the answer in the review queue
 * (reason `hand-off`), posts it in `slack.staffChannel` (mentioning `slack.staffUserGroup`) with
 * a link to the thread, and tells the asker, privately, that someone will follow up. Sharing
 * reposts a private answer in its thread (or channel), from the review queue's redacted copy,
 * with the question's personal details and a self-given name left out.
 */
export function registerStaffActions(app: App, context: HandlerContext): void {
  const review = context.review;
  if (review === undefined) return;

  app.action(slackActionIds.handOff, async ({ ack, body, action, client, respond }) => {
    await ack();
    const click = parseStaffClick(body, action, ephemeralResponder(respond));
    if (!click) {
      context.logger.warn({ event: 'slack.action_invalid' }, 'unexpected hand-off payload');
      return;
    }
    await handOff(context, review, client, click);
  });

  app.action(slackActionIds.share, async ({ ack, body, action, client, respond }) => {
    await ack();
    const click = parseStaffClick(body, action, ephemeralResponder(respond));
    if (!click) {
      context.logger.warn({ event: 'slack.action_invalid' }, 'unexpected share payload');
      return;
    }
    await share(context, review, client, click);
  });
}

function parseStaffClick(
  body: unknown,
  action: unknown,
  respond: RespondEphemerally,
): StaffClick | undefined {
  const parsedBody = blockActionSchema.safeParse(body);
  const parsedButton = buttonSchema.safeParse(action);
  if (!parsedBody.success || !parsedButton.success) return undefined;
  const value = parseStaffButtonValue(parsedButton.data.value);
  const channel = value?.channel ?? actionChannel(parsedBody.data);
  const userId = parsedBody.data.user.id;
  if (value === undefined || channel === undefined || !slackUserId.test(userId)) return undefined;
  const ephemeral = parsedBody.data.container.is_ephemeral === true || parsedBody.data.message === undefined;
  return {
    value,
    userId,
    channel,
    messageTs: ephemeral ? undefined : parsedBody.data.message?.ts,
    respond,
  };
}

async function handOff(
  context: HandlerContext,
  review: SlackReview,
  client: WebClient,
  click: StaffClick,
): Promise<void> {
  const staffChannel = context.settings.staffChannel;
  if (staffChannel === undefined) {
    await tell(context, click, context.messages.handOffFailed('hand-off to staff is not set up here'));
    return;
  }
  const { answerId } = click.value;
  let itemId: number;
  let question: string;
  try {
    const item = await review.handOff({ answerId, surface: slackSurface, note: 'asked on Slack' });
    itemId = item.id;
    question = (await review.recordedAnswer(answerId))?.question ?? '(question no longer recorded)';
  } catch (error) {
    const failure = describeFailure(error);
    context.logger.warn(
      { event: 'slack.hand_off_failed', answerId, code: failure.code, reference: failure.reference },
      'hand-off not filed',
    );
    await tell(context, click, context.messages.handOffFailed(failure.reason));
    return;
  }
  const permalink = await threadPermalink(context, client, click);
  const post = context.messages.handOffPost({
    askerId: click.userId,
    question: redactForSharing(question),
    permalink,
    channel: click.channel,
    itemId,
    userGroup: context.settings.staffUserGroup,
  });
  try {
    await client.chat.postMessage({
      channel: staffChannel,
      text: post.text,
      blocks: post.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (error) {
    const failure = describeFailure(error);
    context.logger.warn(
      { event: 'slack.hand_off_post_failed', answerId, itemId, code: failure.code },
      'could not post the hand-off in the staff channel',
    );
    // The review item exists, so staff will still see it in the queue.
    await tell(
      context,
      click,
      context.messages.handOffFailed(
        `the staff channel did not take the message (${failure.reason}), but your request is in the staff review queue`,
      ),
    );
    return;
  }
  context.logger.info({ event: 'slack.hand_off', answerId, itemId }, 'handed to a person');
  await tell(context, click, context.messages.handOffSent());
}

/**
 * A link to the answer for staff: the clicked message, or the thread an ephemeral answer was
 * given in. A private `/ask` answer has neither (ephemeral messages have no permalink).
 */
async function threadPermalink(
  context: HandlerContext,
  client: WebClient,
  click: StaffClick,
): Promise<string | undefined> {
  const ts = click.messageTs ?? click.value.threadTs;
  if (ts === undefined) return undefined;
  try {
    const result = await client.chat.getPermalink({ channel: click.channel, message_ts: ts });
    return result.permalink;
  } catch (error) {
    context.logger.warn(
      { event: 'slack.permalink_failed', code: describeFailure(error).code },
      'no permalink for the hand-off',
    );
    return undefined;
  }
}

async function share(
  context: HandlerContext,
  review: SlackReview,
  client: WebClient,
  click: StaffClick,
): Promise<void> {
  const { answerId, threadTs } = click.value;
  let recorded: Awaited<ReturnType<SlackReview['recordedAnswer']>>;
  try {
    recorded = await review.recordedAnswer(answerId);
  } catch (error) {
    await tell(context, click, context.messages.shareFailed(describeFailure(error).reason));
    return;
  }
  if (recorded === undefined) {
    await tell(context, click, context.messages.shareUnavailable());
    return;
  }
  // The recorded question is redacted as logs are; a name the asker gave goes too.
  const answer = {
    ...recorded.answer,
    question: redactForSharing(recorded.question),
    followUps: recorded.answer.followUps.map(redactForSharing),
  };
  const messages = renderSlackMessages(answer, {
    conversationKey: threadKey(click.channel, threadTs ?? 'shared'),
    handOff: context.settings.staffChannel !== undefined,
    sharedBy: click.userId,
  });
  try {
    let thread = threadTs;
    for (const message of messages) {
      const result = await client.chat.postMessage({
        channel: click.channel,
        text: message.text,
        blocks: message.blocks,
        ...(thread === undefined ? {} : { thread_ts: thread }),
        unfurl_links: false,
        unfurl_media: false,
      });
      // A private `/ask` answer had no thread: the shared copy starts one.
      thread ??= result.ts;
    }
  } catch (error) {
    const failure = describeFailure(error);
    context.logger.warn({ event: 'slack.share_failed', answerId, code: failure.code }, 'share failed');
    await tell(context, click, context.messages.shareFailed(failure.reason));
    return;
  }
  context.logger.info({ event: 'slack.shared', answerId, parts: messages.length }, 'private answer shared');
}

async function tell(context: HandlerContext, click: StaffClick, message: SlackMessage): Promise<void> {
  try {
    await click.respond(message);
  } catch (error) {
    context.logger.warn(
      { event: 'slack.reply_failed', what: 'staff action notice', code: describeFailure(error).code },
      'slack reply failed',
    );
  }
}
