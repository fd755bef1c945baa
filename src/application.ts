import { AnswerEngine } from './answer/answer-engine.js';
import { ExtractiveComposer } from './answer/extractive-composer.js';
import { LlmComposer } from './answer/llm/llm-composer.js';
import { Conversation } from './conversation/conversation.js';
import { CarryOverRewriter } from './conversation/follow-up.js';
import { LlmFollowUpRewriter } from './conversation/llm-follow-up.js';
import { type ThreadMemory, ThreadStore } from './conversation/thread-store.js';
import { type AmicusConfig, readSecrets, type Secrets } from './core/config.js';
import type { SeenIdsFactory } from './core/expiring-set.js';
import { createLogger, type Logger } from './core/logger.js';
import { readPromptFile } from './core/prompt-files.js';
import type { RateLimiterFactory } from './core/rate-limits.js';
import { redactPersonalDetails } from './core/redaction.js';
import { CorpusIngester, type Ingester } from './corpus/ingest.js';
import { chatModelFromConfig } from './llm/chat-model-from-config.js';
import { SecondOpinionClassifier } from './policy/llm-second-opinion.js';
import type { PolicyClassifier } from './policy/policy.js';
import { loadPolicyTexts } from './policy/policy-texts.js';
import { RulePolicyClassifier } from './policy/rule-classifier.js';
import { type EmbedderSource, embedderSourceFromConfig } from './retrieval/embedder-source.js';
import { HybridRetriever } from './retrieval/hybrid-retriever.js';
import { RetrievalIndexBuilder } from './retrieval/retrieval-index-builder.js';
import { ApprovedAnswers } from './review/approved-answers.js';
import { ReviewingFeedback, ReviewQueue } from './review/review-queue.js';
import type { ReviewStore } from './review/review-store.js';
import { SqliteReviewStore } from './review/sqlite-review-store.js';
import { StaffReview } from './review/staff-review.js';
import { openDatabase, openStateDatabase, type SqliteDatabase } from './store/database.js';
import { type FeedbackLog, FeedbackStore } from './store/feedback-store.js';
import { PassageStore } from './store/passage-store.js';

/**
 * The composition root: it builds every component from configuration and passes each its
 * dependencies. Adapters (CLI, Slack, Discord, HTTP) start from here and nothing else reads
 * configuration or the environment.
 */
export interface Application {
  readonly config: AmicusConfig;
  readonly secrets: Secrets;
  readonly logger: Logger;
  readonly database: SqliteDatabase;
  /** Conversation turns and feedback: apart from the corpus, so an ingest never blocks them. */
  readonly stateDatabase: SqliteDatabase;
  readonly store: PassageStore;
  readonly embedderSource: EmbedderSource;
  readonly retriever: HybridRetriever;
  readonly answers: AnswerEngine;
  readonly conversation: Conversation;
  /** Every vote is stored; a 👎 also files the answer for review. */
  readonly feedback: FeedbackLog;
  /** The review queue, approved answers, coverage gaps (in the state database, or PostgreSQL). */
  readonly review: StaffReview;
  readonly policy: PolicyClassifier;
  /** Memories and allowances shared by replicas (PostgreSQL); empty for the embedded store. */
  readonly shared: SharedState;
  /** Which published generation this replica serves (PostgreSQL), for `/healthz`. */
  readonly corpusStatus?: (() => CorpusStatus) | undefined;
  createIngester(options?: { reindex?: boolean }): Ingester;
  /** Closes the stores (and, with PostgreSQL, stops following and closes the pool). */
  close(): Promise<void>;
}

/**
 * What the adapters share across processes when a server database is configured. Each is
 * undefined for the embedded store, where the adapters keep their own in memory, as before.
 */
export interface SharedState {
  readonly seenIds?: SeenIdsFactory | undefined;
  readonly rateLimiters?: RateLimiterFactory | undefined;
}

/**
 * A replica's corpus, as `/healthz` reports it (see postgres/generation-follower.ts): `ok`, or
 * `degraded` when the latest published generation could not be loaded and an older one serves.
 */
export interface CorpusStatus {
  readonly status: 'ok' | 'degraded';
  readonly [detail: string]: unknown;
}

export interface OpenApplicationOptions {
  /** Create the data directory when missing (ingest); readers require existing data. */
  readonly create?: boolean;
  readonly logger?: Logger;
  readonly secrets?: Secrets;
  readonly embedderSource?: EmbedderSource;
  readonly policy?: PolicyClassifier;
  /** Where the editable policy texts are (default: the package's prompts/policy). */
  readonly policyDirectory?: string;
  /**
   * Thread memory, feedback and the review queue elsewhere than the data directory's state.db
   * (PostgreSQL), so that every replica shares them.
   */
  readonly state?: {
    readonly threads: ThreadMemory;
    readonly feedback: FeedbackLog;
    readonly review: ReviewStore;
  };
  readonly shared?: SharedState;
  /** The process answers once and exits (`amicus ask`, `amicus search`): tuned for the first answer. */
  readonly oneShot?: boolean;
}

