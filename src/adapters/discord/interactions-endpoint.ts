import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type REST, Routes } from 'discord.js';
import { z } from 'zod';
import type { CorpusStatus } from '../../application.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import { LocalSeenIds, type SeenIds, type SeenIdsFactory } from '../../core/expiring-set.js';
import type { Logger } from '../../core/logger.js';
import { readLimitedBody, sendJson } from '../shared/plain-responses.js';
import type { DiscordMessage } from './answer-embeds.js';
import { assertDiscordMessage } from './assertions.js';
import type { RawOptionValue } from './commands.js';
import type { DiscordInteractionHandler } from './interaction-handler.js';
import type { IncomingInteraction, InteractionResponder, ResponseOptions } from './interaction-port.js';
import { failureMessage } from './replies.js';

const ephemeralFlag = 64;
/** An interaction's token works for 15 minutes; a replay of its id is refused that long. */
const interactionLifetimeMs = 15 * 60 * 1000;
const threadChannelTypes = new Set([10, 11, 12]);

/** Discord's application public key (64 hex characters) as a key object for Ed25519 checks. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new AmicusError(ErrorCode.ConfigInvalid, 'DISCORD_PUBLIC_KEY must be 64 hexadecimal characters', {
      location: 'DISCORD_PUBLIC_KEY',
    });
  }
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') },
    format: 'jwk',
  });
}

/** Checks `X-Signature-Ed25519` over the timestamp followed by the raw body. */
export function verifyDiscordSignature(
  publicKey: KeyObject,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
): boolean {
  if (signatureHex === undefined || timestamp === undefined || !/^[0-9a-f]{128}$/i.test(signatureHex))
    return false;
  try {
    return verify(
      null,
      Buffer.concat([Buffer.from(timestamp), body]),
      publicKey,
      Buffer.from(signatureHex, 'hex'),
    );
  } catch {
    return false;
  }
}

const optionSchema = z
  .object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean()]).optional() })
  .loose();

/** The parts of an interaction the handler reads, loosely, so new fields from Discord pass. */
const interactionSchema = z
  .object({
    id: z.string().min(1),
    application_id: z.string().min(1),
    type: z.number().int(),
    token: z.string().min(1),
    guild_id: z.string().optional(),
    channel_id: z.string().optional(),
    channel: z
      .object({ id: z.string(), type: z.number().int(), parent_id: z.string().nullish() })
      .loose()
      .optional(),
    member: z
      .object({ user: z.object({ id: z.string() }).loose(), roles: z.array(z.string()) })
      .loose()
      .optional(),
    user: z.object({ id: z.string() }).loose().optional(),
    data: z
      .object({
        name: z.string().optional(),
        custom_id: z.string().optional(),
        options: z.array(optionSchema).optional(),
      })
      .loose()
      .optional(),
    message: z.object({ id: z.string().optional(), flags: z.number().int().optional() }).loose().optional(),
  })
  .loose();
type RawInteraction = z.infer<typeof interactionSchema>;

interface InitialResponse {
  readonly type: number;
  readonly data?: Record<string, unknown>;
}

/** The message as a request body, checked against Discord's limits on its way out (assertions.ts). */
function withFlags(message: DiscordMessage, ephemeral: boolean): Record<string, unknown> {
  assertDiscordMessage(message);
  return ephemeral ? { ...message, flags: ephemeralFlag } : { ...message };
}

/**
 * Answers over HTTP: the first response (reply or deferral) is the HTTP response itself; edits
 * and follow-ups go to the interaction's webhook through REST, which needs no bot token.
 */
class HttpResponder implements InteractionResponder {
  readonly initial: Promise<InitialResponse>;
  private resolveInitial!: (response: InitialResponse) => void;
  private readonly sent: Promise<void>;
  private markSent!: () => void;
  private responded = false;

  constructor(
    private readonly rest: REST,
    private readonly applicationId: string,
    private readonly token: string,
  ) {
    this.initial = new Promise((resolve) => {
      this.resolveInitial = resolve;
    });
    this.sent = new Promise((resolve) => {
      this.markSent = resolve;
    });
  }

  /** Called once the HTTP response has been written. */
  delivered(): void {
    this.markSent();
  }

  private async respond(response: InitialResponse): Promise<void> {
    if (this.responded) throw new Error('The interaction has already been answered');
    this.responded = true;
    this.resolveInitial(response);
    await this.sent;
  }

  reply(message: DiscordMessage, options: ResponseOptions): Promise<void> {
    return this.respond({ type: 4, data: withFlags(message, options.ephemeral) });
  }

  defer(options: ResponseOptions): Promise<void> {
    return this.respond({ type: 5, data: { flags: options.ephemeral ? ephemeralFlag : 0 } });
  }

  async editOriginal(message: DiscordMessage): Promise<void> {
    await this.rest.patch(Routes.webhookMessage(this.applicationId, this.token, '@original'), {
      body: withFlags(message, false),
      auth: false,
    });
  }

  async deleteOriginal(): Promise<void> {
    await this.rest.delete(Routes.webhookMessage(this.applicationId, this.token, '@original'), {
      auth: false,
    });
  }

  async followUp(message: DiscordMessage, options: ResponseOptions): Promise<void> {
    await this.rest.post(Routes.webhook(this.applicationId, this.token), {
      body: withFlags(message, options.ephemeral),
      auth: false,
    });
  }
}

