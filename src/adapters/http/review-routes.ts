import type { FastifyInstance, FastifyRequest } from 'fastify';
import { safeUrl } from '../../answer/renderers/sanitize.js';
import { sha256Hex } from '../../store/passage-rows.js';
import { parseInput } from './api-routes.js';
import { clientOf } from './client-guard.js';
import { HttpError, HttpErrorCode } from './http-errors.js';
import {
  approveRequestSchema,
  exportQuerySchema,
  gapsQuerySchema,
  handOffRequestSchema,
  resolveRequestSchema,
  reviewItemParamsSchema,
  reviewListQuerySchema,
} from './request-schemas.js';
import type { ServerContext } from './server-context.js';

/**
 * The review queue over HTTP, `/api/review/*`, for tokens with the `reviewer` role only
 * (`AMICUS_API_TOKENS=<token>:reviewer`). Every route is registered inside one scope whose
 * hook checks the role, so a route added here cannot forget the check. A server without
 * tokens listens on localhost only and is open, the review routes included.
 *
 * `POST /api/hand-off` ("Needs a person") is outside the scope: anyone who may ask may hand an
 * answer to a person.
 */
export function registerReviewRoutes(app: FastifyInstance, context: ServerContext): void {
  const { review, store, logger } = context;
  if (review === undefined) return;

  app.post('/api/hand-off', async (request, reply) => {
    const body = parseInput(handOffRequestSchema, request.body, 'request body');
    const item = await review.queue.handOff({ answerId: body.answerId, surface: 'http', note: body.note });
    logger.info({ answerId: body.answerId, itemId: item.id }, 'answer handed to a person');
    return reply.status(201).send({ handedOff: true, itemId: item.id });
  });

  app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => assertReviewer(request, context.guard.tokensRequired));

    scope.get('/api/review/items', async (request) => {
      const query = parseInput(reviewListQuerySchema, request.query, 'query');
      const items = await review.queue.list({
        status: query.status,
        reason: query.reason,
        since: query.since ? `${query.since}T00:00:00.000Z` : undefined,
      });
      return { items };
    });

    scope.get('/api/review/items/:id', async (request) => {
      const { id } = parseInput(reviewItemParamsSchema, request.params, 'item id');
      const { item, audit } = await review.queue.show(id);
      // The cited passages as the store holds them now, for reading beside the answer.
      const passages = item.answer.sources.map((source) => {
        const passage = store.getById(source.passageId);
        return {
          n: source.n,
          passageId: source.passageId,
          label: source.label,
          inStore: passage !== undefined,
          text: passage?.text ?? null,
          textHash: passage ? sha256Hex(passage.text).slice(0, 32) : null,
          url: safeUrl(passage?.url ?? source.url ?? undefined) ?? null,
          asOf: passage?.asOf ?? source.asOf,
        };
      });
      return { item, audit, passages };
    });

    scope.post('/api/review/items/:id/resolve', async (request) => {
      const { id } = parseInput(reviewItemParamsSchema, request.params, 'item id');
      const body = parseInput(resolveRequestSchema, request.body, 'request body');
      const item = await review.queue.resolve(id, { verdict: body.verdict, note: body.note, by: body.by });
      logger.info({ itemId: id, verdict: body.verdict }, 'review item resolved');
      return { item };
    });

    scope.post('/api/review/approve', async (request, reply) => {
      const body = parseInput(approveRequestSchema, request.body, 'request body');
      const approval = await review.approved.approve({
        answerId: body.answerId,
        by: body.by,
        questionPattern: body.questionPattern,
      });
      logger.info({ answerId: body.answerId, approvalId: approval.id }, 'answer approved');
      return reply.status(201).send({ approval });
    });

    scope.get('/api/review/approved', async () => {
      await review.approved.checkSources();
      return { approvals: await review.approved.list() };
    });

    scope.get('/api/review/gaps', async (request) => {
      const query = parseInput(gapsQuerySchema, request.query, 'query');
      return { since: query.since ?? null, gaps: await review.gaps(query.since) };
    });

    scope.get('/api/review/export', async (request, reply) => {
      parseInput(exportQuerySchema, request.query, 'query');
      const lines = await review.exportEval();
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="reviewed.jsonl"')
        .send(lines.length > 0 ? `${lines.join('\n')}\n` : '');
    });
  });
}

/** Open servers (no tokens, localhost only) let everyone review; otherwise the token needs the role. */
function assertReviewer(request: FastifyRequest, tokensRequired: boolean): void {
  if (!tokensRequired) return;
  const authentication = clientOf(request).authentication;
  if (authentication.kind === 'valid' && authentication.roles.includes('reviewer')) return;
  throw new HttpError(
    403,
    HttpErrorCode.Forbidden,
    'The review queue needs an API token with the reviewer role (AMICUS_API_TOKENS entry "<token>:reviewer")',
  );
}
