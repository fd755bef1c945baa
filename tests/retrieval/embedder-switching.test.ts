import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Application } from '../../src/application.js';
import { type AmicusConfig, type Secrets, secretsWith } from '../../src/core/config.js';
import { AmicusError } from '../../src/core/errors.js';
import { embedderSourceFromConfig, FixedEmbedderSource } from '../../src/retrieval/embedder-source.js';
import {
  currentGeneration,
  currentGenerationId,
  indexesDirectory,
} from '../../src/retrieval/index-generation.js';
import { OpenAIEmbedder } from '../../src/retrieval/openai-embedder.js';
import type { RetrievedPassage } from '../../src/retrieval/retriever.js';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../support/fake-openai-server.js';
import {
  depositsGuide,
  fixtureConfig,
  ingestedFixture,
  maxFileBytes,
  openFixtureApplication,
  type RetrievalFixture,
  writeRetrievalFixture,
} from '../support/retrieval-fixtures.js';
import { temporaryDirectory } from '../support/temporary.js';

const model = 'fake-embedding';
const questions = [
  'How many days does my landlord have to return my security deposit?',
  'What civil penalty applies for each violation?',
  'What does 99 U.S.C. § 104 say?',
];

let server: FakeOpenAIServer;
const opened: Application[] = [];

beforeEach(async () => {
  server = await startFakeOpenAIServer();
});

afterEach(async () => {
  for (const application of opened.splice(0)) application.close();
  await server.close();
});

function track(application: Application): Application {
  opened.push(application);
  return application;
}

function openAIConfig(config: AmicusConfig): AmicusConfig {
  return {
    ...config,
    embedder: { ...config.embedder, provider: 'openai', model, baseURL: server.baseURL, dimensions: 8 },
  };
}

function secrets(): Secrets {
  return secretsWith({ openaiApiKey: server.apiKey });
}

/** An OpenAI embedder on the fake server with tiny retry delays, recording each wait. */
function quickEmbedder(delays: number[] = []) {
  return new OpenAIEmbedder({
    apiKey: server.apiKey,
    baseURL: server.baseURL,
    model,
    dimensions: 8,
    batchSize: 64,
    concurrency: 1,
    timeoutMs: 5_000,
    maxRetries: 2,
    retryBaseDelayMs: 1,
    maxRetryDelayMs: 5,
    sleep: async (milliseconds) => {
      delays.push(milliseconds);
    },
  });
}

function embeddingInputs(): string[][] {
  return server.requestsTo('embeddings').map((request) => (request.body as { input: string[] }).input);
}

async function rejection(promise: Promise<unknown>): Promise<AmicusError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AmicusError);
  return error as AmicusError;
}

async function results(application: Application, mode: 'hybrid' | 'lexical' = 'hybrid') {
  const all: Array<Array<{ id: string; score: number }>> = [];
  for (const query of questions) {
    const found = await application.retriever.retrieve({ query, k: 5, mode });
    all.push(found.map((result: RetrievedPassage) => ({ id: result.passage.id, score: result.score })));
  }
  return all;
}

function ingestAll(application: Application, fixture: RetrievalFixture, reindex = false) {
  return application.createIngester({ reindex }).ingest([fixture.guide, fixture.statute], { maxFileBytes });
}

