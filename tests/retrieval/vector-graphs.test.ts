/**
 * The vectors of a generation as two HNSW graphs built on worker threads and searched
 * together: on a small set, where HNSW with a generous candidate list is exact, the merged
 * answer is the brute-force answer, rank for rank; an update in place sends removals and
 * additions to the right graph; a corrupt, truncated or miscounted graph file is refused with
 * an error naming it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { describe, expect, it } from 'vitest';
import { AmicusError } from '../../src/core/errors.js';
import type { GenerationManifest } from '../../src/retrieval/index-generation.js';
import { VectorGraphBuilder } from '../../src/retrieval/vector-graph-builder.js';
import { HnswGraphFile, innerProductDistance } from '../../src/retrieval/vector-graph-file.js';
import { VectorGraphs } from '../../src/retrieval/vector-graphs.js';
import type { VectorIndexParameters } from '../../src/retrieval/vector-index.js';
import { seededRandom } from '../support/seeded-random.js';
import { temporaryDirectory } from '../support/temporary.js';

const dimensions = 24;
const parameters: VectorIndexParameters = { m: 16, efConstruction: 200, efSearch: 400 };

function unitVectors(count: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: dimensions }, () => random() * 2 - 1);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

/** Exact top k by cosine over the live vectors: rowids, best first, ties by rowid. */
function bruteForce(vectors: Map<number, Float32Array>, query: Float32Array, k: number): number[] {
  const norm = Math.hypot(...query);
  return [...vectors.entries()]
    .map(([rowid, vector]) => ({
      rowid,
      similarity: vector.reduce((sum, value, index) => sum + value * query[index]!, 0) / norm,
    }))
    .sort((first, second) => second.similarity - first.similarity || first.rowid - second.rowid)
    .slice(0, k)
    .map((hit) => hit.rowid);
}

function manifestFor(graphs: Awaited<ReturnType<VectorGraphBuilder['finish']>>): GenerationManifest {
  const deleted = graphs.reduce((sum, graph) => sum + graph.deleted, 0);
  return {
    id: 'test-generation',
    createdAt: new Date(0).toISOString(),
    passageCount: 0,
    vectors: {
      embedderId: 'test',
      embedderSource: 'test',
      dimensions,
      count: graphs.reduce((sum, graph) => sum + graph.count, 0) - deleted,
      deleted,
      graphs,
      parameters,
    },
  };
}

async function buildGraphs(directory: string, vectors: Map<number, Float32Array>) {
  const builder = await VectorGraphBuilder.create(2, vectors.size, { dimensions, parameters });
  for (const [rowid, vector] of vectors) await builder.add(rowid, vector);
  return manifestFor(await builder.finish(directory));
}

function expectRefused(promise: Promise<unknown>, file: string, reason: RegExp) {
  return expect(promise).rejects.toSatisfy(
    (error: unknown) =>
      error instanceof AmicusError &&
      error.code === 'index_mismatch' &&
      error.message.includes(file) &&
      reason.test(error.message),
  );
}

