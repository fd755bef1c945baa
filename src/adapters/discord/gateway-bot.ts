import { once } from 'node:events';
import { type Client, Events, type Interaction, type Message } from 'discord.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { createDiscordClient } from './client-factory.js';
import {
  createDiscordRuntime,
  type DiscordRuntime,
  type DiscordRuntimeDependencies,
  type DiscordRuntimeOptions,
} from './discord-runtime.js';
import { fromGatewayInteraction } from './gateway-interaction.js';
import { restChannelPoster } from './staff-posts.js';
import { discordStartFailure } from './start-failure.js';

export interface DiscordGatewayBotOptions extends DiscordRuntimeOptions {
  /** A ready-made client; by default one is created from `config.discord`. */
  readonly client?: Client;
  /** How long to wait for the gateway's READY and guilds (default 30 s). */
  readonly readyTimeoutMs?: number;
}

/**
 * Amicus on the Discord gateway through discord.js: slash commands and buttons, @mentions that
 * open a thread, follow-ups in those threads, and direct messages.
 */
export class DiscordGatewayBot {
  readonly client: Client;
  private readonly runtime: DiscordRuntime;
  private readonly logger: Logger;
  private readonly pending = new Set<Promise<void>>();
  private readonly restUrl: string | undefined;

  constructor(
    dependencies: DiscordRuntimeDependencies,
    private readonly options: DiscordGatewayBotOptions = {},
  ) {
    this.logger = dependencies.logger.child({ adapter: 'discord' });
    this.restUrl = dependencies.config.discord.restUrl;
    this.client =
      options.client ??
      createDiscordClient({
        restUrl: dependencies.config.discord.restUrl,
        gatewayUrl: dependencies.config.discord.gatewayUrl,
      });
    this.runtime = createDiscordRuntime(dependencies, {
      ...options,
      staffChannel: options.staffChannel ?? restChannelPoster(this.client.rest),
    });
    this.client.on(Events.InteractionCreate, (interaction) => this.track(this.onInteraction(interaction)));
    this.client.on(Events.MessageCreate, (message) => this.track(this.onMessage(message)));
    this.client.on(Events.Error, (error) =>
      this.logger.error({ error: error.message }, 'discord client error'),
    );
    this.client.on(Events.Warn, (warning) => this.logger.warn({ warning }, 'discord client warning'));
  }

  /** Logs in and resolves once the gateway is ready and the guilds have arrived. */
  async start(token: string): Promise<void> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.options.readyTimeoutMs ?? 30_000);
    const ready = once(this.client, Events.ClientReady, { signal: timeout.signal });
    // A failed login rejects before `ready` is awaited; keep that rejection from going unhandled.
    ready.catch(() => undefined);
    try {
      await this.client.login(token);
      await ready;
    } catch (error) {
      await this.client.destroy();
      if (timeout.signal.aborted) {
        throw new AmicusError(ErrorCode.Timeout, 'The Discord gateway did not become ready in time', {
          cause: error,
        });
      }
      throw discordStartFailure(error, this.restUrl);
    } finally {
      clearTimeout(timer);
      timeout.abort();
    }
    this.logger.info(
      { user: this.client.user?.id, guilds: this.client.guilds.cache.size },
      'connected to the Discord gateway',
    );
  }

  /** Resolves when every interaction and message received so far has been handled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async stop(): Promise<void> {
    await this.idle();
    await this.client.destroy();
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    const adapted = fromGatewayInteraction(interaction);
    if (adapted === undefined) return;
    try {
      await this.runtime.interactions.handle(adapted.incoming, adapted.responder);
    } catch (error) {
      // Discord itself refused a response (expired token, missing access): nothing left to tell.
      this.logger.error(
        { interactionId: interaction.id, error: describe(error) },
        'could not answer an interaction',
      );
    }
  }

  private async onMessage(message: Message): Promise<void> {
    try {
      await this.runtime.messages.handle(message);
    } catch (error) {
      this.logger.error({ messageId: message.id, error: describe(error) }, 'could not answer a message');
    }
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
