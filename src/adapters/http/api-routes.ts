import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { safeUrl } from '../../answer/renderers/sanitize.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import { QueueFullError } from '../../core/rate-limits.js';
import { vettingWarnings } from '../../store/vetting.js';
import { askResponse } from './answer-payload.js';
import { clientOf } from './client-guard.js';
import { supportingSpans } from './highlight.js';
import { HttpError, HttpErrorCode } from './http-errors.js';
import {
  askRequestSchema,
  feedbackRequestSchema,
  passageParamsSchema,
  passageQuerySchema,
} from './request-schemas.js';
import type { ServerContext } from './server-context.js';

export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: string,
): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw HttpError.fromZod(parsed.error, where);
  return parsed.data;
}

/** The scope of a client's threads: one client can never continue another's conversation. */
function scopedThreadId(clientKey: string, threadId: string): string {
  return `${clientKey}/${threadId}`;
}

export function registerApiRoutes(app: FastifyInstance, context: ServerContext): void {
  const { conversation, store, feedback, metrics, logger, askLimiter } = context;

  app.post('/api/ask', async (request) => {
    const body = parseInput(askRequestSchema, request.body, 'request body');
    const client = clientOf(request);
    const threadId = body.threadId ?? randomUUID();
    const started = performance.now();
    try {
      const answer = await askLimiter.run(() =>
        conversation.ask({
          question: body.question,
          jurisdiction: body.jurisdiction,
          audience: body.audience,
          thread: { surface: 'http', threadId: scopedThreadId(client.key, threadId) },
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      metrics.recordAnswer(answer.kind, seconds);
      // Never the question's text: it may carry personal details.
      logger.info(
        {
          answerId: answer.id,
          kind: answer.kind,
          sources: answer.sources.length,
          questionLength: body.question.length,
          milliseconds: Math.round(seconds * 1000),
        },
        'answered',
      );
      return askResponse(answer, threadId);
    } catch (error) {
      metrics.recordAnswerFailure(
        error instanceof QueueFullError
          ? HttpErrorCode.Busy
          : error instanceof AmicusError
            ? error.code
            : HttpErrorCode.Internal,
      );
      throw error;
    }
  });

  app.get('/api/sources', async () => {
    const collections = store.listCollections();
    const warnings = vettingWarnings(collections, context.config.vetting.maxAgeDays, new Date(context.now()));
    return {
      deployment: {
        name: context.config.deployment.name,
        disclaimer: context.config.deployment.disclaimer,
      },
      jurisdictions: [...new Set(collections.map((collection) => collection.jurisdiction))].sort(),
      // The server-side source path is left out: it says nothing useful to a browser.
      collections: collections.map((collection) => ({
        id: collection.id,
        title: collection.title,
        jurisdiction: collection.jurisdiction,
        sourceType: collection.sourceType,
        asOf: collection.asOf,
        vetted: collection.vetted,
        vettedBy: collection.vettedBy ?? null,
        vettedOn: collection.vettedOn ?? null,
        publisher: collection.publisher ?? null,
        url: safeUrl(collection.url) ?? null,
        license: collection.license ?? null,
        documentCount: collection.documentCount,
        passageCount: collection.passageCount,
        ingestedAt: collection.ingestedAt,
      })),
      warnings,
    };
  });

  app.get('/api/passages/:id', async (request) => {
    const { id } = parseInput(passageParamsSchema, request.params, 'passage id');
    const { sentence } = parseInput(passageQuerySchema, request.query, 'query');
    const passage = store.getById(id);
    if (passage === undefined) {
      throw new AmicusError(ErrorCode.NotFound, `No passage with id "${id.slice(0, 80)}"`, {
        location: 'id',
      });
    }
    const collection = store.getCollection(passage.collectionId);
    return {
      passage: {
        id: passage.id,
        label: passage.label,
        heading: passage.heading,
        breadcrumb: passage.breadcrumb,
        text: passage.text,
        url: safeUrl(passage.url) ?? null,
        jurisdiction: passage.jurisdiction,
        sourceType: passage.sourceType,
        asOf: passage.asOf,
        collectionId: passage.collectionId,
      },
      collection:
        collection === undefined
          ? null
          : {
              id: collection.id,
              title: collection.title,
              publisher: collection.publisher ?? null,
              license: collection.license ?? null,
              url: safeUrl(collection.url) ?? null,
              asOf: collection.asOf,
              vetted: collection.vetted,
              vettedBy: collection.vettedBy ?? null,
              vettedOn: collection.vettedOn ?? null,
            },
      ...(sentence === undefined ? {} : { support: supportingSpans(passage.text, sentence) }),
    };
  });

  app.post('/api/feedback', async (request, reply) => {
    const body = parseInput(feedbackRequestSchema, request.body, 'request body');
    const client = clientOf(request);
    await feedback.record({
      answerId: body.answerId,
      rating: body.rating,
      ...(body.reason ? { reason: body.reason } : {}),
      surface: 'http',
      userId: client.key,
    });
    logger.info({ answerId: body.answerId, rating: body.rating }, 'feedback recorded');
    return reply.status(201).send({ recorded: true, answerId: body.answerId, rating: body.rating });
  });
}
