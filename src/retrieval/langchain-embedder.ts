import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { z } from 'zod';
import { AmicusError, describeError, ErrorCode } from '../core/errors.js';
import { redactApiKeys } from '../core/openai-provider.js';
import { type Embedder, normalizeInPlace } from './embedder.js';

export interface LangChainEmbedderOptions {
  /**
   * Any LangChain embeddings model: `OpenAIEmbeddings`, `OllamaEmbeddings`, a custom subclass…
   * Typed as array-like because some return typed arrays despite declaring `number[]`.
   */
  readonly embeddings: EmbeddingsInterface<ArrayLike<number>>;
  /**
   * Names the embedding space, e.g. `langchain:ollama:nomic-embed-text:768`. LangChain models
   * do not describe themselves uniformly, so the caller states it; a wrong id lets vectors from
   * different models share an index.
   */
  readonly id: string;
  /** Every vector must have exactly this length. */
  readonly dimensions: number;
}

/**
 * Accepts typed arrays too: `OpenAIEmbeddings` lets the SDK default to base64 and hands back
 * `Float32Array`s even though LangChain's type says `number[]`.
 */
const vectorSchema = z.union([z.array(z.number()), z.instanceof(Float32Array), z.instanceof(Float64Array)]);

/**
 * Adapts a LangChain `Embeddings` to the embedder port. LangChain does its own batching and
 * retries (through its AsyncCaller), so this class only checks what comes back and turns
 * failures into Amicus errors.
 */
export class LangChainEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly embeddings: EmbeddingsInterface<ArrayLike<number>>;

  constructor(options: LangChainEmbedderOptions) {
    if (options.id.trim() === '') {
      throw new AmicusError(ErrorCode.ConfigInvalid, 'A LangChain embedder needs a non-empty id');
    }
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1) {
      throw new AmicusError(
        ErrorCode.ConfigInvalid,
        `LangChain embedder ${options.id}: dimensions must be a positive integer, got ${options.dimensions}`,
      );
    }
    this.id = options.id;
    this.dimensions = options.dimensions;
    this.embeddings = options.embeddings;
  }

  async embedDocuments(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const vectors = await this.call('embed documents', () => this.embeddings.embedDocuments([...texts]));
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      const count = Array.isArray(vectors) ? vectors.length : 'no';
      throw new AmicusError(
        ErrorCode.ProviderOutputInvalid,
        `LangChain embedder ${this.id} returned ${count} vectors for ${texts.length} texts`,
      );
    }
    return vectors.map((vector, position) => this.toVector(vector, `document ${position}`));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const vector = await this.call('embed a query', () => this.embeddings.embedQuery(text));
    return this.toVector(vector, 'query');
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AmicusError) throw error;
      throw new AmicusError(
        ErrorCode.ProviderFailure,
        redactApiKeys(`LangChain embedder ${this.id} failed to ${operation}: ${describeError(error)}`),
        { cause: error },
      );
    }
  }

  private toVector(value: unknown, what: string): Float32Array {
    const parsed = vectorSchema.safeParse(value);
    if (!parsed.success) {
      throw new AmicusError(
        ErrorCode.ProviderOutputInvalid,
        `LangChain embedder ${this.id} returned something other than a vector for the ${what}`,
      );
    }
    const vector = Float32Array.from(parsed.data);
    if (vector.length !== this.dimensions) {
      throw new AmicusError(
        ErrorCode.ProviderOutputInvalid,
        `LangChain embedder ${this.id} returned ${vector.length} dimensions for the ${what}, expected ${this.dimensions}`,
      );
    }
    // Checked after the float32 conversion, which also turns values beyond float32's range into Infinity.
    if (!vector.every(Number.isFinite)) {
      throw new AmicusError(
        ErrorCode.ProviderOutputInvalid,
        `LangChain embedder ${this.id} returned a non-finite value for the ${what}`,
      );
    }
    return normalizeInPlace(vector);
  }
}
