/**
 * "Ask a staff member" and "Share in channel" in Discord, through the real discord.js client
 * against the local fake: the hand-off mentions the moderator role and no one else, and is a
 * review item; a private /ask reply is shared publicly without the asker's personal details.
 */
import { describe, expect, it } from 'vitest';
import {
  callbackPath,
  customIdsOf,
  originalPath,
  RecordingConversation,
  withHarness,
} from '../adapters/discord/harness.js';
import { discordLimitViolations, type FakeDiscord, snowflake } from '../support/fake-discord.js';
import { useIngestedFixture } from '../support/retrieval-fixtures.js';

const application = useIngestedFixture('amicus-discord-staff-');
const depositQuestion = 'How long does a landlord have to return a security deposit?';
const personalQuestion =
  'My name is Maria Lopez, email maria.lopez@example.com, phone 415-555-0134. How long does a landlord have to return a security deposit?';

/** Asks with /ask and returns the answer message as Discord would show it, buttons included. */
async function ask(fake: FakeDiscord, question: string, options: { private?: boolean } = {}) {
  fake.slashCommand({
    name: 'ask',
    options: [
      { name: 'question', type: 3, value: question },
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
  return { body, message };
}

describe('Discord staff buttons', () => {
  it('"Ask a staff member" posts in the staff channel mentioning only the moderator role, and files a hand-off', async () => {
    const conversation = new RecordingConversation(application().conversation);
    await withHarness(
      application(),
      {
        conversation,
        discord: (fake) => ({ staffChannelId: fake.otherChannelId, moderatorRoleId: fake.adminRoleId }),
      },
      async ({ fake }) => {
        const { body, message } = await ask(fake, depositQuestion);
        const answer = conversation.answers[0]!;
        const handOffId = `amicus:ho:0:${answer.id}`;
        expect(customIdsOf(body)).toContain(handOffId);
        // Not private, so nothing to share.
        expect(customIdsOf(body)).not.toContain(`amicus:sh:0:${answer.id}`);

        fake.buttonClick({ customId: handOffId, message });
        const staffPath = new RegExp(`^/channels/${fake.otherChannelId}/messages$`);
        const [post] = await fake.waitForCalls('POST', staffPath);
        const postBody = post!.body as { content: string; allowed_mentions: unknown };
        expect(postBody.allowed_mentions).toEqual({ parse: [], roles: [fake.adminRoleId] });
        expect(postBody.content).toContain(`<@&${fake.adminRoleId}>`);
        expect(postBody.content).toContain(`<@${fake.student.id}>`);
        expect(postBody.content).toContain(
          `https://discord.com/channels/${fake.guildId}/${fake.generalChannelId}/${message.id}`,
        );
        expect(postBody.content).toContain('security deposit');

        const [, note] = await fake.waitForCalls('POST', callbackPath, 2);
        const noteBody = note!.body as { type: number; data: { flags?: number; content: string } };
        expect(noteBody.type).toBe(4);
        expect(noteBody.data.flags).toBe(64);
        expect(noteBody.data.content).toContain('Someone will follow up');

        const items = await application().review.queue.list({ reason: 'hand-off' });
        expect(items).toEqual([
          expect.objectContaining({
            answerId: answer.id,
            surface: 'discord',
            channel: fake.generalChannelId,
          }),
        ]);
        expect(postBody.content).toContain(`#${items[0]!.id}`);
      },
    );
  });

  it('without a staff channel, answers carry no "Ask a staff member" button', async () => {
    const conversation = new RecordingConversation(application().conversation);
    await withHarness(application(), { conversation }, async ({ fake }) => {
      const { body } = await ask(fake, depositQuestion);
      expect(customIdsOf(body).some((id) => id.startsWith('amicus:ho:'))).toBe(false);
    });
  });

  it('"Share in channel" reposts a private /ask reply publicly without personal details', async () => {
    const conversation = new RecordingConversation(application().conversation);
    await withHarness(application(), { conversation }, async ({ fake }) => {
      const { body, message } = await ask(fake, personalQuestion, { private: true });
      const answer = conversation.answers[0]!;
      const shareId = `amicus:sh:0:${answer.id}`;
      expect(customIdsOf(body)).toContain(shareId);

      fake.buttonClick({ customId: shareId, message });
      const [, reply] = await fake.waitForCalls('POST', callbackPath, 2);
      const replyBody = reply!.body as { type: number; data: Record<string, unknown> };
      expect(replyBody.type).toBe(4);
      // Public: no ephemeral flag.
      expect(((replyBody.data.flags as number | undefined) ?? 0) & 64).toBe(0);
      expect(discordLimitViolations(replyBody.data)).toEqual([]);
      const payload = JSON.stringify(replyBody.data);
      for (const detail of ['Maria', 'Lopez', 'maria.lopez@example.com', '415-555-0134'])
        expect(payload).not.toContain(detail);
      const embeds = replyBody.data.embeds as Array<{ title?: string }>;
      // Discord markdown escapes the brackets of the placeholders.
      expect(embeds[0]?.title?.replace(/\\/g, '')).toBe(
        'My name is [name], email [email], phone [phone]. How long does a landlord have to return a security deposit?',
      );
      expect(replyBody.data.content).toContain(`Shared by <@${fake.student.id}>`);
      expect(replyBody.data.allowed_mentions).toMatchObject({ parse: [] });
      expect(customIdsOf(replyBody.data)).not.toContain(shareId);
    });
  });
});
