import hnswlib from 'hnswlib-node';
import { AmicusError, ErrorCode } from '../core/errors.js';

export interface VectorHit {
  readonly rowid: number;
  /** Cosine similarity, 1 for identical directions. */
  readonly similarity: number;
}

export interface VectorIndexParameters {
  /** Graph degree; higher gives better recall and a bigger, slower-to-build index. */
  readonly m: number;
  readonly efConstruction: number;
  /** Candidate list size at query time; raised to k when k is larger. */
  readonly efSearch: number;
}

/**
 * Per graph, with two graphs of half the passages each (vector-graph-builder.ts). The lower
 * efConstruction (64, against 100 for one graph) makes the build faster; efSearch 512 on each
 * graph gives back more recall than that costs: recall@10 against exact search at the whole
 * U.S. Code is above the one graph's (see docs/benchmarks.md).
 */
export const defaultVectorIndexParameters: VectorIndexParameters = {
  m: 16,
  efConstruction: 64,
  efSearch: 512,
};

/**
 * What a generation written before graphs were split was built with (one graph): efSearch 512
 * reached recall@10 0.986 against exact search on the whole U.S. Code.
 */
export const singleGraphVectorIndexParameters: VectorIndexParameters = {
  m: 16,
  efConstruction: 100,
  efSearch: 512,
};

/**
 * One HNSW graph read by hnswlib (cosine space), for searching; graphs are built on worker
 * threads (vector-graph-builder.ts) and searched together (vector-graphs.ts). Labels are passage
 * rowids, which the store never reuses, so a deleted passage's vector can never answer for a
 * new one.
 */
export class VectorIndex {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
    private readonly parameters: VectorIndexParameters,
    private readonly deleted: number,
  ) {
    index.setEf(parameters.efSearch);
  }

  /** Wraps a graph read from disk (see `loadInBackground`). */
  static fromLoaded(
    index: hnswlib.HierarchicalNSW,
    dimensions: number,
    parameters: VectorIndexParameters,
    deleted: number,
  ): VectorIndex {
    return new VectorIndex(index, dimensions, parameters, deleted);
  }

  /**
   * Reads the graph on hnswlib's worker thread, so a server can read the lexical index at the
   * same time: cold start is bounded by the slower of the two, not their sum.
   */
  static async loadInBackground(
    file: string,
    dimensions: number,
    deleted: number,
    parameters = defaultVectorIndexParameters,
  ): Promise<VectorIndex> {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    try {
      await index.readIndex(file);
    } catch (error) {
      throw unreadableIndex(file, error);
    }
    return checkedIndex(index, file, dimensions, deleted, parameters);
  }

  /** Live vectors (added and not deleted). */
  get size(): number {
    return this.index.getCurrentCount() - this.deleted;
  }

  get deletedCount(): number {
    return this.deleted;
  }

  /** `efSearch` overrides the index's own for this search; the benchmark sweeps it. */
  search(
    vector: Float32Array,
    k: number,
    allowed?: (rowid: number) => boolean,
    efSearch = this.parameters.efSearch,
  ): VectorHit[] {
    if (this.size === 0 || k <= 0) return [];
    this.index.setEf(Math.max(efSearch, k));
    const result = this.index.searchKnn(Array.from(vector), Math.min(k, this.size), allowed);
    return result.neighbors.map((rowid, position) => ({
      rowid,
      similarity: 1 - (result.distances[position] ?? 1),
    }));
  }

  /** The stored vector of a passage, for exact-search comparisons in benchmarks. */
  vectorOf(rowid: number): number[] {
    return this.index.getPoint(rowid);
  }

  rowids(): number[] {
    return this.index.getIdsList();
  }
}

function unreadableIndex(file: string, error: unknown): AmicusError {
  return new AmicusError(
    ErrorCode.IndexMismatch,
    `${file}: cannot read the vector index; run \`amicus reindex\``,
    {
      cause: error,
      location: file,
    },
  );
}

function checkedIndex(
  index: hnswlib.HierarchicalNSW,
  file: string,
  dimensions: number,
  deleted: number,
  parameters: VectorIndexParameters,
): VectorIndex {
  if (index.getNumDimensions() !== dimensions) {
    throw new AmicusError(
      ErrorCode.IndexMismatch,
      `${file}: the vector index has ${index.getNumDimensions()} dimensions, its metadata says ${dimensions}; run \`amicus reindex\``,
      { location: file },
    );
  }
  return VectorIndex.fromLoaded(index, dimensions, parameters, deleted);
}
