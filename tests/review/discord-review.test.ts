/**
 * A 👎 in Discord, through the real discord.js client against the local fake, files the
 * answer in the review queue with its full JSON, surface and no user id.
 */
import { describe, expect, it } from 'vitest';
import {
  callbackPath,
  originalPath,
  RecordingConversation,
  withHarness,
} from '../adapters/discord/harness.js';
import { snowflake } from '../support/fake-discord.js';
import { useIngestedFixture } from '../support/retrieval-fixtures.js';

const application = useIngestedFixture('amicus-discord-review-');

describe('Discord 👎 → review queue', () => {
  it('files the answer as a thumbs-down item', async () => {
    const conversation = new RecordingConversation(application().conversation);
    await withHarness(application(), { conversation }, async ({ fake }) => {
      fake.slashCommand({
        name: 'ask',
        options: [
          { name: 'question', type: 3, value: 'How long does a landlord have to return a security deposit?' },
        ],
      });
      const [edit] = await fake.waitForCalls('PATCH', originalPath);
      const body = edit!.body as Record<string, unknown>;
      const answer = conversation.answers[0]!;
      const message = {
        id: snowflake(),
        channel_id: fake.generalChannelId,
        guild_id: fake.guildId,
        author: fake.bot,
        content: '',
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        embeds: body.embeds,
        components: body.components,
        pinned: false,
        type: 20,
        flags: 0,
        application_id: fake.applicationId,
      };
      fake.buttonClick({ customId: `amicus:fb:down:${answer.id}`, message });
      await fake.waitForCalls('POST', callbackPath, 2);
      await expect
        .poll(async () => (await application().review.queue.list({ reason: 'thumbs-down' })).length)
        .toBe(1);
      const [item] = await application().review.queue.list({ reason: 'thumbs-down' });
      expect(item).toMatchObject({ answerId: answer.id, surface: 'discord', userId: null, status: 'open' });
      expect(item?.answer.sources).toEqual(answer.sources);
    });
  });
});
