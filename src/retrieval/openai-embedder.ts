import type OpenAI from 'openai';
import { z } from 'zod';
import { AmicusError, describeError, ErrorCode } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import {
  createOpenAIClient,
  isRetryable,
  type OpenAIConnectionOptions,
  parseBaseURL,
  providerFailure,
  retryDelayMs,
  statusOf,
} from '../core/openai-provider.js';

import { formatZodIssues } from '../core/zod-errors.js';
import { sha256Hex } from '../store/passage-rows.js';
import { type Embedder, normalizeInPlace } from './embedder.js';
import type { EmbeddingCache } from './embedding-cache.js';

/**
 * Defaults: `timeoutMs` 60 s of waiting for the response headers, `maxRetries` 4,
 * `retryBaseDelayMs` 500 ms, `maxRetryDelayMs` 60 s.
 */
export interface OpenAIEmbedderOptions extends OpenAIConnectionOptions {
  /**
   * Requested output size, sent to the API. When left out the model's native size is learned
   * from its first response (or from `probe()`), and `id`/`dimensions` throw until then.
   */
  readonly dimensions?: number | undefined;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly cache?: EmbeddingCache | undefined;
}

/** A text to embed with the hash that keys it in the cache (the passage's `content_hash`). */
export interface PassageToEmbed {
  readonly text: string;
  readonly contentHash: string;
}

/**
 * Loose on purpose: OpenAI-compatible servers (vLLM, Ollama, LiteLLM, TEI) differ in the extra
 * fields they send and some leave out `index`; only the vectors themselves are required.
 */
const embeddingResponseSchema = z.object({
  data: z.array(
    z.object({
      embedding: z.array(z.number()).min(1),
      index: z.number().int().nonnegative().optional(),
    }),
  ),
});

type ResponseItem = z.infer<typeof embeddingResponseSchema>['data'][number];

const probeText = 'dimension probe';

/**
 * The `openai` embedder: any OpenAI-compatible `/embeddings` endpoint through the official SDK.
 * The SDK's own retries are switched off (`maxRetries: 0` on every request) so this class
 * controls them: it honours `Retry-After`, counts attempts for the error message and logs each
 * retry.
 *
 * Dimensions: the id must name the embedding space before anything is indexed, so either
 * configure `dimensions` (sent to the API, and checked on every response) or call `probe()`,
 * which embeds one short text and fixes the size the model returned. Until one of those,
 * reading `id` or `dimensions` throws ConfigInvalid rather than guessing.
 */
export class OpenAIEmbedder implements Embedder {
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly configuredDimensions: number | undefined;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly cache: EmbeddingCache | undefined;
  private readonly logger: Logger;
  /** The base URL without any user-info, for messages and logs. */
  private readonly endpoint: string;
  private readonly host: string;
  private learnedDimensions: number | undefined;
  private probing: Promise<number> | undefined;

  constructor(options: OpenAIEmbedderOptions) {
    this.model = options.model;
    this.configuredDimensions = options.dimensions;
    this.learnedDimensions = options.dimensions;
    this.batchSize = positiveInteger('embedder.batchSize', options.batchSize);
    this.concurrency = positiveInteger('embedder.concurrency', options.concurrency);
    this.maxRetries = options.maxRetries ?? 4;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.sleep =
      options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
    this.cache = options.cache;
    this.logger = options.logger ?? silentLogger();
    if (options.dimensions !== undefined) positiveInteger('embedder.dimensions', options.dimensions);
    this.client =
      options.client ??
      createOpenAIClient({
        apiKey: options.apiKey,
        baseURL: options.baseURL,
        timeoutMs: options.timeoutMs ?? 60_000,
        fetch: options.fetch,
        purpose: 'The openai embedder',
      });
    const url = parseBaseURL(this.client.baseURL, 'embedder.baseURL');
    url.username = '';
    url.password = '';
    this.endpoint = url.toString().replace(/\/$/, '');
    this.host = url.host;
  }

