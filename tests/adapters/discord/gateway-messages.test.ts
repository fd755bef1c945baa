import { describe, expect, it } from 'vitest';
import { discordLimitViolations, embedText } from '../../support/fake-discord.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import { footerOf, RecordingConversation, withHarness } from './harness.js';

const application = useIngestedFixture('amicus-discord-messages-');

const messagesIn = (channelId: string) => new RegExp(`^/channels/${channelId}/messages$`);

describe('an @mention in a channel', () => {
  it('opens a thread from the message and answers there; follow-ups in the thread need no mention', async () => {
    const conversation = new RecordingConversation(application().conversation);
    await withHarness(application(), { conversation }, async ({ fake }) => {
      const mention = fake.messageCreate({
        channelId: fake.generalChannelId,
        content: `<@${fake.bot.id}> How long does a landlord have to return a security deposit?`,
        mentionBot: true,
      });
      const threadId = String(mention.id);
      const [threadCall] = await fake.waitForCalls('POST', /\/threads$/);
      expect(threadCall?.path).toBe(`/channels/${fake.generalChannelId}/messages/${mention.id}/threads`);
      expect(threadCall?.body).toMatchObject({
        name: 'How long does a landlord have to return a security deposit?',
        auto_archive_duration: 1440,
      });
      const [answer] = await fake.waitForCalls('POST', messagesIn(threadId));
      const body = answer!.body as Record<string, unknown>;
      expect(fake.calls.indexOf(threadCall!)).toBeLessThan(fake.calls.indexOf(answer!));
      expect(body.allowed_mentions).toMatchObject({ parse: [] });
      expect(discordLimitViolations(body)).toEqual([]);
      expect(embedText(body)).toContain('21 days');
      expect(footerOf(body)).toContain(application().config.deployment.disclaimer);
      expect(conversation.requests[0]).toMatchObject({
        question: 'How long does a landlord have to return a security deposit?',
        thread: { surface: 'discord', threadId },
      });

      // A follow-up in the thread, without a mention.
      fake.messageCreate({ channelId: threadId, content: 'What about deductions for cleaning?' });
      const answers = await fake.waitForCalls('POST', messagesIn(threadId), 2);
      expect(footerOf(answers[1]!.body as Record<string, unknown>)).toContain(
        application().config.deployment.disclaimer,
      );
      expect(conversation.requests[1]).toMatchObject({
        question: 'What about deductions for cleaning?',
        thread: { surface: 'discord', threadId },
      });
      expect(fake.callsTo('POST', /\/threads$/)).toHaveLength(1);
      expect(fake.callsTo('POST', /\/typing$/).length).toBeGreaterThan(0);
      expect(fake.unknownRoutes).toEqual([]);
    });
  });

  it('ignores messages without a mention, in threads it never answered, and from bots', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      const otherThread = fake.threadCreate(fake.generalChannelId);
      fake.messageCreate({ channelId: fake.generalChannelId, content: 'Anyone have notes for Evidence?' });
      fake.messageCreate({ channelId: otherThread, content: 'What is hearsay?' });
      fake.messageCreate({
        channelId: fake.generalChannelId,
        content: `<@${fake.bot.id}> hi`,
        user: fake.bot,
        mentionBot: true,
      });
      // A message that is answered, dispatched last: once it is handled, the others were too.
      fake.messageCreate({
        channelId: fake.generalChannelId,
        content: `<@${fake.bot.id}> What is hearsay?`,
        mentionBot: true,
      });
      await fake.waitForCalls('POST', /^\/channels\/\d+\/messages$/);
      expect(fake.callsTo('POST', /\/threads$/)).toHaveLength(1);
      expect(fake.calls.filter((call) => call.path.includes(otherThread))).toEqual([]);
    });
  });

  it('replies with a refusal outside the channel allowlist and opens no thread', async () => {
    await withHarness(
      application(),
      { discord: (fake) => ({ allowedChannels: [fake.otherChannelId] }) },
      async ({ fake }) => {
        const mention = fake.messageCreate({
          channelId: fake.generalChannelId,
          content: `<@${fake.bot.id}> What is hearsay?`,
          mentionBot: true,
        });
        const [reply] = await fake.waitForCalls('POST', messagesIn(fake.generalChannelId));
        expect(reply?.body).toMatchObject({
          content: expect.stringContaining('not enabled in this channel'),
          message_reference: { message_id: mention.id },
          allowed_mentions: { parse: [], replied_user: false },
        });
        expect(fake.callsTo('POST', /\/threads$/)).toEqual([]);
      },
    );
  });

  it('says so when it cannot open a thread', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      fake.failNext('POST', /\/threads$/, 403);
      fake.messageCreate({
        channelId: fake.generalChannelId,
        content: `<@${fake.bot.id}> What is hearsay?`,
        mentionBot: true,
      });
      const [reply] = await fake.waitForCalls('POST', messagesIn(fake.generalChannelId));
      expect((reply!.body as { content: string }).content).toMatch(
        /could not open a thread.*Create Public Threads/,
      );
    });
  });

  it('asks for a question when the mention has none, and applies the rate limit', async () => {
    await withHarness(
      application(),
      { discord: { rateLimit: { capacity: 1, refillPerMinute: 1 } } },
      async ({ fake }) => {
        fake.messageCreate({
          channelId: fake.generalChannelId,
          content: `<@${fake.bot.id}>`,
          mentionBot: true,
        });
        const [hint] = await fake.waitForCalls('POST', messagesIn(fake.generalChannelId));
        expect((hint!.body as { content: string }).content).toMatch(/Ask me a legal question/);

        fake.messageCreate({
          channelId: fake.generalChannelId,
          content: `<@${fake.bot.id}> What is hearsay?`,
          mentionBot: true,
        });
        await fake.waitForCalls('POST', /\/threads$/);
        fake.messageCreate({
          channelId: fake.generalChannelId,
          content: `<@${fake.bot.id}> And the exceptions?`,
          mentionBot: true,
        });
        const replies = await fake.waitForCalls('POST', messagesIn(fake.generalChannelId), 2);
        expect((replies[1]!.body as { content: string }).content).toMatch(/wait about 60 seconds/);
        expect(fake.callsTo('POST', /\/threads$/)).toHaveLength(1);
      },
    );
  });
});

describe('direct messages', () => {
  it('are answered in the DM when allowed', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      const channelId = fake.dmChannel();
      fake.messageCreate({
        channelId,
        dm: true,
        content: 'How long does a landlord have to return a security deposit?',
      });
      const [answer] = await fake.waitForCalls('POST', messagesIn(channelId));
      const body = answer!.body as Record<string, unknown>;
      expect(embedText(body)).toContain('21 days');
      expect(footerOf(body)).toContain(application().config.deployment.disclaimer);
      expect(body.allowed_mentions).toMatchObject({ parse: [] });
    });
  });

  it('get a refusal when turned off', async () => {
    await withHarness(application(), { discord: { allowDirectMessages: false } }, async ({ fake }) => {
      const channelId = fake.dmChannel();
      fake.messageCreate({ channelId, dm: true, content: 'What is hearsay?' });
      const [reply] = await fake.waitForCalls('POST', messagesIn(channelId));
      expect((reply!.body as { content: string }).content).toMatch(/does not answer direct messages/);
    });
  });
});
