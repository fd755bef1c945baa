import Database from 'better-sqlite3';
import { AuthenticationError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmicusError, ErrorCode } from '../../src/core/errors.js';
import { normalizeInPlace } from '../../src/retrieval/embedder.js';
import { SqliteEmbeddingCache } from '../../src/retrieval/embedding-cache.js';
import { OpenAIEmbedder, type OpenAIEmbedderOptions } from '../../src/retrieval/openai-embedder.js';
import { sha256Hex } from '../../src/store/passage-rows.js';
import {
  type FakeOpenAIServer,
  fakeEmbedding,
  fakeEmbeddingsReply,
  startFakeOpenAIServer,
} from '../support/fake-openai-server.js';

const apiKey = 'sk-test-embedder-key-9f8e7d6c5b4a';
const model = 'text-embedding-test';

let server: FakeOpenAIServer;
let databases: Database.Database[] = [];

beforeEach(async () => {
  server = await startFakeOpenAIServer({ apiKey });
});

afterEach(async () => {
  await server.close();
  for (const database of databases) database.close();
  databases = [];
});

/** An embedder on the fake server whose sleeps are recorded instead of waited for. */
function createEmbedder(overrides: Partial<OpenAIEmbedderOptions> = {}) {
  const delays: number[] = [];
  const embedder = new OpenAIEmbedder({
    apiKey,
    baseURL: server.baseURL,
    model,
    dimensions: 8,
    batchSize: 2,
    concurrency: 2,
    timeoutMs: 5_000,
    retryBaseDelayMs: 10,
    sleep: async (milliseconds) => {
      delays.push(milliseconds);
    },
    ...overrides,
  });
  return { embedder, delays };
}

function expected(text: string, dimensions = 8): Float32Array {
  return normalizeInPlace(Float32Array.from(fakeEmbedding(text, dimensions)));
}

function memoryCache(): SqliteEmbeddingCache {
  const database = new Database(':memory:');
  databases.push(database);
  return new SqliteEmbeddingCache(database);
}

async function rejection(promise: Promise<unknown>): Promise<AmicusError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AmicusError);
  return error as AmicusError;
}

const rateLimitBody = {
  error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
};

