import type { App } from '@slack/bolt';
import { isDirectMessage } from '../channel-policy.js';
import { type MessageEvent, messageEventSchema } from '../payloads.js';
import { slackSurface, threadKey } from '../ports.js';
import { ThreadReply } from '../reply-targets.js';
import { mentionsSomeoneElse, mentionsUser, questionFromSlackText } from '../slack-text.js';
import { type HandlerContext, handleQuestion } from './handler-context.js';

/** A message a person wrote (not an edit, a join, a bot's post). */
export function isPersonMessage(message: MessageEvent): message is MessageEvent & { user: string } {
  const ownContent =
    message.subtype === undefined ||
    message.subtype === 'file_share' ||
    message.subtype === 'thread_broadcast';
  return ownContent && message.user !== undefined && message.bot_id === undefined;
}

/**
 * Direct messages, answered in a thread of the question so that replies in that thread are
 * follow-ups; and, in channels, replies in a thread where Amicus has answered before, which
 * need no mention. (Mentions come as `app_mention` and are left to that handler; a reply that
 * mentions someone else is addressed to that person and left alone.)
 */
export function registerMessageHandler(app: App, context: HandlerContext): void {
  app.event('message', async ({ event, client, context: boltContext }) => {
    const parsed = messageEventSchema.safeParse(event);
    if (!parsed.success || !isPersonMessage(parsed.data)) return;
    const message = parsed.data;
    const botUserId = boltContext.botUserId;
    if (isDirectMessage(message.channel, message.channel_type)) {
      await handleDirectMessage(context, client, message, botUserId);
      return;
    }
    if (message.thread_ts === undefined) return;
    if (mentionsUser(message.text, botUserId) || mentionsSomeoneElse(message.text, botUserId)) return;
    const thread = { surface: slackSurface, threadId: threadKey(message.channel, message.thread_ts) };
    if (!(await context.conversation.isKnownThread(thread))) return;
    if (!context.policy.isAllowed(message.channel, message.channel_type)) return;
    const target = new ThreadReply(client, {
      channel: message.channel,
      threadTs: message.thread_ts,
      userId: message.user,
      isPrivate: false,
      teamId: boltContext.teamId,
    });
    await handleQuestion(context, target, {
      text: questionFromSlackText(message.text, botUserId),
      userId: message.user,
      channel: message.channel,
      channelType: message.channel_type,
      origin: 'thread-follow-up',
    });
  });
}

/** A direct message with the bot, top level or in a thread (assistant threads come here too). */
export async function handleDirectMessage(
  context: HandlerContext,
  client: ConstructorParameters<typeof ThreadReply>[0],
  message: MessageEvent & { user: string },
  botUserId: string | undefined,
  origin: 'direct-message' | 'assistant' = 'direct-message',
): Promise<void> {
  const target = new ThreadReply(client, {
    channel: message.channel,
    threadTs: message.thread_ts ?? message.ts,
    userId: message.user,
    isPrivate: true,
    loadingStatus: true,
  });
  await handleQuestion(context, target, {
    text: questionFromSlackText(message.text, botUserId),
    userId: message.user,
    channel: message.channel,
    channelType: 'im',
    origin,
  });
}
