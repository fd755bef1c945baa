/**
 * Starts a real discord.js client (through `DiscordGatewayBot`) against the local fake of
 * Discord, on an application with the small ingested fixture corpus.
 */

import { DiscordGatewayBot } from '../../../src/adapters/discord/gateway-bot.js';
import type { DiscordConversation } from '../../../src/adapters/discord/question-runner.js';
import type { Answer } from '../../../src/answer/answer.js';
import type { Application } from '../../../src/application.js';
import type { ConversationRequest, ThreadReference } from '../../../src/conversation/conversation.js';
import type { AmicusConfig } from '../../../src/core/config.js';
import { type Logger, silentLogger } from '../../../src/core/logger.js';
import { FakeDiscord, type RecordedCall, snowflake } from '../../support/fake-discord.js';

export const botToken = 'test-bot-token.NOT.a-real-one';

export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: DiscordGatewayBot;
  readonly config: AmicusConfig;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Discord settings, possibly using the fake's ids (guild, channels, roles). */
  readonly discord?:
    | Partial<AmicusConfig['discord']>
    | ((fake: FakeDiscord) => Partial<AmicusConfig['discord']>);
  readonly deployment?: Partial<AmicusConfig['deployment']>;
  /** Replaces the application's conversation, e.g. with one that fails. */
  readonly conversation?: DiscordConversation;
  readonly now?: () => number;
  readonly logger?: Logger;
}

export async function startHarness(application: Application, options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const config: AmicusConfig = {
    ...application.config,
    deployment: { ...application.config.deployment, ...options.deployment },
    discord: {
      ...application.config.discord,
      restUrl: fake.restUrl,
      ...(typeof options.discord === 'function' ? options.discord(fake) : options.discord),
    },
  };
  const bot = new DiscordGatewayBot(
    {
      config,
      logger: options.logger ?? silentLogger(),
      feedback: application.feedback,
      store: application.store,
      reviewQueue: application.review.queue,
      conversation: options.conversation ?? application.conversation,
    },
    options.now ? { now: options.now } : {},
  );
  try {
    await bot.start(botToken);
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    bot,
    config,
    stop: async () => {
      await bot.stop();
      await fake.close();
    },
  };
}

/** Runs one test against a started bot and fake Discord, and stops both after it. */
export async function withHarness(
  application: Application,
  options: HarnessOptions,
  test: (harness: Harness) => Promise<void>,
): Promise<void> {
  const harness = await startHarness(application, options);
  try {
    await test(harness);
  } finally {
    await harness.stop();
  }
}

/** Where discord.js answers an interaction, and edits its original reply. */
export const callbackPath = /^\/interactions\/\d+\/[^/]+\/callback$/;
export const originalPath = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

/** Wraps a conversation, records each request and can change the answers. */
export class RecordingConversation implements DiscordConversation {
  readonly requests: ConversationRequest[] = [];
  readonly answers: Answer[] = [];

  constructor(
    private readonly inner: DiscordConversation,
    private readonly transform: (answer: Answer) => Answer = (answer) => answer,
  ) {}

  async ask(request: ConversationRequest): Promise<Answer> {
    this.requests.push(request);
    const answer = this.transform(await this.inner.ask(request));
    this.answers.push(answer);
    return answer;
  }

  isKnownThread(thread: ThreadReference): Promise<boolean> {
    return this.inner.isKnownThread(thread);
  }
}

/** A conversation whose composer fails, the way a model server that is down fails. */
export class FailingConversation implements DiscordConversation {
  constructor(private readonly error: unknown) {}

  async ask(): Promise<Answer> {
    throw this.error;
  }

  async isKnownThread(): Promise<boolean> {
    return false;
  }
}

/** Every message body the bot sent: interaction replies, edits, follow-ups and channel messages. */
export function sentMessages(
  fake: FakeDiscord,
): Array<{ call: RecordedCall; body: Record<string, unknown> }> {
  const sent: Array<{ call: RecordedCall; body: Record<string, unknown> }> = [];
  for (const call of fake.calls) {
    const body = (call.body ?? {}) as Record<string, unknown>;
    if (call.method === 'POST' && /\/callback$/.test(call.path)) {
      if (body.type === 4) sent.push({ call, body: body.data as Record<string, unknown> });
    } else if (
      (call.method === 'PATCH' && /^\/webhooks\/.+\/messages\//.test(call.path)) ||
      (call.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(call.path)) ||
      (call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path))
    ) {
      sent.push({ call, body });
    }
  }
  return sent;
}

/** The last embed's footer text of a message body. */
export function footerOf(body: Record<string, unknown>): string {
  const embeds = (body.embeds ?? []) as Array<{ footer?: { text: string } }>;
  return embeds.at(-1)?.footer?.text ?? '';
}

/** Custom ids of a message body's buttons. */
export function customIdsOf(body: Record<string, unknown>): string[] {
  const rows = (body.components ?? []) as Array<{ components: Array<{ custom_id: string }> }>;
  return rows.flatMap((row) => row.components.map((button) => button.custom_id));
}

/** The body Discord posts to an interactions endpoint for `/ask question:<question>` in the general channel. */
export function askInteraction(
  fake: FakeDiscord,
  question: string,
  options: { readonly id?: string; readonly userId?: string; readonly roles?: readonly string[] } = {},
) {
  const id = options.id ?? snowflake();
  return {
    id,
    application_id: fake.applicationId,
    type: 2,
    token: `token-${id}`,
    version: 1,
    guild_id: fake.guildId,
    channel_id: fake.generalChannelId,
    channel: { id: fake.generalChannelId, type: 0 },
    member: {
      user: { id: options.userId ?? fake.student.id, username: 'student' },
      roles: [...(options.roles ?? [fake.studentRoleId])],
    },
    data: {
      id: fake.commandIds.ask,
      name: 'ask',
      type: 1,
      options: [{ name: 'question', type: 3, value: question }],
    },
  };
}
