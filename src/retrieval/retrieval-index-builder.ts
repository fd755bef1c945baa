import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import type { IngestExtension, IngestExtensionContext, PreparedExtension } from '../corpus/ingest.js';
import type { SqliteDatabase } from '../store/database.js';
import type { Embedder } from './embedder.js';
import type { EmbedderSource } from './embedder-source.js';
import { ImpactIndexBuilder } from './impact-index.js';
import {
  createGenerationDirectory,
  currentGeneration,
  type GenerationManifest,
  type IndexGeneration,
  lexicalIndexFile,
  publishGeneration,
  removeOtherGenerations,
  type VectorGraphFile,
  vectorGraphsOf,
} from './index-generation.js';
import { OpenAIEmbedder } from './openai-embedder.js';
import { defaultVectorGraphCount, VectorGraphBuilder } from './vector-graph-builder.js';
import { defaultVectorIndexParameters, type VectorIndexParameters } from './vector-index.js';
import { buildLayVocabulary, layVocabularyFile, serializeLayVocabulary } from './wordnet-vocabulary.js';

export interface RetrievalIndexBuilderOptions {
  readonly dataDirectory: string;
  readonly embedderSource: EmbedderSource;
  readonly logger?: Logger;
  readonly vectorParameters?: VectorIndexParameters;
  /** HNSW graphs built side by side, one per worker thread, for a build from scratch. */
  readonly vectorGraphCount?: number;
  /** Rebuild the vector graph from scratch when more than this share of it is deleted. */
  readonly rebuildDeletedFraction?: number;
  /** Rebuild everything even when nothing changed (`amicus reindex`). */
  readonly force?: boolean;
  readonly batchSize?: number;
}

interface PassageForIndex {
  rowid: number;
  label: string;
  headings: string;
  text: string;
  content_hash: string;
}

/** The text a passage is embedded as: its headings carry the topic (chapter and section names). */
export function embeddingText(passage: { headings: string; text: string }): string {
  return `${passage.headings}\n${passage.text}`;
}

/**
 * Builds the derived retrieval indexes of a new generation inside the ingest transaction: the
 * lexical impact index (from scratch, it is fast) and the vector index (updated in place from
 * the previous generation when the embedder is unchanged, otherwise rebuilt).
 */
export class RetrievalIndexBuilder implements IngestExtension {
  private readonly logger: Logger;

  constructor(private readonly options: RetrievalIndexBuilderOptions) {
    this.logger = options.logger ?? silentLogger();
  }

