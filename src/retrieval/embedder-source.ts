import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AmicusConfig, Secrets } from '../core/config.js';
import { AmicusError, ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { SqliteDatabase } from '../store/database.js';
import type { Embedder } from './embedder.js';
import { SqliteEmbeddingCache } from './embedding-cache.js';
import { localModelFile } from './index-generation.js';
import { LocalEmbedder, LocalEmbeddingModel } from './local-embedder.js';
import { OpenAIEmbedder } from './openai-embedder.js';

/** What an index build tells the source about the corpus it is indexing. */
export interface IndexingContext {
  /** The folder of the generation being built; a fitted model is saved there. */
  readonly newGenerationDirectory: string;
  /** The current generation's folder, whose model may be reused. */
  readonly previousGenerationDirectory: string | undefined;
  readonly passageCount: number;
  /** Passage texts for fitting, read on demand (a fit reads a sample). */
  readonly passageTexts: () => Iterable<string>;
}

/**
 * Where embedders come from. A fitted embedder (local) is made per generation: fitted or
 * reused at ingest and loaded from the generation's folder at query time. A remote embedder is
 * the same object for both.
 */
export interface EmbedderSource {
  /** A stable name for the configured embedder (`local`, `openai:<model>`), to notice a switch. */
  readonly sourceKey: string;
  forIndexing(context: IndexingContext): Promise<Embedder>;
  forQuerying(generationDirectory: string): Promise<Embedder>;
}

export interface LocalEmbedderSourceOptions {
  readonly dimensions: number;
  readonly seed?: number;
  readonly maxFitDocuments?: number;
  /** Refit when the corpus has grown or shrunk by more than this share since the fit. */
  readonly refitChange?: number;
  readonly logger?: Logger;
}

export class LocalEmbedderSource implements EmbedderSource {
  readonly sourceKey = 'local';

  constructor(private readonly options: LocalEmbedderSourceOptions) {}

  async forIndexing(context: IndexingContext): Promise<Embedder> {
    const previous = context.previousGenerationDirectory
      ? path.join(context.previousGenerationDirectory, localModelFile)
      : undefined;
    const target = path.join(context.newGenerationDirectory, localModelFile);
    if (previous && existsSync(previous)) {
      const model = LocalEmbeddingModel.deserialize(readFileSync(previous), previous);
      const fitted = model.fitDocumentCount;
      const sampleSize = Math.min(context.passageCount, this.options.maxFitDocuments ?? 30_000);
      const change = Math.abs(sampleSize - fitted) / Math.max(1, fitted);
      // Keeping the model keeps every existing vector valid, so only new passages are
      // embedded; a corpus that changed a lot gets a model fitted to what it is now.
      if (model.dimensions === this.options.dimensions && change <= (this.options.refitChange ?? 0.3)) {
        writeFileSync(target, readFileSync(previous));
        return new LocalEmbedder(model);
      }
    }
    const started = performance.now();
    // A collection of a few documents has few words that occur twice; it still needs vectors
    // (its own words, at least), so small corpora keep every word. An empty store (every
    // collection removed) fits a placeholder so the index can still be written.
    const texts = context.passageCount === 0 ? ['no passages yet'] : context.passageTexts();
    const model = LocalEmbeddingModel.fit(texts, {
      dimensions: this.options.dimensions,
      seed: this.options.seed ?? 20_261_125,
      maxFitDocuments: this.options.maxFitDocuments ?? 30_000,
      minDocumentFrequency: context.passageCount < 1000 ? 1 : 2,
    });
    this.options.logger?.info(
      { milliseconds: Math.round(performance.now() - started) },
      'fitted the local embedder',
    );
    writeFileSync(target, model.serialize());
    return new LocalEmbedder(model);
  }

  async forQuerying(generationDirectory: string): Promise<Embedder> {
    const file = path.join(generationDirectory, localModelFile);
    if (!existsSync(file)) {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `The index at ${generationDirectory} has no local embedding model; it was built with another embedder. Run \`amicus reindex\`.`,
        { location: file },
      );
    }
    return new LocalEmbedder(LocalEmbeddingModel.deserialize(readFileSync(file), file));
  }
}

/** A remote or programmatic embedder that is the same for indexing and querying. */
export class FixedEmbedderSource implements EmbedderSource {
  constructor(
    readonly sourceKey: string,
    private readonly embedder: Embedder,
  ) {}

  async forIndexing(): Promise<Embedder> {
    return this.embedder;
  }

  async forQuerying(): Promise<Embedder> {
    return this.embedder;
  }
}

/** The embedder source the configuration asks for. */
export function embedderSourceFromConfig(
  config: AmicusConfig,
  secrets: Secrets,
  database: SqliteDatabase,
  logger?: Logger,
): EmbedderSource {
  const settings = config.embedder;
  if (settings.provider === 'local') {
    return new LocalEmbedderSource({ dimensions: settings.dimensions ?? 256, ...(logger ? { logger } : {}) });
  }
  if (!settings.model) {
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      'embedder.model (or AMICUS_EMBEDDING_MODEL) is required for the openai embedder',
      {
        location: 'embedder.model',
      },
    );
  }
  if (!secrets.openaiApiKey) {
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      'OPENAI_API_KEY must be set in the environment for the openai embedder',
      {
        location: 'OPENAI_API_KEY',
      },
    );
  }
  const embedder = new OpenAIEmbedder({
    apiKey: secrets.openaiApiKey,
    baseURL: settings.baseURL,
    model: settings.model,
    dimensions: settings.dimensions,
    batchSize: settings.batchSize,
    concurrency: settings.concurrency,
    cache: new SqliteEmbeddingCache(database),
    ...(logger ? { logger } : {}),
  });
  return new OpenAIEmbedderSource(`openai:${settings.model}`, embedder);
}

/** An OpenAI-compatible embedder; without configured dimensions it learns them with one probe. */
class OpenAIEmbedderSource implements EmbedderSource {
  constructor(
    readonly sourceKey: string,
    private readonly embedder: OpenAIEmbedder,
  ) {}

  async forIndexing(): Promise<Embedder> {
    await this.embedder.probe();
    return this.embedder;
  }

  async forQuerying(): Promise<Embedder> {
    await this.embedder.probe();
    return this.embedder;
  }
}
