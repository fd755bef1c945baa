import type { FastifyInstance } from 'fastify';
import { prometheusContentType } from './metrics.js';
import type { ServerContext } from './server-context.js';

/** `GET /healthz` for load balancers (no token) and `GET /metrics` for Prometheus (token when configured). */
export function registerOperationsRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/healthz', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    try {
      const passages = context.store.passageCount();
      const collections = context.store.listCollections().length;
      const corpus = context.corpusStatus?.();
      // A degraded replica still answers (from the generation it has), so it stays in service.
      return corpus
        ? { status: corpus.status, passages, collections, corpus }
        : { status: 'ok', passages, collections };
    } catch (error) {
      context.logger.error({ err: error }, 'health check could not read the store');
      return reply.status(503).send({
        status: 'unavailable',
        error: { code: 'store_failure', message: 'The store cannot be read' },
      });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    let passages: number | undefined;
    try {
      passages = context.store.passageCount();
    } catch {
      passages = undefined;
    }
    reply.header('Cache-Control', 'no-store');
    return reply.type(prometheusContentType).send(context.metrics.render({ passages }));
  });
}