  async prepare(context: IngestExtensionContext): Promise<PreparedExtension> {
    const { database } = context;
    const dataDirectory = this.options.dataDirectory;
    const previous = currentGeneration(database, dataDirectory);
    const changed = context.changes.some((change) => change.added + change.updated + change.removed > 0);
    const sameSource = previous?.manifest.vectors.embedderSource === this.options.embedderSource.sourceKey;
    if (!changed && previous && sameSource && !this.options.force && existsSync(previous.directory)) {
      return { committed: () => {}, abandoned: () => {} };
    }

    const { id, directory } = createGenerationDirectory(dataDirectory);
    try {
      const passageCount = countPassages(database);
      this.buildLexical(database, directory);
      const embedder = await this.options.embedderSource.forIndexing({
        newGenerationDirectory: directory,
        previousGenerationDirectory: previous?.directory,
        passageCount,
        passageTexts: () => passageTexts(database),
      });
      const vectors = await this.buildVectors(database, directory, embedder, previous, context);
      const manifest: GenerationManifest = {
        id,
        createdAt: new Date().toISOString(),
        passageCount,
        vectors,
      };
      writeFileSync(path.join(directory, 'manifest.json'), JSON.stringify(manifest, null, 2));
      const finalDirectory = publishGeneration(database, dataDirectory, directory, manifest);
      return {
        committed: () => removeOtherGenerations(dataDirectory, id),
        abandoned: () => rmSync(finalDirectory, { recursive: true, force: true }),
      };
    } catch (error) {
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
  }

  private buildLexical(database: SqliteDatabase, directory: string): void {
    const builder = new ImpactIndexBuilder();
    const rows = database
      .prepare('SELECT rowid, label, headings, text FROM passages ORDER BY rowid')
      .iterate();
    for (const row of rows as Iterable<PassageForIndex>) builder.add(row);
    const index = builder.build();
    writeFileSync(path.join(directory, lexicalIndexFile), index.serialize());
    // Lay words bridged to this corpus's words (see wordnet-vocabulary.ts): about 1 s.
    const vocabulary = buildLayVocabulary((stem) => index.documentFrequency(stem), index.documentCount);
    writeFileSync(path.join(directory, layVocabularyFile), serializeLayVocabulary(vocabulary));
  }

  private async buildVectors(
    database: SqliteDatabase,
    directory: string,
    embedder: Embedder,
    previous: IndexGeneration | undefined,
    context: IngestExtensionContext,
  ): Promise<GenerationManifest['vectors'] & { graphs: VectorGraphFile[] }> {
    const parameters = this.options.vectorParameters ?? defaultVectorIndexParameters;
    const build = { dimensions: embedder.dimensions, parameters };
    const previousGraphs = previous ? vectorGraphsOf(previous.manifest) : undefined;
    const reusable =
      previous?.manifest.vectors.embedderId === embedder.id &&
      previousGraphs?.every((graph) => existsSync(path.join(previous.directory, graph.file))) === true &&
      !this.options.force;
    let graphs: VectorGraphBuilder | undefined;
    let rowidsToEmbed: number[] | undefined;
    try {
      if (reusable) {
        graphs = await VectorGraphBuilder.load(previous.directory, previousGraphs, build);
        await graphs.remove(context.changes.flatMap((change) => [...change.removedRowids]));
        rowidsToEmbed = context.changes.flatMap((change) => [...change.addedRowids]);
        const dead = graphs.deletedCount / Math.max(1, graphs.size + graphs.deletedCount);
        if (dead > (this.options.rebuildDeletedFraction ?? 0.2)) {
          this.logger.info({ deletedFraction: dead }, 'vector index mostly dead: rebuilding');
          await graphs.close();
          graphs = undefined;
          rowidsToEmbed = undefined;
        }
      } else if (previous) {
        this.logger.info(
          { from: previous.manifest.vectors.embedderId, to: embedder.id },
          'embedder changed: rebuilding the vector index',
        );
      }
      graphs ??= await VectorGraphBuilder.create(
        this.options.vectorGraphCount ?? defaultVectorGraphCount,
        countPassages(database),
        build,
      );

      const total = rowidsToEmbed?.length ?? countPassages(database);
      let done = 0;
      // The graphs grow on their worker threads while this thread embeds the next batch.
      for (const batch of this.passageBatches(database, rowidsToEmbed)) {
        const vectors = await embedBatch(embedder, batch);
        for (const [position, passage] of batch.entries())
          await graphs.add(passage.rowid, vectors[position]!);
        done += batch.length;
        context.onProgress?.({ collectionId: 'vector index', phase: 'vectors', done, total });
      }
      const files = await graphs.finish(directory);
      const count = files.reduce((sum, graph) => sum + graph.count, 0);
      const deleted = files.reduce((sum, graph) => sum + graph.deleted, 0);
      return {
        embedderId: embedder.id,
        embedderSource: this.options.embedderSource.sourceKey,
        dimensions: embedder.dimensions,
        count: count - deleted,
        deleted,
        graphs: files,
        parameters,
      };
    } catch (error) {
      await graphs?.close();
      throw error;
    }
  }

  private *passageBatches(
    database: SqliteDatabase,
    rowids: readonly number[] | undefined,
  ): Generator<PassageForIndex[]> {
    const size = this.options.batchSize ?? 256;
    if (rowids) {
      const statement = database.prepare(
        'SELECT rowid, label, headings, text, content_hash FROM passages WHERE rowid = ?',
      );
      for (let start = 0; start < rowids.length; start += size) {
        const batch = rowids
          .slice(start, start + size)
          .map((rowid) => statement.get(rowid) as PassageForIndex | undefined)
          .filter((passage): passage is PassageForIndex => passage !== undefined);
        if (batch.length > 0) yield batch;
      }
      return;
    }
    const statement = database.prepare(
      'SELECT rowid, label, headings, text, content_hash FROM passages WHERE rowid > ? ORDER BY rowid LIMIT ?',
    );
    let after = 0;
    for (;;) {
      const batch = statement.all(after, size) as PassageForIndex[];
      if (batch.length === 0) return;
      yield batch;
      after = batch[batch.length - 1]!.rowid;
    }
  }
}

async function embedBatch(embedder: Embedder, batch: readonly PassageForIndex[]): Promise<Float32Array[]> {
  // A remote embedder caches by content hash, so unchanged text is never sent again.
  if (embedder instanceof OpenAIEmbedder) {
    return embedder.embedPassages(
      batch.map((passage) => ({ text: embeddingText(passage), contentHash: passage.content_hash })),
    );
  }
  return embedder.embedDocuments(batch.map(embeddingText));
}

function countPassages(database: SqliteDatabase): number {
  return (database.prepare('SELECT count(*) AS count FROM passages').get() as { count: number }).count;
}

function* passageTexts(database: SqliteDatabase): Generator<string> {
  for (const row of database
    .prepare('SELECT headings, text FROM passages ORDER BY rowid')
    .iterate() as Iterable<{
    headings: string;
    text: string;
  }>) {
    yield embeddingText(row);
  }
}
