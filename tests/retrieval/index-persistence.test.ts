import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/application.js';
import { AmicusError } from '../../src/core/errors.js';
import {
  currentGeneration,
  currentGenerationId,
  indexesDirectory,
} from '../../src/retrieval/index-generation.js';
import type { RetrievalMode } from '../../src/retrieval/retriever.js';
import { VectorGraphs } from '../../src/retrieval/vector-graphs.js';
import {
  depositsGuide,
  fixtureConfig,
  ingestedFixture,
  maxFileBytes,
  openFixtureApplication,
  type RetrievalFixture,
} from '../support/retrieval-fixtures.js';
import { temporaryDirectory } from '../support/temporary.js';

const questions = [
  'How many days does my landlord have to return my security deposit?',
  'What civil penalty applies for each violation?',
  'Under § 104, can an agency charge for copies?',
  'lawyer',
];

/** Everything a caller sees of a ranking, for exact comparison. */
async function snapshot(application: Application) {
  const snapshots = [];
  for (const query of questions) {
    for (const mode of ['hybrid', 'lexical', 'vector'] as RetrievalMode[]) {
      const results = await application.retriever.retrieve({ query, k: 6, mode });
      snapshots.push({
        query,
        mode,
        results: results.map((result) => ({
          id: result.passage.id,
          label: result.passage.label,
          score: result.score,
          lexicalRank: result.lexicalRank,
          vectorRank: result.vectorRank,
          vectorSimilarity: result.vectorSimilarity,
          citedAs: result.citedAs,
        })),
      });
    }
  }
  return snapshots;
}

function generationFolders(dataDirectory: string): string[] {
  return readdirSync(indexesDirectory(dataDirectory)).sort();
}

function ingestFixture(application: Application, fixture: RetrievalFixture) {
  return application.createIngester().ingest([fixture.guide, fixture.statute], { maxFileBytes });
}

const changedDeposits = depositsGuide.replace(
  'within 21 days after the tenant moves out',
  'within 14 days after the tenant moves out, paid out of an escrow account',
);

