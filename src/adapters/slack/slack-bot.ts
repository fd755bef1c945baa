import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { CorpusStatus } from '../../application.js';
import { AmicusError, describeError, ErrorCode } from '../../core/errors.js';
import { ExpiringSet, LocalSeenIds, type SeenIdsFactory } from '../../core/expiring-set.js';
import type { Logger } from '../../core/logger.js';
import { ConcurrencyLimiter, type RateLimiter, TokenBucketLimiter } from '../../core/rate-limits.js';
import { BoltLoggerAdapter } from './bolt-logger.js';
import { ChannelPolicy } from './channel-policy.js';
import { describeFailure } from './failure-reasons.js';
import { registerAppHome } from './handlers/app-home.js';
import { createAssistant } from './handlers/assistant.js';
import { registerFeedbackActions } from './handlers/feedback-actions.js';
import { registerFollowUpActions } from './handlers/follow-up-actions.js';
import type { HandlerContext } from './handlers/handler-context.js';
import { registerMentionHandler } from './handlers/mentions.js';
import { registerMessageHandler } from './handlers/messages.js';
import { registerSlashCommand } from './handlers/slash-command.js';
import { registerStaffActions } from './handlers/staff-actions.js';
import { SlackHttpServer, slackSignatureMemoryMs } from './http-server.js';
import { SlackMessages } from './messages.js';
import type {
  SlackConversation,
  SlackCorpus,
  SlackCredentials,
  SlackDeployment,
  SlackFeedbackStore,
  SlackReview,
  SlackSettings,
} from './ports.js';
import { QuestionRunner } from './question-runner.js';
import { defaultSlackApiUrl, slackStartFailure } from './start-failure.js';
import { type PromptCandidate, promptCandidates } from './suggested-prompts.js';

export interface SlackBotOptions {
  readonly conversation: SlackConversation;
  readonly feedback: SlackFeedbackStore;
  /**
   * The review queue: with it, answers carry "Ask a staff member" (when `settings.staffChannel`
   * is set) and private answers "Share in channel". Without it, neither button is shown.
   */
  readonly review?: SlackReview;
  /** The vetted collections (the application's `PassageStore`). */
  readonly corpus: SlackCorpus;
  readonly logger: Logger;
  readonly settings: SlackSettings;
  readonly deployment: SlackDeployment;
  readonly credentials: SlackCredentials;
  /** Milliseconds since the epoch, for the rate limiter and event de-duplication; tests pass a fake. */
  readonly clock?: () => number;
  /** Defaults built from `settings.rateLimit` and `settings.concurrency`, kept in this process. */
  readonly rateLimiter?: RateLimiter;
  readonly concurrency?: ConcurrencyLimiter;
  /** Questions that may wait for a free slot before new ones are turned away (default 50). */
  readonly maxQueued?: number;
  /**
   * Where event ids already answered and signatures already received are remembered (default:
   * in this process). Replicas share one (PostgreSQL), so that Slack's retry of an event, or a
   * replayed request, that reaches another replica is recognised there too.
   */
  readonly seenIds?: SeenIdsFactory;
  /** A replica's corpus generation, reported by `GET /healthz` in HTTP mode (PostgreSQL). */
  readonly corpusStatus?: () => CorpusStatus;
  /** The slash command, as in the app manifest (default `/ask`). */
  readonly commandName?: string;
  /** Suggested prompts are chosen from these by the collections ingested (default: the answer gallery's). */
  readonly promptCandidates?: readonly PromptCandidate[];
  /** How long a user waits for an answer, queue included (default 120 s). */
  readonly answerTimeoutMs?: number;
  /**
   * HTTP mode: where to listen (default `settings.port` on 0.0.0.0), the events path, and the
   * clock that request timestamps are checked against (default the real time).
   */
  readonly http?: {
    readonly host?: string;
    readonly port?: number;
    readonly endpoint?: string;
    readonly clock?: () => number;
  };
  /** Retries of a failed Web API call (default 2; Bolt's default retries for half an hour). */
  readonly apiRetries?: number;
}

