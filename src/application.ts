import { AnswerEngine } from './answer/answer-engine.js';
import { ExtractiveComposer } from './answer/extractive-composer.js';
import { LlmComposer } from './answer/llm/llm-composer.js';
import { Conversation } from './conversation/conversation.js';
import { CarryOverRewriter } from './conversation/follow-up.js';
import { LlmFollowUpRewriter } from './conversation/llm-follow-up.js';
import { ThreadStore } from './conversation/thread-store.js';
import { type AmicusConfig, readSecrets, type Secrets } from './core/config.js';
import { createLogger, type Logger } from './core/logger.js';
import { readPromptFile } from './core/prompt-files.js';
import { redactPersonalDetails } from './core/redaction.js';
import { CorpusIngester } from './corpus/ingest.js';
import { chatModelFromConfig } from './llm/chat-model-from-config.js';
import { SecondOpinionClassifier } from './policy/llm-second-opinion.js';
import type { PolicyClassifier } from './policy/policy.js';
import { loadPolicyTexts } from './policy/policy-texts.js';
import { RulePolicyClassifier } from './policy/rule-classifier.js';
import { type EmbedderSource, embedderSourceFromConfig } from './retrieval/embedder-source.js';
import { HybridRetriever } from './retrieval/hybrid-retriever.js';
import { RetrievalIndexBuilder } from './retrieval/retrieval-index-builder.js';
import { openDatabase, openStateDatabase, type SqliteDatabase } from './store/database.js';
import { FeedbackStore } from './store/feedback-store.js';
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
  readonly feedback: FeedbackStore;
  readonly policy: PolicyClassifier;
  createIngester(options?: { reindex?: boolean }): CorpusIngester;
  close(): void;
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
      },
    });
    const store = new PassageStore(database);
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
    });
    const threads = new ThreadStore(stateDatabase, {
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
    const conversation = new Conversation(answers, threads, rewriter);
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
      feedback: new FeedbackStore(stateDatabase, redactPersonalDetails),
      policy,
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
      close: () => {
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
