import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DiscordGatewayBot } from '../../../src/adapters/discord/gateway-bot.js';
import type { Answer } from '../../../src/answer/answer.js';
import { AmicusError, ErrorCode } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { discordLimitViolations, embedText, FakeDiscord } from '../../support/fake-discord.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import {
  botToken,
  callbackPath,
  customIdsOf,
  FailingConversation,
  footerOf,
  originalPath,
  RecordingConversation,
  sentMessages,
  withHarness,
} from './harness.js';

const question = 'How long does a landlord have to return a security deposit?';
const askOptions = (
  text = question,
  extra: Array<{ name: string; type: number; value: string | boolean }> = [],
) => [{ name: 'question', type: 3, value: text }, ...extra];

const application = useIngestedFixture('amicus-discord-slash-');

const followUpPath = /^\/webhooks\/\d+\/[^/]+$/;

describe('the gateway connection', () => {
  it('logs in with the token, the four intents and an uncompressed JSON gateway found through GET /gateway/bot', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      expect(fake.calls[0]).toMatchObject({
        method: 'GET',
        path: '/gateway/bot',
        authorization: `Bot ${botToken}`,
      });
      expect(fake.connectionUrls).toEqual(['/gateway?v=10&encoding=json']);
      // Guilds (1) + GuildMessages (512) + DirectMessages (4096) + MessageContent (32768).
      expect(fake.identifies).toEqual([
        expect.objectContaining({ token: botToken, intents: 37_377, compress: false }),
      ]);
    });
  });

  it('uses discord.gatewayUrl instead of the address GET /gateway/bot returns', async () => {
    const fake = await FakeDiscord.start();
    fake.gatewayBotUrl = 'ws://127.0.0.1:9/unreachable';
    const config = {
      ...application().config,
      discord: { ...application().config.discord, restUrl: fake.restUrl, gatewayUrl: fake.gatewayUrl },
    };
    const bot = new DiscordGatewayBot({ ...application(), config, logger: silentLogger() });
    try {
      await bot.start(botToken);
      expect(fake.connectionUrls).toEqual(['/gateway?v=10&encoding=json']);
    } finally {
      await bot.stop();
      await fake.close();
    }
  });

  it('reports a rejected token at start-up', async () => {
    const fake = await FakeDiscord.start();
    fake.failNext('GET', /^\/gateway\/bot$/, 401, { message: '401: Unauthorized', code: 0 });
    const config = {
      ...application().config,
      discord: { ...application().config.discord, restUrl: fake.restUrl },
    };
    const bot = new DiscordGatewayBot({ ...application(), config, logger: silentLogger() });
    try {
      await expect(bot.start('not-a-valid-token')).rejects.toMatchObject({
        code: 'config_invalid',
        message: expect.stringMatching(
          /^Discord rejected the bot token \(An invalid token was provided\.?\); check DISCORD_TOKEN/,
        ),
      });
      expect(fake.identifies).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe('logs', () => {
  it('carry ids, kinds and timings, never the question or the token', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const secretQuestion = 'Can Zebulon Quackenbush keep the security deposit for 21 days?';
    await withHarness(application(), { logger }, async ({ fake }) => {
      fake.slashCommand({ name: 'ask', options: askOptions(secretQuestion) });
      await fake.waitForCalls('PATCH', originalPath);
    });
    await withHarness(
      application(),
      { logger, conversation: new FailingConversation(new Error('boom')) },
      async ({ fake }) => {
        fake.slashCommand({ name: 'ask', options: askOptions(secretQuestion) });
        await fake.waitForCalls('PATCH', originalPath);
      },
    );
    const text = lines.join('');
    expect(text).toContain('"msg":"discord answer"');
    expect(text).toContain('"questionLength":62');
    expect(text).toContain('"msg":"discord question failed"');
    expect(text).not.toContain('Quackenbush');
    expect(text).not.toContain(botToken);
  });
});

describe('/ask', () => {
  it('defers within 3 seconds, then edits the reply with the rendered answer', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      const dispatchedAt = Date.now();
      const { id, token } = fake.slashCommand({ name: 'ask', options: askOptions() });
      const [edit] = await fake.waitForCalls('PATCH', originalPath);
      const [callback] = fake.callsTo('POST', callbackPath);
      expect(callback?.path).toBe(`/interactions/${id}/${token}/callback`);
      expect(callback?.body).toEqual({ type: 5, data: { flags: 0 } });
      expect(callback!.at - dispatchedAt).toBeLessThan(3000);
      expect(fake.calls.indexOf(callback!)).toBeLessThan(fake.calls.indexOf(edit!));
      expect(edit?.path).toBe(`/webhooks/${fake.applicationId}/${token}/messages/@original`);

      const body = edit!.body as Record<string, unknown>;
      expect(discordLimitViolations(body)).toEqual([]);
      expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      const embeds = body.embeds as Array<{ title?: string; description?: string }>;
      expect(embeds[0]?.title).toBe(question);
      expect(embeds[0]?.description).toMatch(/21 days.*\[1\]/);
      expect(embeds.some((embed) => embed.title === 'Sources')).toBe(true);
      expect(footerOf(body)).toMatch(
        /^Checked on \d{4}-\d{2}-\d{2} · Disclaimer: Amicus provides general legal information/,
      );
      expect(footerOf(body)).toContain(application().config.deployment.disclaimer);
      const buttons = customIdsOf(body);
      expect(buttons).toContainEqual(expect.stringMatching(/^amicus:fu:0:[\w-]+$/));
      expect(buttons).toContainEqual(expect.stringMatching(/^amicus:fb:up:[\w-]+$/));
      expect(fake.unknownRoutes).toEqual([]);
    });
  });

  it('defers privately and answers privately when private:true', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      fake.slashCommand({
        name: 'ask',
        options: askOptions(question, [{ name: 'private', type: 5, value: true }]),
      });
      const [edit] = await fake.waitForCalls('PATCH', originalPath);
      expect(fake.callsTo('POST', callbackPath)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
      expect(footerOf(edit!.body as Record<string, unknown>)).toContain(
        application().config.deployment.disclaimer,
      );
    });
  });

  it('sends an individualized answer privately after a public deferral, and removes the public note', async () => {
    const conversation = new RecordingConversation(
      application().conversation,
      (answer): Answer => ({
        ...answer,
        kind: 'individualized',
        notice: 'Amicus cannot advise on your own situation.',
        privateReply: true,
      }),
    );
    await withHarness(application(), { conversation }, async ({ fake }) => {
      fake.slashCommand({
        name: 'ask',
        options: askOptions('My landlord kept my deposit. What should I do?'),
      });
      await fake.waitForCalls('DELETE', originalPath);
      expect(fake.callsTo('POST', callbackPath)[0]?.body).toEqual({ type: 5, data: { flags: 0 } });
      const [note] = fake.callsTo('PATCH', originalPath);
      const noteBody = note!.body as Record<string, unknown>;
      expect(noteBody.content).toMatch(/answer was sent privately/);
      expect(noteBody.embeds).toEqual([]);
      const [privateAnswer] = fake.callsTo('POST', followUpPath);
      const answerBody = privateAnswer!.body as Record<string, unknown>;
      expect(answerBody.flags).toBe(64);
      expect(embedText(answerBody)).toContain('Amicus cannot advise on your own situation.');
      expect(footerOf(answerBody)).toContain(application().config.deployment.disclaimer);
      // The note came first, then the private answer, then the deletion of the note.
      const order = fake.calls.map((call) => `${call.method} ${call.path.replace(/\d+|token-\d+/g, 'N')}`);
      expect(order.slice(-3)).toEqual([
        'PATCH /webhooks/N/N/messages/@original',
        'POST /webhooks/N/N',
        'DELETE /webhooks/N/N/messages/@original',
      ]);
    });
  });

  it('splits a long answer across the reply and follow-ups, each within the limits and with the disclaimer', async () => {
    const conversation = new RecordingConversation(application().conversation, (answer): Answer => {
      const section = answer.sections[0]!;
      const longSentence = {
        ...section.sentences[0]!,
        text: `${section.sentences[0]!.text} `.repeat(6).trim(),
      };
      return {
        ...answer,
        sections: Array.from({ length: 24 }, (_, index) => ({
          heading: `${section.heading} (${index + 1})`,
          sentences: [longSentence, longSentence],
        })),
      };
    });
    await withHarness(application(), { conversation }, async ({ fake }) => {
      fake.slashCommand({ name: 'ask', options: askOptions() });
      await fake.waitForCalls('PATCH', originalPath);
      await fake.waitForCalls('POST', followUpPath);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const messages = sentMessages(fake);
      expect(messages.length).toBeGreaterThan(2);
      for (const [index, { body }] of messages.entries()) {
        expect(discordLimitViolations(body), `message ${index}`).toEqual([]);
        expect(body.allowed_mentions).toMatchObject({ parse: [] });
        expect(footerOf(body)).toContain(`Part ${index + 1} of ${messages.length}`);
        expect(footerOf(body)).toContain(application().config.deployment.disclaimer);
        expect(customIdsOf(body).length > 0).toBe(index === messages.length - 1);
      }
    });
  });

  it('tells a user who asks too often to wait, without deferring', async () => {
    await withHarness(
      application(),
      { discord: { rateLimit: { capacity: 1, refillPerMinute: 0.5 } } },
      async ({ fake }) => {
        fake.slashCommand({ name: 'ask', options: askOptions() });
        await fake.waitForCalls('PATCH', originalPath);
        fake.slashCommand({ name: 'ask', options: askOptions('What about pet deposits?') });
        const callbacks = await fake.waitForCalls('POST', callbackPath, 2);
        const limited = callbacks[1]!.body as { type: number; data: Record<string, unknown> };
        expect(limited.type).toBe(4);
        expect(limited.data.flags).toBe(64);
        expect(limited.data.content).toMatch(/wait about 120 seconds/);
        expect(limited.data.allowed_mentions).toMatchObject({ parse: [] });
        // Another user is not affected.
        fake.slashCommand({ name: 'ask', options: askOptions(), user: fake.otherStudent });
        await fake.waitForCalls('PATCH', originalPath, 2);
        expect(
          fake.callsTo('POST', callbackPath).map((call) => (call.body as { type: number }).type),
        ).toEqual([5, 4, 5]);
      },
    );
  });

  it('reports a failure in place of the answer, with the reason', async () => {
    const conversation = new FailingConversation(
      new AmicusError(ErrorCode.ProviderFailure, 'the model server at http://localhost:8080 did not answer'),
    );
    await withHarness(application(), { conversation }, async ({ fake }) => {
      fake.slashCommand({ name: 'ask', options: askOptions() });
      const [edit] = await fake.waitForCalls('PATCH', originalPath);
      const body = edit!.body as Record<string, unknown>;
      expect(body.content).toBe(
        '⚠️ Sorry, I could not answer that: the language model service failed: the model server at http://localhost:8080 did not answer. Please try again later.',
      );
      expect(body.allowed_mentions).toMatchObject({ parse: [] });
    });
  });

  it('reports an unexpected failure with a reference, without internal details', async () => {
    const conversation = new FailingConversation(new Error('SQLITE_CORRUPT: /srv/amicus/data.sqlite'));
    await withHarness(application(), { conversation }, async ({ fake }) => {
      fake.slashCommand({ name: 'ask', options: askOptions() });
      const [edit] = await fake.waitForCalls('PATCH', originalPath);
      const content = (edit!.body as { content: string }).content;
      expect(content).toMatch(
        /^⚠️ Sorry, I could not answer that: an unexpected error occurred \(reference [0-9a-f]{8}\)/,
      );
      expect(content).not.toContain('SQLITE');
    });
  });

  it('refuses outside the channel allowlist, privately and without deferring', async () => {
    await withHarness(
      application(),
      { discord: (fake) => ({ allowedChannels: [fake.otherChannelId] }) },
      async ({ fake }) => {
        fake.slashCommand({ name: 'ask', options: askOptions() });
        const [callback] = await fake.waitForCalls('POST', callbackPath);
        expect(callback?.body).toMatchObject({
          type: 4,
          data: { flags: 64, content: expect.stringContaining('not enabled in this channel') },
        });
        fake.slashCommand({ name: 'ask', options: askOptions(), channelId: fake.otherChannelId });
        await fake.waitForCalls('PATCH', originalPath);
      },
    );
  });

  it('refuses outside the guild allowlist and in direct messages when they are off', async () => {
    await withHarness(
      application(),
      { discord: { allowedGuilds: ['1234567890'], allowDirectMessages: false } },
      async ({ fake }) => {
        fake.slashCommand({ name: 'ask', options: askOptions() });
        fake.slashCommand({ name: 'ask', options: askOptions(), dm: true, channelId: fake.dmChannel() });
        const callbacks = await fake.waitForCalls('POST', callbackPath, 2);
        const contents = callbacks.map((call) => (call.body as { data: { content: string } }).data.content);
        expect(contents).toEqual([
          expect.stringContaining('not enabled in this server'),
          expect.stringContaining('does not answer direct messages'),
        ]);
        expect(fake.callsTo('PATCH', originalPath)).toEqual([]);
      },
    );
  });

  it('answers /ask in a direct message when they are on', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      fake.slashCommand({ name: 'ask', options: askOptions(), dm: true, channelId: fake.dmChannel() });
      const [edit] = await fake.waitForCalls('PATCH', originalPath);
      expect(footerOf(edit!.body as Record<string, unknown>)).toContain(
        application().config.deployment.disclaimer,
      );
    });
  });
});