describe('switching from the local embedder to an OpenAI-compatible one', () => {
  it('refuses to query until `amicus reindex`, then rebuilds with the new embedder and caches its vectors', async () => {
    const { application: local, config, fixture } = await ingestedFixture(temporaryDirectory());
    const lexicalBefore = await results(local, 'lexical');
    local.close();
    const localGeneration = currentGeneration(
      track(openFixtureApplication(config)).database,
      config.dataDirectory,
    )!;
    expect(localGeneration.manifest.vectors.embedderSource).toBe('local');

    const remoteConfig = openAIConfig(config);
    const remote = track(openFixtureApplication(remoteConfig, { secrets: secrets() }));
    expect(remote.embedderSource.sourceKey).toBe(`openai:${model}`);

    // 1. Querying an index built by another embedder is refused, naming the fix.
    for (const mode of ['hybrid', 'vector', 'lexical'] as const) {
      const error = await rejection(remote.retriever.retrieve({ query: questions[0]!, mode }));
      expect(error.code).toBe('index_mismatch');
      expect(error.message).toContain('amicus reindex');
      expect(error.message).toContain('local');
    }
    expect(server.requestsTo('embeddings')).toHaveLength(0);

    // 2. `amicus reindex` rebuilds every vector through the fake server.
    await remote.createIngester({ reindex: true }).ingest([], { maxFileBytes });
    const indexRequests = server.requestsTo('embeddings');
    expect(indexRequests.length).toBeGreaterThan(0);
    for (const request of indexRequests) {
      expect(request.headers.authorization).toBe(`Bearer ${server.apiKey}`);
      expect(request.body).toMatchObject({ model, dimensions: 8, encoding_format: 'float' });
    }
    const embedded = embeddingInputs().flat();
    const passageCount = remote.store.passageCount();
    expect(new Set(embedded).size).toBe(passageCount);
    expect(embedded.some((text) => text.includes('within 21 days'))).toBe(true);

    const remoteGeneration = currentGeneration(remote.database, config.dataDirectory)!;
    expect(remoteGeneration.manifest.id).not.toBe(localGeneration.manifest.id);
    expect(remoteGeneration.manifest.vectors).toMatchObject({
      embedderSource: `openai:${model}`,
      dimensions: 8,
      count: passageCount,
    });
    expect(remoteGeneration.manifest.vectors.embedderId).toMatch(
      /^openai:127\.0\.0\.1:\d+:fake-embedding:8$/,
    );
    expect(readdirSync(indexesDirectory(config.dataDirectory))).toEqual([remoteGeneration.manifest.id]);

    // 3. Queries work again, embedding the question on the server; the lexical side is unchanged.
    const requestsBeforeQuery = server.requestsTo('embeddings').length;
    const hybrid = await remote.retriever.retrieve({ query: questions[1]!, k: 5 });
    expect(hybrid).toHaveLength(5);
    expect(hybrid.some((result) => result.vectorRank !== undefined)).toBe(true);
    const queryRequests = server.requestsTo('embeddings').slice(requestsBeforeQuery);
    expect(queryRequests).toHaveLength(1);
    expect((queryRequests[0]!.body as { input: string[] }).input).toEqual([questions[1]]);
    expect(await results(remote, 'lexical')).toEqual(lexicalBefore);
    const cited = await remote.retriever.retrieve({ query: questions[2]!, k: 3 });
    expect(cited[0]?.passage.sectionLabel).toBe('99 U.S.C. § 104');

    // 4. The old application, still configured for the local embedder, is now the one refused.
    const stale = track(openFixtureApplication(config));
    const staleError = await rejection(stale.retriever.retrieve({ query: questions[0]! }));
    expect(staleError.code).toBe('index_mismatch');
    expect(staleError.message).toContain('amicus reindex');

    // 5. Unchanged text costs nothing: re-ingesting and even reindexing hit the cache.
    const requestsBeforeReingest = server.requestsTo('embeddings').length;
    const report = await ingestAll(remote, fixture);
    expect(report.collections.map((collection) => collection.status)).toEqual(['unchanged', 'unchanged']);
    expect(currentGenerationId(remote.database)).toBe(remoteGeneration.manifest.id);
    await remote.createIngester({ reindex: true }).ingest([], { maxFileBytes });
    expect(server.requestsTo('embeddings').length).toBe(requestsBeforeReingest);
    const rebuilt = currentGeneration(remote.database, config.dataDirectory)!;
    expect(rebuilt.manifest.id).not.toBe(remoteGeneration.manifest.id);
    expect(rebuilt.manifest.vectors.count).toBe(passageCount);

    // 6. A changed file sends only its new passage.
    writeFileSync(
      path.join(fixture.guide, 'deposits.md'),
      depositsGuide.replace('within 21 days', 'within 14 days'),
    );
    await ingestAll(remote, fixture);
    const changedInputs = embeddingInputs().slice(requestsBeforeReingest).flat();
    expect(changedInputs).toHaveLength(1);
    expect(changedInputs[0]).toContain('within 14 days');
  });

  it('embedderSourceFromConfig refuses an OpenAI configuration without a model or key', () => {
    const config = openAIConfig(fixtureConfig(path.join(temporaryDirectory(), 'data')));
    const { database } = track(openFixtureApplication(config, { create: true, secrets: secrets() }));
    expect(() => embedderSourceFromConfig(config, secretsWith(), database)).toThrow(/OPENAI_API_KEY/);
    const withoutModel: AmicusConfig = {
      ...config,
      embedder: { provider: 'openai', batchSize: 64, concurrency: 2 },
    };
    expect(() => embedderSourceFromConfig(withoutModel, secrets(), database)).toThrow(/embedder\.model/);
    expect(embedderSourceFromConfig(config, secrets(), database).sourceKey).toBe(`openai:${model}`);
  });
});

