/**
 * A local fake of Discord for tests that run a real discord.js client: an HTTP server for the
 * REST API (`/api/v10/...`) that records every call, and a WebSocket gateway on the same port
 * that speaks the JSON protocol without compression (HELLO, IDENTIFY, READY, GUILD_CREATE,
 * heartbeat ACKs) and lets a test dispatch INTERACTION_CREATE and MESSAGE_CREATE.
 *
 * Routes it does not know answer 404 and are listed in `unknownRoutes`, so a test notices when
 * discord.js (or the adapter) calls something new.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface RecordedCall {
  readonly method: string;
  /** Path after `/api/v10`, e.g. `/interactions/123/token/callback`. */
  readonly path: string;
  readonly query: string;
  readonly body: unknown;
  readonly authorization: string | undefined;
  readonly at: number;
}

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly global_name: string | null;
  readonly discriminator: string;
  readonly avatar: null;
  readonly bot?: boolean;
}

interface InjectedFailure {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly body: unknown;
}

const discordEpoch = 1_420_070_400_000n;
let sequence = 0n;

/** A snowflake with the current time, unique within the process. */
export function snowflake(): string {
  sequence += 1n;
  return String(((BigInt(Date.now()) - discordEpoch) << 22n) + (sequence % 4096n));
}

