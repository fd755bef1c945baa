import { describe, expect, it } from 'vitest';
import { discordLimitViolations, type FakeDiscord, snowflake } from '../../support/fake-discord.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import {
  callbackPath,
  customIdsOf,
  footerOf,
  originalPath,
  RecordingConversation,
  withHarness,
} from './harness.js';

const application = useIngestedFixture('amicus-discord-buttons-');

/** Asks with /ask and returns the answer message as Discord would show it, buttons included. */
async function askAndGetMessage(fake: FakeDiscord, options: { private?: boolean } = {}) {
  const { id } = fake.slashCommand({
    name: 'ask',
    options: [
      { name: 'question', type: 3, value: 'How long does a landlord have to return a security deposit?' },
      ...(options.private ? [{ name: 'private', type: 5, value: true }] : []),
    ],
  });
  const [edit] = await fake.waitForCalls('PATCH', originalPath);
  const body = edit!.body as Record<string, unknown>;
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
    flags: options.private ? 64 : 0,
    application_id: fake.applicationId,
  };
  return { interactionId: id, body, message };
}

describe('follow-up buttons', () => {
  it('answer the suggested question in the same conversation, with a new deferral and edit', async () => {
    const conversation = new RecordingConversation(application().conversation);
    await withHarness(application(), { conversation }, async ({ fake }) => {
      const { interactionId, body, message } = await askAndGetMessage(fake);
      const answer = conversation.answers[0]!;
      const followUpId = customIdsOf(body).find((id) => id.startsWith('amicus:fu:0:'));
      expect(followUpId).toBe(`amicus:fu:0:${answer.id}`);

      const click = fake.buttonClick({ customId: followUpId!, message });
      const edits = await fake.waitForCalls('PATCH', originalPath, 2);
      expect(fake.callsTo('POST', callbackPath)[1]).toMatchObject({
        path: `/interactions/${click.id}/${click.token}/callback`,
        body: { type: 5, data: { flags: 0 } },
      });
      expect(edits[1]?.path).toContain(click.token);
      expect(conversation.requests[1]).toEqual({
        question: answer.followUps[0],
        jurisdiction: undefined,
        thread: { surface: 'discord', threadId: `slash:${interactionId}` },
        // For the review queue: the channel always, the asker's id stored only if turned on.
        channel: fake.generalChannelId,
        askerId: fake.student.id,
        audience: undefined,
      });
      const followUpBody = edits[1]!.body as Record<string, unknown>;
      const embeds = followUpBody.embeds as Array<{ title?: string }>;
      expect(embeds[0]?.title?.replaceAll('\\', '')).toBe(answer.followUps[0]);
      expect(discordLimitViolations(followUpBody)).toEqual([]);
      expect(footerOf(followUpBody)).toContain(application().config.deployment.disclaimer);
    });
  });

  it('stay private when the answer they sit on was private', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      const { body, message } = await askAndGetMessage(fake, { private: true });
      const followUpId = customIdsOf(body).find((id) => id.startsWith('amicus:fu:'))!;
      fake.buttonClick({ customId: followUpId, message });
      await fake.waitForCalls('PATCH', originalPath, 2);
      expect(fake.callsTo('POST', callbackPath)[1]?.body).toEqual({ type: 5, data: { flags: 64 } });
    });
  });

  it('say so when the suggestion has expired', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      const { message } = await askAndGetMessage(fake);
      fake.buttonClick({ customId: 'amicus:fu:1:forgotten-answer', message });
      const callbacks = await fake.waitForCalls('POST', callbackPath, 2);
      expect(callbacks[1]?.body).toMatchObject({
        type: 4,
        data: { flags: 64, content: expect.stringContaining('suggestion has expired') },
      });
    });
  });
});

describe('feedback buttons', () => {
  it('store 👍/👎 against the answer id and thank the user privately', async () => {
    const conversation = new RecordingConversation(application().conversation);
    await withHarness(application(), { conversation }, async ({ fake }) => {
      const { body, message } = await askAndGetMessage(fake);
      const answerId = conversation.answers[0]!.id;
      expect(customIdsOf(body)).toEqual(
        expect.arrayContaining([`amicus:fb:up:${answerId}`, `amicus:fb:down:${answerId}`]),
      );

      fake.buttonClick({ customId: `amicus:fb:down:${answerId}`, message });
      fake.buttonClick({ customId: `amicus:fb:up:${answerId}`, message, user: fake.otherStudent });
      const callbacks = await fake.waitForCalls('POST', callbackPath, 3);
      for (const callback of callbacks.slice(1)) {
        expect(callback.body).toMatchObject({
          type: 4,
          data: { flags: 64, content: expect.stringContaining('feedback'), allowed_mentions: { parse: [] } },
        });
      }
      const stored = await application().feedback.forAnswer(answerId);
      expect(stored.map((entry) => [entry.rating, entry.surface])).toEqual([
        ['down', 'discord'],
        ['up', 'discord'],
      ]);
      expect(stored[0]?.userHash).not.toBe(stored[1]?.userHash);
      expect(stored[0]?.userHash).not.toContain(fake.student.id);
    });
  });
});
