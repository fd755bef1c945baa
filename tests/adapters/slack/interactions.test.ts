import { describe, expect, it } from 'vitest';
import { slackActionIds } from '../../../src/adapters/slack/action-ids.js';
import { feedbackModalCallbackId } from '../../../src/adapters/slack/handlers/feedback-actions.js';
import { ThreadStore } from '../../../src/conversation/thread-store.js';
import { hashUser } from '../../../src/store/feedback-store.js';
import { fakeTeamId } from '../../support/fake-slack-api.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import { blocksOf, buttonOf, expectWellFormedMessage, textsOf } from './block-kit-inspection.js';
import {
  askerId,
  buttonClick,
  mentionEvent,
  messageEvent,
  otherUserId,
  publicChannel,
  useSlackHarness,
} from './slack-harness.js';

describe('Slack: buttons, feedback and follow-ups in threads', () => {
  const application = useIngestedFixture('amicus-slack-interactions-');
  const harness = useSlackHarness(application);

  /** Asks by mention and returns the question's ts and the answer as posted (the update). */
  async function askByMention(text: string) {
    const event = mentionEvent(text);
    await harness().sendEvent(event);
    const update = await harness().fake.waitForCall('chat.update');
    await harness().bot.whenIdle();
    const placeholder = harness().fake.callsTo('chat.postMessage')[0]!;
    return { threadTs: event.ts, answerTs: placeholder.response.ts as string, blocks: blocksOf(update) };
  }

  it('a follow-up button click asks that question in the same thread, with the thread’s memory', async () => {
    const first = await askByMention('How long does a landlord have to return a security deposit?');
    const button = buttonOf(first.blocks, 'amicus_follow_up_0');
    expect(button.value.length).toBeGreaterThan(0);
    expect(button.value.length).toBeLessThanOrEqual(2000);
    harness().fake.reset();

    const response = await harness().sendAction(
      buttonClick({
        actionId: 'amicus_follow_up_0',
        blockId: button.blockId,
        value: button.value,
        messageTs: first.answerTs,
        threadTs: first.threadTs,
        responseUrl: harness().fake.responseUrl(),
      }),
    );
    expect(response.status).toBe(200);
    const update = await harness().fake.waitForCall('chat.update');
    await harness().bot.whenIdle();
    const calls = harness().fake.conversationCalls();
    expect(calls.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.update']);
    expect(calls[0]?.body).toMatchObject({ channel: publicChannel, thread_ts: first.threadTs });
    expect(update.body.ts).toBe(calls[0]?.response.ts);
    expectWellFormedMessage(update, application().config.deployment.disclaimer);
    expect(blocksOf(update)[0]?.text?.text).toBe(`*${button.value}*`);
    // Both questions are turns of one remembered thread.
    const threads = new ThreadStore(application().stateDatabase, { maxTurns: 20, retentionDays: 30 });
    const turns = await threads.turns('slack', `${publicChannel}:${first.threadTs}`);
    expect(turns.map((turn) => turn.question)).toEqual([
      'How long does a landlord have to return a security deposit?',
      button.value,
    ]);
  });

  it('a follow-up click on a private /ask answer is answered privately, in the same conversation', async () => {
    await harness().sendCommand({
      text: 'How long does a landlord have to return a security deposit?',
      responseUrl: harness().fake.responseUrl('first'),
    });
    const first = await harness().fake.waitForCall('response_url');
    await harness().bot.whenIdle();
    const button = buttonOf(blocksOf(first), 'amicus_follow_up_0');
    expect(button.blockId).toMatch(/^amicus_follow_up\|0\|C0PUBLIC001:command-/);
    harness().fake.reset();

    await harness().sendAction(
      buttonClick({
        actionId: 'amicus_follow_up_0',
        blockId: button.blockId,
        value: button.value,
        messageTs: '1767225600.000999',
        ephemeral: true,
        responseUrl: harness().fake.responseUrl('second'),
      }),
    );
    await harness().fake.waitForCall('response_url', 2);
    await harness().bot.whenIdle();
    const calls = harness().fake.conversationCalls();
    expect(calls.map((call) => `${call.method}:${call.responseUrlId}`)).toEqual([
      'response_url:second',
      'response_url:second',
    ]);
    expect(calls[0]?.body.text).toContain('Looking that up');
    expectWellFormedMessage(calls[1]!, application().config.deployment.disclaimer);
    expect(calls[1]?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const threads = new ThreadStore(application().stateDatabase, { maxTurns: 20, retentionDays: 30 });
    const key = button.blockId.split('|')[2] as string;
    expect(await threads.turns('slack', key)).toHaveLength(2);
  });

  it('a reply in a thread Amicus answered is a follow-up without a mention', async () => {
    const first = await askByMention('How long does a landlord have to return a security deposit?');
    harness().fake.reset();
    await harness().sendEvent(
      messageEvent('What about deposits kept in bad faith?', { threadTs: first.threadTs }),
    );
    const update = await harness().fake.waitForCall('chat.update');
    await harness().bot.whenIdle();
    const calls = harness().fake.conversationCalls();
    expect(calls.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.update']);
    expect(calls[0]?.body.thread_ts).toBe(first.threadTs);
    expectWellFormedMessage(update, application().config.deployment.disclaimer);
    expect(textsOf(blocksOf(update)).join('\n')).toMatch(/bad faith/i);
  });

  it('leaves alone threads it never answered, replies to someone else, and top-level chatter', async () => {
    await harness().sendEvent(messageEvent('What about bad faith?', { threadTs: '1767000000.000009' }));
    await harness().sendEvent(messageEvent('Anyone know the deposit rules?'));
    const first = await askByMention('How long does a landlord have to return a security deposit?');
    harness().fake.reset();
    await harness().sendEvent(
      messageEvent(`<@${otherUserId}> can you check this?`, { threadTs: first.threadTs }),
    );
    await harness().sendEvent({
      ...messageEvent('edited', { threadTs: first.threadTs }),
      subtype: 'message_changed',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await harness().bot.whenIdle();
    expect(harness().fake.conversationCalls()).toEqual([]);
  });

  it('👍 stores feedback against the answer id at once and thanks the user privately', async () => {
    const first = await askByMention('How long does a landlord have to return a security deposit?');
    const up = buttonOf(first.blocks, slackActionIds.feedbackUp);
    const responseUrl = harness().fake.responseUrl('thanks-up');
    harness().fake.reset();
    await harness().sendAction(
      buttonClick({
        actionId: slackActionIds.feedbackUp,
        blockId: up.blockId,
        value: up.value,
        messageTs: first.answerTs,
        threadTs: first.threadTs,
        responseUrl,
      }),
    );
    const thanks = await harness().fake.waitForCall('response_url');
    expect(thanks.responseUrlId).toBe('thanks-up');
    expect(thanks.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(thanks.body.text).toContain('Thanks');
    const stored = await application().feedback.forAnswer(up.value);
    expect(stored).toEqual([
      expect.objectContaining({
        answerId: up.value,
        rating: 'up',
        reason: null,
        surface: 'slack',
        userHash: hashUser('slack', askerId),
      }),
    ]);
  });

  it('👎 opens a modal for an optional reason and stores the reason on submit', async () => {
    const first = await askByMention('How long does a landlord have to return a security deposit?');
    const down = buttonOf(first.blocks, slackActionIds.feedbackDown);
    const responseUrl = harness().fake.responseUrl('thanks-down');
    harness().fake.reset();
    const click = buttonClick({
      actionId: slackActionIds.feedbackDown,
      blockId: down.blockId,
      value: down.value,
      messageTs: first.answerTs,
      threadTs: first.threadTs,
      responseUrl,
    });
    await harness().sendAction(click);
    const opened = await harness().fake.waitForCall('views.open');
    expect(opened.body.trigger_id).toBe(click.trigger_id);
    const view = opened.body.view as {
      callback_id: string;
      private_metadata: string;
      notify_on_close: boolean;
    };
    expect(view.callback_id).toBe(feedbackModalCallbackId);
    expect(view.notify_on_close).toBe(true);
    expect(await application().feedback.forAnswer(down.value)).toEqual([]);

    const submitted = await harness().sendView({
      type: 'view_submission',
      team: { id: fakeTeamId, domain: 'amicus-test' },
      user: { id: askerId, username: 'asker', name: 'asker', team_id: fakeTeamId },
      api_app_id: 'A0AMICUS',
      token: 'unused-verification-token',
      trigger_id: '1.2.3',
      view: {
        id: 'V0000001',
        team_id: fakeTeamId,
        type: 'modal',
        callback_id: feedbackModalCallbackId,
        private_metadata: view.private_metadata,
        state: {
          values: {
            reason: { reason_input: { type: 'plain_text_input', value: 'It cited the wrong section.' } },
          },
        },
        hash: 'h',
      },
    });
    expect(submitted.status).toBe(200);
    const thanks = await harness().fake.waitForCall('response_url');
    expect(thanks.responseUrlId).toBe('thanks-down');
    expect(await application().feedback.forAnswer(down.value)).toEqual([
      expect.objectContaining({ rating: 'down', reason: 'It cited the wrong section.', surface: 'slack' }),
    ]);
  });

  it('👎 without a reason is stored when the modal is closed', async () => {
    const first = await askByMention('How long does a landlord have to return a security deposit?');
    const down = buttonOf(first.blocks, slackActionIds.feedbackDown);
    await harness().sendAction(
      buttonClick({
        actionId: slackActionIds.feedbackDown,
        blockId: down.blockId,
        value: down.value,
        messageTs: first.answerTs,
        responseUrl: harness().fake.responseUrl(),
      }),
    );
    const opened = await harness().fake.waitForCall('views.open');
    const view = opened.body.view as { private_metadata: string };
    await harness().sendView({
      type: 'view_closed',
      team: { id: fakeTeamId, domain: 'amicus-test' },
      user: { id: askerId, username: 'asker', name: 'asker', team_id: fakeTeamId },
      api_app_id: 'A0AMICUS',
      token: 'unused-verification-token',
      view: {
        id: 'V0000002',
        team_id: fakeTeamId,
        type: 'modal',
        callback_id: feedbackModalCallbackId,
        private_metadata: view.private_metadata,
      },
      is_cleared: false,
    });
    await expect
      .poll(() => application().feedback.forAnswer(down.value))
      .toEqual([expect.objectContaining({ rating: 'down', reason: null })]);
  });
});
