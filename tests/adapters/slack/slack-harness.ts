/**
 * Drives the real Slack bot (a Bolt `App` in HTTP mode) the way Slack does: correctly signed
 * HTTP requests to its events URL, with Events API, slash-command, interactivity and view
 * payloads shaped like Slack's. The bot's Web API calls go to the fake Slack API.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { SlackConversation, SlackSettings } from '../../../src/adapters/slack/ports.js';
import { SlackBot, type SlackBotOptions } from '../../../src/adapters/slack/slack-bot.js';
import type { Application } from '../../../src/application.js';
import { silentLogger } from '../../../src/core/logger.js';
import {
  type FakeSlackApi,
  fakeBotToken,
  fakeBotUserId,
  fakeTeamId,
  startFakeSlackApi,
} from '../../support/fake-slack-api.js';

export const signingSecret = 'f00dfacecafe0123456789abcdef0123';
export const askerId = 'U0ASKER0001';
export const otherUserId = 'U0OTHER0002';
export const publicChannel = 'C0PUBLIC001';
export const directChannel = 'D0DIRECT001';

/** A settable clock for the rate limiter. */
export class TestClock {
  constructor(public now = Date.UTC(2026, 0, 15, 9, 0, 0)) {}
  readonly read = (): number => this.now;
  advance(milliseconds: number): void {
    this.now += milliseconds;
  }
}

export interface PostResult {
  readonly status: number;
  readonly text: string;
}

export interface SignOptions {
  /** Seconds since the epoch; default now. */
  readonly timestamp?: number;
  /** Overrides the computed signature (bad-signature tests). */
  readonly signature?: string;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** HTTP-mode settings for a bot built outside the harness (configuration and start-up tests). */
export const standaloneSettings: SlackSettings = {
  mode: 'http',
  port: 0,
  slashCommandEphemeral: true,
  allowedChannels: [],
  channelJurisdictions: {},
  adminUserIds: [],
  rateLimit: { capacity: 5, refillPerMinute: 5 },
  concurrency: 2,
};

/** The parts of a bot's options that start-up tests never reach: no question gets answered. */
export const standaloneBotParts = {
  conversation: { ask: () => Promise.reject(new Error('unused')), isKnownThread: async () => false },
  feedback: { record: async () => undefined },
  corpus: { listCollections: () => [] },
  logger: silentLogger(),
  deployment: {
    name: 'Amicus',
    disclaimer: 'General legal information, not legal advice. Talk to a lawyer.',
    referrals: [{ name: 'Legal aid', contact: 'legalaid.example.org', whenToUse: 'advice about your case' }],
    audience: 'public',
  },
} satisfies Partial<SlackBotOptions>;

export interface SlackHarness {
  readonly fake: FakeSlackApi;
  readonly bot: SlackBot;
  readonly eventsUrl: string;
  readonly clock: TestClock;
  /** POSTs a raw body with Slack's signature headers. */
  post(body: string, contentType: string, options?: SignOptions): Promise<PostResult>;
  sendEvent(
    event: Record<string, unknown>,
    options?: { eventId?: string } & SignOptions,
  ): Promise<PostResult>;
  sendCommand(fields: {
    text: string;
    channel?: string;
    user?: string;
    responseUrl?: string;
  }): Promise<PostResult>;
  sendAction(payload: Record<string, unknown>): Promise<PostResult>;
  sendView(payload: Record<string, unknown>): Promise<PostResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly application: Application;
  /** Replaces the application's conversation (a throwing or waiting one). */
  readonly conversation?: SlackConversation;
  readonly settings?: Partial<SlackSettings>;
  readonly bot?: Partial<SlackBotOptions>;
}

/**
 * For a `describe`: a fresh bot, Bolt app and fake Slack API before each test, closed after it.
 * Returns the running harness, to be read inside tests.
 */
export function useSlackHarness(application: () => Application): () => SlackHarness {
  let harness: SlackHarness | undefined;
  beforeEach(async () => {
    harness = await startSlackHarness({ application: application() });
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return () => {
    if (!harness) throw new Error('the Slack harness runs only inside a test');
    return harness;
  };
}

let eventCounter = 0;

export async function startSlackHarness(options: HarnessOptions): Promise<SlackHarness> {
  const fake = await startFakeSlackApi();
  const clock = new TestClock();
  const { application } = options;
  const settings: SlackSettings = { ...application.config.slack, ...options.settings, apiUrl: fake.apiUrl };
  const bot = new SlackBot({
    conversation: options.conversation ?? application.conversation,
    feedback: application.feedback,
    review: application.review.queue,
    corpus: application.store,
    logger: silentLogger(),
    settings,
    deployment: application.config.deployment,
    credentials: { botToken: fakeBotToken, signingSecret, appToken: undefined },
    clock: clock.read,
    http: { host: '127.0.0.1', port: 0 },
    apiRetries: 0,
    ...options.bot,
  });
  let started: Awaited<ReturnType<SlackBot['start']>>;
  try {
    started = await bot.start();
  } catch (error) {
    await fake.close();
    throw error;
  }
  const eventsUrl = started.url as string;

  const post = async (body: string, contentType: string, sign: SignOptions = {}): Promise<PostResult> => {
    const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign.signature ?? slackSignature(signingSecret, timestamp, body),
      },
      body,
    });
    return { status: response.status, text: await response.text() };
  };