describe('/amicus-sources', () => {
  it('is refused without an admin role and lists collections with vetting dates with one', async () => {
    await withHarness(
      application(),
      { discord: (fake) => ({ adminRoleIds: [fake.adminRoleId] }) },
      async ({ fake }) => {
        fake.slashCommand({ name: 'amicus-sources', roles: [fake.studentRoleId] });
        const [refusal] = await fake.waitForCalls('POST', callbackPath);
        expect(refusal?.body).toMatchObject({
          type: 4,
          data: { flags: 64, content: expect.stringContaining('you need one of the admin roles') },
        });

        fake.slashCommand({ name: 'amicus-sources', roles: [fake.studentRoleId, fake.adminRoleId] });
        const callbacks = await fake.waitForCalls('POST', callbackPath, 2);
        const listing = callbacks[1]!.body as { type: number; data: Record<string, unknown> };
        expect(listing.type).toBe(4);
        expect(listing.data.flags).toBe(64);
        expect(discordLimitViolations(listing.data)).toEqual([]);
        const text = embedText(listing.data);
        expect(text).toContain('California tenant guide (ca-tenant-guide)');
        expect(text).toContain('guide, US-CA, current to 2025-06-30');
        expect(text).toContain('vetted by fixture reviewers on 2026-11-01');
        expect(text).toContain('Title 99 test code (test-title-99)');
      },
    );
  });

  it('is off when no admin role is configured', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      fake.slashCommand({ name: 'amicus-sources', roles: [fake.adminRoleId] });
      const [refusal] = await fake.waitForCalls('POST', callbackPath);
      expect(refusal?.body).toMatchObject({
        data: { flags: 64, content: expect.stringContaining('No admin roles are configured') },
      });
    });
  });
});
