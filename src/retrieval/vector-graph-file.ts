import { open } from 'node:fs/promises';
import zlib from 'node:zlib';
import { AmicusError, ErrorCode } from '../core/errors.js';

/**
 * An HNSW graph file as hnswlib writes it (`saveIndex`), read into one buffer and searched here
 * with hnswlib's own algorithm and arithmetic, so a query returns exactly what hnswlib's
 * `searchKnn` returns on the same file.
 *
 * Why not hnswlib's `readIndex`: it validates the file with a seek per element and copies it
 * into 300,000 separate allocations, 2.3–2.5 s for the whole U.S. Code's 290 MB on our
 * machine, most of a process's cold start. One read into one buffer is several times faster,
 * and the graphs are built by hnswlib on worker threads anyway (vector-graph-builder.ts).
 *
 * The layout (little-endian, hnswlib 0.8): a 96-byte header; then per element, in internal
 * order, its level-0 block: a u32 (neighbour count in the low 16 bits, bit 16 the deleted mark),
 * `maxM0` u32 neighbour ids, `dimensions` f32 (normalized, the index is cosine), a u64 label
 * (the passage rowid); then per element a u32 byte length and its upper-level link lists, each
 * a u32 count and `maxM` u32 ids.
 *
 * Distances are computed as hnswlib-node's build computes them (SSE: four float lanes, summed
 * at the end; see `innerProductDistance`), rounded to float at every step with `Math.fround`,
 * and its priority queues are replayed with libstdc++'s heap algorithm, which decides which of
 * two equally distant candidates is popped first.
 */
const headerBytes = 96;

export class HnswGraphFile {
  private readonly words: Uint32Array;
  private readonly floats: Float32Array;
  /** Word offset of each element's upper-level link lists, or -1 (level 0 only). */
  private readonly upperLinks: Int32Array;
  private readonly levels: Uint8Array;
  private visited: Uint32Array;
  private visitTag = 0;
  private labelPositions: Map<number, number> | undefined;
  readonly count: number;
  readonly deleted: number;

  private constructor(
    buffer: Buffer,
    private readonly header: GraphHeader,
    source: string,
  ) {
    this.words = new Uint32Array(buffer.buffer, buffer.byteOffset, buffer.length >>> 2);
    this.floats = new Float32Array(buffer.buffer, buffer.byteOffset, buffer.length >>> 2);
    this.count = header.count;
    this.upperLinks = new Int32Array(header.count).fill(-1);
    this.levels = new Uint8Array(header.count);
    this.visited = new Uint32Array(header.count);
    this.deleted = this.readStructure(buffer, source);
  }

