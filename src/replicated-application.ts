import { type Application, type OpenConfiguredOptions, openApplication } from './application.js';
import type { AmicusConfig } from './core/config.js';
import { createLogger } from './core/logger.js';
import { redactPersonalDetails } from './core/redaction.js';
import { CorpusIngester, type IngestOptions } from './corpus/ingest.js';
import { createPool, describeDatabase, storeFailure } from './postgres/connection.js';
import { type CacheState, synchronizeCache } from './postgres/corpus-cache.js';
import { PostgresCorpusPublisher } from './postgres/corpus-publisher.js';
import { PostgresFeedbackLog } from './postgres/feedback-log.js';
import { GenerationFollower } from './postgres/generation-follower.js';
import { acquireIngestLock } from './postgres/ingest-lock.js';
import { migrate } from './postgres/migrations.js';
import { PostgresRateLimiter } from './postgres/rate-buckets.js';
import { PostgresReviewStore } from './postgres/review-store.js';
import { PostgresSeenIds } from './postgres/seen-ids.js';
import { PostgresThreadMemory } from './postgres/thread-memory.js';
import { RetrievalIndexBuilder } from './retrieval/retrieval-index-builder.js';
import { openDatabase, type SqliteDatabase } from './store/database.js';

/**
 * The application on PostgreSQL (docs/deployment.md). The data directory becomes this
 * process's local cache: the published corpus and index files, copied and checked, so that
 * retrieval stays in-process and as fast as with the embedded store. Threads, feedback, the
 * review queue (items, approved answers, audit trail), seen event ids and rate limits live in
 * PostgreSQL, shared by every process. `amicus ingest` is the worker: it brings its cache up
 * to date, ingests into it as the embedded store does, and publishes the result in one
 * PostgreSQL transaction.
 */
export async function openReplicatedApplication(
  config: AmicusConfig,
  url: string,
  options: OpenConfiguredOptions,
): Promise<Application> {
  const logger = options.logger ?? createLogger();
  const worker = options.create ?? false;
  const pool = createPool({
    url,
    size: config.store.poolSize,
    logger,
    applicationName: worker ? 'amicus worker' : 'amicus replica',
  });
  let follower: GenerationFollower | undefined;
  let application: Application | undefined;
  try {
    const migrateSchema = () =>
      migrate(pool, logger).catch((error: unknown) => {
        throw storeFailure(url, 'Migrating the schema', error);
      });
    const synchronizeInto = (database: SqliteDatabase) =>
      synchronizeCache({
        pool,
        database,
        dataDirectory: config.dataDirectory,
        logger,
        requirePublished: !worker,
      }).catch((error: unknown) => {
        throw storeFailure(url, 'Loading the published corpus', error);
      });
    let initial: CacheState | undefined;
    if (!options.oneShot) {
      await migrateSchema();
      const cache = openDatabase(config.dataDirectory, { create: true });
      try {
        initial = await synchronizeInto(cache);
      } finally {
        cache.close();
      }
    }
    const opened = openApplication(config, {
      ...options,
      logger,
      create: true,
      state: {
        threads: new PostgresThreadMemory(pool, {
          maxTurns: config.conversation.maxTurns,
          retentionDays: config.conversation.retentionDays,
          redact: redactPersonalDetails,
        }),
        feedback: new PostgresFeedbackLog(pool, redactPersonalDetails),
        review: new PostgresReviewStore(pool),
      },
      shared: {
        seenIds: (namespace, lifetimeMs) => new PostgresSeenIds(pool, namespace, lifetimeMs),
        rateLimiters: (namespace, allowance) =>
          new PostgresRateLimiter(pool, namespace, allowance.capacity, allowance.refillPerMinute),
      },
    });
    application = opened;
    let synchronized: CacheState;
    if (initial !== undefined) synchronized = initial;
    else {
      // A one-shot command (`amicus ask`, `search`) answers once: it starts loading the
      // generation its cache already holds while the database says whether that is still the
      // published one. When it is not, the cache is brought up to date first and the retriever,
      // which follows the generation named in the cache, loads the new one for the answer.
      const warmUp = opened.retriever.warmUp().catch(() => undefined);
      await migrateSchema();
      synchronized = await synchronizeInto(opened.database);
      await warmUp;
    }
    const synchronize = () =>
      synchronizeCache({
        pool,
        database: opened.database,
        dataDirectory: config.dataDirectory,
        logger,
        embedderSourceKey: opened.embedderSource.sourceKey,
        requirePublished: true,
      });
    if (options.follow) {
      follower = new GenerationFollower({
        url,
        synchronize,
        warmUp: () => opened.retriever.warmUp(),
        pollMs: config.store.pollSeconds * 1000,
        logger,
        initial: synchronized,
      });
      await follower.start();
    }
    const running = follower;
    logger.info(
      {
        event: 'postgres.opened',
        database: describeDatabase(url),
        generation: synchronized.generationId,
        revision: synchronized.revision,
      },
      'using PostgreSQL as the store',
    );
    return {
      ...opened,
      corpusStatus: running ? () => ({ ...running.status() }) : undefined,
      createIngester: (ingesterOptions = {}) => ({
        ingest: async (paths: readonly string[], ingestOptions: IngestOptions) => {
          const lock = await acquireIngestLock(pool, {
            waitMs: ingestOptions.lockWaitMs ?? 0,
            onWaiting: ingestOptions.onWaiting,
          });
          try {
            const base = await synchronizeCache({
              pool,
              database: opened.database,
              dataDirectory: config.dataDirectory,
              logger,
              requirePublished: false,
            });
            const ingester = new CorpusIngester({
              database: opened.database,
              logger,
              extensions: [
                new RetrievalIndexBuilder({
                  dataDirectory: config.dataDirectory,
                  embedderSource: opened.embedderSource,
                  logger,
                  force: ingesterOptions.reindex ?? false,
                }),
                new PostgresCorpusPublisher({
                  pool,
                  dataDirectory: config.dataDirectory,
                  baseRevision: base.revision,
                  logger,
                }),
              ],
            });
            return await ingester.ingest(paths, ingestOptions);
          } finally {
            await lock.release();
          }
        },
      }),
      close: async () => {
        await follower?.stop();
        await opened.close();
        await pool.end();
      },
    };
  } catch (error) {
    await follower?.stop();
    await application?.close();
    await pool.end().catch(() => undefined);
    throw error;
  }
}
