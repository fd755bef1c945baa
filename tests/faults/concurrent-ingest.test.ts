/**
 * Two ingests on one data directory: the second waits for the first to commit (up to
 * `ingest.lockWaitSeconds`), or fails with a plain message that another ingest is running —
 * never SQLite's "database is locked". The CLI case runs a real process; the others run two
 * ingesters on their own connections in this process, which interleave as two processes do
 * (an ingest awaits file reads while it holds the lock).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/application.js';
import { openDatabase } from '../../src/store/database.js';
import { PassageStore } from '../../src/store/passage-store.js';
import { startAmicus } from '../support/cli.js';
import {
  evictionGuideMarkdown,
  tenantGuideMarkdown,
  writeCollection,
} from '../support/fixture-collections.js';
import { fixtureConfig, openFixtureApplication } from '../support/retrieval-fixtures.js';
import { temporaryDirectory } from '../support/temporary.js';

const maxFileBytes = 20 * 1024 * 1024;

interface Finished {
  readonly status: number | null;
  readonly stderr: string;
}

function run(args: readonly string[]): Promise<Finished> {
  const child = startAmicus(args);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.resume();
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

async function setup() {
  const root = temporaryDirectory('amicus-faults-lock-');
  const data = path.join(root, 'data');
  const deposits = writeCollection(
    path.join(root, 'corpus'),
    { id: 'deposits' },
    { 'deposits.md': tenantGuideMarkdown },
  );
  const eviction = writeCollection(
    path.join(root, 'corpus'),
    { id: 'eviction' },
    { 'eviction.md': evictionGuideMarkdown },
  );
  const application = open(data, true);
  try {
    await application.createIngester().ingest([deposits], { maxFileBytes });
  } finally {
    application.close();
  }
  return { root, data, deposits, eviction };
}

/** The whole application, as `amicus ingest` opens it (store, thread memory, index builder). */
function open(data: string, create = false): Application {
  return openFixtureApplication(fixtureConfig(data), { create });
}

/** Holds the store's write lock, as an ingest half-way through does. */
function holdWriteLock(data: string): () => void {
  const database = openDatabase(data);
  database.exec('BEGIN IMMEDIATE');
  return () => {
    database.exec('ROLLBACK');
    database.close();
  };
}

function collectionIds(data: string): string[] {
  const database = openDatabase(data);
  try {
    return new PassageStore(database).listCollections().map((collection) => collection.id);
  } finally {
    database.close();
  }
}

describe('two ingests at once', () => {
  it('the CLI fails with a plain message when the other ingest does not finish in time', async () => {
    const { root, data, eviction } = await setup();
    const config = path.join(root, 'amicus.config.json');
    writeFileSync(config, JSON.stringify({ ingest: { lockWaitSeconds: 1 } }));
    const release = holdWriteLock(data);
    try {
      const second = await run(['--data', data, '--config', config, 'ingest', eviction]);
      expect(second.stderr).toMatch(/Another ingest is running on .*data; waiting up to 1 s/);
      expect(second.stderr).toMatch(
        /Another ingest is running on .*data \(waited 1 s, ingest\.lockWaitSeconds\); try again/,
      );
      expect(second.stderr).not.toMatch(/database is locked/i);
      expect(second.stderr).not.toMatch(/\n\s+at /);
      expect(second.status).toBe(1);
    } finally {
      release();
    }
    expect(collectionIds(data)).toEqual(['deposits']);
  });

  it('waits for the other ingest to commit, then lands', async () => {
    const { data, eviction } = await setup();
    const release = holdWriteLock(data);
    const application = open(data);
    try {
      let waited = 0;
      const second = application.createIngester().ingest([eviction], {
        maxFileBytes,
        lockWaitMs: 30_000,
        onWaiting: () => {
          waited += 1;
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      release();
      await second;
      expect(waited).toBe(1);
    } finally {
      application.close();
    }
    expect(collectionIds(data)).toEqual(['deposits', 'eviction']);
  });

  it('runs two ingests started together one after the other, and both land', async () => {
    const { data, deposits, eviction } = await setup();
    writeFileSync(
      path.join(deposits, 'more.md'),
      evictionGuideMarkdown.replace('Eviction notices', 'More notices'),
    );
    const first = open(data);
    const second = open(data);
    try {
      const reports = await Promise.all([
        first.createIngester().ingest([deposits], { maxFileBytes, lockWaitMs: 30_000 }),
        second.createIngester().ingest([eviction], { maxFileBytes, lockWaitMs: 30_000 }),
      ]);
      expect(
        reports.map((report) => report.collections.map((collection) => [collection.id, collection.status])),
      ).toEqual([[['deposits', 'updated']], [['eviction', 'created']]]);
    } finally {
      first.close();
      second.close();
    }
    // The index built last holds both collections: the second ingest built on the first's.
    const reader = open(data);
    try {
      const hits = await reader.retriever.retrieve({ query: 'three-day notice to pay rent or quit', k: 3 });
      expect(hits.map((hit) => hit.passage.collectionId)).toContain('eviction');
      const deposit = await reader.retriever.retrieve({ query: 'security deposit limit', k: 3 });
      expect(deposit.map((hit) => hit.passage.collectionId)).toContain('deposits');
    } finally {
      reader.close();
    }
    expect(collectionIds(data)).toEqual(['deposits', 'eviction']);
  });
});
