import type { DiscordMessage } from '../../answer/renderers/discord.js';

/**
 * A rendered message as discord.js options. `allowedMentions: { parse: [] }` is set on every
 * message (discord.js sends it as `allowed_mentions`), and `repliedUser: false` keeps replies
 * from pinging the person replied to.
 */
export function toDiscordJsMessage(message: DiscordMessage) {
  return {
    ...(message.content === undefined ? {} : { content: message.content }),
    embeds: message.embeds,
    components: message.components,
    allowedMentions: { parse: [], repliedUser: false },
  };
}
