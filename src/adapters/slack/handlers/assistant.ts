import { Assistant } from '@slack/bolt';
import { messageEventSchema } from '../payloads.js';
import { suggestedPromptsFor } from '../suggested-prompts.js';
import type { HandlerContext } from './handler-context.js';
import { handleDirectMessage, isPersonMessage } from './messages.js';

type ThreadContextStore = NonNullable<ConstructorParameters<typeof Assistant>[0]['threadContextStore']>;

/**
 * Slack's assistant threads (installs that still have `assistant_view`), through Bolt 5's
 * `Assistant`: the welcome and suggested prompts when a thread starts, and each message in the
 * thread answered like a direct message (loading status, then the answer). Bolt routes every
 * threaded direct message here, so replies in a direct-message thread of the agent experience
 * are answered here too.
 */
export function createAssistant(context: HandlerContext): Assistant {
  // The thread's context (the channel the user is viewing) is not used for answers; keeping it
  // in memory spares the default store's `conversations.replies` calls.
  const contexts = new Map<string, Record<string, unknown>>();
  const threadContextStore: ThreadContextStore = {
    get: async ({ payload }) => contexts.get(assistantThreadKey(payload)) ?? {},
    save: async ({ payload }) => {
      const thread = (payload as { assistant_thread?: { context?: Record<string, unknown> } })
        .assistant_thread;
      contexts.set(assistantThreadKey(payload), thread?.context ?? {});
      if (contexts.size > 10_000) contexts.delete(contexts.keys().next().value as string);
    },
  };
  return new Assistant({
    threadContextStore,
    threadStarted: async ({ say, setSuggestedPrompts, saveThreadContext }) => {
      try {
        await saveThreadContext();
        const collections = context.corpus.listCollections();
        const welcome = context.messages.welcome(collections);
        await say({ text: welcome.text, blocks: welcome.blocks });
        const prompts = suggestedPromptsFor(collections, context.promptCandidates);
        if (prompts.length > 0) {
          await setSuggestedPrompts({
            title: 'Try asking',
            prompts: prompts.map((prompt) => ({ ...prompt })),
          });
        }
      } catch (error) {
        context.logger.warn(
          {
            event: 'slack.assistant_start_failed',
            error: error instanceof Error ? error.message : String(error),
          },
          'could not greet in an assistant thread',
        );
      }
    },
    threadContextChanged: async ({ saveThreadContext }) => {
      await saveThreadContext();
    },
    userMessage: async ({ message, client, context: boltContext }) => {
      const parsed = messageEventSchema.safeParse(message);
      if (!parsed.success || !isPersonMessage(parsed.data)) return;
      await handleDirectMessage(context, client, parsed.data, boltContext.botUserId, 'assistant');
    },
  });
}

function assistantThreadKey(payload: unknown): string {
  const event = payload as {
    channel?: string;
    thread_ts?: string;
    assistant_thread?: { channel_id?: string; thread_ts?: string };
  };
  const channel = event.assistant_thread?.channel_id ?? event.channel ?? '';
  const threadTs = event.assistant_thread?.thread_ts ?? event.thread_ts ?? '';
  return `${channel}:${threadTs}`;
}