  /** Checks the structure (sizes, offsets, every neighbour id) and wraps the bytes. */
  static parse(buffer: Buffer, dimensions: number, source: string): HnswGraphFile {
    const fail = (reason: string): never => {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `${source}: not a readable vector graph (${reason}); run \`amicus reindex\``,
        { location: source },
      );
    };
    if (buffer.byteOffset % 4 !== 0) return HnswGraphFile.parse(Buffer.from(buffer), dimensions, source);
    if (buffer.length < headerBytes) fail('shorter than its header');
    const u64 = (offset: number) => {
      const value = buffer.readBigUInt64LE(offset);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`header value at byte ${offset} out of range`);
      return Number(value);
    };
    const header: GraphHeader = {
      offsetLevel0: u64(0),
      count: u64(16),
      bytesPerElement: u64(24),
      labelOffset: u64(32),
      dataOffset: u64(40),
      maxLevel: buffer.readInt32LE(48),
      enterPoint: buffer.readUInt32LE(52),
      maxM: u64(56),
      maxM0: u64(64),
      dimensions,
    };
    const { count, bytesPerElement, maxM0 } = header;
    if (header.offsetLevel0 !== 0) fail('level-0 offset is not 0');
    if (header.dataOffset !== 4 + 4 * maxM0) fail('vector offset does not follow the level-0 links');
    if (header.labelOffset !== header.dataOffset + 4 * dimensions) {
      fail(`its vectors do not have the ${dimensions} dimensions the manifest says`);
    }
    if (bytesPerElement !== header.labelOffset + 8) fail('element size does not match its fields');
    if (header.maxM <= 0 || header.maxM > 0xffff || maxM0 > 0xffff) fail('implausible graph degree');
    if (headerBytes + count * bytesPerElement > buffer.length) fail('truncated in the level-0 data');
    if (count > 0 && (header.enterPoint >= count || header.maxLevel < 0 || header.maxLevel > 255)) {
      fail('entry point or top level out of range');
    }
    return new HnswGraphFile(buffer, header, source);
  }

  /** Reads a file into one buffer on the thread pool, checking its CRC-32 when one is given. */
  static async read(
    file: string,
    dimensions: number,
    expectedCrc32: number | undefined,
  ): Promise<HnswGraphFile> {
    let buffer: Buffer;
    try {
      const handle = await open(file, 'r');
      try {
        buffer = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `${file}: cannot read the vector graph; run \`amicus reindex\``,
        {
          cause: error,
          location: file,
        },
      );
    }
    if (expectedCrc32 !== undefined && zlib.crc32(buffer) !== expectedCrc32) {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `${file}: the vector graph does not match its checksum in the generation's manifest (corrupt or replaced); run \`amicus reindex\``,
        { location: file },
      );
    }
    return HnswGraphFile.parse(buffer, dimensions, file);
  }

  get size(): number {
    return this.count - this.deleted;
  }

  /**
   * hnswlib-node's `searchKnn(query, k, filter)` after `setEf(ef)`: the k nearest of the live
   * (and allowed) elements, nearest first, as labels and cosine distances.
   */
  search(
    vector: Float32Array,
    k: number,
    ef: number,
    allowed?: (label: number) => boolean,
  ): { label: number; distance: number }[] {
    if (this.count === 0 || k <= 0) return [];
    const query = normalized(vector);
    const { maxLevel } = this.header;
    let current = this.header.enterPoint;
    let currentDistance = this.distance(query, current);
    for (let level = maxLevel; level > 0; level -= 1) {
      let changed = true;
      while (changed) {
        changed = false;
        const list = this.upperList(current, level);
        const size = this.words[list]! & 0xffff;
        for (let index = 1; index <= size; index += 1) {
          const candidate = this.words[list + index]!;
          const distance = this.distance(query, candidate);
          if (distance < currentDistance) {
            currentDistance = distance;
            current = candidate;
            changed = true;
          }
        }
      }
    }
    const bareBone = this.deleted === 0 && allowed === undefined;
    const top = this.searchBaseLayer(current, query, Math.max(ef, k), bareBone, allowed);
    while (top.size > k) top.pop();
    const hits: { label: number; distance: number }[] = [];
    while (top.size > 0) {
      hits.push({ label: this.label(top.topId()), distance: top.topKey() });
      top.pop();
    }
    // hnswlib returns them through a queue ordered by (distance, label): nearest first.
    return hits.sort((first, second) => first.distance - second.distance || first.label - second.label);
  }

  labels(): number[] {
    const labels: number[] = [];
    for (let position = 0; position < this.count; position += 1) {
      if (!this.isDeleted(position)) labels.push(this.label(position));
    }
    return labels;
  }

  /** The stored (normalized) vector of a label, for exact-search comparisons in benchmarks. */
  vectorOf(label: number): Float32Array {
    this.labelPositions ??= new Map(
      Array.from({ length: this.count }, (_, position) => [this.label(position), position]),
    );
    const position = this.labelPositions.get(label);
    if (position === undefined) throw new Error(`no vector for ${label}`);
    const start = this.dataWord(position);
    return this.floats.slice(start, start + this.header.dimensions);
  }

  private searchBaseLayer(
    entry: number,
    query: Float32Array,
    ef: number,
    bareBone: boolean,
    allowed: ((label: number) => boolean) | undefined,
  ): MaxHeap {
    const tag = this.nextVisitTag();
    const visited = this.visited;
    const top = new MaxHeap();
    const candidates = new MaxHeap();
    let lowerBound: number;
    if (bareBone || (!this.isDeleted(entry) && (!allowed || allowed(this.label(entry))))) {
      const distance = this.distance(query, entry);
      lowerBound = distance;
      top.push(distance, entry);
      candidates.push(-distance, entry);
    } else {
      lowerBound = floatMax;
      candidates.push(-lowerBound, entry);
    }
    visited[entry] = tag;
    const words = this.words;
    while (candidates.size > 0) {
      const candidateDistance = -candidates.topKey();
      const stop = bareBone
        ? candidateDistance > lowerBound
        : candidateDistance > lowerBound && top.size === ef;
      if (stop) break;
      const node = candidates.topId();
      candidates.pop();
      const list = this.level0Word(node);
      const size = words[list]! & 0xffff;
      for (let index = 1; index <= size; index += 1) {
        const candidate = words[list + index]!;
        if (visited[candidate] === tag) continue;
        visited[candidate] = tag;
        const distance = this.distance(query, candidate);
        if (top.size < ef || lowerBound > distance) {
          candidates.push(-distance, candidate);
          if (bareBone || (!this.isDeleted(candidate) && (!allowed || allowed(this.label(candidate))))) {
            top.push(distance, candidate);
          }
          while (top.size > ef) top.pop();
          if (top.size > 0) lowerBound = top.topKey();
        }
      }
    }
    return top;
  }

  /** hnswlib's inner-product distance, float for float (see `innerProductDistance`). */
  private distance(query: Float32Array, position: number): number {
    return innerProductDistance(query, this.floats, this.dataWord(position), this.header.dimensions);
  }

  private level0Word(position: number): number {
    return (headerBytes + position * this.header.bytesPerElement) >>> 2;
  }

  private dataWord(position: number): number {
    return (headerBytes + position * this.header.bytesPerElement + this.header.dataOffset) >>> 2;
  }

  private upperList(position: number, level: number): number {
    return this.upperLinks[position]! + (level - 1) * (1 + this.header.maxM);
  }

  private isDeleted(position: number): boolean {
    return ((this.words[this.level0Word(position)]! >>> 16) & 1) === 1;
  }

  private label(position: number): number {
    return this.words[
      (headerBytes + position * this.header.bytesPerElement + this.header.labelOffset) >>> 2
    ]!;
  }

  private nextVisitTag(): number {
    this.visitTag += 1;
    if (this.visitTag === 0xffffffff) {
      this.visited.fill(0);
      this.visitTag = 1;
    }
    return this.visitTag;
  }

  /** Indexes the upper-level lists and checks every neighbour id; returns the deleted count. */
  private readStructure(buffer: Buffer, source: string): number {
    const { count, maxM, maxM0, bytesPerElement, labelOffset } = this.header;
    const fail = (reason: string): never => {
      throw new AmicusError(
        ErrorCode.IndexMismatch,
        `${source}: not a readable vector graph (${reason}); run \`amicus reindex\``,
        { location: source },
      );
    };
    const words = this.words;
    const checkList = (word: number, capacity: number) => {
      const size = words[word]! & 0xffff;
      if (size > capacity) fail(`a link list longer than ${capacity}`);
      for (let index = 1; index <= size; index += 1)
        if (words[word + index]! >= count) fail('a neighbour out of range');
    };
    let deleted = 0;
    for (let position = 0; position < count; position += 1) {
      const start = headerBytes + position * bytesPerElement;
      checkList(start >>> 2, maxM0);
      if (this.isDeleted(position)) deleted += 1;
      if (words[(start + labelOffset + 4) >>> 2] !== 0) fail('a label beyond 32 bits');
    }
    const bytesPerLevel = 4 + 4 * maxM;
    let offset = headerBytes + count * bytesPerElement;
    for (let position = 0; position < count; position += 1) {
      if (offset + 4 > buffer.length) fail('truncated in the upper-level links');
      const length = buffer.readUInt32LE(offset);
      offset += 4;
      if (length === 0) continue;
      if (length % bytesPerLevel !== 0 || offset + length > buffer.length)
        fail('a malformed upper-level link list');
      this.upperLinks[position] = offset >>> 2;
      const levels = length / bytesPerLevel;
      this.levels[position] = Math.min(255, levels);
      for (let level = 0; level < levels; level += 1) checkList((offset >>> 2) + level * (1 + maxM), maxM);
      offset += length;
    }
    if (offset !== buffer.length) fail('trailing bytes after the links');
    if (count > 0 && this.levels[this.header.enterPoint]! < this.header.maxLevel)
      fail('the entry point is not on the top level');
    return deleted;
  }
}

