import { type REST, Routes } from 'discord.js';
import type { Answer } from '../../answer/answer.js';
import { escapeDiscordMarkdown, truncateDiscordText } from './discord-markdown.js';

/**
 * A hand-off post in the staff channel. Unlike every other message Amicus sends, it mentions
 * someone: the moderator role, and only that role (`allowed_mentions.roles`), so neither the
 * asker's mention nor anything in the question can ping anyone else.
 */
export interface StaffPost {
  readonly content: string;
  readonly allowed_mentions: { readonly parse: []; readonly roles: string[] };
}

/** Posts a message in a channel through the bot's REST client (both transports have one). */
export interface DiscordChannelPoster {
  post(channelId: string, message: StaffPost): Promise<void>;
}

export function restChannelPoster(rest: REST): DiscordChannelPoster {
  return {
    post: async (channelId, message) => {
      await rest.post(Routes.channelMessages(channelId), { body: message });
    },
  };
}

/** The review queue (`ReviewQueue`), for hand-offs (review items) and sharing (recorded answers). */
export interface DiscordReview {
  handOff(request: { answerId: string; surface: string; note?: string }): Promise<{ readonly id: number }>;
  recordedAnswer(
    answerId: string,
  ): Promise<{ readonly question: string; readonly answer: Answer } | undefined>;
}

export function handOffPost(post: {
  roleId: string | undefined;
  askerId: string;
  question: string;
  /** A link to the answer's message, when others can open it (not an ephemeral reply). */
  messageUrl: string | undefined;
  channelId: string | null;
  itemId: number;
}): StaffPost {
  const where =
    post.messageUrl !== undefined
      ? `Answer: <${post.messageUrl}>`
      : post.channelId !== null
        ? `Asked privately in <#${post.channelId}>; reply to <@${post.askerId}> directly.`
        : `Reply to <@${post.askerId}> directly.`;
  const question = truncateDiscordText(escapeDiscordMarkdown(post.question), 1200);
  const lines = [
    `${post.roleId === undefined ? '' : `<@&${post.roleId}> `}🙋 <@${post.askerId}> asked for a staff member to follow up.`,
    `**Question:** ${question}`,
    where,
    `Review item #${post.itemId} (\`amicus review show ${post.itemId}\`).`,
  ];
  return {
    content: lines.join('\n'),
    allowed_mentions: { parse: [], roles: post.roleId === undefined ? [] : [post.roleId] },
  };
}
