import { describe, expect, it } from 'vitest';
import { embedText } from '../../support/fake-discord.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import { footerOf, originalPath, RecordingConversation, withHarness } from './harness.js';

/** Policy replies through real discord.js against the fake Discord. */
const application = useIngestedFixture('amicus-discord-policy-');

const emergency =
  'my landlord is hitting me right now in the hallway. How much security deposit can a landlord charge?';

describe('Discord: emergencies and personal situations', () => {
  it('sends an emergency from a server channel to the asker by direct message, crisis resources first', async () => {
    await withHarness(application(), {}, async ({ fake }) => {
      const mention = fake.messageCreate({
        channelId: fake.generalChannelId,
        content: `<@${fake.bot.id}> ${emergency}`,
        mentionBot: true,
      });
      const [opened] = await fake.waitForCalls('POST', /^\/users\/@me\/channels$/);
      expect(opened?.body).toMatchObject({ recipient_id: fake.student.id });
      const threadId = String(mention.id);
      const [note] = await fake.waitForCalls('POST', new RegExp(`^/channels/${threadId}/messages$`));
      const direct = fake
        .callsTo('POST', /^\/channels\/\d+\/messages$/)
        .filter((call) => !call.path.includes(threadId));
      expect(direct.length).toBeGreaterThan(0);
      const first = direct[0]!.body as Record<string, unknown>;
      const text = embedText(first);
      expect(text.indexOf('911')).toBeGreaterThan(-1);
      expect(text).toContain('988');
      expect(footerOf(direct.at(-1)!.body as Record<string, unknown>)).toContain(
        application().config.deployment.disclaimer,
      );
      const noteText = String((note!.body as { content?: string }).content);
      expect(noteText).toContain('direct message');
      expect(noteText).not.toMatch(/hitting|landlord/);
      expect(fake.unknownRoutes).toEqual([]);
    });
  });

  it("uses a channel's configured audience for /ask", async () => {
    const conversation = new RecordingConversation(application().conversation);
    await withHarness(
      application(),
      { conversation, discord: (fake) => ({ channelAudiences: { [fake.generalChannelId]: 'staff' } }) },
      async ({ fake }) => {
        fake.slashCommand({
          name: 'ask',
          options: [
            {
              name: 'question',
              type: 3,
              value:
                "our client's landlord kept her deposit in March. how long does a landlord have to return a deposit?",
            },
          ],
        });
        await fake.waitForCalls('POST', /^\/webhooks\/\d+\/[^/]+$/);
        expect(conversation.requests[0]?.audience).toBe('staff');
        expect(conversation.answers[0]?.kind).toBe('answer');
        expect(conversation.answers[0]?.notice).toMatch(/professional judgement/);
        expect(fake.callsTo('PATCH', originalPath).length).toBeGreaterThan(0);
      },
    );
  });
});