interface GraphHeader {
  readonly offsetLevel0: number;
  readonly count: number;
  readonly bytesPerElement: number;
  readonly labelOffset: number;
  readonly dataOffset: number;
  readonly maxLevel: number;
  readonly enterPoint: number;
  readonly maxM: number;
  readonly maxM0: number;
  readonly dimensions: number;
}

const floatMax = 3.4028234663852886e38;
const fround = Math.fround;

/** hnswlib-node's `normalizePoint`: float sum of squares, float square root, float division. */
function normalized(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let index = 0; index < vector.length; index += 1)
    sum = fround(sum + fround(vector[index]! * vector[index]!));
  const norm = fround(Math.sqrt(Math.abs(sum)));
  const result = Float32Array.from(vector);
  if (norm > 0)
    for (let index = 0; index < result.length; index += 1) result[index] = fround(result[index]! / norm);
  return result;
}

/**
 * `1 - <query, stored>` as hnswlib's InnerProductSpace computes it on x86-64 (SSE, the
 * hnswlib-node build): the first multiple of 4 (or 16) dimensions in four float lanes, lane
 * sums added in order, then any remaining dimensions one by one. Every step is a float
 * operation; a double rounded once to float gives the same bits for +, × and √.
 */
export function innerProductDistance(
  query: Float32Array,
  stored: Float32Array,
  start: number,
  dimensions: number,
): number {
  if (dimensions % 4 === 0) return laneDistance(query, stored, start, dimensions);
  const lanes =
    dimensions > 16 ? dimensions - (dimensions % 16) : dimensions > 4 ? dimensions - (dimensions % 4) : 0;
  let lane0 = 0;
  let lane1 = 0;
  let lane2 = 0;
  let lane3 = 0;
  for (let index = 0; index < lanes; index += 4) {
    const at = start + index;
    lane0 = fround(lane0 + fround(query[index]! * stored[at]!));
    lane1 = fround(lane1 + fround(query[index + 1]! * stored[at + 1]!));
    lane2 = fround(lane2 + fround(query[index + 2]! * stored[at + 2]!));
    lane3 = fround(lane3 + fround(query[index + 3]! * stored[at + 3]!));
  }
  if (lanes === dimensions) return fround(1 - fround(fround(fround(lane0 + lane1) + lane2) + lane3));
  let tail = 0;
  for (let index = lanes; index < dimensions; index += 1)
    tail = fround(tail + fround(query[index]! * stored[start + index]!));
  if (lanes === 0) return fround(1 - tail);
  return fround(1 - fround(fround(fround(fround(lane0 + lane1) + lane2) + lane3) + tail));
}

