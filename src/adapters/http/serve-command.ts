import type { Command } from 'commander';
import { openConfiguredApplication } from '../../application.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import type { CommandContext } from '../shared/command-context.js';
import { createHttpServer } from './http-server.js';
import { type StartedServer, startHttpServer } from './listen.js';

interface ServeOptions {
  readonly port?: string;
  readonly host?: string;
}

export interface ServeHooks {
  /** Resolves when the server should stop; SIGINT or SIGTERM by default. */
  readonly stopped?: (server: StartedServer) => Promise<void>;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new AmicusError(ErrorCode.Usage, `--port must be a whole number from 0 to 65535, got "${value}"`, {
      location: '--port',
    });
  }
  return port;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `amicus serve [--port N] [--host H]`: the staff console and the HTTP API. Without
 * AMICUS_API_TOKENS it listens on localhost only, whatever host is asked for.
 */
export function registerServeCommand(
  program: Command,
  context: CommandContext,
  hooks: ServeHooks = {},
): void {
  program
    .command('serve')
    .description('serve the staff console and the HTTP API (localhost only unless AMICUS_API_TOKENS is set)')
    .option('--port <n>', 'port to listen on (default: http.port, 8787)')
    .option(
      '--host <host>',
      'address to listen on (default: http.host, 127.0.0.1; needs API tokens to widen)',
    )
    .action(async (options: ServeOptions) => {
      const config = context.loadConfig();
      const port = options.port === undefined ? config.http.port : parsePort(options.port);
      const host = options.host ?? config.http.host;
      const application = await openConfiguredApplication(config, { follow: true });
      try {
        const app = createHttpServer({ ...application, rateLimiters: application.shared.rateLimiters });
        try {
          const server = await startHttpServer(
            app,
            { host, port },
            application.secrets.apiTokens,
            application.logger,
          );
          const access =
            application.secrets.apiTokens.length > 0 ? 'API token required' : 'localhost only, no token';
          if (server.forcedLocal) {
            context.output.error(
              `warning: no API tokens are configured (AMICUS_API_TOKENS), so the server listens on ${server.host} instead of ${host}`,
            );
          }
          context.output.out(`Amicus staff console at ${server.url} (${access}). Press Ctrl+C to stop.`);
          await (hooks.stopped ?? untilSignal)(server);
        } finally {
          await app.close();
        }
      } finally {
        await application.close();
      }
    });
}