describe('embedder failures during ingest', () => {
  it('503s beyond the retry budget fail the ingest, and the previous index keeps serving', async () => {
    const root = temporaryDirectory();
    const fixture = writeRetrievalFixture(path.join(root, 'corpus'));
    const config = fixtureConfig(path.join(root, 'data'));
    const source = new FixedEmbedderSource(`openai:${model}`, quickEmbedder());
    const application = track(openFixtureApplication(config, { create: true, embedderSource: source }));
    await ingestAll(application, fixture);
    const generation = currentGenerationId(application.database)!;
    const before = await results(application);
    const passagesBefore = application.store.passageCount();

    writeFileSync(
      path.join(fixture.guide, 'deposits.md'),
      depositsGuide.replace('within 21 days', 'within 14 days'),
    );
    const unavailable = { status: 503, body: { error: { message: 'The server is overloaded' } } };
    server.enqueue('embeddings', unavailable, unavailable, unavailable);
    const requestsBefore = server.requestsTo('embeddings').length;

    const error = await rejection(ingestAll(application, fixture));
    expect(error.code).toBe('provider_failure');
    expect(error.message).toContain('HTTP 503');
    expect(error.message).toContain('3 attempts');
    expect(error.message).toContain('The server is overloaded');
    expect(server.requestsTo('embeddings').length - requestsBefore).toBe(3);
    expect(server.pending('embeddings')).toBe(0);

    // Nothing of the failed ingest is visible: same generation, same folder, same passages, same results.
    expect(currentGenerationId(application.database)).toBe(generation);
    expect(readdirSync(indexesDirectory(config.dataDirectory))).toEqual([generation]);
    expect(application.store.passageCount()).toBe(passagesBefore);
    const texts = application.database.prepare('SELECT text FROM passages').pluck().all() as string[];
    expect(texts.some((text) => text.includes('within 21 days'))).toBe(true);
    expect(texts.some((text) => text.includes('within 14 days'))).toBe(false);
    expect(await results(application)).toEqual(before);

    // Once the server recovers, the same ingest goes through.
    await ingestAll(application, fixture);
    expect(currentGenerationId(application.database)).not.toBe(generation);
    const found = await application.retriever.retrieve({
      query: 'return deposit days',
      k: 1,
      mode: 'lexical',
    });
    expect(found[0]?.passage.text).toContain('within 14 days');
  });

  it('a failed reindex to a new embedder leaves the local index serving', async () => {
    const { application: local, config } = await ingestedFixture(temporaryDirectory());
    track(local);
    const generation = currentGenerationId(local.database)!;
    const before = await results(local);

    const remote = track(
      openFixtureApplication(config, {
        embedderSource: new FixedEmbedderSource(`openai:${model}`, quickEmbedder()),
      }),
    );
    server.enqueue('embeddings', { status: 500 }, { status: 502 }, { status: 503 });
    const error = await rejection(remote.createIngester({ reindex: true }).ingest([], { maxFileBytes }));
    expect(error.code).toBe('provider_failure');
    expect(error.message).toContain('HTTP 503');

    expect(currentGenerationId(local.database)).toBe(generation);
    expect(readdirSync(indexesDirectory(config.dataDirectory))).toEqual([generation]);
    expect(await results(local)).toEqual(before);
    const reopened = track(openFixtureApplication(config));
    expect(await results(reopened)).toEqual(before);
  });

  it('a 429 with Retry-After is waited out and the ingest succeeds', async () => {
    const root = temporaryDirectory();
    const fixture = writeRetrievalFixture(path.join(root, 'corpus'));
    const config = fixtureConfig(path.join(root, 'data'));
    const delays: number[] = [];
    const source = new FixedEmbedderSource(`openai:${model}`, quickEmbedder(delays));
    const application = track(openFixtureApplication(config, { create: true, embedderSource: source }));

    server.enqueue('embeddings', {
      status: 429,
      headers: { 'retry-after': '0.003' },
      body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
    });
    const report = await ingestAll(application, fixture);
    expect(report.collections.map((collection) => collection.status)).toEqual(['created', 'created']);
    // The server's 3 ms, not the client's own backoff (which would be under 1 ms here).
    expect(delays).toEqual([3]);
    const inputs = embeddingInputs();
    expect(inputs).toHaveLength(2);
    expect(inputs[1]).toEqual(inputs[0]);
    expect(server.pending('embeddings')).toBe(0);

    const generation = currentGeneration(application.database, config.dataDirectory)!;
    expect(generation.manifest.vectors.count).toBe(application.store.passageCount());
    const found = await application.retriever.retrieve({ query: questions[1]!, k: 3 });
    expect(found[0]?.passage.sectionLabel).toBe('99 U.S.C. § 105');
  });

  it('a Retry-After longer than the limit is capped', async () => {
    const root = temporaryDirectory();
    const fixture = writeRetrievalFixture(path.join(root, 'corpus'));
    const delays: number[] = [];
    const application = track(
      openFixtureApplication(fixtureConfig(path.join(root, 'data')), {
        create: true,
        embedderSource: new FixedEmbedderSource(`openai:${model}`, quickEmbedder(delays)),
      }),
    );
    server.enqueue('embeddings', { status: 429, headers: { 'retry-after': '120' }, body: {} });
    await ingestAll(application, fixture);
    expect(delays).toEqual([5]);
  });
});
