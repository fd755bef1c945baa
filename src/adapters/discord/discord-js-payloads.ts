import type { DiscordMessage } from './answer-embeds.js';
import { assertDiscordMessage } from './assertions.js';

/**
 * A rendered message as discord.js options, checked against Discord's limits on its way out
 * (assertions.ts). `allowedMentions: { parse: [] }` is set on every message (discord.js sends
 * it as `allowed_mentions`), and `repliedUser: false` keeps replies from pinging the person
 * replied to.
 */
export function toDiscordJsMessage(message: DiscordMessage) {
  assertDiscordMessage(message);
  return {
    ...(message.content === undefined ? {} : { content: message.content }),
    embeds: message.embeds,
    components: message.components,
    allowedMentions: { parse: [], repliedUser: false },
  };
}