describe('index persistence across restarts', () => {
  it('a new application on the same data directory gives identical results', async () => {
    const { application, config } = await ingestedFixture(temporaryDirectory());
    const before = await snapshot(application);
    const generation = currentGenerationId(application.database);
    expect(generation).toBeDefined();
    application.close();

    const reopened = openFixtureApplication(config);
    try {
      expect(currentGenerationId(reopened.database)).toBe(generation);
      expect(await snapshot(reopened)).toEqual(before);
      expect(generationFolders(config.dataDirectory)).toEqual([generation]);
    } finally {
      reopened.close();
    }
  });

  it('re-ingesting unchanged collections keeps the generation and its folder', async () => {
    const { application, config, fixture } = await ingestedFixture(temporaryDirectory());
    try {
      const generation = currentGenerationId(application.database);
      const before = await snapshot(application);
      const report = await ingestFixture(application, fixture);
      expect(report.collections.map((collection) => collection.status)).toEqual(['unchanged', 'unchanged']);
      expect(currentGenerationId(application.database)).toBe(generation);
      expect(generationFolders(config.dataDirectory)).toEqual([generation]);
      expect(await snapshot(application)).toEqual(before);
    } finally {
      application.close();
    }
  });

  it('a changed file publishes a new generation, removes the old folder, and results follow the change', async () => {
    const { application, config, fixture } = await ingestedFixture(temporaryDirectory());
    try {
      const oldGeneration = currentGenerationId(application.database)!;
      expect(await application.retriever.retrieve({ query: 'escrow', mode: 'lexical' })).toEqual([]);
      // A folder left by an ingest that crashed part-way is cleaned up with the old generation.
      mkdirSync(path.join(indexesDirectory(config.dataDirectory), '20000101-000000-1-crashed.partial'));

      writeFileSync(path.join(fixture.guide, 'deposits.md'), changedDeposits);
      const report = await ingestFixture(application, fixture);
      expect(report.collections[0]).toMatchObject({ status: 'updated' });
      expect(report.collections[0]!.added).toBeGreaterThan(0);
      expect(report.collections[1]).toMatchObject({ status: 'unchanged' });

      const newGeneration = currentGenerationId(application.database)!;
      expect(newGeneration).not.toBe(oldGeneration);
      expect(existsSync(path.join(indexesDirectory(config.dataDirectory), oldGeneration))).toBe(false);
      expect(generationFolders(config.dataDirectory)).toEqual([newGeneration]);

      for (const mode of ['hybrid', 'lexical'] as const) {
        const results = await application.retriever.retrieve({ query: 'escrow account', k: 3, mode });
        expect(results[0]?.passage.label).toBe('Security deposits in California — Returning the deposit');
        expect(results[0]?.passage.text).toContain('within 14 days');
      }
      const everything = await application.retriever.retrieve({ query: 'deposit', k: 100 });
      expect(everything.some((result) => result.passage.text.includes('within 21 days'))).toBe(false);
    } finally {
      application.close();
    }
    // And after a restart.
    const reopened = openFixtureApplication(config);
    try {
      const results = await reopened.retriever.retrieve({ query: 'escrow', k: 3, mode: 'lexical' });
      expect(results[0]?.passage.text).toContain('within 14 days');
    } finally {
      reopened.close();
    }
  });

  it('an application opened before a re-ingest sees the new content on its next query', async () => {
    const { application: writer, config, fixture } = await ingestedFixture(temporaryDirectory());
    const reader = openFixtureApplication(config);
    try {
      // The reader loads the first generation.
      expect(await reader.retriever.retrieve({ query: 'escrow', mode: 'lexical' })).toEqual([]);
      const oldReturning = (await reader.retriever.retrieve({ query: 'return deposit 21 days', k: 1 }))[0]!;
      expect(oldReturning.passage.text).toContain('within 21 days');
      // "§ 5" means nothing yet: no Title 98 in the store.
      const bare = await reader.retriever.retrieve({ query: 'What does § 5 say?', k: 3, mode: 'lexical' });
      expect(bare.every((result) => result.citedAs === undefined)).toBe(true);

      writeFileSync(path.join(fixture.guide, 'deposits.md'), changedDeposits);
      writeFileSync(
        path.join(fixture.statute, 'chunk-1.md'),
        `\n# Title 98— OTHER TEST\n### CHAPTER 1— MISCELLANEOUS\n#### §\u202f5. Severability\n\nIf any provision of this title, or the application of such provision to any person or circumstance, is held invalid, the remainder of this title, and the application of the provision to other persons not similarly situated or to other circumstances, shall not be affected by that holding, and the courts shall give effect to every part that can stand alone.\n`,
      );
      await ingestFixture(writer, fixture);
      const newGeneration = currentGenerationId(writer.database);

      const lexical = await reader.retriever.retrieve({ query: 'escrow', k: 3, mode: 'lexical' });
      expect(lexical[0]?.passage.text).toContain('within 14 days');
      expect(currentGenerationId(reader.database)).toBe(newGeneration);

      // The vector side was reloaded too: the new passage is there and the replaced one is gone.
      const vector = await reader.retriever.retrieve({ query: 'deposit', k: 100, mode: 'vector' });
      const ids = vector.map((result) => result.passage.id);
      expect(ids).toContain(lexical[0]!.passage.id);
      expect(ids).not.toContain(oldReturning.passage.id);
      expect(vector).toHaveLength(reader.store.passageCount());

      // And the citation vocabulary: "§ 5" now resolves to the new title.
      const cited = await reader.retriever.retrieve({ query: 'What does § 5 say?', k: 3 });
      expect(cited[0]?.passage.label).toBe('98 U.S.C. § 5');
      expect(cited[0]?.citedAs).toBe('§ 5');
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('the vector index marks the passages of a deleted file deleted, and they never come back', async () => {
    const { application, config, fixture } = await ingestedFixture(temporaryDirectory());
    let deletedIds: string[];
    let deletedRowids: number[];
    try {
      const deleted = application.database
        .prepare("SELECT rowid, id FROM passages WHERE document_path = 'deposits.md'")
        .all() as { rowid: number; id: string }[];
      expect(deleted).toHaveLength(4);
      deletedIds = deleted.map((row) => row.id);
      deletedRowids = deleted.map((row) => row.rowid);
      const before = await application.retriever.retrieve({
        query: 'security deposit',
        k: 100,
        mode: 'vector',
      });
      expect(before.filter((result) => deletedIds.includes(result.passage.id))).toHaveLength(4);

      rmSync(path.join(fixture.guide, 'deposits.md'));
      const report = await ingestFixture(application, fixture);
      expect(report.collections[0]).toMatchObject({ status: 'updated', removed: 4 });

      // Updated in place: the four vectors are marked deleted rather than the graph rebuilt.
      const generation = currentGeneration(application.database, config.dataDirectory)!;
      expect(generation.manifest.vectors).toMatchObject({ deleted: 4, count: 22 });
      expect(generation.manifest.passageCount).toBe(22);

      const after = await application.retriever.retrieve({
        query: 'security deposit',
        k: 100,
        mode: 'vector',
      });
      expect(after).toHaveLength(22);
      expect(after.some((result) => deletedIds.includes(result.passage.id))).toBe(false);

      // The index itself, read from disk, no longer answers with the deleted rowids.
      const index = await VectorGraphs.load(generation.directory, generation.manifest);
      expect(index.size).toBe(22);
      const embedder = await application.embedderSource.forQuerying(generation.directory);
      const probe = await embedder.embedQuery(depositsGuide);
      const neighbours = index.search(probe, 100).map((hit) => hit.rowid);
      expect(neighbours).toHaveLength(22);
      expect(neighbours.some((rowid) => deletedRowids.includes(rowid))).toBe(false);
    } finally {
      application.close();
    }

    const reopened = openFixtureApplication(config);
    try {
      for (const mode of ['vector', 'hybrid', 'lexical'] as const) {
        const results = await reopened.retriever.retrieve({
          query: 'security deposit returned',
          k: 100,
          mode,
        });
        expect(results.some((result) => deletedIds.includes(result.passage.id))).toBe(false);
      }
    } finally {
      reopened.close();
    }
  });

  it('the generation manifest on disk matches the one the store names', async () => {
    const { application, config } = await ingestedFixture(temporaryDirectory());
    try {
      const generation = currentGeneration(application.database, config.dataDirectory)!;
      const onDisk = JSON.parse(readFileSync(path.join(generation.directory, 'manifest.json'), 'utf8'));
      expect(onDisk).toEqual(generation.manifest);
      expect(generation.manifest.vectors).toMatchObject({ embedderSource: 'local', count: 26, deleted: 0 });
      expect(generation.manifest.vectors.embedderId).toMatch(/^local:/);
    } finally {
      application.close();
    }
  });

  it('a query before any ingest fails with a clear not_found error', async () => {
    const config = fixtureConfig(path.join(temporaryDirectory(), 'data'));
    const application = openFixtureApplication(config, { create: true });
    try {
      const error = await application.retriever.retrieve({ query: 'deposit' }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(AmicusError);
      expect((error as AmicusError).code).toBe('not_found');
      expect((error as AmicusError).message).toContain('amicus ingest');
    } finally {
      application.close();
    }
  });
});
