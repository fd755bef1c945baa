import type { Audience } from '../../core/config.js';
import type { SlackSettings } from './ports.js';

/**
 * Per-channel configuration: the allowlist, the default jurisdiction and the audience (who asks
 * there: `public`, `students` or `staff`; unlisted channels use the deployment's). Direct messages (and
 * assistant threads, which live in the bot's direct messages) are always allowed: the allowlist
 * is about which shared channels the bot speaks in.
 */
export class ChannelPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    private readonly settings: Pick<SlackSettings, 'allowedChannels' | 'channelJurisdictions'> &
      Partial<Pick<SlackSettings, 'channelAudiences'>>,
  ) {
    this.allowed = new Set(settings.allowedChannels);
  }

  isAllowed(channel: string, channelType?: string): boolean {
    if (isDirectMessage(channel, channelType)) return true;
    return this.allowed.size === 0 || this.allowed.has(channel);
  }

  jurisdiction(channel: string): string | undefined {
    return this.settings.channelJurisdictions[channel];
  }

  /** The channel's audience, or undefined for the deployment's. */
  audience(channel: string): Audience | undefined {
    return this.settings.channelAudiences?.[channel];
  }
}

/** A one-to-one direct message: channel ids start with `D`, and message events say `im`. */
export function isDirectMessage(channel: string, channelType?: string): boolean {
  return channelType === 'im' || channel.startsWith('D');
}
