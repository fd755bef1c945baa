import type { App } from '@slack/bolt';
import { z } from 'zod';
import { describeFailure } from '../failure-reasons.js';
import { homeTabView } from '../home-tab.js';
import { suggestedPromptsFor } from '../suggested-prompts.js';
import type { HandlerContext } from './handler-context.js';

const appHomeOpenedSchema = z.object({
  type: z.literal('app_home_opened'),
  user: z.string().min(1),
  channel: z.string().min(1),
  tab: z.enum(['home', 'messages']),
});

/**
 * `app_home_opened`. The Messages tab is where the agent messaging experience (`agent_view`)
 * talks, and opening it takes the place of `assistant_thread_started`: the user gets the welcome
 * (once a day, not at every opening) and the suggested prompts, set without a `thread_ts` as the
 * agent experience requires. The Home tab is published afresh at each opening, so it always
 * shows the collections as ingested now.
 */
export function registerAppHome(app: App, context: HandlerContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const parsed = appHomeOpenedSchema.safeParse(event);
    if (!parsed.success) return;
    const { user, channel, tab } = parsed.data;
    try {
      if (tab === 'home') {
        const admin = context.settings.adminUserIds.includes(user);
        await client.views.publish({
          user_id: user,
          view: homeTabView({
            deployment: context.deployment,
            collections: context.corpus.listCollections(),
            commandName: context.commandName,
            ...(admin ? { adminSettings: context.settings } : {}),
          }),
        });
        return;
      }
      if (context.welcomed.add(user)) {
        const welcome = context.messages.welcome(context.corpus.listCollections());
        await client.chat.postMessage({
          channel,
          text: welcome.text,
          blocks: welcome.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      }
      const prompts = suggestedPromptsFor(context.corpus.listCollections(), context.promptCandidates);
      if (prompts.length > 0) {
        await client.assistant.threads.setSuggestedPrompts({
          channel_id: channel,
          title: 'Try asking',
          prompts: prompts.map((prompt) => ({ ...prompt })),
        });
      }
    } catch (error) {
      context.logger.warn(
        { event: 'slack.app_home_failed', tab, code: describeFailure(error).code },
        'could not prepare the app home',
      );
    }
  });

  // The agent experience tells the app what the user is viewing; answers do not depend on it
  // (a question is answered from the corpus, never from the channel being viewed).
  app.event('app_context_changed', async () => {
    context.logger.debug({ event: 'slack.context_changed' }, 'agent context changed');
  });
}
