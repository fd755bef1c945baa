import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ErrorCode } from '../../core/errors.js';
import { ConcurrencyLimiter, TokenBucketLimiter } from '../../core/rate-limits.js';
import { jsonText } from '../shared/json-text.js';
import { registerApiRoutes } from './api-routes.js';
import { TokenAuthenticator } from './auth.js';
import { ClientGuard, type GuardOptions } from './client-guard.js';
import { loadConsoleAssets } from './console-assets.js';
import { registerConsoleRoutes } from './console-routes.js';
import { assertNotCrossSite } from './cross-site.js';
import { errorBody, HttpError, resolveError, sendError } from './http-errors.js';
import { HttpMetrics } from './metrics.js';
import { registerOperationsRoutes } from './operations-routes.js';
import { registerReviewRoutes } from './review-routes.js';
import { applySecurityHeaders, CorsPolicy } from './security-headers.js';
import type { HttpServerDependencies, ServerContext } from './server-context.js';

export type { HttpServerDependencies } from './server-context.js';

/** Answering is CPU-bound (extractive) or slow (LLM): a few at once, the rest queued. */
const defaultAnswerConcurrency = 4;
const maxQueuedQuestions = 50;

/**
 * Builds the HTTP server (API, console, health and metrics) without listening, so tests can
 * `inject` requests or listen on port 0 themselves; `startHttpServer` (listen.ts) binds it.
 */
export function createHttpServer(dependencies: HttpServerDependencies): FastifyInstance {
  const { config, logger } = dependencies;
  const now = dependencies.now ?? (() => Date.now());
  const metrics = dependencies.metrics ?? new HttpMetrics();
  const guard = new ClientGuard(
    new TokenAuthenticator(dependencies.secrets.apiTokens),
    dependencies.rateLimiters?.('http', config.http.rateLimit) ??
      new TokenBucketLimiter(config.http.rateLimit.capacity, config.http.rateLimit.refillPerMinute, now),
    metrics,
  );
  const context: ServerContext = {
    config,
    conversation: dependencies.conversation,
    store: dependencies.store,
    feedback: dependencies.feedback,
    corpusStatus: dependencies.corpusStatus,
    review: dependencies.review,
    logger,
    metrics,
    guard,
    cors: new CorsPolicy(config.http.corsOrigins),
    askLimiter: new ConcurrencyLimiter(
      dependencies.answerConcurrency ?? defaultAnswerConcurrency,
      maxQueuedQuestions,
    ),
    assets: loadConsoleAssets(dependencies.consoleDirectory),
    now,
  };

  const app = Fastify({
    logger: false,
    bodyLimit: config.http.bodyLimitBytes,
    // Long enough for an LLM answer with retries; short enough that a stalled client lets go.
    requestTimeout: 120_000,
    return503OnClosing: true,
    // The longest passage id the API accepts (request-schemas.ts); the router's default is 100.
    // Given as a router option: fastify 5 warns at start when it is a top-level option.
    routerOptions: { maxParamLength: 200 },
    // Addresses the router refuses (a passage id over its length limit, a malformed escape)
    // get the same error body and headers as everything else.
    frameworkErrors: (error, _request, reply) => {
      applySecurityHeaders(reply);
      return sendError(reply, resolveError(error));
    },
  });
  // One serializer for every JSON body, so every response escapes the same characters.
  app.setReplySerializer((payload) => jsonText(payload));

  app.removeAllContentTypeParsers();
  registerJsonParser(app);
  registerGuards(app, context);
  registerErrorHandlers(app, context);
  registerApiRoutes(app, context);
  registerReviewRoutes(app, context);
  registerOperationsRoutes(app, context);
  // URL-encoded forms are parsed for the no-JavaScript page only: a cross-site HTML form can
  // post them without a CORS preflight, so the API must not take them (it answers 415).
  app.register(async (consoleScope) => {
    registerFormParser(consoleScope);
    registerConsoleRoutes(consoleScope, context);
  });
  return app;
}

/** JSON, the only body the API takes. */
function registerJsonParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim().length === 0) {
      done(new HttpError(400, ErrorCode.InputInvalid, 'The request body is empty; send a JSON object'));
      return;
    }
    try {
      done(
        null,
        JSON.parse(text, (key, value: unknown) => {
          if (key === '__proto__') throw new SyntaxError('the key "__proto__" is not allowed');
          return value;
        }),
      );
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      done(new HttpError(400, ErrorCode.InputInvalid, `The request body is not valid JSON: ${detail}`));
    }
  });
}

function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      done(null, Object.fromEntries(new URLSearchParams(text)));
    },
  );
}

function requestPath(request: FastifyRequest): string {
  const url = request.url;
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** Which checks a request gets, by path: tokens for the API and metrics, rate limits for the API. */
export function guardOptionsFor(method: string, path: string): GuardOptions | undefined {
  if (method === 'OPTIONS') return undefined;
  if (path === '/api' || path.startsWith('/api/')) return { authenticate: true, rateLimit: true };
  if (path === '/metrics') return { authenticate: true, rateLimit: false };
  // The form carries its token in the body; the handler checks it.
  if (path === '/answer' && method === 'POST') return { authenticate: false, rateLimit: true };
  return undefined;
}

function registerGuards(app: FastifyInstance, context: ServerContext): void {
  const started = new WeakMap<FastifyRequest, number>();

  app.addHook('onRequest', async (request, reply) => {
    started.set(request, performance.now());
    applySecurityHeaders(reply);
    const path = requestPath(request);
    const isApi = path === '/api' || path.startsWith('/api/');
    if (isApi) {
      reply.header('Cache-Control', 'no-store');
      context.cors.apply(reply, request.headers.origin);
    }
    const options = guardOptionsFor(request.method, path);
    if (options) {
      assertNotCrossSite(request, context.cors);
      await context.guard.check(request, options);
    }
  });

  // CORS preflight for the API: allowed origins get the allow headers, others get none.
  app.options('/api/*', async (request, reply) => {
    const allowed = context.cors.applyPreflight(reply, request.headers.origin);
    return reply.status(allowed ? 204 : 403).send();
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const begun = started.get(request);
    const milliseconds = begun === undefined ? undefined : Math.round(performance.now() - begun);
    context.metrics.recordRequest(request.method, route, reply.statusCode);
    // No query string, body or headers: questions and tokens stay out of the logs.
    context.logger.debug(
      { requestId: request.id, method: request.method, route, status: reply.statusCode, milliseconds },
      'http request',
    );
  });
}

function registerErrorHandlers(app: FastifyInstance, context: ServerContext): void {
  app.setErrorHandler((error, request, reply) => {
    const resolved = resolveError(error);
    if (resolved.serverFault) {
      context.logger.error(
        { err: error, requestId: request.id, route: request.routeOptions.url ?? 'unmatched' },
        'request failed',
      );
    }
    return sendError(reply, resolved);
  });

  app.setNotFoundHandler((request, reply) => {
    return reply
      .status(404)
      .type('application/json; charset=utf-8')
      .send(
        errorBody(
          ErrorCode.NotFound,
          `No such route: ${request.method} ${requestPath(request).slice(0, 100)}`,
        ),
      );
  });
}
