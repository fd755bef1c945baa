import type { App } from '@slack/bolt';
import { isDirectMessage } from '../channel-policy.js';
import { mentionEventSchema } from '../payloads.js';
import { ThreadReply } from '../reply-targets.js';
import { questionFromSlackText } from '../slack-text.js';
import { type HandlerContext, handleQuestion } from './handler-context.js';

/** `@Amicus …` in a channel: answered in the thread of the mention (or the thread it was in). */
export function registerMentionHandler(app: App, context: HandlerContext): void {
  app.event('app_mention', async ({ event, client, context: boltContext }) => {
    const parsed = mentionEventSchema.safeParse(event);
    if (!parsed.success || parsed.data.user === undefined || parsed.data.bot_id !== undefined) return;
    const mention = parsed.data;
    const userId = mention.user as string;
    const target = new ThreadReply(client, {
      channel: mention.channel,
      threadTs: mention.thread_ts ?? mention.ts,
      userId,
      isPrivate: isDirectMessage(mention.channel),
      teamId: boltContext.teamId,
    });
    await handleQuestion(context, target, {
      text: questionFromSlackText(mention.text, boltContext.botUserId),
      userId,
      channel: mention.channel,
      origin: 'mention',
    });
  });
}
