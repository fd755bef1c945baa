import type { SlackSettings } from './ports.js';

/**
 * Per-channel configuration: the allowlist and the default jurisdiction. Direct messages (and
 * assistant threads, which live in the bot's direct messages) are always allowed: the allowlist
 * is about which shared channels the bot speaks in.
 */
export class ChannelPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly settings: Pick<SlackSettings, 'allowedChannels' | 'channelJurisdictions'>) {
    this.allowed = new Set(settings.allowedChannels);
  }

  isAllowed(channel: string, channelType?: string): boolean {
    if (isDirectMessage(channel, channelType)) return true;
    return this.allowed.size === 0 || this.allowed.has(channel);
  }

  jurisdiction(channel: string): string | undefined {
    return this.settings.channelJurisdictions[channel];
  }
}

/** A one-to-one direct message: channel ids start with `D`, and message events say `im`. */
export function isDirectMessage(channel: string, channelType?: string): boolean {
  return channelType === 'im' || channel.startsWith('D');
}
