import path from 'node:path';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { type GenerationManifest, type VectorGraphFile, vectorGraphsOf } from './index-generation.js';
import { HnswGraphFile } from './vector-graph-file.js';
import {
  singleGraphVectorIndexParameters,
  type VectorHit,
  VectorIndex,
  type VectorIndexParameters,
} from './vector-index.js';

/** One graph, read by either reader; both answer the same query with the same hits. */
interface GraphSearcher {
  readonly size: number;
  readonly deleted: number;
  search(
    vector: Float32Array,
    k: number,
    efSearch: number,
    allowed?: (rowid: number) => boolean,
  ): VectorHit[];
  vectorOf(rowid: number): ArrayLike<number>;
  rowids(): number[];
}

export interface VectorGraphsLoadOptions {
  /**
   * Also read the graphs into hnswlib in the background and search there once read (the
   * default). Its search is about twice as fast as the file reader's; the file reader answers
   * from the start, so a fresh process does not wait for hnswlib's slower load.
   */
  readonly native?: boolean;
}

/**
 * A generation's vectors as one index over its HNSW graphs (one per build thread; see
 * vector-graph-builder.ts). A search asks every graph for its best k and keeps the best k of
 * all, ordered as hnswlib orders one graph's answer: by distance, then by rowid.
 *
 * The graphs are first searched by `HnswGraphFile` (one read per file, hnswlib's algorithm and
 * arithmetic replayed in JavaScript), then by hnswlib itself once its own load has finished in
 * the background; the answers are identical (tests/retrieval/vector-graphs.test.ts), so the
 * switch is invisible except in latency.
 */
export class VectorGraphs {
  private graphs: readonly GraphSearcher[];

  private constructor(
    files: readonly HnswGraphFile[],
    readonly dimensions: number,
    /** What the graphs were built with; `efSearch` is the candidate list per graph. */
    readonly parameters: VectorIndexParameters,
  ) {
    this.graphs = files.map(fileSearcher);
  }

  /**
   * Reads every graph of the generation at once, each into one buffer on the thread pool, and
   * checks each file against the CRC-32 in the manifest and its own structure, so a corrupt or
   * swapped file is refused with an error naming it rather than searched.
   */
  static async load(
    directory: string,
    manifest: GenerationManifest,
    options: VectorGraphsLoadOptions = {},
  ): Promise<VectorGraphs> {
    const { dimensions } = manifest.vectors;
    const parameters = manifest.vectors.parameters ?? singleGraphVectorIndexParameters;
    const graphFiles = vectorGraphsOf(manifest);
    const files = await Promise.all(
      graphFiles.map(async (graph) => {
        const file = path.join(directory, graph.file);
        const index = await HnswGraphFile.read(file, dimensions, graph.crc32);
        checkCounts(file, graph, index.count, index.deleted);
        return index;
      }),
    );
    const graphs = new VectorGraphs(files, dimensions, parameters);
    if (options.native !== false) graphs.loadNative(directory, graphFiles);
    return graphs;
  }

  /** Resolves once hnswlib serves the searches (or has failed to load, and the reader stays). */
  nativeLoaded: Promise<void> = Promise.resolve();

  private loadNative(directory: string, graphFiles: readonly VectorGraphFile[]): void {
    this.nativeLoaded = Promise.all(
      graphFiles.map(async (graph) => {
        const file = path.join(directory, graph.file);
        const index = await VectorIndex.loadInBackground(file, this.dimensions, graph.deleted);
        checkCounts(file, graph, index.size + index.deletedCount, index.deletedCount);
        return index;
      }),
    ).then(
      (indexes) => {
        this.graphs = indexes.map(nativeSearcher);
      },
      // The files were already checked and are being served; hnswlib is only faster.
      () => undefined,
    );
  }

  get graphCount(): number {
    return this.graphs.length;
  }

  get size(): number {
    return this.graphs.reduce((sum, graph) => sum + graph.size, 0);
  }

  get deletedCount(): number {
    return this.graphs.reduce((sum, graph) => sum + graph.deleted, 0);
  }

  /** `efSearch` overrides the generation's own, per graph; the benchmark sweeps it. */
  search(
    vector: Float32Array,
    k: number,
    allowed?: (rowid: number) => boolean,
    efSearch = this.parameters.efSearch,
  ): VectorHit[] {
    if (k <= 0) return [];
    const hits = this.graphs.flatMap((graph) =>
      graph.size === 0 ? [] : graph.search(vector, Math.min(k, graph.size), Math.max(efSearch, k), allowed),
    );
    if (this.graphs.length === 1) return hits;
    return hits
      .sort((first, second) => second.similarity - first.similarity || first.rowid - second.rowid)
      .slice(0, k);
  }

  /** The stored vector of a passage, for exact-search comparisons in benchmarks. */
  vectorOf(rowid: number): ArrayLike<number> {
    return this.graphs[rowid % this.graphs.length]!.vectorOf(rowid);
  }

  /** Rowids of the live vectors. */
  rowids(): number[] {
    return this.graphs.flatMap((graph) => graph.rowids());
  }
}

function checkCounts(file: string, graph: VectorGraphFile, count: number, deleted: number): void {
  if (count === graph.count && deleted === graph.deleted) return;
  throw new AmicusError(
    ErrorCode.IndexMismatch,
    `${file}: the vector graph holds ${count} vectors (${deleted} deleted), the manifest says ${graph.count} (${graph.deleted} deleted); run \`amicus reindex\``,
    { location: file },
  );
}

function fileSearcher(file: HnswGraphFile): GraphSearcher {
  return {
    size: file.size,
    deleted: file.deleted,
    search: (vector, k, efSearch, allowed) =>
      file
        .search(vector, k, efSearch, allowed)
        .map((hit) => ({ rowid: hit.label, similarity: 1 - hit.distance })),
    vectorOf: (rowid) => file.vectorOf(rowid),
    rowids: () => file.labels(),
  };
}

function nativeSearcher(index: VectorIndex): GraphSearcher {
  return {
    size: index.size,
    deleted: index.deletedCount,
    search: (vector, k, efSearch, allowed) => index.search(vector, k, allowed, efSearch),
    vectorOf: (rowid) => index.vectorOf(rowid),
    rowids: () => index.rowids(),
  };
}
