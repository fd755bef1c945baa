import type { App } from '@slack/bolt';
import { conversationKeyFromBlockId, followUpActionPattern } from '../action-ids.js';
import { isDirectMessage } from '../channel-policy.js';
import { actionChannel, blockActionSchema, buttonSchema } from '../payloads.js';
import { threadKey } from '../ports.js';
import { EphemeralReply, type ReplyTarget, ThreadReply } from '../reply-targets.js';
import { type HandlerContext, handleQuestion } from './handler-context.js';
import { ephemeralResponder } from './slash-command.js';

/**
 * A click on a follow-up button asks that question in the same thread, with the thread's
 * memory. On an ephemeral answer (private `/ask`, a private reply) the new answer is ephemeral
 * too, and the conversation key comes from the button's block.
 */
export function registerFollowUpActions(app: App, context: HandlerContext): void {
  app.action(followUpActionPattern, async ({ ack, body, action, client, respond }) => {
    await ack();
    const parsedBody = blockActionSchema.safeParse(body);
    const parsedButton = buttonSchema.safeParse(action);
    if (!parsedBody.success || !parsedButton.success) {
      context.logger.warn({ event: 'slack.action_invalid' }, 'unexpected follow-up action payload');
      return;
    }
    const click = parsedBody.data;
    const button = parsedButton.data;
    const channel = actionChannel(click);
    if (channel === undefined) return;
    const carriedKey = conversationKeyFromBlockId(button.block_id);
    let target: ReplyTarget;
    if (click.container.is_ephemeral === true || click.message === undefined) {
      target = new EphemeralReply({
        respond: ephemeralResponder(respond),
        conversationKey: carriedKey ?? threadKey(channel, click.container.message_ts ?? click.trigger_id),
      });
    } else {
      target = new ThreadReply(client, {
        channel,
        threadTs: click.message.thread_ts ?? click.message.ts,
        userId: click.user.id,
        isPrivate: isDirectMessage(channel),
        respond: ephemeralResponder(respond),
      });
    }
    await handleQuestion(context, target, {
      text: button.value.trim(),
      userId: click.user.id,
      channel,
      origin: 'follow-up-button',
    });
  });
}
