import { AmicusError, ErrorCode } from '../../core/errors.js';
import { unreachableReason } from '../../core/network-errors.js';

export const defaultDiscordRestUrl = 'https://discord.com/api';

/**
 * Why connecting to Discord (or registering commands) failed, told truthfully: nothing
 * answered at the REST address (network, DNS, timeout), Discord refused the bot token (HTTP
 * 401, which discord.js turns into "An invalid token was provided"), or Discord answered with
 * another failure.
 */
export function discordStartFailure(error: unknown, restUrl: string | undefined): AmicusError {
  if (error instanceof AmicusError) return error;
  const address = restUrl ?? defaultDiscordRestUrl;
  const unreachable = unreachableReason(error);
  if (unreachable !== undefined) {
    return new AmicusError(
      ErrorCode.ProviderFailure,
      `Could not reach Discord at ${address} (${unreachable}); check the network connection${restUrl === undefined ? '' : ' and discord.restUrl'}`,
      { cause: error, location: 'discord.restUrl' },
    );
  }
  const { code, status } = error as { code?: unknown; status?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'TokenInvalid' || status === 401) {
    return new AmicusError(
      ErrorCode.ConfigInvalid,
      `Discord rejected the bot token (${message}); check DISCORD_TOKEN`,
      { cause: error, location: 'DISCORD_TOKEN' },
    );
  }
  if (status === 403) {
    return new AmicusError(
      ErrorCode.ConfigInvalid,
      `Discord refused the request with this bot token (${message}); check the application's permissions and DISCORD_APPLICATION_ID`,
      { cause: error, location: 'DISCORD_TOKEN' },
    );
  }
  const what = typeof status === 'number' ? `HTTP ${status}: ${message}` : message;
  return new AmicusError(
    ErrorCode.ProviderFailure,
    `Discord at ${address} failed (${what}); try again shortly`,
    {
      cause: error,
    },
  );
}