describe('vector graphs built side by side and searched together', () => {
  it('two graphs merged answer exactly as brute force on a small set', async () => {
    const directory = temporaryDirectory();
    const vectors = new Map(unitVectors(600, 7).map((vector, index) => [index + 1, vector]));
    const manifest = await buildGraphs(directory, vectors);
    expect(manifest.vectors.graphs?.map((graph) => graph.file)).toEqual(['vectors-0.hnsw', 'vectors-1.hnsw']);
    // Each graph holds its share (rowid % 2), half of the passages.
    expect(manifest.vectors.graphs?.map((graph) => graph.count)).toEqual([300, 300]);

    // The file reader alone, and hnswlib once it has loaded: the same hits, equal to brute force.
    const fileReader = await VectorGraphs.load(directory, manifest, { native: false });
    const graphs = await VectorGraphs.load(directory, manifest);
    await graphs.nativeLoaded;
    expect(graphs.size).toBe(600);
    for (const query of unitVectors(40, 99)) {
      const hits = graphs.search(query, 10);
      expect(fileReader.search(query, 10)).toEqual(hits);
      expect(hits.map((hit) => hit.rowid)).toEqual(bruteForce(vectors, query, 10));
      // Similarities come best first, and are cosines.
      for (let index = 1; index < hits.length; index += 1) {
        expect(hits[index - 1]!.similarity).toBeGreaterThanOrEqual(hits[index]!.similarity);
      }
    }
    // A filter applies in both graphs: only odd rowids (all in graph 1), only even (graph 0).
    const query = unitVectors(1, 5)[0]!;
    const odd = new Map([...vectors].filter(([rowid]) => rowid % 2 === 1));
    expect(graphs.search(query, 10, (rowid) => rowid % 2 === 1).map((hit) => hit.rowid)).toEqual(
      bruteForce(odd, query, 10),
    );
  });

  it('an update in place removes from and adds to the graph that holds each rowid', async () => {
    const first = temporaryDirectory();
    const vectors = new Map(unitVectors(400, 11).map((vector, index) => [index + 1, vector]));
    const manifest = await buildGraphs(first, vectors);

    const second = temporaryDirectory();
    const builder = await VectorGraphBuilder.load(first, manifest.vectors.graphs!, {
      dimensions,
      parameters,
    });
    const removed = [3, 4, 5, 6, 200, 202];
    await builder.remove([...removed, 9999]); // 9999 was never added: ignored
    for (const rowid of removed) vectors.delete(rowid);
    const added = unitVectors(50, 12).map((vector, index) => [1000 + index, vector] as const);
    for (const [rowid, vector] of added) {
      await builder.add(rowid, vector);
      vectors.set(rowid, vector);
    }
    const updated = manifestFor(await builder.finish(second));
    expect(updated.vectors).toMatchObject({ count: 444, deleted: 6 });
    expect(updated.vectors.graphs?.map((graph) => graph.deleted)).toEqual([4, 2]);

    const graphs = await VectorGraphs.load(second, updated);
    expect(graphs.size).toBe(444);
    for (const query of [...unitVectors(20, 13), ...added.slice(0, 5).map(([, vector]) => vector)]) {
      const hits = graphs.search(query, 10).map((hit) => hit.rowid);
      expect(hits).toEqual(bruteForce(vectors, query, 10));
      expect(hits.some((rowid) => removed.includes(rowid))).toBe(false);
    }
  });

  it('refuses a corrupt, truncated or miscounted graph file, naming it', async () => {
    const directory = temporaryDirectory();
    const vectors = new Map(unitVectors(200, 21).map((vector, index) => [index + 1, vector]));
    const manifest = await buildGraphs(directory, vectors);
    const file = path.join(directory, 'vectors-1.hnsw');
    const original = readFileSync(file);

    // One flipped byte in a stored vector: the checksum catches what the structure cannot.
    const flipped = Buffer.from(original);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    writeFileSync(file, flipped);
    await expectRefused(VectorGraphs.load(directory, manifest), file, /checksum/);

    writeFileSync(file, original.subarray(0, original.length - 100));
    await expectRefused(VectorGraphs.load(directory, manifest), file, /./);

    writeFileSync(file, original);
    const miscounted = structuredClone(manifest);
    miscounted.vectors.graphs![1] = { ...miscounted.vectors.graphs![1]!, count: 150, crc32: undefined };
    await expectRefused(
      VectorGraphs.load(directory, miscounted),
      file,
      /holds 100 vectors .*the manifest says 150/,
    );

    // Put back, it loads again.
    await expect(VectorGraphs.load(directory, manifest)).resolves.toBeInstanceOf(VectorGraphs);
  });
});

describe('the graph file reader', () => {
  it('answers exactly as hnswlib does on the same file: labels, distances, deletions, filters, ties', async () => {
    const directory = temporaryDirectory();
    const file = path.join(directory, 'graph.hnsw');
    for (const dimensions of [32, 24, 30, 7]) {
      const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
      index.initIndex(700, 8, 40, 100);
      const random = seededRandom(dimensions);
      const stored: number[][] = [];
      for (let label = 0; label < 600; label += 1) {
        // Every tenth vector repeats an earlier one: equal distances, where tie order shows.
        const vector =
          label % 10 === 9 ? stored[label - 5]! : Array.from({ length: dimensions }, () => random() * 2 - 1);
        stored.push(vector);
        index.addPoint(vector, label * 3 + 1);
      }
      for (let label = 0; label < 600; label += 17) index.markDelete(label * 3 + 1);
      index.writeIndexSync(file);
      const graph = HnswGraphFile.parse(readFileSync(file), dimensions, file);
      expect(graph.count).toBe(600);
      expect(graph.deleted).toBe(Math.ceil(600 / 17));
      for (let query = 0; query < 60; query += 1) {
        const vector =
          query % 6 === 0 ? stored[query]! : Array.from({ length: dimensions }, () => random() * 2 - 1);
        const allowed = query % 3 === 0 ? (label: number) => label % 4 !== 0 : undefined;
        for (const [k, ef] of [
          [10, 10],
          [10, 64],
          [25, 16],
        ] as const) {
          index.setEf(ef);
          const expected = index.searchKnn(vector, k, allowed);
          const actual = graph.search(Float32Array.from(vector), k, ef, allowed);
          expect(actual.map((hit) => hit.label)).toEqual(expected.neighbors);
          expect(actual.map((hit) => hit.distance)).toEqual(expected.distances);
        }
      }
    }
  });

  it('innerProductDistance is hnswlib’s float arithmetic, not a double dot product', () => {
    const query = Float32Array.from({ length: 16 }, (_, index) => 1 / (index + 3));
    const stored = Float32Array.from({ length: 16 }, (_, index) => 1 / (index + 7));
    let double = 0;
    for (let index = 0; index < 16; index += 1) double += query[index]! * stored[index]!;
    const distance = innerProductDistance(query, stored, 0, 16);
    expect(distance).toBe(Math.fround(distance));
    expect(Math.abs(distance - (1 - double))).toBeLessThan(1e-6);
  });
});
