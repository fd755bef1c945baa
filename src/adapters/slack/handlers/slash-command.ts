import type { App, RespondFn } from '@slack/bolt';
import type { SlackMessage } from '../answer-blocks.js';
import { isDirectMessage } from '../channel-policy.js';
import { commandSchema } from '../payloads.js';
import { threadKey } from '../ports.js';
import { EphemeralReply, type RespondEphemerally, ThreadReply } from '../reply-targets.js';
import { questionFromSlackText } from '../slack-text.js';
import { type HandlerContext, handleQuestion } from './handler-context.js';

/** Bolt's `respond` as an ephemeral reply that never replaces the message it came from. */
export function ephemeralResponder(respond: RespondFn): RespondEphemerally {
  return async (message: SlackMessage) => {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  };
}

/**
 * `/ask <question>`. By default (`slack.slashCommandEphemeral`) the answer is visible only to the
 * asker: the placeholder goes in the command's acknowledgement, the answer follows through the
 * `response_url`. Otherwise the question is answered in the channel, in a new thread whose
 * replies are follow-ups. In a direct message between people, where the bot cannot post, the
 * answer is always ephemeral.
 */
export function registerSlashCommand(app: App, context: HandlerContext): void {
  app.command(context.commandName, async ({ command, ack, respond, client }) => {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) {
      await ack();
      return;
    }
    const { text, user_id: userId, channel_id: channel, trigger_id: triggerId } = parsed.data;
    const acknowledge = async (message: SlackMessage) => {
      await ack({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
    };
    const respondEphemerally = ephemeralResponder(respond);
    const question = {
      text: questionFromSlackText(text),
      userId,
      channel,
      origin: 'slash-command' as const,
    };
    if (context.slashCommandEphemeral || isDirectMessage(channel)) {
      const target = new EphemeralReply({
        respond: respondEphemerally,
        acknowledge,
        conversationKey: threadKey(channel, `command-${triggerId}`),
      });
      try {
        await handleQuestion(context, target, question);
      } finally {
        if (target.awaitingAcknowledgement) await ack();
      }
      return;
    }
    await ack();
    const target = new ThreadReply(client, {
      channel,
      threadTs: undefined,
      userId,
      isPrivate: false,
      respond: respondEphemerally,
    });
    await handleQuestion(context, target, question);
  });
}
