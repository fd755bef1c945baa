import type { AmicusConfig, Audience } from '../../core/config.js';

export type DiscordSettings = AmicusConfig['discord'];

/** Where a question was asked. */
export interface DiscordPlace {
  /** Null in a direct message. */
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** The channel a thread belongs to; null outside threads. */
  readonly parentChannelId: string | null;
}

export type AccessDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string };

/** Guild and channel allowlists, and whether direct messages are on. A thread counts as its parent channel. */
export function checkPlace(settings: DiscordSettings, place: DiscordPlace): AccessDecision {
  if (place.guildId === null) {
    return settings.allowDirectMessages
      ? { allowed: true }
      : {
          allowed: false,
          reason: 'Amicus does not answer direct messages here. Ask in a server channel where it is enabled.',
        };
  }
  if (settings.allowedGuilds.length > 0 && !settings.allowedGuilds.includes(place.guildId)) {
    return { allowed: false, reason: 'Amicus is not enabled in this server.' };
  }
  if (settings.allowedChannels.length > 0) {
    const channels = [place.channelId, place.parentChannelId].filter((id): id is string => id !== null);
    if (!channels.some((id) => settings.allowedChannels.includes(id))) {
      return {
        allowed: false,
        reason:
          'Amicus is not enabled in this channel. Ask in one of the channels where it answers questions.',
      };
    }
  }
  return { allowed: true };
}

/**
 * The audience configured for where a question was asked (`discord.channelAudiences`): the
 * channel's, else its parent channel's for a thread; undefined for the deployment's.
 */
export function channelAudience(settings: DiscordSettings, place: DiscordPlace): Audience | undefined {
  const audiences = settings.channelAudiences ?? {};
  for (const id of [place.channelId, place.parentChannelId]) {
    if (id !== null && audiences[id] !== undefined) return audiences[id];
  }
  return undefined;
}

/** Admin commands need one of the configured roles; with none configured, nobody is an admin. */
export function checkAdmin(settings: DiscordSettings, memberRoleIds: readonly string[]): AccessDecision {
  if (settings.adminRoleIds.length === 0) {
    return {
      allowed: false,
      reason: 'No admin roles are configured for Amicus (discord.adminRoleIds), so admin commands are off.',
    };
  }
  return settings.adminRoleIds.some((role) => memberRoleIds.includes(role))
    ? { allowed: true }
    : {
        allowed: false,
        reason: 'This command is for Amicus admins: you need one of the admin roles to use it.',
      };
}