export interface StartedSlackBot {
  readonly mode: 'http' | 'socket';
  /** HTTP mode: the URL to give Slack as the request URL (with the real host name in front). */
  readonly url?: string;
  readonly port?: number;
  /** The bot's own user id, from `auth.test`. */
  readonly botUserId: string | undefined;
}

/**
 * The Slack app: a Bolt `App` on either transport (HTTP with signature verification, or Socket
 * Mode), with Amicus's handlers for mentions, direct messages, thread follow-ups, the slash
 * command, button clicks, the feedback modal and assistant threads. Everything it uses comes in
 * through the constructor, so tests build it against a fake Web API and a test conversation.
 */
export class SlackBot {
  readonly app: App;
  readonly mode: 'http' | 'socket';
  private readonly runner: QuestionRunner;
  private readonly httpServer: SlackHttpServer | undefined;
  private started = false;

  constructor(private readonly options: SlackBotOptions) {
    const { settings, credentials, logger } = options;
    this.mode = settings.mode;
    const botToken = requireSecret(
      credentials.botToken,
      'SLACK_BOT_TOKEN',
      'the bot token (xoxb-…) from OAuth & Permissions',
    );
    const clock = options.clock ?? (() => Date.now());
    const boltLogger = new BoltLoggerAdapter(logger);
    const clientOptions = {
      ...(settings.apiUrl === undefined ? {} : { slackApiUrl: settings.apiUrl }),
      retryConfig: { retries: options.apiRetries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    };
    const common = {
      token: botToken,
      logger: boltLogger,
      logLevel: LogLevel.INFO,
      clientOptions,
      convoStore: false as const,
      // auth.test runs in start(), where a bad token is reported instead of crashing the process.
      deferInitialization: true,
    };

    if (settings.mode === 'socket') {
      const appToken = requireSecret(
        credentials.appToken,
        'SLACK_APP_TOKEN',
        'an app-level token (xapp-…) with connections:write, for Socket Mode',
      );
      this.app = new App({ ...common, socketMode: true, appToken });
    } else {
      const signingSecret = requireSecret(
        credentials.signingSecret,
        'SLACK_SIGNING_SECRET',
        'the signing secret from Basic Information, for HTTP mode',
      );
      const endpoint = options.http?.endpoint ?? '/slack/events';
      const receiver = new HTTPReceiver({
        signingSecret,
        endpoints: endpoint,
        logger: boltLogger,
        logLevel: LogLevel.INFO,
        processBeforeResponse: false,
      });
      this.app = new App({ ...common, receiver });
      this.httpServer = new SlackHttpServer({
        receiver,
        signingSecret,
        endpoint,
        logger,
        ...(options.http?.clock ? { clock: options.http.clock } : {}),
        ...(options.seenIds
          ? { seenSignatures: options.seenIds('slack-signatures', slackSignatureMemoryMs) }
          : {}),
        ...(options.corpusStatus ? { corpusStatus: options.corpusStatus } : {}),
      });
    }

    const maxQueued = options.maxQueued ?? 50;
    const messages = new SlackMessages(
      options.deployment.name,
      options.deployment.disclaimer,
      options.commandName ?? '/ask',
    );
    this.runner = new QuestionRunner({
      conversation: options.conversation,
      messages,
      logger,
      rateLimiter:
        options.rateLimiter ??
        new TokenBucketLimiter(settings.rateLimit.capacity, settings.rateLimit.refillPerMinute, clock),
      concurrency: options.concurrency ?? new ConcurrencyLimiter(settings.concurrency, maxQueued),
      concurrencyLimit: settings.concurrency,
      maxQueued,
      answerTimeoutMs: options.answerTimeoutMs ?? 120_000,
      staffButtons: {
        handOff: options.review !== undefined && settings.staffChannel !== undefined,
        share: options.review !== undefined,
      },
    });
    const context: HandlerContext = {
      runner: this.runner,
      messages,
      policy: new ChannelPolicy(settings),
      conversation: options.conversation,
      feedback: options.feedback,
      review: options.review,
      logger,
      commandName: options.commandName ?? '/ask',
      slashCommandEphemeral: settings.slashCommandEphemeral,
      promptCandidates: options.promptCandidates ?? promptCandidates,
      corpus: options.corpus,
      deployment: options.deployment,
      settings,
      welcomed: new ExpiringSet(24 * 60 * 60 * 1000, clock),
    };
    this.register(context, clock);
  }

  private register(context: HandlerContext, clock: () => number): void {
    const { logger } = this.options;
    // Slack retries an event it thinks was not acknowledged; each event is answered once.
    const eventMemoryMs = 60 * 60 * 1000;
    const seenEvents =
      this.options.seenIds?.('slack-events', eventMemoryMs) ?? new LocalSeenIds(eventMemoryMs, clock);
    this.app.use(async ({ body, next }) => {
      const eventId = (body as { event_id?: unknown }).event_id;
      if (typeof eventId === 'string' && !(await seenEvents.firstSighting(eventId))) {
        logger.info({ event: 'slack.duplicate_event' }, 'ignored a retried Slack event');
        return;
      }
      await next();
    });
    this.app.assistant(createAssistant(context));
    registerAppHome(this.app, context);
    registerMentionHandler(this.app, context);
    registerMessageHandler(this.app, context);
    registerSlashCommand(this.app, context);
    registerFollowUpActions(this.app, context);
    registerFeedbackActions(this.app, context);
    registerStaffActions(this.app, context);
    this.app.error(async (error) => {
      const failure = describeFailure(error.original ?? error);
      logger.error(
        {
          event: 'slack.listener_error',
          code: failure.code,
          boltCode: error.code,
          reference: failure.reference,
        },
        'slack listener failed',
      );
    });
  }

  /** Verifies the bot token (`auth.test`) and starts listening (HTTP) or connects (Socket Mode). */
  async start(): Promise<StartedSlackBot> {
    if (this.started) throw new AmicusError(ErrorCode.Usage, 'The Slack bot is already running');
    const apiUrl = this.options.settings.apiUrl ?? defaultSlackApiUrl;
    try {
      await this.app.init();
    } catch (error) {
      throw slackStartFailure(error, apiUrl, 'SLACK_BOT_TOKEN');
    }
    const botUserId = await this.botUserId();
    this.started = true;
    if (this.httpServer) {
      const port = this.options.http?.port ?? this.options.settings.port;
      const host = this.options.http?.host ?? '0.0.0.0';
      let address: AddressInfo;
      try {
        address = await this.httpServer.listen(port, host);
      } catch (error) {
        this.started = false;
        throw new AmicusError(
          ErrorCode.ConfigInvalid,
          `Cannot listen on ${host}:${port}: ${describeError(error)}`,
          {
            cause: error,
            location: 'slack.port',
          },
        );
      }
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      const endpoint = this.options.http?.endpoint ?? '/slack/events';
      return {
        mode: 'http',
        port: address.port,
        url: `http://${shownHost}:${address.port}${endpoint}`,
        botUserId,
      };
    }
    try {
      await this.app.start();
    } catch (error) {
      this.started = false;
      throw slackStartFailure(error, apiUrl, 'SLACK_APP_TOKEN');
    }
    return { mode: 'socket', botUserId };
  }

  /** Stops taking requests, then waits (up to `graceMs`) for answers under way. */
  async stop(graceMs = 30_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.httpServer) await this.httpServer.close();
    else await this.app.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.runner.whenIdle(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  /** Resolves when no question is being answered (tests wait on it). */
  whenIdle(): Promise<void> {
    return this.runner.whenIdle();
  }

  private async botUserId(): Promise<string | undefined> {
    try {
      const result = await this.app.client.auth.test();
      return result.user_id;
    } catch {
      return undefined;
    }
  }
}

function requireSecret(value: string | undefined, name: string, what: string): string {
  if (value === undefined || value.trim().length === 0) {
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `${name} is not set: it must hold ${what}. See docs/slack.md.`,
      {
        location: name,
      },
    );
  }
  return value;
}