  const interactive = (payload: Record<string, unknown>) =>
    post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );

  return {
    fake,
    bot,
    eventsUrl,
    clock,
    post,
    sendEvent: (event, eventOptions = {}) => {
      eventCounter += 1;
      const body = JSON.stringify(
        eventEnvelope(event, eventOptions.eventId ?? `Ev0TEST${String(eventCounter).padStart(6, '0')}`),
      );
      return post(body, 'application/json', eventOptions);
    },
    sendCommand: (fields) =>
      post(
        new URLSearchParams({
          token: 'unused-verification-token',
          team_id: fakeTeamId,
          team_domain: 'amicus-test',
          channel_id: fields.channel ?? publicChannel,
          channel_name: 'legal-questions',
          user_id: fields.user ?? askerId,
          user_name: 'asker',
          command: '/ask',
          text: fields.text,
          api_app_id: 'A0AMICUS',
          is_enterprise_install: 'false',
          response_url: fields.responseUrl ?? fake.responseUrl(),
          trigger_id: `${Date.now()}.1234.abcdef${eventCounter++}`,
        }).toString(),
        'application/x-www-form-urlencoded',
      ),
    sendAction: interactive,
    sendView: interactive,
    close: async () => {
      await bot.stop(5_000);
      await fake.close();
    },
  };
}

function eventEnvelope(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return {
    token: 'unused-verification-token',
    team_id: fakeTeamId,
    api_app_id: 'A0AMICUS',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: fakeTeamId,
        user_id: fakeBotUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

let tsCounter = 0;

/** A message timestamp like Slack's, unique within the run. */
export function messageTs(): string {
  tsCounter += 1;
  return `1767200000.${String(tsCounter).padStart(6, '0')}`;
}

export function mentionEvent(
  text: string,
  options: { channel?: string; user?: string; ts?: string; threadTs?: string } = {},
) {
  return {
    type: 'app_mention',
    user: options.user ?? askerId,
    text: `<@${fakeBotUserId}> ${text}`,
    ts: options.ts ?? messageTs(),
    ...(options.threadTs === undefined ? {} : { thread_ts: options.threadTs }),
    channel: options.channel ?? publicChannel,
    team: fakeTeamId,
  };
}

export function messageEvent(
  text: string,
  options: { channel?: string; channelType?: string; user?: string; ts?: string; threadTs?: string } = {},
) {
  return {
    type: 'message',
    user: options.user ?? askerId,
    text,
    ts: options.ts ?? messageTs(),
    ...(options.threadTs === undefined ? {} : { thread_ts: options.threadTs }),
    channel: options.channel ?? publicChannel,
    channel_type: options.channelType ?? 'channel',
    team: fakeTeamId,
  };
}

/** A `block_actions` payload for a click on a button of a message the bot posted. */
export function buttonClick(options: {
  actionId: string;
  blockId: string;
  value: string;
  channel?: string;
  messageTs: string;
  threadTs?: string;
  ephemeral?: boolean;
  user?: string;
  responseUrl: string;
}) {
  const channel = options.channel ?? publicChannel;
  return {
    type: 'block_actions',
    user: { id: options.user ?? askerId, username: 'asker', name: 'asker', team_id: fakeTeamId },
    api_app_id: 'A0AMICUS',
    token: 'unused-verification-token',
    container: {
      type: 'message',
      message_ts: options.messageTs,
      channel_id: channel,
      is_ephemeral: options.ephemeral ?? false,
      ...(options.threadTs === undefined ? {} : { thread_ts: options.threadTs }),
    },
    trigger_id: `${Date.now()}.5678.fedcba${tsCounter++}`,
    team: { id: fakeTeamId, domain: 'amicus-test' },
    channel: { id: channel, name: 'legal-questions' },
    ...(options.ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            user: fakeBotUserId,
            bot_id: 'B0AMICUSBOT',
            ts: options.messageTs,
            ...(options.threadTs === undefined ? {} : { thread_ts: options.threadTs }),
            text: 'answer',
          },
        }),
    response_url: options.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: options.actionId,
        block_id: options.blockId,
        text: { type: 'plain_text', text: 'button' },
        value: options.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}