function user(username: string, bot = false): FakeUser {
  return {
    id: snowflake(),
    username,
    global_name: username,
    discriminator: '0',
    avatar: null,
    ...(bot ? { bot } : {}),
  };
}

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly unknownRoutes: string[] = [];
  readonly identifies: Array<Record<string, unknown>> = [];
  readonly connectionUrls: string[] = [];

  readonly applicationId = snowflake();
  readonly bot = user('Amicus', true);
  readonly student = user('student');
  readonly otherStudent = user('classmate');
  readonly guildId = snowflake();
  readonly generalChannelId = snowflake();
  readonly otherChannelId = snowflake();
  readonly adminRoleId = snowflake();
  readonly studentRoleId = snowflake();
  readonly commandIds = { ask: snowflake(), sources: snowflake() };

  /** What `GET /gateway/bot` returns as the gateway address (default: this fake's gateway). */
  gatewayBotUrl: string | undefined;

  private readonly sockets = new Set<WebSocket>();
  private readonly failures: InjectedFailure[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly channelTypes = new Map<string, number>();
  private readonly interactionChannels = new Map<string, string>();
  private dispatchSequence = 0;

  private constructor(
    private readonly server: Server,
    private readonly gateway: WebSocketServer,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeDiscord> {
    const server = createServer();
    const gateway = new WebSocketServer({ server, path: '/gateway' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeDiscord(server, gateway, (server.address() as AddressInfo).port);
    server.on('request', (request, response) => {
      fake.onRequest(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: String(error), code: 0 }));
      });
    });
    gateway.on('connection', (socket, request) => fake.onConnection(socket, request));
    fake.channelTypes.set(fake.generalChannelId, 0);
    fake.channelTypes.set(fake.otherChannelId, 0);
    return fake;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forgets recorded calls (not the gateway state). */
  reset(): void {
    this.calls.length = 0;
    this.unknownRoutes.length = 0;
  }

  /** Makes the next call matching `method` and `path` fail with `status`. */
  failNext(
    method: string,
    path: RegExp,
    status: number,
    body: unknown = { message: 'Missing Permissions', code: 50013 },
  ) {
    this.failures.push({ method, path, status, body });
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && path.test(call.path));
  }

  /** Waits until `predicate` holds over the recorded calls. */
  async waitFor<Result>(
    predicate: (calls: readonly RecordedCall[]) => Result | undefined | false,
    timeoutMs = 15_000,
  ): Promise<Result> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = predicate(this.calls);
      if (result !== undefined && result !== false) return result;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `Timed out waiting for Discord calls; recorded: ${this.calls.map((call) => `${call.method} ${call.path}`).join(', ')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(remaining, 200));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  /** Waits for `count` calls matching `method` and `path`, and returns them. */
  waitForCalls(method: string, path: RegExp, count = 1, timeoutMs?: number): Promise<RecordedCall[]> {
    return this.waitFor((calls) => {
      const matching = calls.filter((call) => call.method === method && path.test(call.path));
      return matching.length >= count ? matching : undefined;
    }, timeoutMs);
  }

  // -------------------------------------------------------------------------------------------
  // Gateway

  /** Sends a dispatch (op 0) to every connected client. */
  dispatch(type: string, data: unknown): void {
    this.dispatchSequence += 1;
    const frame = JSON.stringify({ op: 0, s: this.dispatchSequence, t: type, d: data });
    for (const socket of this.sockets) socket.send(frame);
  }

  /** Dispatches a `/command` from a member of the test guild (or, with `dm`, from a DM). */
  slashCommand(options: {
    name: string;
    options?: Array<{ name: string; type: number; value: string | number | boolean }>;
    user?: FakeUser;
    channelId?: string;
    roles?: string[];
    dm?: boolean;
  }): { id: string; token: string } {
    const id = snowflake();
    const token = `token-${id}`;
    const from = options.user ?? this.student;
    const base = this.interactionBase(id, token, from, options.channelId, options.roles, options.dm === true);
    this.dispatch('INTERACTION_CREATE', {
      ...base,
      type: 2,
      data: {
        id: options.name === 'ask' ? this.commandIds.ask : this.commandIds.sources,
        name: options.name,
        type: 1,
        ...(options.options ? { options: options.options } : {}),
      },
    });
    return { id, token };
  }

  /** Dispatches a click on a button of `message` (a message object this fake returned). */
  buttonClick(options: {
    customId: string;
    message: Record<string, unknown>;
    user?: FakeUser;
    channelId?: string;
  }): { id: string; token: string } {
    const id = snowflake();
    const token = `token-${id}`;
    const base = this.interactionBase(
      id,
      token,
      options.user ?? this.student,
      options.channelId,
      undefined,
      false,
    );
    this.dispatch('INTERACTION_CREATE', {
      ...base,
      type: 3,
      message: options.message,
      data: { custom_id: options.customId, component_type: 2 },
    });
    return { id, token };
  }

  /** Dispatches a message from a user in a guild channel or thread (or a DM channel with `dm`). */
  messageCreate(options: {
    content: string;
    channelId: string;
    user?: FakeUser;
    mentionBot?: boolean;
    dm?: boolean;
  }): Record<string, unknown> {
    const author = options.user ?? this.student;
    const message = {
      id: snowflake(),
      channel_id: options.channelId,
      ...(options.dm
        ? { channel_type: 1 }
        : {
            guild_id: this.guildId,
            member: this.member(author, [this.studentRoleId]),
            channel_type: this.channelTypes.get(options.channelId) ?? 0,
          }),
      author,
      content: options.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: options.mentionBot ? [{ ...this.bot }] : [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
    };
    this.dispatch('MESSAGE_CREATE', message);
    return message;
  }

  /** Announces a thread the bot did not create (a thread it has never answered in). */
  threadCreate(parentId: string, name = 'a thread'): string {
    const thread = this.threadChannel(snowflake(), parentId, name, this.student.id);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return thread.id;
  }

  private interactionBase(
    id: string,
    token: string,
    from: FakeUser,
    channelId: string | undefined,
    roles: string[] | undefined,
    dm: boolean,
  ) {
    const channel = channelId ?? this.generalChannelId;
    this.interactionChannels.set(token, channel);
    const common = {
      id,
      application_id: this.applicationId,
      token,
      version: 1,
      app_permissions: '2251799813685247',
      locale: 'en-US',
      entitlements: [],
      attachment_size_limit: 8_388_608,
      channel_id: channel,
    };
    if (dm) {
      return {
        ...common,
        user: from,
        channel: { id: channel, type: 1, recipients: [from], last_message_id: null, flags: 0 },
        authorizing_integration_owners: { '1': from.id },
        context: 1,
      };
    }
    const type = this.channelTypes.get(channel) ?? 0;
    return {
      ...common,
      guild_id: this.guildId,
      guild_locale: 'en-US',
      guild: { id: this.guildId, locale: 'en-US', features: [] },
      member: this.member(from, roles ?? [this.studentRoleId]),
      channel:
        type === 11
          ? this.threadChannel(channel, this.generalChannelId, 'thread', this.bot.id)
          : this.textChannel(channel, 'general'),
      authorizing_integration_owners: { '0': this.guildId },
      context: 0,
    };
  }

  private member(from: FakeUser, roles: string[]) {
    return {
      user: from,
      roles,
      permissions: '2251799813685247',
      joined_at: new Date(Date.now() - 86_400_000).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
      communication_disabled_until: null,
    };
  }

  private textChannel(id: string, name: string) {
    return {
      id,
      type: 0,
      guild_id: this.guildId,
      name,
      position: 0,
      permission_overwrites: [],
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      parent_id: null,
      default_auto_archive_duration: 1440,
      flags: 0,
    };
  }

  private threadChannel(id: string, parentId: string, name: string, ownerId: string) {
    this.channelTypes.set(id, 11);
    return {
      id,
      type: 11,
      guild_id: this.guildId,
      parent_id: parentId,
      owner_id: ownerId,
      name,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
        create_timestamp: new Date().toISOString(),
      },
    };
  }

  private guildCreate() {
    const everyone = { id: this.guildId, name: '@everyone', permissions: '2248473465835073', position: 0 };
    const role = (id: string, name: string, position: number) => ({
      id,
      name,
      permissions: '0',
      position,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    });
    return {
      id: this.guildId,
      name: 'Law School',
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: this.otherStudent.id,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        { ...role(this.guildId, '@everyone', 0), ...everyone },
        role(this.adminRoleId, 'Amicus admins', 2),
        role(this.studentRoleId, 'Students', 1),
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      joined_at: new Date(Date.now() - 86_400_000).toISOString(),
      large: false,
      unavailable: false,
      member_count: 3,
      voice_states: [],
      members: [this.member(this.bot, [])],
      channels: [
        this.textChannel(this.generalChannelId, 'general'),
        this.textChannel(this.otherChannelId, 'off-topic'),
      ],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    this.sockets.add(socket);
    this.connectionUrls.push(request.url ?? '');
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    socket.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('The fake gateway speaks JSON text frames only');
      const payload = JSON.parse(String(data)) as { op: number; d: Record<string, unknown> };
      if (payload.op === 1) {
        socket.send(JSON.stringify({ op: 11 }));
      } else if (payload.op === 2) {
        this.identifies.push(payload.d);
        this.dispatch('READY', {
          v: 10,
          user: { ...this.bot, verified: true, mfa_enabled: false, flags: 0 },
          guilds: [{ id: this.guildId, unavailable: true }],
          session_id: `session-${snowflake()}`,
          resume_gateway_url: this.gatewayUrl,
          shard: [0, 1],
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
        });
        this.dispatch('GUILD_CREATE', this.guildCreate());
      }
    });
  }

  // -------------------------------------------------------------------------------------------
  // REST

  private messageObject(
    channelId: string,
    body: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) {
    return {
      id: snowflake(),
      channel_id: channelId,
      author: this.bot,
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      pinned: false,
      type: 0,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...extra,
    };
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${this.port}`);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text.length > 0 ? text : undefined;
    if (text.length > 0 && request.headers['content-type']?.startsWith('application/json'))
      body = JSON.parse(text);
    const method = request.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const authorization = request.headers.authorization;
    this.calls.push({ method, path, query: url.search, body, authorization, at: Date.now() });
    for (const wake of this.waiters) wake();
    this.waiters.clear();

    const send = (status: number, payload?: unknown) => {
      if (payload === undefined) {
        response.writeHead(status);
        response.end();
        return;
      }
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    const failure = this.failures.findIndex(
      (candidate) => candidate.method === method && candidate.path.test(path),
    );
    if (failure >= 0) {
      const [injected] = this.failures.splice(failure, 1);
      send(injected!.status, injected!.body);
      return;
    }
    const json = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.path.exec(path);
      if (match === null) continue;
      const [status, payload] = route.answer(match.slice(1) as string[], json, body);
      send(status, payload);
      return;
    }
    this.unknown(method, path, send);
  }

  /** The REST routes the fake answers: method, path pattern, and the answer from the captures and body. */
  private readonly routes: ReadonlyArray<{
    readonly method: string;
    readonly path: RegExp;
    answer(captures: string[], json: Record<string, unknown>, body: unknown): [number, unknown?];
  }> = [
    {
      method: 'GET',
      path: /^\/gateway\/bot$/,
      answer: () => [
        200,
        {
          url: this.gatewayBotUrl ?? this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      ],
    },
    { method: 'GET', path: /^\/users\/@me$/, answer: () => [200, this.bot] },
    {
      method: 'GET',
      path: /^\/applications\/@me$/,
      answer: () => [200, { id: this.applicationId, name: 'Amicus', flags: 0, bot: this.bot }],
    },
    { method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, answer: () => [204] },
    {
      method: 'PATCH',
      path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
      answer: ([applicationId, token], json) => [200, this.webhookMessage(applicationId!, token!, json)],
    },
    {
      method: 'GET',
      path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
      answer: ([applicationId, token]) => [200, this.webhookMessage(applicationId!, token!, {})],
    },
    { method: 'DELETE', path: /^\/webhooks\/\d+\/[^/]+\/messages\/(@original|\d+)$/, answer: () => [204] },
    {
      method: 'POST',
      path: /^\/webhooks\/(\d+)\/([^/]+)$/,
      answer: ([applicationId, token], json) => [200, this.webhookMessage(applicationId!, token!, json)],
    },
    {
      method: 'POST',
      path: /^\/channels\/(\d+)\/messages$/,
      answer: ([channelId], json) => [
        200,
        this.messageObject(
          channelId!,
          json,
          this.channelTypes.get(channelId!) === 1 ? {} : { guild_id: this.guildId },
        ),
      ],
    },
    {
      method: 'POST',
      path: /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/,
      // Discord gives a thread started from a message the message's id.
      answer: ([channelId, messageId], json) => [
        201,
        this.threadChannel(
          messageId!,
          channelId!,
          typeof json.name === 'string' ? json.name : 'thread',
          this.bot.id,
        ),
      ],
    },
    { method: 'POST', path: /^\/channels\/\d+\/typing$/, answer: () => [204] },
    {
      method: 'POST',
      path: /^\/users\/@me\/channels$/,
      // Opening a direct message with a user: a DM channel the fake then accepts messages in.
      answer: (_captures, json) => {
        const channel = this.dmChannel();
        const recipient = [this.student, this.otherStudent].find((known) => known.id === json.recipient_id);
        return [
          200,
          { id: channel, type: 1, recipients: recipient ? [recipient] : [], last_message_id: null, flags: 0 },
        ];
      },
    },
    {
      method: 'PUT',
      path: /^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/,
      answer: ([applicationId, guildId], _json, body) => [
        200,
        (Array.isArray(body) ? body : []).map((command: Record<string, unknown>) => ({
          ...command,
          id: snowflake(),
          application_id: applicationId,
          version: snowflake(),
          ...(guildId ? { guild_id: guildId } : {}),
        })),
      ],
    },
  ];

  private webhookMessage(applicationId: string, token: string, json: Record<string, unknown>) {
    const channelId = this.interactionChannels.get(token) ?? this.generalChannelId;
    return this.messageObject(channelId, json, { application_id: applicationId, webhook_id: applicationId });
  }

  private unknown(method: string, path: string, send: (status: number, payload?: unknown) => void): void {
    this.unknownRoutes.push(`${method} ${path}`);
    send(404, { message: '404: Not Found', code: 0 });
  }

  /** A DM channel id the fake knows, for `messageCreate({ dm: true })`. */
  dmChannel(): string {
    const id = snowflake();
    this.channelTypes.set(id, 1);
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// Limits, checked independently of the renderer's own code.

export interface EmbedLike {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
  author?: { name: string };
}

/** Everything in a message body that breaks one of Discord's documented limits. */
export function discordLimitViolations(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const embeds = (Array.isArray(body.embeds) ? body.embeds : []) as EmbedLike[];
  if (embeds.length > 10) problems.push(`${embeds.length} embeds`);
  if (typeof body.content === 'string' && body.content.length > 2000) problems.push('content over 2,000');
  let total = 0;
  for (const [index, embed] of embeds.entries()) {
    const at = `embed ${index}`;
    if ((embed.title?.length ?? 0) > 256) problems.push(`${at}: title over 256`);
    if ((embed.description?.length ?? 0) > 4096) problems.push(`${at}: description over 4,096`);
    if ((embed.footer?.text.length ?? 0) > 2048) problems.push(`${at}: footer over 2,048`);
    if ((embed.fields?.length ?? 0) > 25) problems.push(`${at}: ${embed.fields?.length} fields`);
    for (const field of embed.fields ?? []) {
      if (field.name.length === 0 || field.name.length > 256)
        problems.push(`${at}: field name length ${field.name.length}`);
      if (field.value.length === 0 || field.value.length > 1024)
        problems.push(`${at}: field value length ${field.value.length}`);
    }
    total +=
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0) +
      (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  }
  if (total > 6000) problems.push(`embeds total ${total} characters`);
  const rows = (Array.isArray(body.components) ? body.components : []) as Array<{
    components: Array<{ custom_id?: string; label?: string }>;
  }>;
  if (rows.length > 5) problems.push(`${rows.length} action rows`);
  for (const row of rows) {
    if (row.components.length > 5) problems.push(`${row.components.length} buttons in a row`);
    for (const button of row.components) {
      if ((button.custom_id?.length ?? 0) > 100) problems.push(`custom_id over 100: ${button.custom_id}`);
      if ((button.label?.length ?? 0) > 80) problems.push(`label over 80: ${button.label}`);
    }
  }
  return problems;
}

/** All the visible text of a message body's embeds, footer included. */
export function embedText(body: Record<string, unknown>): string {
  const embeds = (Array.isArray(body.embeds) ? body.embeds : []) as EmbedLike[];
  return embeds
    .flatMap((embed) => [
      embed.title ?? '',
      embed.description ?? '',
      ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
      embed.footer?.text ?? '',
    ])
    .join('\n');
}
