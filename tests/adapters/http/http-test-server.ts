/**
 * Starts the real HTTP server on 127.0.0.1 and an ephemeral port, over an application (or
 * hand-written fakes), so tests talk to it with `fetch` exactly as a browser or a client would.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createHttpServer, type HttpServerDependencies } from '../../../src/adapters/http/http-server.js';
import { type StartedServer, startHttpServer } from '../../../src/adapters/http/listen.js';
import { HttpMetrics } from '../../../src/adapters/http/metrics.js';
import type { AmicusConfig } from '../../../src/core/config.js';
import type { Logger } from '../../../src/core/logger.js';

export interface TestServer {
  readonly baseUrl: string;
  readonly started: StartedServer;
  readonly app: FastifyInstance;
  readonly metrics: HttpMetrics;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly http?: Partial<AmicusConfig['http']>;
  readonly apiTokens?: readonly string[];
  readonly now?: () => number;
  readonly logger?: Logger;
  readonly host?: string;
}

export type ServerBase = Omit<HttpServerDependencies, 'secrets' | 'logger' | 'metrics' | 'now'> & {
  readonly logger?: Logger;
};

export async function startTestServer(
  base: ServerBase,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const config: AmicusConfig = { ...base.config, http: { ...base.config.http, ...options.http } };
  const metrics = new HttpMetrics();
  const logger = options.logger ?? base.logger ?? pino({ level: 'silent' });
  const apiTokens = options.apiTokens ?? [];
  const app = createHttpServer({
    ...base,
    config,
    secrets: { apiTokens },
    logger,
    metrics,
    ...(options.now ? { now: options.now } : {}),
  });
  const started = await startHttpServer(
    app,
    { host: options.host ?? '127.0.0.1', port: 0 },
    apiTokens,
    logger,
  );
  return {
    baseUrl: `http://127.0.0.1:${started.port}`,
    started,
    app,
    metrics,
    close: () => app.close(),
  };
}

/** A pino logger at `debug` that keeps every line, to check what the server logs. */
export function recordingLogger(): { logger: Logger; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines: () => chunks.join('') };
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface ErrorPayload {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

export async function errorOf(response: Response): Promise<ErrorPayload['error']> {
  const payload = (await response.json()) as ErrorPayload;
  return payload.error;
}