  /** `openai:<host>:<model>:<dimensions>`; throws until the dimensions are known (see `dimensions`). */
  get id(): string {
    return `openai:${this.host}:${this.model}:${this.dimensions}`;
  }

  get dimensions(): number {
    if (this.learnedDimensions === undefined) {
      throw new AmicusError(
        ErrorCode.ConfigInvalid,
        `The output size of embedding model ${this.model} at ${this.endpoint} is not known yet. ` +
          'Set embedder.dimensions, or call probe() before reading id or dimensions.',
        { location: 'embedder.dimensions' },
      );
    }
    return this.learnedDimensions;
  }

  /** Learns the dimensions with one small request when they were not configured. */
  async probe(): Promise<number> {
    if (this.learnedDimensions !== undefined) return this.learnedDimensions;
    const probing = this.probing ?? this.requestBatch([probeText]).then(() => this.dimensions);
    this.probing = probing;
    try {
      return await probing;
    } catch (error) {
      // Let a later call try again rather than replaying the same failure forever.
      this.probing = undefined;
      throw error;
    }
  }

  embedDocuments(texts: readonly string[]): Promise<Float32Array[]> {
    return this.embedPassages(texts.map((text) => ({ text, contentHash: sha256Hex(text) })));
  }

  /**
   * Embeds passages, serving what it can from the cache and sending only the misses (each
   * distinct hash once). Vectors come back in the order of `items`.
   */
  async embedPassages(items: readonly PassageToEmbed[]): Promise<Float32Array[]> {
    if (items.length === 0) return [];
    // The cache is keyed by id, which needs the dimensions: one probe request at most.
    if (this.cache !== undefined) await this.probe();
    const vectors = this.readCache(items);
    const cachedCount = vectors.size;
    const misses: PassageToEmbed[] = [];
    const missedHashes = new Set<string>();
    for (const item of items) {
      if (vectors.has(item.contentHash) || missedHashes.has(item.contentHash)) continue;
      missedHashes.add(item.contentHash);
      misses.push(item);
    }
    if (misses.length > 0) {
      const fresh = await this.embedTexts(misses.map((miss) => miss.text));
      const entries = misses.map((miss, position) => ({
        contentHash: miss.contentHash,
        vector: fresh[position]!,
      }));
      for (const entry of entries) vectors.set(entry.contentHash, entry.vector);
      this.writeCache(entries);
    }
    this.logger.debug(
      { passages: items.length, cached: cachedCount, sent: misses.length },
      'Embedded passages',
    );
    return items.map((item) => vectors.get(item.contentHash)!);
  }

