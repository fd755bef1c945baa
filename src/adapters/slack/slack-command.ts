import { type Command, Option } from 'commander';
import { openConfiguredApplication } from '../../application.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import type { CommandContext } from '../shared/command-context.js';
import { SlackBot } from './slack-bot.js';

/** For tests and embedding: stop the bot when this settles instead of on SIGINT or SIGTERM. */
export interface SlackCommandLifetime {
  readonly stopWhen?: Promise<unknown>;
}

interface SlackCommandOptions {
  readonly mode?: 'http' | 'socket';
  readonly port?: string;
  readonly host?: string;
}

/**
 * `amicus slack`: runs the Slack bot until SIGINT or SIGTERM, in the mode the `slack` config
 * section chooses (`--mode` overrides it). Tokens come from the environment only:
 * SLACK_BOT_TOKEN, plus SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode).
 */
export function registerSlackCommand(
  program: Command,
  context: CommandContext,
  lifetime: SlackCommandLifetime = {},
): void {
  program
    .command('slack')
    .description(
      'run the Slack bot: mentions, direct messages, /ask, follow-ups and feedback (see docs/slack.md)',
    )
    .addOption(new Option('--mode <mode>', 'transport, overriding slack.mode').choices(['http', 'socket']))
    .option('--port <number>', 'HTTP mode: port to listen on, overriding slack.port')
    .option('--host <address>', 'HTTP mode: address to listen on', '0.0.0.0')
    .action(async (options: SlackCommandOptions) => {
      const loaded = context.loadConfig();
      const config = {
        ...loaded,
        slack: {
          ...loaded.slack,
          ...(options.mode === undefined ? {} : { mode: options.mode }),
          ...(options.port === undefined ? {} : { port: parsePort(options.port) }),
        },
      };
      const application = await openConfiguredApplication(config, { follow: true });
      try {
        const bot = new SlackBot({
          conversation: application.conversation,
          feedback: application.feedback,
          review: application.review.queue,
          corpus: application.store,
          logger: application.logger.child({ component: 'slack' }),
          settings: config.slack,
          deployment: config.deployment,
          credentials: {
            botToken: application.secrets.slackBotToken,
            signingSecret: application.secrets.slackSigningSecret,
            appToken: application.secrets.slackAppToken,
          },
          http: { host: options.host ?? '0.0.0.0', port: config.slack.port },
          ...(application.shared.seenIds ? { seenIds: application.shared.seenIds } : {}),
          ...(application.shared.rateLimiters
            ? { rateLimiter: application.shared.rateLimiters('slack', config.slack.rateLimit) }
            : {}),
          ...(application.corpusStatus ? { corpusStatus: application.corpusStatus } : {}),
        });
        const stopped = shutdownSignal(lifetime.stopWhen);
        try {
          const started = await bot.start();
          context.output.out(
            started.mode === 'http'
              ? `${config.deployment.name} is listening for Slack on ${started.url} (request URL: https://<your host>/slack/events). Ctrl-C stops it.`
              : `${config.deployment.name} is connected to Slack in Socket Mode. Ctrl-C stops it.`,
          );
          const signal = await stopped.promise;
          context.output.out(`Stopping on ${signal}; finishing the answers under way…`);
        } finally {
          stopped.dispose();
          await bot.stop();
        }
      } finally {
        await application.close();
      }
    });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new AmicusError(ErrorCode.Usage, `--port must be a number from 0 to 65535, got "${text}"`, {
      location: '--port',
    });
  }
  return port;
}

/** Resolves on the first SIGINT or SIGTERM (or when `stopWhen` settles); `dispose` removes the listeners. */
function shutdownSignal(stopWhen?: Promise<unknown>): { promise: Promise<string>; dispose: () => void } {
  let listener: ((signal: NodeJS.Signals) => void) | undefined;
  const promise = new Promise<string>((resolve) => {
    listener = (signal) => resolve(signal);
    process.once('SIGINT', listener);
    process.once('SIGTERM', listener);
    stopWhen?.then(
      () => resolve('a stop request'),
      () => resolve('a stop request'),
    );
  });
  return {
    promise,
    dispose: () => {
      if (!listener) return;
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    },
  };
}
