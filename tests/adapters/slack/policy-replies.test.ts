import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationRequest } from '../../../src/conversation/conversation.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import { blocksOf, expectWellFormedMessage, textsOf } from './block-kit-inspection.js';
import {
  askerId,
  mentionEvent,
  publicChannel,
  type SlackHarness,
  startSlackHarness,
} from './slack-harness.js';

/** Policy replies through the real Bolt app and the fake Slack Web API. */
describe('Slack: emergencies and personal situations', () => {
  const application = useIngestedFixture('amicus-slack-policy-');
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('sends an emergency privately, with the crisis resources before any cited information', async () => {
    harness = await startSlackHarness({ application: application() });
    const event = mentionEvent(
      'my landlord is hitting me right now in the hallway. How much security deposit can a landlord charge?',
    );
    await harness.sendEvent(event);
    await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    const calls = harness.fake.conversationCalls();
    expect(calls.map((call) => call.method)).toEqual([
      'chat.postMessage',
      'chat.postEphemeral',
      'chat.update',
    ]);
    const [, ephemeral, note] = calls;
    expect(ephemeral?.body).toMatchObject({ channel: publicChannel, user: askerId });
    expectWellFormedMessage(ephemeral!, application().config.deployment.disclaimer);
    const text = textsOf(blocksOf(ephemeral!)).join('\n');
    expect(text.indexOf('911')).toBeGreaterThan(-1);
    expect(text.indexOf('911')).toBeLessThan(text.indexOf('Executive summary'));
    expect(text).toContain('988');
    // The public note names no detail of the question.
    expect(textsOf(blocksOf(note!)).join('\n')).not.toMatch(/hitting|landlord/);
  });

  it('passes the channel audience to the conversation, and a staff channel answers client matters', async () => {
    const seen: Array<string | undefined> = [];
    harness = await startSlackHarness({
      application: application(),
      settings: { channelAudiences: { [publicChannel]: 'staff' } },
      conversation: {
        ask: (request: ConversationRequest) => {
          seen.push(request.audience);
          return application().conversation.ask(request);
        },
        isKnownThread: (thread) => application().conversation.isKnownThread(thread),
      },
    });
    await harness.sendEvent(
      mentionEvent(
        "our client's landlord kept her deposit in March. how long does a landlord have to return a deposit?",
      ),
    );
    await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    expect(seen).toEqual(['staff']);
    const ephemeral = harness.fake.conversationCalls().find((call) => call.method === 'chat.postEphemeral');
    expect(ephemeral).toBeDefined();
    const text = textsOf(blocksOf(ephemeral!)).join('\n');
    expect(text).toContain('professional judgement');
    expect(text).not.toContain("can't advise you on your own situation");
  });
});
