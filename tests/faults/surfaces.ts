/**
 * The three HTTP surfaces Amicus serves, started for real on 127.0.0.1 over the small ingested
 * fixture: the console/API server (Fastify), the Slack receiver (a Bolt `App` in HTTP mode
 * against the fake Slack Web API) and the Discord interactions endpoint (against the fake
 * Discord REST API). Each comes with the requests a genuine client sends, already signed, so
 * fault tests can send them raw, twice, late, oversized or all at once.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createDiscordRuntime } from '../../src/adapters/discord/discord-runtime.js';
import { DiscordInteractionsEndpoint } from '../../src/adapters/discord/interactions-endpoint.js';
import type { DiscordConversation } from '../../src/adapters/discord/question-runner.js';
import { createDiscordRest } from '../../src/adapters/discord/register-commands.js';
import type { Application } from '../../src/application.js';
import type { AmicusConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { askInteraction } from '../adapters/discord/harness.js';
import { type ServerBase, startTestServer, type TestServer } from '../adapters/http/http-test-server.js';
import {
  mentionEvent,
  type SlackHarness,
  signingSecret,
  slackSignature,
  startSlackHarness,
} from '../adapters/slack/slack-harness.js';
import { FakeDiscord } from '../support/fake-discord.js';
import type { RawRequest } from './raw-http.js';

/**
 * For a `describe`: a surface started before its tests and closed after them. Returns the
 * running surface, to be read inside tests.
 */
export function useSurface<Surface extends { close(): Promise<void> }>(
  start: () => Promise<Surface>,
): () => Surface {
  let surface: Surface | undefined;
  beforeAll(async () => {
    surface = await start();
  });
  afterAll(async () => {
    await surface?.close();
    surface = undefined;
  });
  return () => {
    if (!surface) throw new Error('the surface runs only inside a test');
    return surface;
  };
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

export async function startApiSurface(
  application: ServerBase,
  options: Parameters<typeof startTestServer>[1] = {},
): Promise<TestServer & { readonly port: number }> {
  const server = await startTestServer(application, options);
  return Object.assign(server, { port: server.started.port });
}

export interface SlackSurface {
  readonly harness: SlackHarness;
  readonly port: number;
  readonly path: string;
  close(): Promise<void>;
}

export async function startSlackSurface(
  application: Application,
  options: Omit<Parameters<typeof startSlackHarness>[0], 'application'> = {},
): Promise<SlackSurface> {
  const harness = await startSlackHarness({ application, ...options });
  const url = new URL(harness.eventsUrl);
  return { harness, port: Number(url.port), path: url.pathname, close: () => harness.close() };
}

let slackEvents = 0;

/** A signed Events API request for a mention, as Slack sends it (timestamp: seconds). */
export function slackEventRequest(
  path: string,
  question: string,
  options: { eventId?: string; timestamp?: number; retryNum?: number; user?: string } = {},
): RawRequest & { readonly eventId: string } {
  slackEvents += 1;
  const eventId = options.eventId ?? `Ev0FAULT${String(slackEvents).padStart(6, '0')}`;
  const event = mentionEvent(question, options.user === undefined ? {} : { user: options.user });
  const body = JSON.stringify({
    token: 'unused-verification-token',
    team_id: 'T0AMICUS1',
    api_app_id: 'A0AMICUS',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: event.ts, ...event },
  });
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    eventId,
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(signingSecret, timestamp, body),
      ...(options.retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }),
    },
    body,
  };
}

export interface DiscordSurface {
  readonly fake: FakeDiscord;
  readonly endpoint: DiscordInteractionsEndpoint;
  readonly port: number;
  readonly path: string;
  /** A signed `/ask` interaction; `interaction` is the parsed body. */
  askRequest(
    question: string,
    options?: { id?: string; timestamp?: number; userId?: string },
  ): RawRequest & { readonly interaction: Record<string, unknown> };
  close(): Promise<void>;
}

export async function startDiscordSurface(
  application: Application,
  options: {
    readonly discord?: Partial<AmicusConfig['discord']>;
    readonly conversation?: DiscordConversation;
    readonly now?: () => number;
  } = {},
): Promise<DiscordSurface> {
  const fake = await FakeDiscord.start();
  const pair = generateKeyPairSync('ed25519');
  const privateKey: KeyObject = pair.privateKey;
  const publicKeyHex = Buffer.from(
    pair.publicKey.export({ format: 'jwk' }).x as string,
    'base64url',
  ).toString('hex');
  const config = {
    ...application.config,
    discord: { ...application.config.discord, ...options.discord, restUrl: fake.restUrl },
  };
  const runtime = createDiscordRuntime({
    config,
    logger: silentLogger(),
    feedback: application.feedback,
    store: application.store,
    conversation: options.conversation ?? application.conversation,
  });
  const endpoint = new DiscordInteractionsEndpoint(runtime.interactions, silentLogger(), {
    publicKey: publicKeyHex,
    rest: createDiscordRest(undefined, fake.restUrl),
    port: 0,
    ...(options.now ? { now: options.now } : {}),
  });
  const url = await endpoint.listen();
  return {
    fake,
    endpoint,
    port: portOf(url),
    path: '/interactions',
    askRequest(question, askOptions = {}) {
      const interaction = askInteraction(fake, question, askOptions);
      const body = JSON.stringify(interaction);
      const timestamp = String(askOptions.timestamp ?? Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      return {
        interaction,
        method: 'POST',
        path: '/interactions',
        headers: {
          'content-type': 'application/json',
          'x-signature-ed25519': signature,
          'x-signature-timestamp': timestamp,
        },
        body,
      };
    },
    close: async () => {
      await endpoint.close();
      await fake.close();
    },
  };
}