export function openApplication(config: AmicusConfig, options: OpenApplicationOptions = {}): Application {
  const logger = options.logger ?? createLogger();
  const secrets = options.secrets ?? readSecrets();
  const database = openDatabase(config.dataDirectory, { create: options.create ?? false });
  let stateDatabase: SqliteDatabase | undefined;
  try {
    stateDatabase = openStateDatabase(config.dataDirectory);
    const embedderSource =
      options.embedderSource ?? embedderSourceFromConfig(config, secrets, database, logger);
    const retriever = new HybridRetriever({
      database,
      dataDirectory: config.dataDirectory,
      embedderSource,
      logger,
      options: {
        k: config.retrieval.k,
        lexicalEngine: config.retrieval.lexicalEngine,
        maxPerSection: config.retrieval.maxPerSection,
        nativeVectorSearch: !options.oneShot,
      },
    });
    const store = new PassageStore(database);
    const reviewStore = options.state?.review ?? new SqliteReviewStore(stateDatabase);
    const statistics = () => retriever.termStatistics();
    const approved = new ApprovedAnswers({
      store: reviewStore,
      passages: store,
      statistics,
      similarityThreshold: config.review.similarityThreshold,
      logger,
    });
    const reviewQueue = new ReviewQueue({
      store: reviewStore,
      redact: redactPersonalDetails,
      recordUserIds: config.review.recordUserIds,
      answerRetentionDays: config.review.answerRetentionDays,
      logger,
    });
    // One chat model (when `llm.model` is set) serves the composer, the policy second opinion
    // and follow-up rewriting; without one, everything runs offline on rules and extraction.
    const chatModel = chatModelFromConfig(config, secrets, { logger });
    const extractive = new ExtractiveComposer({ outOfScopeTopics: config.answers.outOfScopeTopics });
    const rules = new RulePolicyClassifier();
    const policy =
      options.policy ??
      (chatModel
        ? new SecondOpinionClassifier(rules, chatModel, readPromptFile('policy-second-opinion.md'), logger)
        : rules);
    const answers = new AnswerEngine({
      retriever,
      store,
      extractive,
      llm: chatModel ? new LlmComposer({ chatModel, fallback: extractive, logger }) : undefined,
      disclaimer: config.deployment.disclaimer,
      policy,
      policyTexts: loadPolicyTexts(options.policyDirectory),
      referrals: config.deployment.referrals,
      crisisResources: config.deployment.crisisResources,
      audience: config.deployment.audience,
      logger,
      approved,
    });
    const threads =
      options.state?.threads ??
      new ThreadStore(stateDatabase, {
        maxTurns: config.conversation.maxTurns,
        retentionDays: config.conversation.retentionDays,
        redact: redactPersonalDetails,
      });
    const rewriter = chatModel
      ? new LlmFollowUpRewriter(
          chatModel,
          readPromptFile('rewrite-follow-up.md'),
          new CarryOverRewriter(),
          logger,
        )
      : new CarryOverRewriter();
    const conversation = new Conversation(answers, threads, rewriter, reviewQueue);
    return {
      config,
      secrets,
      logger,
      database,
      stateDatabase,
      store,
      embedderSource,
      retriever,
      answers,
      conversation,
      feedback: new ReviewingFeedback(
        options.state?.feedback ?? new FeedbackStore(stateDatabase, redactPersonalDetails),
        reviewQueue,
        logger,
      ),
      review: new StaffReview(reviewQueue, approved, reviewStore, store, statistics),
      policy,
      shared: options.shared ?? {},
      createIngester: (ingesterOptions = {}) =>
        new CorpusIngester({
          database,
          logger,
          extensions: [
            new RetrievalIndexBuilder({
              dataDirectory: config.dataDirectory,
              embedderSource,
              logger,
              force: ingesterOptions.reindex ?? false,
            }),
          ],
        }),
      close: async () => {
        retriever.close();
        stateDatabase?.close();
        database.close();
      },
    };
  } catch (error) {
    stateDatabase?.close();
    database.close();
    throw error;
  }
}

export interface OpenConfiguredOptions extends OpenApplicationOptions {
  /**
   * A long-running replica (`serve`, `slack`, `discord interactions`): follow the generations
   * the ingest worker publishes. Commands that answer once and exit load the current one only.
   */
  readonly follow?: boolean;
}

/**
 * Opens the application on the store the configuration names: the embedded store in the data
 * directory, or, with `store.url` (AMICUS_DATABASE_URL), PostgreSQL with the data directory as
 * this process's local cache (`replicated-application.ts`, loaded only then, so the embedded
 * path never loads the PostgreSQL client).
 */
export async function openConfiguredApplication(
  config: AmicusConfig,
  options: OpenConfiguredOptions = {},
): Promise<Application> {
  if (config.store.url === undefined) return openApplication(config, options);
  const { openReplicatedApplication } = await import('./replicated-application.js');
  return openReplicatedApplication(config, config.store.url, options);
}

/**
 * The corpus store alone, for commands that only read it (`sources`, `passage`): the data
 * directory's, or with PostgreSQL the local cache, brought up to date first.
 */
export async function openCorpusDatabase(
  config: AmicusConfig,
): Promise<{ readonly database: SqliteDatabase; close(): Promise<void> }> {
  if (config.store.url === undefined) {
    const database = openDatabase(config.dataDirectory);
    return {
      database,
      close: async () => {
        database.close();
      },
    };
  }
  const application = await openConfiguredApplication(config);
  return { database: application.database, close: () => application.close() };
}
