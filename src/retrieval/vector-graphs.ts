import path from 'node:path';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { type GenerationManifest, vectorGraphsOf } from './index-generation.js';
import { crc32OfFile } from './vector-graph-file.js';
import { singleGraphVectorIndexParameters, type VectorHit, VectorIndex } from './vector-index.js';

/**
 * A generation's vectors as one index over its HNSW graphs (one per build thread; see
 * vector-graph-builder.ts). A search asks every graph for its best k and keeps the best k of
 * all, ordered as hnswlib orders one graph's answer: by distance, then by rowid.
 */
export class VectorGraphs {
  constructor(
    private readonly graphs: readonly VectorIndex[],
    /** Candidate list size per graph at query time. */
    private readonly efSearch: number,
  ) {}

  /**
   * Reads every graph of the generation at once on hnswlib's worker threads, after checking
   * each file against the CRC-32 in the manifest, so a corrupt or swapped file is refused with
   * an error naming it rather than searched.
   */
  static async load(directory: string, manifest: GenerationManifest): Promise<VectorGraphs> {
    const { dimensions } = manifest.vectors;
    const efSearch = manifest.vectors.parameters?.efSearch ?? singleGraphVectorIndexParameters.efSearch;
    const graphs = await Promise.all(
      vectorGraphsOf(manifest).map(async (graph) => {
        const file = path.join(directory, graph.file);
        const [index, crc32] = await Promise.all([
          VectorIndex.loadInBackground(file, dimensions, graph.deleted),
          graph.crc32 === undefined ? undefined : crc32OfFile(file).catch(() => undefined),
        ]);
        if (graph.crc32 !== undefined && crc32 !== graph.crc32) {
          throw new AmicusError(
            ErrorCode.IndexMismatch,
            `${file}: the vector graph does not match its checksum in the generation's manifest (corrupt or replaced); run \`amicus reindex\``,
            { location: file },
          );
        }
        if (index.size + index.deletedCount !== graph.count) {
          throw new AmicusError(
            ErrorCode.IndexMismatch,
            `${file}: the vector graph holds ${index.size + index.deletedCount} vectors, the manifest says ${graph.count}; run \`amicus reindex\``,
            { location: file },
          );
        }
        return index;
      }),
    );
    return new VectorGraphs(graphs, efSearch);
  }

  get graphCount(): number {
    return this.graphs.length;
  }

  get size(): number {
    return this.graphs.reduce((sum, graph) => sum + graph.size, 0);
  }

  get deletedCount(): number {
    return this.graphs.reduce((sum, graph) => sum + graph.deletedCount, 0);
  }

  /** `efSearch` overrides the generation's own, per graph; the benchmark sweeps it. */
  search(
    vector: Float32Array,
    k: number,
    allowed?: (rowid: number) => boolean,
    efSearch = this.efSearch,
  ): VectorHit[] {
    const hits = this.graphs.flatMap((graph) => graph.search(vector, k, allowed, efSearch));
    if (this.graphs.length === 1) return hits;
    return hits
      .sort((first, second) => second.similarity - first.similarity || first.rowid - second.rowid)
      .slice(0, k);
  }

  /** The stored vector of a passage, for exact-search comparisons in benchmarks. */
  vectorOf(rowid: number): number[] {
    const graph = this.graphs[rowid % this.graphs.length]!;
    return graph.vectorOf(rowid);
  }

  rowids(): number[] {
    return this.graphs.flatMap((graph) => graph.rowids());
  }
}
