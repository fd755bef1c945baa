import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readMeta, type SqliteDatabase, writeMeta } from '../store/database.js';

/**
 * The derived indexes (lexical impacts, the vector graph, the fitted local model) live in one
 * folder per generation under `<data>/indexes/`. An ingest writes a new generation beside the
 * current one and records its name in the store inside the ingest transaction, so the commit
 * switches the passages and every index at once; a crash before it leaves the old generation
 * named and whole.
 */
export const indexesFolderName = 'indexes';
export const lexicalIndexFile = 'lexical.bin';
/** The one graph of a generation written before graphs were split (see `vectorGraphsOf`). */
export const vectorIndexFile = 'vectors.hnsw';
export const localModelFile = 'embedder.model';

const generationMetaKey = 'index.generation';

export const vectorGraphFileSchema = z.object({
  /** A file name inside the generation folder, never a path. */
  file: z.string().regex(/^[\w-]+\.hnsw$/, 'a file name such as vectors-0.hnsw'),
  /** Vectors in the graph, deleted ones included (hnswlib keeps them, marked). */
  count: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  /** zlib CRC-32 of the whole file, checked before the graph is used. */
  crc32: z.number().int().nonnegative().optional(),
});

export type VectorGraphFile = z.infer<typeof vectorGraphFileSchema>;

export const generationManifestSchema = z.object({
  id: z.string().min(1),
  createdAt: z.string(),
  passageCount: z.number().int().nonnegative(),
  vectors: z.object({
    /** Which embedder made the vectors; a query with another embedder is refused. */
    embedderId: z.string().min(1),
    /** The configured embedder kind (`local`, `openai:<model>`), to notice a configuration change. */
    embedderSource: z.string().min(1),
    dimensions: z.number().int().positive(),
    count: z.number().int().nonnegative(),
    deleted: z.number().int().nonnegative(),
    /**
     * The HNSW graphs, one file each, searched together (see vector-graphs.ts). Absent in a
     * generation written before graphs were split: it has one, `vectors.hnsw`.
     */
    graphs: z.array(vectorGraphFileSchema).min(1).optional(),
    /** What the graphs were built with; `efSearch` is per graph. Absent: the old defaults. */
    parameters: z
      .object({
        m: z.number().int().positive(),
        efConstruction: z.number().int().positive(),
        efSearch: z.number().int().positive(),
      })
      .optional(),
  }),
});

export type GenerationManifest = z.infer<typeof generationManifestSchema>;

/** The graphs of a generation; one `vectors.hnsw` for a generation from before the split. */
export function vectorGraphsOf(manifest: GenerationManifest): readonly VectorGraphFile[] {
  const { graphs, count, deleted } = manifest.vectors;
  return graphs ?? [{ file: vectorIndexFile, count, deleted }];
}

export interface IndexGeneration {
  readonly manifest: GenerationManifest;
  readonly directory: string;
}

export function indexesDirectory(dataDirectory: string): string {
  return path.join(dataDirectory, indexesFolderName);
}

/** The generation the store currently names, or undefined before the first indexed ingest. */
export function currentGeneration(
  database: SqliteDatabase,
  dataDirectory: string,
): IndexGeneration | undefined {
  const value = readMeta(database, generationMetaKey);
  if (value === undefined) return undefined;
  const manifest = generationManifestSchema.parse(JSON.parse(value));
  return { manifest, directory: path.join(indexesDirectory(dataDirectory), manifest.id) };
}

/** A fresh, empty folder for a generation being built; its name sorts after older ones. */
export function createGenerationDirectory(dataDirectory: string): { id: string; directory: string } {
  const root = indexesDirectory(dataDirectory);
  mkdirSync(root, { recursive: true });
  const id = `${new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 15)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const directory = path.join(root, `${id}.partial`);
  mkdirSync(directory);
  return { id, directory };
}

/** Renames the finished folder to its final name and records it in the (open) transaction. */
export function publishGeneration(
  database: SqliteDatabase,
  dataDirectory: string,
  partialDirectory: string,
  manifest: GenerationManifest,
): string {
  const finalDirectory = path.join(indexesDirectory(dataDirectory), manifest.id);
  renameSync(partialDirectory, finalDirectory);
  writeMeta(database, generationMetaKey, JSON.stringify(manifest));
  return finalDirectory;
}

/** Removes every generation folder except the one named; leftovers of crashed ingests go too. */
export function removeOtherGenerations(dataDirectory: string, keepId: string | undefined): void {
  const root = indexesDirectory(dataDirectory);
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root)) {
    if (entry === keepId) continue;
    rmSync(path.join(root, entry), { recursive: true, force: true });
  }
}

/** The generation id as the store names it right now (cheap; checked before every query). */
export function currentGenerationId(database: SqliteDatabase): string | undefined {
  const value = readMeta(database, generationMetaKey);
  if (value === undefined) return undefined;
  const parsed = z.object({ id: z.string() }).safeParse(JSON.parse(value));
  return parsed.success ? parsed.data.id : undefined;
}

/** Names a generation whose folder is already in place (a replica's cache copying a published one). */
export function recordGeneration(database: SqliteDatabase, manifest: GenerationManifest): void {
  writeMeta(database, generationMetaKey, JSON.stringify(manifest));
}
