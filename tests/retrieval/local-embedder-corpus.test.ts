import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalEmbeddingModel } from '../../src/retrieval/local-embedder-model.js';
import { sampleCollectionPaths, sharedEvalPath } from '../support/shared-data.js';

/**
 * Fits the local embedder on the nine sample collections (one passage per chunk file, heading
 * markers stripped, as in bench/local-embedder-experiment.ts) and checks vector-only retrieval
 * on the dev questions. Measured with these settings: recall@10 0.72, MRR@10 0.46 (see
 * docs/local-embedder.md); the floors sit a little below so that a real regression fails.
 */
const recallFloor = 0.65;
const mrrFloor = 0.38;

interface Passage {
  readonly label: string;
  readonly text: string;
}

function loadPassages(): Passage[] {
  const passages: Passage[] = [];
  for (const directory of sampleCollectionPaths()) {
    const { citationPrefix } = JSON.parse(readFileSync(path.join(directory, 'collection.json'), 'utf8')) as {
      citationPrefix?: string;
    };
    for (const file of readdirSync(directory)
      .filter((name) => name.endsWith('.md'))
      .sort()) {
      const markdown = readFileSync(path.join(directory, file), 'utf8');
      const text = markdown.replace(/^#+\s*/gm, '').trim();
      if (text.length === 0) continue;
      let label = file;
      if (citationPrefix !== undefined) {
        const rule = /^##\s+Rule\s+([^\s.]+)\./m.exec(markdown);
        if (rule) label = `${citationPrefix} ${rule[1]}`;
      } else {
        const title = /^#\s+Title\s+(\d+)/m.exec(markdown);
        const section = /^####\s+§\u202f(\S+?)\.(\s|$)/m.exec(markdown);
        if (title && section) label = `${title[1]} U.S.C. § ${section[1]}`;
      }
      passages.push({ label, text });
    }
  }
  return passages;
}

interface Question {
  readonly question: string;
  readonly gold: readonly string[];
}

function labelMatches(label: string, gold: string): boolean {
  return label.startsWith(gold) && !/^[\p{L}\p{N}]/u.test(label.slice(gold.length));
}

describe('local embedder on the sample corpus', () => {
  let passages: Passage[];
  let model: LocalEmbeddingModel;
  let vectors: Float32Array[];

  beforeAll(() => {
    passages = loadPassages();
    model = LocalEmbeddingModel.fit(
      passages.map((passage) => passage.text),
      { dimensions: 256, seed: 42 },
    );
    vectors = model.embedMany(passages.map((passage) => passage.text));
  });

  it('embeds every passage as a unit vector', () => {
    expect(passages.length).toBeGreaterThan(4500);
    for (const vector of vectors) {
      let norm = 0;
      for (const value of vector) norm += value * value;
      expect(Math.abs(Math.sqrt(norm) - 1)).toBeLessThan(1e-4);
    }
  });

  it(`finds the gold sections of the dev questions by vector search alone (recall@10 ≥ ${recallFloor})`, () => {
    const questions = readFileSync(sharedEvalPath('questions-dev.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as Question)
      .filter((question) => question.gold.length > 0);
    expect(questions.length).toBeGreaterThanOrEqual(10);
    let recall = 0;
    let reciprocalRank = 0;
    for (const question of questions) {
      const query = model.embed(question.question);
      const top = vectors
        .map((vector, index) => {
          let dot = 0;
          for (let c = 0; c < vector.length; c++) dot += vector[c]! * query[c]!;
          return { index, dot };
        })
        .sort((a, b) => b.dot - a.dot || a.index - b.index)
        .slice(0, 10)
        .map(({ index }) => passages[index]!.label);
      recall +=
        question.gold.filter((gold) => top.some((label) => labelMatches(label, gold))).length /
        question.gold.length;
      const first = top.findIndex((label) => question.gold.some((gold) => labelMatches(label, gold)));
      if (first >= 0) reciprocalRank += 1 / (first + 1);
    }
    expect(recall / questions.length).toBeGreaterThanOrEqual(recallFloor);
    expect(reciprocalRank / questions.length).toBeGreaterThanOrEqual(mrrFloor);
  });

  it('survives a serialize/deserialize round trip with the same fingerprint and vectors', () => {
    const loaded = LocalEmbeddingModel.deserialize(model.serialize());
    expect(loaded.fingerprint).toBe(model.fingerprint);
    expect(loaded.embed(passages[100]!.text)).toEqual(vectors[100]);
  });
});