  /** Never cached: questions may carry personal details and must not be stored. */
  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.requestBatch([text]);
    return vector!;
  }

  private readCache(items: readonly PassageToEmbed[]): Map<string, Float32Array> {
    const usable = new Map<string, Float32Array>();
    if (this.cache === undefined) return usable;
    try {
      const found = this.cache.get(
        this.id,
        items.map((item) => item.contentHash),
      );
      for (const [hash, vector] of found) if (vector.length === this.dimensions) usable.set(hash, vector);
    } catch (error) {
      // The cache only saves money; a broken one must not stop an ingest.
      this.logger.warn({ error: describeError(error) }, 'Embedding cache read failed; embedding everything');
    }
    return usable;
  }

  private writeCache(entries: readonly { contentHash: string; vector: Float32Array }[]): void {
    if (this.cache === undefined) return;
    try {
      this.cache.put(this.id, entries);
    } catch (error) {
      this.logger.warn({ error: describeError(error) }, 'Embedding cache write failed; vectors not cached');
    }
  }

  /** Splits into batches and runs at most `concurrency` requests at a time, keeping order. */
  private async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    const batches: string[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      batches.push(texts.slice(start, start + this.batchSize));
    }
    const results: Float32Array[][] = [];
    let nextBatch = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      // After one batch fails the others stop taking work: the whole call fails anyway.
      while (!failed && nextBatch < batches.length) {
        const batchIndex = nextBatch;
        nextBatch += 1;
        try {
          results[batchIndex] = await this.requestBatch(batches[batchIndex]!);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const workerCount = Math.min(this.concurrency, batches.length);
    await Promise.all(Array.from({ length: workerCount }, worker));
    return results.flat();
  }

  private async requestBatch(batch: readonly string[]): Promise<Float32Array[]> {
    for (let attempt = 1; ; attempt += 1) {
      let response: unknown;
      try {
        response = await this.client.embeddings.create(
          {
            model: this.model,
            input: [...batch],
            encoding_format: 'float',
            ...(this.configuredDimensions === undefined ? {} : { dimensions: this.configuredDimensions }),
          },
          { maxRetries: 0 },
        );
      } catch (error) {
        const delayMs = this.retryDelay(error, attempt);
        if (delayMs === undefined) throw this.failure(error, attempt);
        this.logger.warn(
          { endpoint: this.endpoint, attempt, status: statusOf(error), delayMs },
          'Embeddings request failed; retrying',
        );
        await this.sleep(delayMs);
        continue;
      }
      return this.readVectors(response, batch.length);
    }
  }

  /** How long to wait before the next attempt, or undefined when the error is final. */
  private retryDelay(error: unknown, attempt: number): number | undefined {
    if (attempt > this.maxRetries || !isRetryable(error)) return undefined;
    return retryDelayMs(error, attempt, {
      baseDelayMs: this.retryBaseDelayMs,
      maxDelayMs: this.maxRetryDelayMs,
    });
  }

  private failure(error: unknown, attempts: number): AmicusError {
    // An embedding timeout fails the ingest like any other provider failure.
    return providerFailure(error, attempts, {
      kind: 'Embeddings',
      endpoint: this.endpoint,
      timeoutMs: this.client.timeout,
      apiKey: this.client.apiKey,
      timeoutCode: ErrorCode.ProviderFailure,
    });
  }

  private readVectors(response: unknown, expectedCount: number): Float32Array[] {
    const parsed = embeddingResponseSchema.safeParse(response);
    if (!parsed.success) {
      throw new AmicusError(
        ErrorCode.ProviderOutputInvalid,
        `Embeddings endpoint ${this.endpoint} returned an unexpected response: ${formatZodIssues(parsed.error)}`,
      );
    }
    const items = parsed.data.data;
    if (items.length !== expectedCount) {
      throw new AmicusError(
        ErrorCode.ProviderOutputInvalid,
        `Embeddings endpoint ${this.endpoint} returned ${items.length} vectors for ${expectedCount} inputs`,
      );
    }
    return this.inInputOrder(items).map((item) => {
      this.checkDimensions(item.embedding.length);
      return normalizeInPlace(Float32Array.from(item.embedding));
    });
  }

  /** OpenAI documents `index` as the input position; servers that omit it answer in order. */
  private inInputOrder(items: readonly ResponseItem[]): ResponseItem[] {
    if (items.some((item) => item.index === undefined)) return [...items];
    const ordered: ResponseItem[] = [];
    for (const item of items) {
      const index = item.index!;
      if (index >= items.length || ordered[index] !== undefined) {
        throw new AmicusError(
          ErrorCode.ProviderOutputInvalid,
          `Embeddings endpoint ${this.endpoint} returned a duplicate or out-of-range index ${index}`,
        );
      }
      ordered[index] = item;
    }
    return ordered;
  }

  private checkDimensions(actual: number): void {
    if (this.learnedDimensions === undefined) {
      this.learnedDimensions = actual;
      return;
    }
    if (actual === this.learnedDimensions) return;
    const source =
      this.configuredDimensions === undefined ? 'learned from its first response' : 'embedder.dimensions';
    throw new AmicusError(
      ErrorCode.ProviderOutputInvalid,
      `Embedding model ${this.model} at ${this.endpoint} returned ${actual} dimensions, expected ${this.learnedDimensions} (${source})`,
    );
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new AmicusError(ErrorCode.ConfigInvalid, `${name} must be a positive integer, got ${value}`, {
      location: name,
    });
  }
  return value;
}