function toIncoming(raw: RawInteraction): IncomingInteraction {
  const options = new Map<string, RawOptionValue>();
  for (const option of raw.data?.options ?? [])
    if (option.value !== undefined) options.set(option.name, option.value);
  const channel = raw.channel;
  const isThread = channel !== undefined && threadChannelTypes.has(channel.type);
  return {
    id: raw.id,
    kind: raw.type === 2 ? 'command' : raw.type === 3 ? 'button' : 'other',
    commandName: raw.type === 2 ? raw.data?.name : undefined,
    customId: raw.type === 3 ? raw.data?.custom_id : undefined,
    options,
    userId: raw.member?.user.id ?? raw.user?.id ?? 'unknown',
    place: {
      guildId: raw.guild_id ?? null,
      channelId: channel?.id ?? raw.channel_id ?? null,
      parentChannelId: isThread ? (channel?.parent_id ?? null) : null,
    },
    memberRoleIds: raw.member?.roles ?? [],
    sourceMessageEphemeral: ((raw.message?.flags ?? 0) & ephemeralFlag) !== 0,
    sourceMessageId: raw.message?.id,
  };
}

export interface InteractionsEndpointOptions {
  /** The application's public key from the developer portal (DISCORD_PUBLIC_KEY). */
  readonly publicKey: string;
  /** For edits and follow-ups (webhook routes, no token needed). */
  readonly rest: REST;
  readonly host?: string;
  readonly port?: number;
  /** Where Discord posts; the Interactions Endpoint URL ends with it (default `/interactions`). */
  readonly path?: string;
  readonly bodyLimitBytes?: number;
  /** Requests signed longer ago than this are refused as replays (default 300 s). */
  readonly maxClockSkewSeconds?: number;
  readonly now?: () => number;
  /**
   * Where interaction ids already received are remembered (default: in this process). Replicas
   * share one (PostgreSQL), so that an interaction reaching a second replica is refused there.
   */
  readonly seenIds?: SeenIdsFactory | undefined;
  /** A replica's corpus generation (PostgreSQL); with it, `GET /healthz` reports it. */
  readonly corpusStatus?: (() => CorpusStatus) | undefined;
}

/**
 * Slash commands and buttons without a gateway connection: Discord posts each interaction to
 * this endpoint, signed with Ed25519. A request without a valid signature, signed more than
 * five minutes from now, or repeating an interaction id already answered gets 401, a PING a
 * PONG, and everything else goes through the same handler as the gateway.
 */
export class DiscordInteractionsEndpoint {
  private readonly publicKey: KeyObject;
  private readonly server: Server;
  private readonly pending = new Set<Promise<void>>();
  private readonly seenInteractions: SeenIds;

  constructor(
    private readonly handler: DiscordInteractionHandler,
    private readonly logger: Logger,
    private readonly options: InteractionsEndpointOptions,
  ) {
    this.publicKey = discordPublicKey(options.publicKey);
    this.seenInteractions =
      options.seenIds?.('discord-interactions', interactionLifetimeMs) ??
      new LocalSeenIds(interactionLifetimeMs, options.now ?? Date.now);
    this.server = createServer((request, response) => {
      this.onRequest(request, response).catch((error: unknown) => {
        this.logger.error({ error: String(error) }, 'interactions endpoint failure');
        if (!response.headersSent) sendJson(request, response, 500, { error: 'internal error' });
      });
    });
  }

  /** Starts listening; resolves with the base URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 8788, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    await this.idle();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    const corpus = this.options.corpusStatus;
    if (corpus && path === '/healthz' && request.method === 'GET') {
      const status = corpus();
      sendJson(request, response, 200, { status: status.status, corpus: status });
      return;
    }
    if (path !== (this.options.path ?? '/interactions')) {
      sendJson(request, response, 404, { error: 'not found' });
      return;
    }
    if (request.method !== 'POST') {
      sendJson(request, response, 405, { error: 'method not allowed' }, { allow: 'POST' });
      return;
    }
    const body = await readLimitedBody(request, this.options.bodyLimitBytes ?? 65_536);
    if (body === undefined) {
      sendJson(request, response, 413, { error: 'body too large' });
      return;
    }
    const signature = header(request, 'x-signature-ed25519');
    const timestamp = header(request, 'x-signature-timestamp');
    if (!verifyDiscordSignature(this.publicKey, signature, timestamp, body) || !this.fresh(timestamp)) {
      sendJson(request, response, 401, { error: 'invalid request signature' });
      return;
    }
    let raw: RawInteraction;
    try {
      raw = interactionSchema.parse(JSON.parse(body.toString('utf8')));
    } catch {
      sendJson(request, response, 400, { error: 'not an interaction' });
      return;
    }
    if (raw.type === 1) {
      sendJson(request, response, 200, { type: 1 });
      return;
    }
    // Only after the signature check, so forged requests cannot fill the memory with ids.
    if (!(await this.seenInteractions.firstSighting(raw.id))) {
      this.logger.warn({ interactionId: raw.id }, 'refused a replayed interaction');
      sendJson(request, response, 401, { error: 'interaction already received' });
      return;
    }
    if (raw.type !== 2 && raw.type !== 3) {
      sendJson(request, response, 400, { error: 'unsupported interaction type' });
      return;
    }
    const responder = new HttpResponder(this.options.rest, raw.application_id, raw.token);
    const handling = this.handler.handle(toIncoming(raw), responder).catch((error: unknown) => {
      this.logger.error({ interactionId: raw.id, error: String(error) }, 'could not answer an interaction');
    });
    this.track(handling);
    const first = await Promise.race([responder.initial, handling.then(() => undefined)]);
    sendJson(
      request,
      response,
      200,
      first ?? { type: 4, data: withFlags(failureMessage(new Error('no response'), raw.id), true) },
      {},
      () => responder.delivered(),
    );
  }

  private fresh(timestamp: string | undefined): boolean {
    const seconds = Number(timestamp);
    if (!Number.isFinite(seconds)) return false;
    const now = (this.options.now ?? Date.now)() / 1000;
    return Math.abs(now - seconds) <= (this.options.maxClockSkewSeconds ?? 300);
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
