import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AmicusError, ErrorCode } from '../core/errors.js';
import type { VectorGraphFile } from './index-generation.js';
import { crc32OfFile } from './vector-graph-file.js';
import type { VectorIndexParameters } from './vector-index.js';

/**
 * Builds a generation's HNSW graphs on worker threads, one graph per worker, while the calling
 * thread embeds. hnswlib inserts one vector at a time on one thread (about 2,700 vectors/s at
 * the whole U.S. Code), so one graph on the main thread was the ingest's limit; two graphs of
 * half the passages each, built side by side, take half the time, and a query searches both
 * (vector-graphs.ts). A passage's graph is `rowid % graphCount`, so an update in place sends
 * removals and additions to the graph that holds them.
 *
 * The worker is inline JavaScript rather than a module file, so the same code runs from `src/`
 * under tsx or vitest and from `dist/`; it is given hnswlib-node's resolved path.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const hnswlib = require(workerData.hnswlibPath);
let index;
let deleted = 0;
function reply(id, extra) {
  parentPort.postMessage({ id, ok: true, count: index ? index.getCurrentCount() : 0, deleted, ...extra });
}
parentPort.on('message', (message) => {
  try {
    if (message.type === 'create') {
      index = new hnswlib.HierarchicalNSW('cosine', message.dimensions);
      index.initIndex(Math.max(1, message.capacity), message.m, message.efConstruction, message.seed);
    } else if (message.type === 'load') {
      index = new hnswlib.HierarchicalNSW('cosine', message.dimensions);
      index.readIndexSync(message.file);
      if (index.getNumDimensions() !== message.dimensions) {
        throw new Error('the graph has ' + index.getNumDimensions() + ' dimensions, the manifest says ' + message.dimensions);
      }
      deleted = message.deleted;
    } else if (message.type === 'add') {
      const { rowids, vectors, dimensions } = message;
      for (let position = 0; position < rowids.length; position += 1) {
        if (index.getCurrentCount() >= index.getMaxElements()) {
          index.resizeIndex(Math.max(16, Math.ceil(index.getMaxElements() * 1.5)));
        }
        const start = position * dimensions;
        index.addPoint(Array.from(vectors.subarray(start, start + dimensions)), rowids[position]);
      }
    } else if (message.type === 'remove') {
      for (const rowid of message.rowids) {
        try {
          index.markDelete(rowid);
          deleted += 1;
        } catch {
          // Not in this graph (a passage that had no text to embed): nothing to delete.
        }
      }
    } else if (message.type === 'write') {
      index.writeIndexSync(message.file);
    }
    reply(message.id);
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, message: String((error && error.message) || error) });
  }
});
`;

interface WorkerReply {
  readonly id: number;
  readonly ok: boolean;
  readonly count?: number;
  readonly deleted?: number;
  readonly message?: string;
}

type WorkerRequest =
  | { type: 'create'; dimensions: number; capacity: number; m: number; efConstruction: number; seed: number }
  | { type: 'load'; file: string; dimensions: number; deleted: number }
  | { type: 'add'; rowids: Uint32Array; vectors: Float32Array; dimensions: number }
  | { type: 'remove'; rowids: number[] }
  | { type: 'write'; file: string };

/** One graph in one worker; requests are answered in the order they were sent. */
class GraphWorker {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }
  >();
  /** The unanswered requests, oldest first. */
  private readonly waiting: Promise<unknown>[] = [];
  private failure: Error | undefined;
  count = 0;
  deleted = 0;

  constructor(hnswlibPath: string) {
    this.worker = new Worker(workerSource, { eval: true, workerData: { hnswlibPath } });
    this.worker.on('message', (reply: WorkerReply) => {
      const request = this.pending.get(reply.id);
      if (!request) return;
      this.pending.delete(reply.id);
      if (reply.ok) {
        this.count = reply.count ?? this.count;
        this.deleted = reply.deleted ?? this.deleted;
        request.resolve(reply);
      } else request.reject(new Error(reply.message ?? 'the graph worker failed'));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`the graph worker exited (code ${code})`)));
  }

  request(message: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const reply = new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    });
    const forget = (): void => {
      this.waiting.shift();
    };
    const settled = reply.then(forget, forget);
    this.waiting.push(settled);
    this.worker.postMessage({ ...message, id }, transfer);
    return reply;
  }

  /** Resolves when at most `limit` requests are unanswered, to bound the vectors queued. */
  async drainTo(limit: number): Promise<void> {
    while (this.waiting.length > limit) await this.waiting[0];
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const request of this.pending.values()) request.reject(this.failure);
    this.pending.clear();
  }

  async terminate(): Promise<void> {
    this.failure ??= new Error('the graph worker was stopped');
    await this.worker.terminate();
  }
}

export interface VectorGraphBuildOptions {
  readonly dimensions: number;
  readonly parameters: VectorIndexParameters;
}

/** Two graphs on a 2-core machine: the main thread's embedding is the lighter third job. */
export const defaultVectorGraphCount = 2;

/** Vectors sent per message; a bounded number of messages wait per worker. */
const batchSize = 256;
const maxQueuedBatches = 32;

