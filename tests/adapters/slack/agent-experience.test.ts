import { afterEach, describe, expect, it } from 'vitest';
import { slackActionIds } from '../../../src/adapters/slack/action-ids.js';
import { feedbackModalCallbackId } from '../../../src/adapters/slack/handlers/feedback-actions.js';
import { loadingStatus } from '../../../src/adapters/slack/messages.js';
import type { PromptCandidate } from '../../../src/adapters/slack/suggested-prompts.js';
import { fakeBotUserId, fakeTeamId } from '../../support/fake-slack-api.js';
import { guideCollectionId, useIngestedFixture } from '../../support/retrieval-fixtures.js';
import { blocksOf, expectWellFormedMessage, textsOf } from './block-kit-inspection.js';
import {
  askerId,
  buttonClick,
  directChannel,
  messageEvent,
  messageTs,
  publicChannel,
  type SlackHarness,
  startSlackHarness,
} from './slack-harness.js';

/** Prompts for the fixture corpus, and one for a collection it does not hold (never offered). */
const candidates: readonly PromptCandidate[] = [
  {
    title: 'Deposit deadline',
    message: 'When must a landlord return a deposit?',
    collection: guideCollectionId,
  },
  { title: 'Not held', message: 'What does Title 42 say?', collection: 'usc-title-42' },
  { title: 'Repairs', message: 'Who pays for repairs?', collection: guideCollectionId },
];

interface NativeFeedback {
  type: string;
  elements: Array<{
    type: string;
    action_id: string;
    positive_button: { value: string };
    negative_button: { value: string };
  }>;
}

