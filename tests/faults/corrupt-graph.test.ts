/**
 * A published generation whose vector graph file is corrupt on disk is refused: a process
 * that is already serving keeps answering from the generation it has and reports the new one's
 * error (once, in `loadFailure` and the log); a fresh process gets the clear error naming the
 * file. A later good generation is picked up as usual.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AmicusError } from '../../src/core/errors.js';
import { currentGeneration, vectorGraphsOf } from '../../src/retrieval/index-generation.js';
import {
  depositsGuide,
  ingestedFixture,
  maxFileBytes,
  openFixtureApplication,
} from '../support/retrieval-fixtures.js';
import { temporaryDirectory } from '../support/temporary.js';

const question = 'How long does a landlord have to return a security deposit?';

describe('a generation with a corrupt vector graph', () => {
  it('is refused with a clear error while the previous generation keeps serving', async () => {
    const { application: serving, fixture, config } = await ingestedFixture(temporaryDirectory());
    const writer = openFixtureApplication(config);
    try {
      const before = await serving.retriever.retrieve({ query: question, k: 5, mode: 'hybrid' });
      const firstGeneration = currentGeneration(serving.database, config.dataDirectory)!.manifest.id;
      expect(before.length).toBeGreaterThan(0);

      // Another process publishes a new generation; then one of its graph files is damaged.
      writeFileSync(
        path.join(fixture.guide, 'deposits.md'),
        depositsGuide.replace('within 21 days', 'within 14 days'),
      );
      await writer.createIngester().ingest([fixture.guide, fixture.statute], { maxFileBytes });
      const second = currentGeneration(writer.database, config.dataDirectory)!;
      expect(second.manifest.id).not.toBe(firstGeneration);
      const graph = vectorGraphsOf(second.manifest).at(-1)!;
      const file = path.join(second.directory, graph.file);
      const bytes = readFileSync(file);
      bytes[bytes.length - 200]! ^= 0x55;
      writeFileSync(file, bytes);

      // The serving process answers as before, from the generation it has.
      const during = await serving.retriever.retrieve({ query: question, k: 5, mode: 'vector' });
      expect(during.length).toBeGreaterThan(0);
      const failure = serving.retriever.loadFailure;
      expect(failure).toMatchObject({
        generationId: second.manifest.id,
        servingGenerationId: firstGeneration,
      });
      expect(failure?.error.message).toContain(file);
      expect(failure?.error.message).toMatch(/checksum/);

      // A fresh process has nothing to fall back on: the error names the file.
      const fresh = openFixtureApplication(config);
      try {
        await expect(fresh.retriever.retrieve({ query: question, mode: 'hybrid' })).rejects.toSatisfy(
          (error: unknown) =>
            error instanceof AmicusError && error.code === 'index_mismatch' && error.message.includes(file),
        );
      } finally {
        fresh.close();
      }

      // A good generation replaces it: the serving process moves to it and the failure clears.
      rmSync(second.directory, { recursive: true, force: true });
      writeFileSync(
        path.join(fixture.guide, 'deposits.md'),
        depositsGuide.replace('within 21 days', 'within 10 days'),
      );
      await writer.createIngester().ingest([fixture.guide, fixture.statute], { maxFileBytes });
      const third = currentGeneration(writer.database, config.dataDirectory)!.manifest.id;
      const after = await serving.retriever.retrieve({ query: question, k: 5, mode: 'hybrid' });
      expect(after.length).toBeGreaterThan(0);
      expect(serving.retriever.loadFailure).toBeUndefined();
      expect(after.some((result) => result.passage.text.includes('within 10 days'))).toBe(true);
      expect(third).not.toBe(second.manifest.id);
    } finally {
      writer.close();
      serving.close();
    }
  });
});
