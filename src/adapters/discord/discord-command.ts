import { type Command, InvalidArgumentError } from 'commander';
import { openConfiguredApplication } from '../../application.js';
import { readSecrets, type Secrets } from '../../core/config.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import type { CommandContext } from '../shared/command-context.js';
import { createDiscordRuntime } from './discord-runtime.js';
import { DiscordGatewayBot } from './gateway-bot.js';
import { DiscordInteractionsEndpoint } from './interactions-endpoint.js';
import { createDiscordRest, registerSlashCommands, resolveApplicationId } from './register-commands.js';
import { restChannelPoster } from './staff-posts.js';
import { discordStartFailure } from './start-failure.js';

export interface DiscordCommandOptions {
  /** Resolves when a long-running command should stop (default: SIGINT or SIGTERM). */
  readonly untilStopped?: () => Promise<unknown>;
  /** Secrets (default: read from the environment). */
  readonly secrets?: () => Secrets;
}

function requireSecret(value: string | undefined, name: string, purpose: string): string {
  if (value === undefined) {
    throw new AmicusError(ErrorCode.ConfigInvalid, `${name} is not set: ${purpose}`, { location: name });
  }
  return value;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError('not a port number');
  return port;
}

/**
 * `amicus discord` (the gateway bot), `amicus discord register [--guild <id>]` (slash commands
 * through REST) and `amicus discord interactions` (the Ed25519-verified HTTP endpoint).
 */
export function registerDiscordCommand(
  program: Command,
  context: CommandContext,
  options: DiscordCommandOptions = {},
): void {
  const untilStopped = options.untilStopped ?? untilSignal;
  const secrets = options.secrets ?? (() => readSecrets());

  const discord = program
    .command('discord')
    .description('run Amicus as a Discord bot on the gateway (needs DISCORD_TOKEN)')
    .action(async () => {
      const config = context.loadConfig();
      const secretValues = secrets();
      const token = requireBotToken(secretValues);
      const application = await openConfiguredApplication(config, { secrets: secretValues, follow: true });
      try {
        const bot = new DiscordGatewayBot({ ...application, reviewQueue: application.review.queue });
        await bot.start(token);
        context.output.out(
          `${config.deployment.name} is connected to Discord as ${bot.client.user?.tag ?? 'the bot'} in ${bot.client.guilds.cache.size} server(s). Press Ctrl+C to stop.`,
        );
        await untilStopped();
        await bot.stop();
      } finally {
        await application.close();
      }
    });

  discord
    .command('register')
    .description(
      'register the slash commands (/ask, /amicus-sources) globally, or in one server with --guild',
    )
    .option('--guild <id>', 'register in this server only (appears at once; global takes up to an hour)')
    .action(async (commandOptions: { guild?: string }) => {
      const config = context.loadConfig();
      const secretValues = secrets();
      const token = requireBotToken(secretValues);
      const rest = createDiscordRest(token, config.discord.restUrl);
      let registered: Awaited<ReturnType<typeof registerSlashCommands>>;
      try {
        const applicationId = await resolveApplicationId(rest, secretValues.discordApplicationId);
        registered = await registerSlashCommands(rest, { applicationId, guildId: commandOptions.guild });
      } catch (error) {
        throw discordStartFailure(error, config.discord.restUrl);
      }
      const names = registered.names.map((name) => `/${name}`).join(', ');
      context.output.out(
        registered.scope === 'guild'
          ? `Registered ${names} in server ${commandOptions.guild}.`
          : `Registered ${names} globally; Discord may take up to an hour to show them everywhere.`,
      );
    });

  discord
    .command('interactions')
    .description('serve slash commands over HTTP (Ed25519-verified) instead of a gateway connection')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', parsePort, 8788)
    .action(async (commandOptions: { host: string; port: number }) => {
      const config = context.loadConfig();
      const secretValues = secrets();
      const publicKey = requireSecret(
        secretValues.discordPublicKey,
        'DISCORD_PUBLIC_KEY',
        'the application public key from the developer portal',
      );
      const application = await openConfiguredApplication(config, { secrets: secretValues, follow: true });
      try {
        const rest = createDiscordRest(secretValues.discordToken, config.discord.restUrl);
        const runtime = createDiscordRuntime(
          { ...application, reviewQueue: application.review.queue },
          { staffChannel: restChannelPoster(rest), rateLimiters: application.shared.rateLimiters },
        );
        const endpoint = new DiscordInteractionsEndpoint(runtime.interactions, application.logger, {
          publicKey,
          rest,
          host: commandOptions.host,
          port: commandOptions.port,
          seenIds: application.shared.seenIds,
          corpusStatus: application.corpusStatus,
        });
        const url = await endpoint.listen();
        context.output.out(
          `Discord interactions endpoint listening on ${url}/interactions. Put it behind HTTPS and set it as the Interactions Endpoint URL. Press Ctrl+C to stop.`,
        );
        await untilStopped();
        await endpoint.close();
      } finally {
        await application.close();
      }
    });
}

/** The gateway and command registration both need the bot token. */
function requireBotToken(secretValues: Secrets): string {
  return requireSecret(secretValues.discordToken, 'DISCORD_TOKEN', 'the bot token from the developer portal');
}
