import {
  type APIGatewayBotInfo,
  Client,
  DefaultRestOptions,
  GatewayIntentBits,
  Partials,
  type RESTOptions,
  type ResponseLike,
  SimpleShardingStrategy,
} from 'discord.js';

/**
 * Gateway intents Amicus needs: guilds (channels, threads, roles), guild messages and their
 * content (the privileged Message Content intent, for follow-ups in threads without a mention),
 * and direct messages.
 */
export const discordIntents = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.DirectMessages,
] as const;

export interface DiscordClientSettings {
  /** Discord's REST base, e.g. `https://discord.com/api` (the default); tests point it at a fake. */
  readonly restUrl?: string | undefined;
  /** Overrides the gateway address that `GET /gateway/bot` returns; tests only. */
  readonly gatewayUrl?: string | undefined;
}

/**
 * A discord.js client for Amicus. REST goes to `restUrl` (API v10). The gateway address comes
 * from `GET /gateway/bot`, as discord.js always does, unless `gatewayUrl` overrides the answer.
 * The gateway speaks JSON without zlib compression: discord.js 14 only compresses when the
 * optional `zlib-sync` package is installed, and the sharding strategy below turns it off even
 * then, so a local fake gateway can read every frame.
 */
export function createDiscordClient(settings: DiscordClientSettings = {}): Client {
  const rest: Partial<RESTOptions> = { version: '10' };
  if (settings.restUrl !== undefined) rest.api = settings.restUrl.replace(/\/+$/, '');
  if (settings.gatewayUrl !== undefined) rest.makeRequest = withGatewayUrl(settings.gatewayUrl);
  return new Client({
    intents: [...discordIntents],
    // Direct-message channels are not cached before their first message; without the Channel
    // partial discord.js would drop those messages.
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    rest,
    ws: {
      buildStrategy: (manager) => {
        manager.options.compression = null;
        return new SimpleShardingStrategy(manager);
      },
    },
  });
}

/** A REST transport that rewrites the `url` of `GET /gateway/bot`. */
function withGatewayUrl(gatewayUrl: string): RESTOptions['makeRequest'] {
  return async (url, init) => {
    const response = await DefaultRestOptions.makeRequest(url, init);
    if (!response.ok || !new URL(url).pathname.endsWith('/gateway/bot')) return response;
    const information = (await response.json()) as APIGatewayBotInfo;
    const rewritten = new Response(JSON.stringify({ ...information, url: gatewayUrl }), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
    const like: ResponseLike = {
      body: null,
      bodyUsed: false,
      headers: rewritten.headers,
      ok: rewritten.ok,
      status: rewritten.status,
      statusText: rewritten.statusText,
      arrayBuffer: () => rewritten.arrayBuffer(),
      json: () => rewritten.json(),
      text: () => rewritten.text(),
    };
    return like;
  };
}