describe('Slack agent messaging experience (agent_view), Home tab, and assistant_view installs', () => {
  const application = useIngestedFixture('amicus-slack-agent-');
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  const disclaimer = () => application().config.deployment.disclaimer;
  const start = (options: Partial<Parameters<typeof startSlackHarness>[0]> = {}) =>
    startSlackHarness({ application: application(), bot: { promptCandidates: candidates }, ...options });

  it('opening the Messages tab welcomes once, suggests prompts, and each question is answered in its own thread', async () => {
    harness = await start();
    const opened = { type: 'app_home_opened', user: askerId, channel: directChannel, tab: 'messages' };
    await harness.sendEvent({ ...opened, event_ts: messageTs() });
    const prompts = await harness.fake.waitForCall('assistant.threads.setSuggestedPrompts');
    const [welcome] = harness.fake.callsTo('chat.postMessage');
    expect(harness.fake.conversationCalls().map((call) => call.method)).toEqual([
      'chat.postMessage',
      'assistant.threads.setSuggestedPrompts',
    ]);
    const welcomeText = textsOf(blocksOf(welcome!)).join('\n');
    // What Amicus covers, from the ingested collections with their vetting; information, not advice; how to ask.
    expect(welcomeText).toContain('California tenant guide');
    expect(welcomeText).toMatch(/vetted by fixture reviewers on 2026-11-01/);
    expect(welcomeText).toMatch(/not legal advice/);
    expect(welcomeText).toMatch(/own thread/);
    expectWellFormedMessage(welcome!, disclaimer());
    // The agent experience takes the prompts without a thread_ts; only collections held are offered.
    expect(prompts.body).not.toHaveProperty('thread_ts');
    expect(prompts.body.prompts).toEqual([
      { title: 'Deposit deadline', message: 'When must a landlord return a deposit?' },
      { title: 'Repairs', message: 'Who pays for repairs?' },
    ]);

    // Reopening the tab refreshes the prompts without repeating the welcome.
    harness.fake.reset();
    await harness.sendEvent({ ...opened, event_ts: messageTs() });
    await harness.fake.waitForCall('assistant.threads.setSuggestedPrompts');
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(0);

    for (const question of ['When must a landlord return a deposit?', 'What is a dwelling?']) {
      harness.fake.reset();
      const event = messageEvent(question, { channel: directChannel, channelType: 'im' });
      await harness.sendEvent(event);
      const answer = await harness.fake.waitForCall('chat.postMessage');
      await harness.bot.whenIdle();
      const calls = harness.fake.conversationCalls();
      expect(calls.map((call) => call.method)).toEqual(['assistant.threads.setStatus', 'chat.postMessage']);
      expect(calls[0]?.body).toMatchObject({
        channel_id: directChannel,
        thread_ts: event.ts,
        status: loadingStatus.status,
        loading_messages: [...loadingStatus.loadingMessages],
      });
      expect(answer.body).toMatchObject({ channel: directChannel, thread_ts: event.ts });
      expectWellFormedMessage(answer, disclaimer());
    }
  });

  it('a 👎 on the native feedback_buttons opens the reason modal and reaches the feedback store', async () => {
    harness = await start();
    const event = messageEvent('How long does a landlord have to return a security deposit?', {
      channel: directChannel,
      channelType: 'im',
    });
    await harness.sendEvent(event);
    const answer = await harness.fake.waitForCall('chat.postMessage');
    await harness.bot.whenIdle();
    const blocks = blocksOf(answer) as unknown as Array<{ type: string; block_id?: string }>;
    const native = blocks.find((block) => block.type === 'context_actions') as NativeFeedback | undefined;
    expect(native?.elements[0]?.type).toBe('feedback_buttons');
    // Our own 👍/👎 buttons are not repeated beside Slack's.
    expect(JSON.stringify(blocks)).not.toContain(slackActionIds.feedbackDown);
    const negative = native!.elements[0]!.negative_button.value;
    const answerId = negative.replace(/^down:/, '');

    harness.fake.reset();
    const click = buttonClick({
      actionId: slackActionIds.feedbackButtons,
      blockId: 'amicus_feedback',
      value: negative,
      channel: directChannel,
      messageTs: answer.response.ts as string,
      threadTs: event.ts,
      responseUrl: harness.fake.responseUrl('thanks-native'),
    });
    (click.actions[0] as { type: string }).type = 'feedback_buttons';
    await harness.sendAction(click);
    const opened = await harness.fake.waitForCall('views.open');
    const view = opened.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(feedbackModalCallbackId);
    expect(await application().feedback.forAnswer(answerId)).toEqual([]);

    await harness.sendView({
      type: 'view_submission',
      team: { id: fakeTeamId, domain: 'amicus-test' },
      user: { id: askerId, username: 'asker', name: 'asker', team_id: fakeTeamId },
      api_app_id: 'A0AMICUS',
      token: 'unused-verification-token',
      trigger_id: '1.2.3',
      view: {
        id: 'V0000002',
        team_id: fakeTeamId,
        type: 'modal',
        callback_id: feedbackModalCallbackId,
        private_metadata: view.private_metadata,
        state: {
          values: { reason: { reason_input: { type: 'plain_text_input', value: 'Wrong deadline.' } } },
        },
        hash: 'h',
      },
    });
    await harness.fake.waitForCall('response_url');
    expect(await application().feedback.forAnswer(answerId)).toEqual([
      expect.objectContaining({ rating: 'down', reason: 'Wrong deadline.', surface: 'slack' }),
    ]);
  });

  it('publishes the Home tab with the collections, referrals and disclaimer; admins also see channel settings', async () => {
    harness = await start({
      settings: { adminUserIds: ['U0ADMIN0001'], channelAudiences: { [publicChannel]: 'staff' } },
    });
    await harness.sendEvent({ type: 'app_home_opened', user: askerId, channel: directChannel, tab: 'home' });
    const published = await harness.fake.waitForCall('views.publish');
    expect(published.body.user_id).toBe(askerId);
    const view = published.body.view as { type: string; blocks: Parameters<typeof textsOf>[0] };
    expect(view.type).toBe('home');
    const text = textsOf(view.blocks).join('\n');
    for (const collection of application().store.listCollections()) {
      expect(text).toContain(collection.title);
      expect(text).toContain(`current to ${collection.asOf}`);
    }
    expect(text).toContain(application().config.deployment.referrals[0]!.name);
    expect(text).toContain(disclaimer().slice(0, 60));
    expect(text).not.toContain('Channel settings');

    await harness.sendEvent({
      type: 'app_home_opened',
      user: 'U0ADMIN0001',
      channel: 'D0ADMIN0001',
      tab: 'home',
    });
    const forAdmin = await harness.fake.waitForCall('views.publish', 2);
    const adminText = textsOf((forAdmin.body.view as { blocks: Parameters<typeof textsOf>[0] }).blocks).join(
      '\n',
    );
    expect(adminText).toContain('Channel settings');
    expect(adminText).toContain(`<#${publicChannel}>: staff`);
  });

  it('an install that still has assistant_view: the thread starts with the welcome and prompts, and is answered', async () => {
    harness = await start();
    const threadTs = messageTs();
    await harness.sendEvent({
      type: 'assistant_thread_started',
      assistant_thread: {
        user_id: askerId,
        context: { channel_id: publicChannel, team_id: fakeTeamId, enterprise_id: null },
        channel_id: directChannel,
        thread_ts: threadTs,
      },
      event_ts: threadTs,
    });
    const prompts = await harness.fake.waitForCall('assistant.threads.setSuggestedPrompts');
    const calls = harness.fake.conversationCalls();
    expect(calls.map((call) => call.method)).toEqual([
      'chat.postMessage',
      'assistant.threads.setSuggestedPrompts',
    ]);
    expect(calls[0]?.body).toMatchObject({ channel: directChannel, thread_ts: threadTs });
    expect(textsOf(blocksOf(calls[0]!)).join('\n')).toContain('California tenant guide');
    expectWellFormedMessage(calls[0]!, disclaimer());
    // The assistant experience sets prompts on its thread.
    expect(prompts.body).toMatchObject({ channel_id: directChannel, thread_ts: threadTs });

    harness.fake.reset();
    await harness.sendEvent({
      ...messageEvent('What is a dwelling?', { channel: directChannel, channelType: 'im', threadTs }),
      parent_user_id: fakeBotUserId,
    });
    const answer = await harness.fake.waitForCall('chat.postMessage');
    await harness.bot.whenIdle();
    expect(harness.fake.conversationCalls().map((call) => call.method)).toEqual([
      'assistant.threads.setStatus',
      'chat.postMessage',
    ]);
    expect(answer.body).toMatchObject({ channel: directChannel, thread_ts: threadTs });
    expectWellFormedMessage(answer, disclaimer());
  });

  it('falls back to a placeholder where Slack refuses the loading status', async () => {
    harness = await start();
    harness.fake.failNext('assistant.threads.setStatus', 'not_allowed');
    await harness.sendEvent(
      messageEvent('What is a dwelling?', { channel: directChannel, channelType: 'im' }),
    );
    const update = await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    expect(harness.fake.conversationCalls().map((call) => call.method)).toEqual([
      'assistant.threads.setStatus',
      'chat.postMessage',
      'chat.update',
    ]);
    expectWellFormedMessage(update, disclaimer());
  });
});