export class VectorGraphBuilder {
  private readonly queued: { rowids: number[]; vectors: Float32Array[] }[];
  private readonly requests: Promise<unknown>[] = [];

  private constructor(
    private readonly workers: readonly GraphWorker[],
    private readonly options: VectorGraphBuildOptions,
  ) {
    this.queued = workers.map(() => ({ rowids: [], vectors: [] }));
  }

  /** Empty graphs, `graphCount` of them, sized for `capacity` vectors in all. */
  static async create(
    graphCount: number,
    capacity: number,
    options: VectorGraphBuildOptions,
  ): Promise<VectorGraphBuilder> {
    const builder = new VectorGraphBuilder(startWorkers(graphCount), options);
    await builder.everyWorker((worker, position) =>
      worker.request({
        type: 'create',
        dimensions: options.dimensions,
        capacity: Math.ceil(capacity / graphCount) + 1,
        m: options.parameters.m,
        efConstruction: options.parameters.efConstruction,
        // Fixed seeds: the same vectors in the same order build the same graphs.
        seed: 100 + position,
      }),
    );
    return builder;
  }

  /** The previous generation's graphs, to update in place. */
  static async load(
    directory: string,
    graphs: readonly VectorGraphFile[],
    options: VectorGraphBuildOptions,
  ): Promise<VectorGraphBuilder> {
    const builder = new VectorGraphBuilder(startWorkers(graphs.length), options);
    await builder.everyWorker((worker, position) => {
      const graph = graphs[position]!;
      return worker.request({
        type: 'load',
        file: path.join(directory, graph.file),
        dimensions: options.dimensions,
        deleted: graph.deleted,
      });
    });
    return builder;
  }

  get graphCount(): number {
    return this.workers.length;
  }

  /** Live vectors, as of the last answered request. */
  get size(): number {
    return this.workers.reduce((sum, worker) => sum + worker.count - worker.deleted, 0);
  }

  get deletedCount(): number {
    return this.workers.reduce((sum, worker) => sum + worker.deleted, 0);
  }

  async remove(rowids: readonly number[]): Promise<void> {
    await this.everyWorker((worker, position) =>
      worker.request({
        type: 'remove',
        rowids: rowids.filter((rowid) => rowid % this.workers.length === position),
      }),
    );
  }

  /** Queues a vector for its graph; waits only when a worker is far behind. */
  async add(rowid: number, vector: Float32Array): Promise<void> {
    if (vector.length !== this.options.dimensions) {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `A ${vector.length}-dimension vector cannot go into a ${this.options.dimensions}-dimension index`,
      );
    }
    const position = rowid % this.workers.length;
    const queue = this.queued[position]!;
    queue.rowids.push(rowid);
    queue.vectors.push(vector);
    if (queue.rowids.length >= batchSize) await this.flush(position);
  }

  /** Writes each graph to `directory` and stops the workers. */
  async finish(directory: string): Promise<VectorGraphFile[]> {
    try {
      for (let position = 0; position < this.workers.length; position += 1) await this.flush(position);
      await Promise.all(this.requests);
      const files = this.workers.map((_, position) => `vectors-${position}.hnsw`);
      await this.everyWorker((worker, position) =>
        worker.request({ type: 'write', file: path.join(directory, files[position]!) }),
      );
      return await Promise.all(
        this.workers.map(async (worker, position) => ({
          file: files[position]!,
          count: worker.count,
          deleted: worker.deleted,
          crc32: await crc32OfFile(path.join(directory, files[position]!)),
        })),
      );
    } finally {
      await this.close();
    }
  }

  /** Stops the workers without writing (an abandoned build, or after `finish`). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private async flush(position: number): Promise<void> {
    const queue = this.queued[position]!;
    if (queue.rowids.length === 0) return;
    const dimensions = this.options.dimensions;
    const vectors = new Float32Array(queue.rowids.length * dimensions);
    for (const [index, vector] of queue.vectors.entries()) vectors.set(vector, index * dimensions);
    const rowids = Uint32Array.from(queue.rowids);
    queue.rowids = [];
    queue.vectors = [];
    const worker = this.workers[position]!;
    const request = worker.request({ type: 'add', rowids, vectors, dimensions }, [
      vectors.buffer,
      rowids.buffer,
    ]);
    // A failure surfaces from `finish`; keep it from being reported as unhandled meanwhile.
    request.catch(() => undefined);
    this.requests.push(request);
    await worker.drainTo(maxQueuedBatches);
  }

  private async everyWorker(run: (worker: GraphWorker, position: number) => Promise<unknown>): Promise<void> {
    try {
      await Promise.all(this.workers.map(run));
    } catch (error) {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `Building the vector graphs failed: ${String((error as Error).message)}`,
        {
          cause: error,
        },
      );
    }
  }
}

function startWorkers(count: number): GraphWorker[] {
  const hnswlibPath = createRequire(import.meta.url).resolve('hnswlib-node');
  return Array.from({ length: count }, () => new GraphWorker(hnswlibPath));
}