describe('OpenAIEmbedder requests', () => {
  it('batches, keeps at most `concurrency` requests in flight and preserves order', async () => {
    const texts = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];
    // The first batch answers last, so a naive "push as they arrive" would scramble the order.
    const slowFirstBatch = (body: unknown) => {
      const input = (body as { input: string[] }).input;
      return { ...fakeEmbeddingsReply(body), delayMs: input[0] === 'alpha' ? 150 : 20 };
    };
    server.enqueue('embeddings', slowFirstBatch, slowFirstBatch, slowFirstBatch, slowFirstBatch);
    const { embedder } = createEmbedder();

    const vectors = await embedder.embedDocuments(texts);

    expect(vectors).toEqual(texts.map((text) => expected(text)));
    const requests = server.requestsTo('embeddings');
    expect(requests.map((request) => (request.body as { input: string[] }).input)).toEqual(
      expect.arrayContaining([['alpha', 'bravo'], ['charlie', 'delta'], ['echo', 'foxtrot'], ['golf']]),
    );
    expect(requests).toHaveLength(4);
    expect(server.peakConcurrency).toBe(2);
    expect(requests[0]?.body).toMatchObject({ model, dimensions: 8, encoding_format: 'float' });
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    for (const vector of vectors) {
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });

  it('names the embedding space by host, model and dimensions', async () => {
    const { embedder } = createEmbedder();
    expect(embedder.id).toBe(`openai:${new URL(server.baseURL).host}:${model}:8`);
    expect(embedder.dimensions).toBe(8);
    expect(await embedder.embedQuery('question')).toEqual(expected('question'));
  });

  it('learns unconfigured dimensions from a probe, without sending `dimensions`', async () => {
    const { embedder } = createEmbedder({ dimensions: undefined });
    expect(() => embedder.id).toThrow(expect.objectContaining({ code: ErrorCode.ConfigInvalid }));
    expect(await embedder.probe()).toBe(8);
    expect(await embedder.probe()).toBe(8);
    expect(embedder.id).toMatch(/:8$/);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body).not.toHaveProperty('dimensions');
  });

  it('returns an empty list for no texts without calling the API', async () => {
    const { embedder } = createEmbedder();
    expect(await embedder.embedDocuments([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('OpenAIEmbedder retries', () => {
  it('honours Retry-After in seconds after a 429', async () => {
    server.enqueue('embeddings', { status: 429, body: rateLimitBody, headers: { 'retry-after': '1' } });
    const { embedder, delays } = createEmbedder();

    expect(await embedder.embedDocuments(['one'])).toEqual([expected('one')]);
    expect(delays).toEqual([1000]);
    expect(server.requests).toHaveLength(2);
  });

  it('honours retry-after-ms and Retry-After as an HTTP date', async () => {
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    server.enqueue(
      'embeddings',
      { status: 429, body: rateLimitBody, headers: { 'retry-after-ms': '250', 'retry-after': '9' } },
      { status: 429, body: rateLimitBody, headers: { 'retry-after': inFiveSeconds } },
    );
    const { embedder, delays } = createEmbedder();

    await embedder.embedDocuments(['one']);
    expect(delays[0]).toBe(250);
    // HTTP dates have one-second resolution.
    expect(delays[1]).toBeGreaterThan(3_000);
    expect(delays[1]).toBeLessThanOrEqual(5_000);
  });

  it('caps a Retry-After longer than maxRetryDelayMs', async () => {
    server.enqueue('embeddings', { status: 429, body: rateLimitBody, headers: { 'retry-after': '3600' } });
    const { embedder, delays } = createEmbedder({ maxRetryDelayMs: 2_000 });
    await embedder.embedDocuments(['one']);
    expect(delays).toEqual([2_000]);
  });

  it('retries a 500 with a short backoff', async () => {
    server.enqueue('embeddings', { status: 500, body: { error: { message: 'internal error' } } });
    const { embedder, delays } = createEmbedder();

    expect(await embedder.embedDocuments(['one', 'two'])).toEqual([expected('one'), expected('two')]);
    expect(server.requests).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(5);
    expect(delays[0]).toBeLessThanOrEqual(10);
  });

  it('gives up after maxRetries consecutive 503s with exponential, jittered backoff', async () => {
    const unavailable = { status: 503, body: { error: { message: 'The server is overloaded' } } };
    server.enqueue('embeddings', unavailable, unavailable, unavailable, unavailable, unavailable);
    const { embedder, delays } = createEmbedder();

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toContain('HTTP 503');
    expect(error.message).toContain(server.baseURL);
    expect(error.message).toContain('5 attempts');
    expect(error.message).not.toContain(apiKey);
    expect(server.requests).toHaveLength(5);
    expect(delays).toHaveLength(4);
    delays.forEach((delay, retry) => {
      const exponential = 10 * 2 ** retry;
      expect(delay).toBeGreaterThanOrEqual(exponential / 2);
      expect(delay).toBeLessThanOrEqual(exponential);
    });
  });

  it('fails fast on 401 without retrying and without revealing the key', async () => {
    const wrongKey = 'sk-wrong-key-that-must-not-leak-1234';
    const { embedder, delays } = createEmbedder({ apiKey: wrongKey });

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain(server.baseURL);
    expect(error.message).not.toContain(wrongKey);
    expect(error.message).not.toContain('must-not-leak');
    expect(error.cause).toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('redacts a key without the sk- prefix too', async () => {
    const { embedder } = createEmbedder({ apiKey: 'local-server-token-abcdef' });
    const error = await rejection(embedder.embedQuery('one'));
    expect(error.message).toContain('HTTP 401');
    expect(error.message).not.toContain('local-server-token-abcdef');
  });

  it.each([400, 403, 404])('does not retry HTTP %i', async (status) => {
    server.enqueue('embeddings', { status, body: { error: { message: `rejected with ${status}` } } });
    const { embedder } = createEmbedder();

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toContain(`HTTP ${status}: rejected with ${status}`);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a timeout, then reports ProviderFailure once retries run out', async () => {
    server.enqueue('embeddings', { delayMs: 2_000 }, { delayMs: 2_000 }, { delayMs: 2_000 });
    const { embedder, delays } = createEmbedder({ timeoutMs: 150, maxRetries: 2 });

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toMatch(/timed out after 150 ms \(3 attempts\)/);
    expect(server.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('recovers when a retry after a timeout succeeds', async () => {
    server.enqueue('embeddings', { delayMs: 2_000 });
    const { embedder } = createEmbedder({ timeoutMs: 150 });
    expect(await embedder.embedDocuments(['one'])).toEqual([expected('one')]);
    expect(server.requests).toHaveLength(2);
  });

  it('retries connection errors and names the unreachable endpoint', async () => {
    const closed = await startFakeOpenAIServer({ apiKey });
    await closed.close();
    const { embedder, delays } = createEmbedder({ baseURL: closed.baseURL, maxRetries: 1 });

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toContain(`Cannot reach embeddings endpoint ${closed.baseURL}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(delays).toHaveLength(1);
  });
});

describe('OpenAIEmbedder response validation', () => {
  it('rejects vectors of the wrong size, naming both sizes', async () => {
    server.enqueue('embeddings', (body) => fakeEmbeddingsReply({ ...(body as object), dimensions: 12 }));
    const { embedder } = createEmbedder();

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderOutputInvalid);
    expect(error.message).toContain('returned 12 dimensions, expected 8');
    expect(server.requests).toHaveLength(1);
  });

  it('fixes learned dimensions after the first response', async () => {
    const { embedder } = createEmbedder({ dimensions: undefined });
    await embedder.embedQuery('first');
    server.enqueue('embeddings', (body) => fakeEmbeddingsReply({ ...(body as object), dimensions: 16 }));

    const error = await rejection(embedder.embedQuery('second'));

    expect(error.code).toBe(ErrorCode.ProviderOutputInvalid);
    expect(error.message).toContain('returned 16 dimensions, expected 8 (learned from its first response)');
  });

  it('reports a malformed JSON body as ProviderOutputInvalid without retrying', async () => {
    server.enqueue('embeddings', { status: 200, body: '{"object": "list", "data": [' });
    const { embedder } = createEmbedder();

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderOutputInvalid);
    expect(error.message).toContain('not valid JSON');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a body of the wrong shape, naming the field', async () => {
    server.enqueue('embeddings', { status: 200, body: { data: [{ embedding: 'AAAA', index: 0 }] } });
    const { embedder } = createEmbedder();

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderOutputInvalid);
    expect(error.message).toContain('data.0.embedding');
  });

  it('reports a body that is not JSON at all', async () => {
    server.enqueue('embeddings', {
      status: 200,
      body: '<html>proxy login</html>',
      headers: { 'content-type': 'text/html' },
    });
    const { embedder } = createEmbedder();

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderOutputInvalid);
  });

  it('rejects a response with fewer vectors than inputs', async () => {
    server.enqueue('embeddings', { status: 200, body: { data: [{ embedding: fakeEmbedding('one', 8) }] } });
    const { embedder } = createEmbedder();

    const error = await rejection(embedder.embedDocuments(['one', 'two']));

    expect(error.code).toBe(ErrorCode.ProviderOutputInvalid);
    expect(error.message).toContain('returned 1 vectors for 2 inputs');
  });

  it('orders vectors by `index` when the server sends them shuffled, and accepts a missing index', async () => {
    server.enqueue(
      'embeddings',
      {
        status: 200,
        body: {
          data: [
            { embedding: fakeEmbedding('two', 8), index: 1 },
            { embedding: fakeEmbedding('one', 8), index: 0 },
          ],
        },
      },
      { status: 200, body: { data: [{ embedding: fakeEmbedding('three', 8) }] } },
    );
    const { embedder } = createEmbedder({ concurrency: 1 });

    expect(await embedder.embedDocuments(['one', 'two', 'three'])).toEqual([
      expected('one'),
      expected('two'),
      expected('three'),
    ]);
  });
});

describe('OpenAIEmbedder cache', () => {
  it('makes zero requests when the same texts are embedded again', async () => {
    const cache = memoryCache();
    const texts = ['first passage', 'second passage', 'third passage'];
    const first = await createEmbedder({ cache }).embedder.embedDocuments(texts);
    expect(server.requests).toHaveLength(2);

    // A new embedder on the same cache, as on the next ingest.
    const second = await createEmbedder({ cache }).embedder.embedDocuments(texts);

    expect(server.requests).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('sends only the misses on a partial hit, each distinct text once', async () => {
    const cache = memoryCache();
    const { embedder } = createEmbedder({ cache });
    await embedder.embedDocuments(['a', 'b']);
    const before = server.requests.length;

    const vectors = await embedder.embedPassages(
      ['a', 'd', 'b', 'e', 'd'].map((text) => ({ text, contentHash: sha256Hex(text) })),
    );

    const sent = server.requests.slice(before);
    expect(sent.map((request) => (request.body as { input: string[] }).input)).toEqual([['d', 'e']]);
    expect(vectors).toEqual(['a', 'd', 'b', 'e', 'd'].map((text) => expected(text)));
  });

  it('keeps vectors of different embedding spaces apart', async () => {
    const cache = memoryCache();
    await createEmbedder({ cache }).embedder.embedDocuments(['shared text']);
    const wider = await createEmbedder({ cache, dimensions: 16 }).embedder.embedDocuments(['shared text']);
    expect(wider).toEqual([expected('shared text', 16)]);
    expect(server.requests).toHaveLength(2);
  });

  it('probes once when dimensions are not configured, then serves from the cache', async () => {
    const cache = memoryCache();
    await createEmbedder({ cache, dimensions: undefined }).embedder.embedDocuments(['x', 'y']);
    const before = server.requests.length;

    const vectors = await createEmbedder({ cache, dimensions: undefined }).embedder.embedDocuments([
      'x',
      'y',
    ]);

    expect(server.requests.length - before).toBe(1);
    expect(server.requests.at(-1)?.body).toMatchObject({ input: ['dimension probe'] });
    expect(vectors).toEqual([expected('x'), expected('y')]);
  });

  it('does not cache questions', async () => {
    const cache = memoryCache();
    const { embedder } = createEmbedder({ cache });
    await embedder.embedQuery('my landlord kept my deposit');
    await embedder.embedQuery('my landlord kept my deposit');
    expect(server.requests).toHaveLength(2);
    expect(cache.get(embedder.id, [sha256Hex('my landlord kept my deposit')]).size).toBe(0);
  });

  it('round-trips exact float32 values through SQLite', () => {
    const cache = memoryCache();
    const vector = Float32Array.from([0.1, -0.2, 1e-7, 3.4e38]);
    cache.put('space-a', [{ contentHash: 'h1', vector }]);
    expect(cache.get('space-a', ['h1', 'h2'])).toEqual(new Map([['h1', vector]]));
    expect(cache.get('space-b', ['h1']).size).toBe(0);
  });
});

describe('OpenAIEmbedder configuration', () => {
  it('requires an API key when no client is given', () => {
    expect(() => new OpenAIEmbedder({ model, batchSize: 1, concurrency: 1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.ConfigInvalid }),
    );
  });

  it('rejects a batch size of zero', () => {
    expect(() => createEmbedder({ batchSize: 0 })).toThrow(/embedder.batchSize must be a positive integer/);
  });
});
