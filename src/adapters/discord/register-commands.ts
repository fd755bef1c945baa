import { type APIApplication, REST, Routes } from 'discord.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import { slashCommands } from './commands.js';

/** A REST client for Discord's API v10 at `restUrl` (default discord.com), with the bot token if given. */
export function createDiscordRest(token: string | undefined, restUrl?: string | undefined): REST {
  const rest = new REST({
    version: '10',
    ...(restUrl === undefined ? {} : { api: restUrl.replace(/\/+$/, '') }),
  });
  if (token !== undefined) rest.setToken(token);
  return rest;
}

/** The configured application id, or the one Discord reports for the bot token. */
export async function resolveApplicationId(rest: REST, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  const application = (await rest.get(Routes.currentApplication())) as Pick<APIApplication, 'id'>;
  return application.id;
}

export interface RegisteredCommands {
  readonly scope: 'global' | 'guild';
  readonly names: readonly string[];
}

/**
 * Registers the slash commands with one PUT, which replaces the whole set (so a removed command
 * disappears). Guild commands appear at once; global ones may take up to an hour.
 */
export async function registerSlashCommands(
  rest: REST,
  target: { readonly applicationId: string; readonly guildId?: string | undefined },
): Promise<RegisteredCommands> {
  const route =
    target.guildId === undefined
      ? Routes.applicationCommands(target.applicationId)
      : Routes.applicationGuildCommands(target.applicationId, target.guildId);
  try {
    await rest.put(route, { body: slashCommands });
  } catch (error) {
    throw new AmicusError(
      ErrorCode.ProviderFailure,
      `Discord refused the slash commands: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return {
    scope: target.guildId === undefined ? 'global' : 'guild',
    names: slashCommands.map((command) => command.name),
  };
}
