import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { z } from 'zod';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import { formatZodIssues } from '../../core/zod-errors.js';
import { type DiscordMessage, discordLimits } from './answer-embeds.js';

/**
 * Discord's limits as validators, checked where a payload leaves (the gateway responder, the
 * channel sends and the HTTP interactions endpoint), after discord.js's builders
 * (`packages/builders/src/messages/embed/Assertions.ts`): a renderer bug becomes a clear error
 * the user is told about, not a 400 from Discord or a silently truncated answer. The tests
 * check the same limits with their own oracle (tests/support/fake-discord.ts).
 */
const embedFieldSchema = z.object({
  name: z.string().min(1).max(discordLimits.fieldName),
  value: z.string().min(1).max(discordLimits.fieldValue),
  inline: z.boolean().optional(),
});

const embedSchema = z.object({
  title: z.string().min(1).max(discordLimits.title).optional(),
  description: z.string().min(1).max(discordLimits.description).optional(),
  color: z.number().int().min(0).max(0xffffff).optional(),
  fields: z.array(embedFieldSchema).max(discordLimits.fields).optional(),
  footer: z.object({ text: z.string().min(1).max(discordLimits.footerText) }).optional(),
});

const buttonSchema = z.object({
  type: z.literal(ComponentType.Button),
  style: z.enum(ButtonStyle),
  label: z.string().min(1).max(discordLimits.buttonLabel),
  custom_id: z.string().min(1).max(discordLimits.customId),
  emoji: z.object({ name: z.string().min(1) }).optional(),
});

const actionRowSchema = z.object({
  type: z.literal(ComponentType.ActionRow),
  components: z.array(buttonSchema).min(1).max(discordLimits.buttonsPerRow),
});

/** The characters Discord counts towards the 6,000 of all a message's embeds. */
function embedLength(embed: z.infer<typeof embedSchema>): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((total, field) => total + field.name.length + field.value.length, 0)
  );
}

export const discordMessageSchema = z
  .object({
    content: z.string().min(1).max(discordLimits.content).optional(),
    embeds: z.array(embedSchema).max(discordLimits.embedsPerMessage),
    components: z.array(actionRowSchema).max(discordLimits.actionRows),
    // Nothing Amicus sends may ping anyone.
    allowed_mentions: z.object({ parse: z.array(z.never()).max(0) }),
  })
  .superRefine((message, context) => {
    const total = message.embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
    if (total > discordLimits.embedCharacters) {
      context.addIssue({
        code: 'custom',
        path: ['embeds'],
        message: `${total} characters in embeds, more than ${discordLimits.embedCharacters}`,
      });
    }
    if (message.content === undefined && message.embeds.length === 0) {
      context.addIssue({ code: 'custom', path: ['content'], message: 'a message needs content or an embed' });
    }
  });

/** The message unchanged when it keeps every limit; otherwise a `payload_invalid` error naming what breaks. */
export function assertDiscordMessage(message: DiscordMessage): DiscordMessage {
  const checked = discordMessageSchema.safeParse(message);
  if (!checked.success) {
    throw new AmicusError(
      ErrorCode.PayloadInvalid,
      `the Discord message breaks Discord's limits (${formatZodIssues(checked.error)})`,
      { location: 'discord message' },
    );
  }
  return message;
}
