import { describe, expect, it } from 'vitest';
import { slackActionIds } from '../../../src/adapters/slack/action-ids.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import { actionIdsOf, blocksOf, expectWellFormedMessage, textsOf } from './block-kit-inspection.js';
import { mentionEvent, publicChannel, useSlackHarness } from './slack-harness.js';

describe('Slack: a mention in a channel, through a real Bolt app over signed HTTP', () => {
  const application = useIngestedFixture('amicus-slack-mention-');
  const harness = useSlackHarness(application);

  it('acknowledges at once, posts a placeholder in the thread, then replaces it with the answer', async () => {
    const event = mentionEvent('How long does a landlord have to return a security deposit?');
    const response = await harness().sendEvent(event);
    expect(response.status).toBe(200);

    const update = await harness().fake.waitForCall('chat.update');
    await harness().bot.whenIdle();
    const calls = harness().fake.conversationCalls();
    expect(calls.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.update']);

    const [placeholder] = calls;
    expect(placeholder?.body).toMatchObject({ channel: publicChannel, thread_ts: event.ts });
    expect(placeholder?.body.text).toContain('Looking that up in the vetted sources…');
    expect(placeholder?.token).toBe('xoxb-1111-2222-fakeslacktoken');
    expectWellFormedMessage(placeholder!, application().config.deployment.disclaimer);

    expect(update.body).toMatchObject({ channel: publicChannel, ts: placeholder?.response.ts });
    expectWellFormedMessage(update, application().config.deployment.disclaimer);
    const blocks = blocksOf(update);
    const texts = textsOf(blocks).join('\n');
    expect(texts).toContain('within 21 days');
    expect(texts).toMatch(/<https:\/\/example\.org\/fixtures\|\[1\]>/);
    expect(blocks.some((block) => block.type === 'context' && block.block_id === 'amicus_source_1')).toBe(
      true,
    );
    const actionIds = actionIdsOf(blocks);
    expect(actionIds).toEqual(
      expect.arrayContaining(['amicus_follow_up_0', slackActionIds.feedbackUp, slackActionIds.feedbackDown]),
    );
    expect(actionIds.filter((id) => id.startsWith('amicus_follow_up_')).length).toBeGreaterThanOrEqual(3);
  });

  it('strips the mention from the question and keeps the thread when mentioned inside a thread', async () => {
    const event = mentionEvent('What must a landlord do before keeping a deposit?', {
      threadTs: '1767100000.000001',
    });
    await harness().sendEvent(event);
    await harness().fake.waitForCall('chat.update');
    const [placeholder, update] = harness().fake.conversationCalls();
    expect(placeholder?.body.thread_ts).toBe('1767100000.000001');
    const title = blocksOf(update!)[0]?.text?.text ?? '';
    expect(title).toBe('*What must a landlord do before keeping a deposit?*');
  });

  it('answers an empty mention with help instead of a question, privately', async () => {
    await harness().sendEvent(mentionEvent(''));
    const notice = await harness().fake.waitForCall('chat.postEphemeral');
    expect(notice.body).toMatchObject({ channel: publicChannel, user: 'U0ASKER0001' });
    expect(notice.body.text).toContain('Ask me a legal question');
    expect(harness().fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('ignores a retried delivery of the same event', async () => {
    const event = mentionEvent('How long does a landlord have to return a security deposit?');
    await harness().sendEvent(event, { eventId: 'Ev0RETRIED01' });
    await harness().fake.waitForCall('chat.update');
    await harness().sendEvent(event, { eventId: 'Ev0RETRIED01' });
    await harness().bot.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness().fake.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
