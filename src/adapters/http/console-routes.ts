import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { escapeHtml, htmlPage, renderAnswerHtml } from '../../answer/renderers/html.js';
import { parseInput } from './api-routes.js';
import { consoleAssetFiles } from './console-assets.js';
import { resolveError } from './http-errors.js';
import { answerFormSchema } from './request-schemas.js';
import type { ServerContext } from './server-context.js';

/**
 * The staff console: its files at `/`, and `POST /answer`, a script-free fallback that the
 * page's `<noscript>` form posts to, answered with the same answer rendered as HTML.
 */
export function registerConsoleRoutes(app: FastifyInstance, context: ServerContext): void {
  for (const route of Object.keys(consoleAssetFiles)) {
    app.get(route, async (_request, reply) => {
      const asset = context.assets.get(route);
      if (asset === undefined) return reply.callNotFound();
      reply.header('Cache-Control', 'no-cache');
      return reply.type(asset.contentType).send(asset.body);
    });
  }

  app.post('/answer', async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const title = `${context.config.deployment.name} — answer`;
    try {
      const form = parseInput(answerFormSchema, request.body, 'form');
      const client = context.guard.checkFormToken(request, form.token);
      const started = performance.now();
      const answer = await context.askLimiter.run(() =>
        context.conversation.ask({
          question: form.question,
          jurisdiction: form.jurisdiction,
          thread: { surface: 'http', threadId: `${client.key}/${randomUUID()}` },
        }),
      );
      context.metrics.recordAnswer(answer.kind, (performance.now() - started) / 1000);
      const back = '<p><a href="/">Ask another question</a></p>';
      return sendHtml(reply, 200, htmlPage(`${back}\n${renderAnswerHtml(answer)}\n${back}`, { title }));
    } catch (error) {
      const resolved = resolveError(error);
      if (resolved.serverFault) context.logger.error({ err: error }, 'form answer failed');
      for (const [name, value] of Object.entries(resolved.headers)) reply.header(name, value);
      const page = htmlPage(
        `<h1>Could not answer</h1><p role="alert">${escapeHtml(resolved.body.error.message)}</p><p><a href="/">Back to the console</a></p>`,
        { title },
      );
      return sendHtml(reply, resolved.status, page);
    }
  });
}

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