/** The common case, every dimension in the four lanes (256 dimensions by default). */
function laneDistance(query: Float32Array, stored: Float32Array, start: number, dimensions: number): number {
  let lane0 = 0;
  let lane1 = 0;
  let lane2 = 0;
  let lane3 = 0;
  for (let index = 0, at = start; index < dimensions; index += 4, at += 4) {
    lane0 = fround(lane0 + fround(query[index]! * stored[at]!));
    lane1 = fround(lane1 + fround(query[index + 1]! * stored[at + 1]!));
    lane2 = fround(lane2 + fround(query[index + 2]! * stored[at + 2]!));
    lane3 = fround(lane3 + fround(query[index + 3]! * stored[at + 3]!));
  }
  return fround(1 - fround(fround(fround(lane0 + lane1) + lane2) + lane3));
}

/**
 * std::priority_queue<pair<float, id>> with hnswlib's CompareByFirst (keys only), replayed with
 * libstdc++'s push_heap and pop_heap so that equal keys come out in the same order.
 */
class MaxHeap {
  private keys = new Float64Array(1024);
  private ids = new Int32Array(1024);
  size = 0;

  topKey(): number {
    return this.keys[0]!;
  }

  topId(): number {
    return this.ids[0]!;
  }

  push(key: number, id: number): void {
    if (this.size === this.keys.length) this.grow();
    this.size += 1;
    this.siftUp(this.size - 1, key, id);
  }

  pop(): void {
    const keys = this.keys;
    const ids = this.ids;
    const last = this.size - 1;
    const key = keys[last]!;
    const id = ids[last]!;
    keys[last] = keys[0]!;
    ids[last] = ids[0]!;
    // __adjust_heap over [0, last) with the old last element as the value to place.
    const length = last;
    let hole = 0;
    let child = 0;
    while (child < Math.trunc((length - 1) / 2)) {
      child = 2 * (child + 1);
      if (keys[child]! < keys[child - 1]!) child -= 1;
      keys[hole] = keys[child]!;
      ids[hole] = ids[child]!;
      hole = child;
    }
    if ((length & 1) === 0 && child === Math.trunc((length - 2) / 2)) {
      child = 2 * (child + 1);
      keys[hole] = keys[child - 1]!;
      ids[hole] = ids[child - 1]!;
      hole = child - 1;
    }
    this.siftUp(hole, key, id);
    this.size = last;
  }

  /** libstdc++ __push_heap: moves the hole up while its parent's key is less than the value's. */
  private siftUp(start: number, key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    let hole = start;
    let parent = (hole - 1) >> 1;
    while (hole > 0 && keys[parent]! < key) {
      keys[hole] = keys[parent]!;
      ids[hole] = ids[parent]!;
      hole = parent;
      parent = (hole - 1) >> 1;
    }
    keys[hole] = key;
    ids[hole] = id;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
  }
}

/** zlib's CRC-32 of a file, read in chunks into one reused buffer (no 300 MB allocation). */
export async function crc32OfFile(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
    let crc = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return crc;
      crc = zlib.crc32(chunk.subarray(0, bytesRead), crc);
    }
  } finally {
    await handle.close();
  }
}
