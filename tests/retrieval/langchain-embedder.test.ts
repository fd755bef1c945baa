import { Embeddings } from '@langchain/core/embeddings';
import { OpenAIEmbeddings } from '@langchain/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmicusError, ErrorCode } from '../../src/core/errors.js';
import { normalizeInPlace } from '../../src/retrieval/embedder.js';
import { LangChainEmbedder } from '../../src/retrieval/langchain-embedder.js';
import {
  type FakeOpenAIServer,
  fakeEmbedding,
  startFakeOpenAIServer,
} from '../support/fake-openai-server.js';

const apiKey = 'sk-test-langchain-key-1a2b3c4d5e';

let server: FakeOpenAIServer;

beforeEach(async () => {
  server = await startFakeOpenAIServer({ apiKey });
});

afterEach(async () => {
  await server.close();
});

function openAIEmbeddings(dimensions: number, key = apiKey): OpenAIEmbeddings {
  return new OpenAIEmbeddings({
    apiKey: key,
    model: 'text-embedding-test',
    dimensions,
    batchSize: 2,
    // LangChain's AsyncCaller would otherwise back off for seconds on failures.
    maxRetries: 0,
    configuration: { baseURL: server.baseURL },
  });
}

function expected(text: string, dimensions: number): Float32Array {
  return normalizeInPlace(Float32Array.from(fakeEmbedding(text, dimensions)));
}

async function rejection(promise: Promise<unknown>): Promise<AmicusError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AmicusError);
  return error as AmicusError;
}

/** A hand-written LangChain model whose behaviour each test sets. */
class ScriptedEmbeddings extends Embeddings<ArrayLike<number>> {
  constructor(
    private readonly documents: (texts: string[]) => Promise<ArrayLike<number>[]>,
    private readonly query: (text: string) => Promise<ArrayLike<number>>,
  ) {
    super({});
  }

  override embedDocuments(texts: string[]): Promise<ArrayLike<number>[]> {
    return this.documents(texts);
  }

  override embedQuery(text: string): Promise<ArrayLike<number>> {
    return this.query(text);
  }
}

describe('LangChainEmbedder over OpenAIEmbeddings', () => {
  it('embeds documents and queries through the fake server, normalized and in order', async () => {
    const embedder = new LangChainEmbedder({
      embeddings: openAIEmbeddings(16),
      id: 'langchain:openai:text-embedding-test:16',
      dimensions: 16,
    });
    const texts = ['tenant rights', 'security deposit', 'eviction notice'];

    const documents = await embedder.embedDocuments(texts);
    const query = await embedder.embedQuery('can my landlord keep my deposit');

    expect(documents).toEqual(texts.map((text) => expected(text, 16)));
    expect(query).toEqual(expected('can my landlord keep my deposit', 16));
    const requests = server.requestsTo('embeddings');
    expect(requests).toHaveLength(3);
    // LangChain leaves encoding_format unset, so the SDK asks for base64 and decodes it.
    expect(requests[0]?.body).toMatchObject({ dimensions: 16, encoding_format: 'base64' });
    expect(embedder.id).toBe('langchain:openai:text-embedding-test:16');
    expect(embedder.dimensions).toBe(16);
  });

  it('rejects vectors of the wrong size', async () => {
    const embedder = new LangChainEmbedder({ embeddings: openAIEmbeddings(16), id: 'space', dimensions: 8 });

    const error = await rejection(embedder.embedDocuments(['one']));

    expect(error.code).toBe(ErrorCode.ProviderOutputInvalid);
    expect(error.message).toContain('returned 16 dimensions for the document 0, expected 8');
  });

  it('wraps an authentication failure without revealing the key', async () => {
    const wrongKey = 'sk-wrong-langchain-key-must-not-leak';
    const embedder = new LangChainEmbedder({
      embeddings: openAIEmbeddings(8, wrongKey),
      id: 'space',
      dimensions: 8,
    });

    const error = await rejection(embedder.embedQuery('one'));

    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.cause).toBeDefined();
    expect(error.message).not.toContain(wrongKey);
    expect(server.requests).toHaveLength(1);
  });
});

describe('LangChainEmbedder over a custom Embeddings', () => {
  const unitVector = [1, 0, 0, 0];

  it('wraps a thrown error as ProviderFailure with the cause', async () => {
    const failure = new Error('model unavailable');
    const embedder = new LangChainEmbedder({
      embeddings: new ScriptedEmbeddings(
        async (texts) => texts.map(() => unitVector),
        async () => {
          throw failure;
        },
      ),
      id: 'custom',
      dimensions: 4,
    });

    const error = await rejection(embedder.embedQuery('question'));

    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toContain('model unavailable');
    expect(error.cause).toBe(failure);
    expect(await embedder.embedDocuments(['a', 'b'])).toEqual([
      Float32Array.from(unitVector),
      Float32Array.from(unitVector),
    ]);
  });

  it('normalizes vectors and accepts typed arrays', async () => {
    const embedder = new LangChainEmbedder({
      embeddings: new ScriptedEmbeddings(
        async (texts) => texts.map(() => [3, 4, 0, 0]),
        // Some integrations return typed arrays despite the number[] type.
        async () => Float64Array.from([0, 0, 0, 2]),
      ),
      id: 'custom',
      dimensions: 4,
    });

    expect(await embedder.embedDocuments(['a'])).toEqual([Float32Array.from([0.6, 0.8, 0, 0])]);
    expect(await embedder.embedQuery('q')).toEqual(Float32Array.from([0, 0, 0, 1]));
  });

  it('rejects the wrong number of vectors, wrong sizes and non-finite values', async () => {
    const embedder = (documents: number[][]) =>
      new LangChainEmbedder({
        embeddings: new ScriptedEmbeddings(
          async () => documents,
          async () => documents[0] ?? [],
        ),
        id: 'custom',
        dimensions: 4,
      });

    const tooFew = await rejection(embedder([unitVector]).embedDocuments(['a', 'b']));
    expect(tooFew.code).toBe(ErrorCode.ProviderOutputInvalid);
    expect(tooFew.message).toContain('returned 1 vectors for 2 texts');

    const wrongSize = await rejection(embedder([[1, 2, 3]]).embedQuery('q'));
    expect(wrongSize.code).toBe(ErrorCode.ProviderOutputInvalid);
    expect(wrongSize.message).toContain('returned 3 dimensions for the query, expected 4');

    const notFinite = await rejection(embedder([[1, Number.NaN, 0, 0]]).embedQuery('q'));
    expect(notFinite.code).toBe(ErrorCode.ProviderOutputInvalid);
  });

  it('rejects an invalid id or dimensions', () => {
    const embeddings = new ScriptedEmbeddings(
      async () => [],
      async () => [],
    );
    expect(() => new LangChainEmbedder({ embeddings, id: '', dimensions: 4 })).toThrow(
      expect.objectContaining({ code: ErrorCode.ConfigInvalid }),
    );
    expect(() => new LangChainEmbedder({ embeddings, id: 'x', dimensions: 0 })).toThrow(
      expect.objectContaining({ code: ErrorCode.ConfigInvalid }),
    );
  });
});
