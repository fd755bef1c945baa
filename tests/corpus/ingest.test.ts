import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AmicusError } from '../../src/core/errors.js';
import { CorpusIngester } from '../../src/corpus/ingest.js';
import { openDatabase } from '../../src/store/database.js';
import { PassageStore } from '../../src/store/passage-store.js';
import {
  evictionGuideMarkdown,
  tenantGuideMarkdown,
  writeCollection,
} from '../support/fixture-collections.js';
import { freshIngestStore, writeJsonLinesCollection } from '../support/ingest-store.js';
import { temporaryDirectory } from '../support/temporary.js';

const maxFileBytes = 20 * 1024 * 1024;

const setup = () => freshIngestStore();

function passageFingerprint(store: PassageStore): string[] {
  return store.database
    .prepare('SELECT id, label, text FROM passages ORDER BY id')
    .all()
    .map((row) => JSON.stringify(row));
}

describe('CorpusIngester', () => {
  it('ingests a collection, applies front matter over the manifest, and indexes text for search', async () => {
    const { corpus, ingester, store } = setup();
    const collection = writeCollection(
      corpus,
      { id: 'ca-tenants' },
      {
        'deposits.md': tenantGuideMarkdown,
        'eviction.md': evictionGuideMarkdown,
      },
    );
    const report = await ingester.ingest([collection], { maxFileBytes });

    expect(report.collections).toHaveLength(1);
    expect(report.collections[0]).toMatchObject({
      id: 'ca-tenants',
      status: 'created',
      documents: 2,
      vetted: true,
    });
    expect(report.skipped).toEqual([]);
    const deposits = store.database
      .prepare(
        "SELECT label, as_of, jurisdiction FROM passages WHERE document_path = 'deposits.md' ORDER BY ordinal",
      )
      .all() as { label: string; as_of: string; jurisdiction: string }[];
    expect(deposits.length).toBeGreaterThan(0);
    // Front matter asOf wins over the manifest's 2025-06-30; jurisdiction comes from the manifest.
    expect(deposits.every((row) => row.as_of === '2025-01-15' && row.jurisdiction === 'US-CA')).toBe(true);
    // Other documents are labelled by their title (front matter wins) and section heading.
    expect(deposits.map((row) => row.label)).toEqual(['Security deposits in California — Security deposits']);
    const hits = store.database
      .prepare(
        "SELECT p.label FROM passages_fts f JOIN passages p ON p.rowid = f.rowid WHERE passages_fts MATCH 'itemized'",
      )
      .all() as { label: string }[];
    expect(hits.map((hit) => hit.label)).toEqual(['Security deposits in California — Security deposits']);
  });

  it('does no work on an unchanged re-ingest and keeps passage ids stable', async () => {
    const { corpus, ingester, store } = setup();
    const collection = writeCollection(corpus, { id: 'ca-tenants' }, { 'deposits.md': tenantGuideMarkdown });
    await ingester.ingest([collection], { maxFileBytes });
    const before = passageFingerprint(store);
    const again = await ingester.ingest([collection], { maxFileBytes });
    expect(again.collections[0]).toMatchObject({ status: 'unchanged', added: 0, removed: 0, updated: 0 });
    expect(passageFingerprint(store)).toEqual(before);
  });

  it('replaces the passages of a changed file and removes those of a deleted file', async () => {
    const { corpus, ingester, store } = setup();
    const collection = writeCollection(
      corpus,
      { id: 'ca-tenants' },
      {
        'deposits.md': tenantGuideMarkdown,
        'eviction.md': evictionGuideMarkdown,
      },
    );
    await ingester.ingest([collection], { maxFileBytes });
    const evictionIds = store.database
      .prepare("SELECT id FROM passages WHERE document_path = 'eviction.md'")
      .all() as { id: string }[];
    expect(evictionIds.length).toBeGreaterThan(0);

    writeFileSync(path.join(collection, 'deposits.md'), tenantGuideMarkdown.replace('21 days', '14 days'));
    rmSync(path.join(collection, 'eviction.md'));
    const report = await ingester.ingest([collection], { maxFileBytes });

    expect(report.collections[0]?.status).toBe('updated');
    expect(report.collections[0]?.removed).toBeGreaterThanOrEqual(evictionIds.length);
    expect(
      store.database.prepare("SELECT count(*) AS n FROM passages WHERE document_path = 'eviction.md'").get(),
    ).toEqual({
      n: 0,
    });
    const texts = (store.database.prepare('SELECT text FROM passages').all() as { text: string }[]).map(
      (row) => row.text,
    );
    expect(texts.some((text) => text.includes('within 14 days'))).toBe(true);
    expect(texts.some((text) => text.includes('within 21 days'))).toBe(false);
    const fts = store.database
      .prepare("SELECT count(*) AS n FROM passages_fts WHERE passages_fts MATCH 'quit'")
      .get();
    expect(fts).toEqual({ n: 0 });
  });

  it('reports and skips binary, empty, oversized and invalid UTF-8 files while the rest lands', async () => {
    const { corpus, ingester, store } = setup();
    const collection = writeCollection(
      corpus,
      { id: 'mixed' },
      {
        'good.md': tenantGuideMarkdown,
        'image.png': Buffer.from([
          0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
        ]),
        'empty.md': '',
        'latin1.txt': Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6c, 0x61, 0x77, 0x2e]),
      },
    );
    writeFileSync(path.join(collection, 'huge.txt'), Buffer.alloc(50 * 1024 * 1024, 0x61));
    const report = await ingester.ingest([collection], { maxFileBytes });

    const reasons = Object.fromEntries(report.skipped.map((file) => [file.path, file.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['empty.md', 'huge.txt', 'image.png', 'latin1.txt']);
    expect(reasons['image.png']).toMatch(/binary/);
    expect(reasons['empty.md']).toMatch(/empty/);
    expect(reasons['huge.txt']).toMatch(/larger than the 20 MB limit \(50\.0 MB\)/);
    expect(reasons['latin1.txt']).toMatch(/not valid UTF-8.*offset 3/);
    expect(report.collections[0]).toMatchObject({ documents: 1 });
    expect(store.passageCount()).toBeGreaterThan(0);
  });

  it('refuses a malformed or incomplete manifest, naming the file and field, and leaves the store as it was', async () => {
    const { corpus, ingester, store } = setup();
    const good = writeCollection(corpus, { id: 'ca-tenants' }, { 'deposits.md': tenantGuideMarkdown });
    await ingester.ingest([good], { maxFileBytes });
    const before = passageFingerprint(store);

    const broken = writeCollection(corpus, { id: 'broken' }, { 'eviction.md': evictionGuideMarkdown });
    writeFileSync(path.join(broken, 'collection.json'), '{ "id": "broken", "title": ');
    await expect(ingester.ingest([good, broken], { maxFileBytes })).rejects.toThrow(
      /broken\/collection\.json: not valid JSON/,
    );

    const incomplete = writeCollection(
      corpus,
      { id: 'incomplete' },
      { 'eviction.md': evictionGuideMarkdown },
    );
    writeFileSync(
      path.join(incomplete, 'collection.json'),
      JSON.stringify({ id: 'incomplete', title: 'No jurisdiction', sourceType: 'guide', asOf: '2025-13-40' }),
    );
    const error = await ingester.ingest([incomplete], { maxFileBytes }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AmicusError);
    expect((error as AmicusError).message).toMatch(/incomplete\/collection\.json: .*jurisdiction: .*asOf: /);
    expect((error as AmicusError).exitCode).toBe(2);
    expect(passageFingerprint(store)).toEqual(before);
  });

  it('refuses duplicate collection ids and duplicate JSON-lines record ids', async () => {
    const { corpus, ingester } = setup();
    const first = writeCollection(
      path.join(corpus, 'a'),
      { id: 'same-id' },
      { 'one.md': tenantGuideMarkdown },
    );
    const second = writeCollection(
      path.join(corpus, 'b'),
      { id: 'same-id' },
      { 'two.md': evictionGuideMarkdown },
    );
    await expect(ingester.ingest([first, second], { maxFileBytes })).rejects.toThrow(
      /Duplicate collection id "same-id"/,
    );

    const jsonLines = writeJsonLinesCollection(corpus, 'records', [
      JSON.stringify({ id: 'guide/1', title: 'guide', text: tenantGuideMarkdown }),
      JSON.stringify({ id: 'guide/1', title: 'guide', text: evictionGuideMarkdown }),
      '{"id": 7}',
    ]);
    const report = await ingester.ingest([jsonLines], { maxFileBytes });
    expect(report.collections[0]).toMatchObject({ id: 'records', documents: 1 });
    expect(report.skipped.map((file) => file.reason)).toEqual([
      'duplicate id "guide/1"',
      expect.stringMatching(/^id: /),
    ]);
  });

  it('refuses an unvetted collection unless allowed, then marks it unvetted', async () => {
    const { corpus, ingester, store } = setup();
    const collection = writeCollection(
      corpus,
      { id: 'draft-guide', vetted: false },
      { 'a.md': tenantGuideMarkdown },
    );
    await expect(ingester.ingest([collection], { maxFileBytes })).rejects.toThrow(
      /Not vetted: draft-guide.*--allow-unvetted/,
    );
    expect(store.passageCount()).toBe(0);
    const report = await ingester.ingest([collection], { maxFileBytes, allowUnvetted: true });
    expect(report.collections[0]).toMatchObject({ vetted: false });
    expect(store.getCollection('draft-guide')?.vetted).toBe(false);
  });

  it('rolls back everything when a later stage fails, leaving the previous index whole', async () => {
    const root = temporaryDirectory();
    const data = path.join(root, 'data');
    const database = openDatabase(data, { create: true });
    const store = new PassageStore(database);
    const first = writeCollection(
      path.join(root, 'corpus'),
      { id: 'ca-tenants' },
      { 'a.md': tenantGuideMarkdown },
    );
    await new CorpusIngester({ database }).ingest([first], { maxFileBytes });
    const before = passageFingerprint(store);

    const failing = new CorpusIngester({
      database,
      extensions: [
        {
          prepare: async () => {
            throw new Error('vector index write failed');
          },
        },
      ],
    });
    writeFileSync(path.join(first, 'a.md'), evictionGuideMarkdown);
    await expect(failing.ingest([first], { maxFileBytes })).rejects.toThrow('vector index write failed');
    expect(passageFingerprint(store)).toEqual(before);
    expect(database.inTransaction).toBe(false);
  });
});
