import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationRequest } from '../../../src/conversation/conversation.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import { blocksOf, expectWellFormedMessage, textsOf } from './block-kit-inspection.js';
import {
  askerId,
  directChannel,
  mentionEvent,
  messageEvent,
  publicChannel,
  type SlackHarness,
  startSlackHarness,
} from './slack-harness.js';

describe('Slack entry points: direct messages, /ask, assistant threads, channel policy', () => {
  const application = useIngestedFixture('amicus-slack-entry-');
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  const disclaimer = () => application().config.deployment.disclaimer;

  it('answers a direct message in a thread of the question', async () => {
    harness = await startSlackHarness({ application: application() });
    const event = messageEvent('How long does a landlord have to return a security deposit?', {
      channel: directChannel,
      channelType: 'im',
    });
    await harness.sendEvent(event);
    const answer = await harness.fake.waitForCall('chat.postMessage');
    await harness.bot.whenIdle();
    const calls = harness.fake.conversationCalls();
    // The thread shows a loading status instead of a placeholder; the answer is posted in the thread.
    expect(calls.map((call) => call.method)).toEqual(['assistant.threads.setStatus', 'chat.postMessage']);
    expect(calls[0]?.body).toMatchObject({ channel_id: directChannel, thread_ts: event.ts });
    expect(calls[1]?.body).toMatchObject({ channel: directChannel, thread_ts: event.ts });
    expectWellFormedMessage(answer, disclaimer());
  });

  it('/ask answers privately by default: the placeholder in the acknowledgement, the answer through response_url', async () => {
    harness = await startSlackHarness({ application: application() });
    const responseUrl = harness.fake.responseUrl('ask-1');
    const response = await harness.sendCommand({
      text: 'How long does a landlord have to return a security deposit?',
      responseUrl,
    });
    expect(response.status).toBe(200);
    const acknowledgement = JSON.parse(response.text) as {
      response_type: string;
      text: string;
      blocks: unknown[];
    };
    expect(acknowledgement.response_type).toBe('ephemeral');
    expect(acknowledgement.text).toContain('Looking that up in the vetted sources…');
    expect(acknowledgement.blocks.length).toBeGreaterThan(0);

    const answer = await harness.fake.waitForCall('response_url');
    await harness.bot.whenIdle();
    expect(harness.fake.conversationCalls().map((call) => call.method)).toEqual(['response_url']);
    expect(answer.responseUrlId).toBe('ask-1');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expectWellFormedMessage(answer, disclaimer());
    expect(textsOf(blocksOf(answer)).join('\n')).toContain('within 21 days');
  });

  it('/ask with an empty question explains how to use it', async () => {
    harness = await startSlackHarness({ application: application() });
    const response = await harness.sendCommand({ text: '   ' });
    expect(JSON.parse(response.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(response.text).toContain('Ask me a legal question');
  });

  it('/ask can answer in the channel, where replies in its thread are follow-ups', async () => {
    harness = await startSlackHarness({
      application: application(),
      settings: { slashCommandEphemeral: false },
    });
    const response = await harness.sendCommand({
      text: 'How long does a landlord have to return a security deposit?',
    });
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    const update = await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    const [placeholder] = harness.fake.conversationCalls();
    expect(placeholder?.method).toBe('chat.postMessage');
    expect(placeholder?.body.thread_ts).toBeUndefined();
    expectWellFormedMessage(update, disclaimer());

    harness.fake.reset();
    const threadTs = placeholder?.response.ts as string;
    await harness.sendEvent(messageEvent('What about bad faith?', { threadTs }));
    await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    expect(harness.fake.conversationCalls()[0]?.body).toMatchObject({
      channel: publicChannel,
      thread_ts: threadTs,
    });
  });

  it('/ask in the channel tells the asker privately when the bot is not a member there', async () => {
    harness = await startSlackHarness({
      application: application(),
      settings: { slashCommandEphemeral: false },
    });
    harness.fake.failNext('chat.postMessage', 'not_in_channel');
    const responseUrl = harness.fake.responseUrl('not-member');
    await harness.sendCommand({ text: 'What is a dwelling?', responseUrl });
    const notice = await harness.fake.waitForCall('response_url');
    await harness.bot.whenIdle();
    expect(harness.fake.conversationCalls().map((call) => call.method)).toEqual([
      'chat.postMessage',
      'response_url',
    ]);
    expect(notice.body).toMatchObject({ response_type: 'ephemeral' });
    expect(notice.body.text).toContain('I am not a member of this channel');
    expectWellFormedMessage(notice, disclaimer());
  });

  it('sends an individualized answer privately in a public channel and says so in the thread', async () => {
    harness = await startSlackHarness({ application: application() });
    const event = mentionEvent(
      'My landlord kept my deposit and I am moving out next week, what should I do?',
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
    expect(ephemeral?.body).toMatchObject({ channel: publicChannel, user: askerId, thread_ts: event.ts });
    expectWellFormedMessage(ephemeral!, disclaimer());
    expect(textsOf(blocksOf(ephemeral!)).join('\n')).toMatch(/Where to get help|legal aid/i);
    expectWellFormedMessage(note!, disclaimer());
    const noteText = textsOf(blocksOf(note!)).join('\n');
    expect(noteText).toContain(`<@${askerId}>`);
    expect(noteText).toContain('privately');
    expect(noteText).not.toContain('deposit');
  });

  it('answers an individualized question in a direct message directly', async () => {
    harness = await startSlackHarness({ application: application() });
    await harness.sendEvent(
      messageEvent('My landlord kept my deposit and I am moving out next week, what should I do?', {
        channel: directChannel,
        channelType: 'im',
      }),
    );
    const answer = await harness.fake.waitForCall('chat.postMessage');
    await harness.bot.whenIdle();
    expect(harness.fake.conversationCalls().map((call) => call.method)).toEqual([
      'assistant.threads.setStatus',
      'chat.postMessage',
    ]);
    expect(textsOf(blocksOf(answer)).join('\n')).toMatch(/Where to get help/);
  });

  it('puts crisis resources first in an emergency', async () => {
    harness = await startSlackHarness({ application: application() });
    await harness.sendEvent(
      messageEvent('I want to kill myself', { channel: directChannel, channelType: 'im' }),
    );
    const answer = await harness.fake.waitForCall('chat.postMessage');
    const texts = textsOf(blocksOf(answer));
    const crisis = texts.findIndex((text) => text.includes('988'));
    expect(crisis).toBeGreaterThan(0);
    expect(crisis).toBeLessThanOrEqual(3);
  });

  it('keeps to the channel allowlist (with a private notice) but always answers direct messages', async () => {
    harness = await startSlackHarness({
      application: application(),
      settings: { allowedChannels: ['C0ALLOWED01'] },
    });
    await harness.sendEvent(mentionEvent('How long does a landlord have to return a security deposit?'));
    const notice = await harness.fake.waitForCall('chat.postEphemeral');
    expect(notice.body).toMatchObject({ channel: publicChannel, user: askerId });
    expect(notice.body.text).toContain('not enabled in this channel');
    expectWellFormedMessage(notice, disclaimer());
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(0);

    await harness.sendEvent(
      messageEvent('What is a dwelling?', { channel: directChannel, channelType: 'im' }),
    );
    await harness.fake.waitForCall('chat.postMessage');
  });

  it('asks with the channel’s default jurisdiction', async () => {
    const seen: Array<string | undefined> = [];
    harness = await startSlackHarness({
      application: application(),
      settings: { channelJurisdictions: { [publicChannel]: 'US-federal' } },
      conversation: {
        ask: (request: ConversationRequest) => {
          seen.push(request.jurisdiction);
          return application().conversation.ask(request);
        },
        isKnownThread: (thread) => application().conversation.isKnownThread(thread),
      },
    });
    await harness.sendEvent(mentionEvent('How long does a landlord have to return a security deposit?'));
    const update = await harness.fake.waitForCall('chat.update');
    expect(seen).toEqual(['US-federal']);
    // The deposit rules are Californian: with federal sources only, none of them is cited.
    expect(textsOf(blocksOf(update)).join('\n')).not.toContain('within 21 days');
  });
});
