/**
 * Hostile or careless corpus input: a giant JSON-lines record, a document that splits into a
 * flood of passages, source URLs that are not web addresses, a collection id taken over from
 * another path, symbolic links in a collection folder. Each is refused or skipped with a
 * message naming the file, record or field, and the rest of the corpus still lands.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { AmicusError } from '../../src/core/errors.js';
import { openDatabase } from '../../src/store/database.js';
import { runAmicus } from '../support/cli.js';
import {
  evictionGuideMarkdown,
  tenantGuideMarkdown,
  writeCollection,
} from '../support/fixture-collections.js';
import { freshIngestStore, writeJsonLinesCollection } from '../support/ingest-store.js';
import { temporaryDirectory } from '../support/temporary.js';

const maxFileBytes = 20 * 1024 * 1024;

const setup = () => freshIngestStore('amicus-faults-ingest-');

/** About `megabytes` of plausible markdown: numbered sections of ordinary sentences. */
function bulkyMarkdown(megabytes: number): string {
  const section = (index: number) =>
    `## Section ${index}\n\nA tenant who pays rent on time may ask the landlord for a written receipt, and the landlord shall give one within ten days of the request, stating the amount, the date and the period covered. ${'The notice must be in writing and delivered in person or by mail. '.repeat(12)}\n\n`;
  const one = section(0);
  const count = Math.ceil((megabytes * 1024 * 1024) / one.length);
  return `# Bulk\n\n${Array.from({ length: count }, (_, index) => section(index)).join('')}`;
}

describe('JSON-lines records and documents too large to split', () => {
  it('skips a 60 MB record with a message naming its id and line, and lands the others', async () => {
    const { corpus, ingester, store } = setup();
    const file = writeJsonLinesCollection(corpus, 'records', [
      JSON.stringify({ id: 'guide/deposits', title: 'guide', text: tenantGuideMarkdown }),
      JSON.stringify({ id: 'guide/huge', title: 'guide', text: bulkyMarkdown(60) }),
      JSON.stringify({ id: 'guide/eviction', title: 'guide', text: evictionGuideMarkdown }),
    ]);
    const report = await ingester.ingest([file], { maxFileBytes });
    expect(report.skipped).toHaveLength(1);
    const [skipped] = report.skipped;
    expect(skipped?.path).toContain('line 2');
    expect(skipped?.path).toContain('guide/huge');
    expect(skipped?.reason).toMatch(/larger than the .* limit.*ingest\.maxRecordBytes/);
    expect(report.collections[0]).toMatchObject({ documents: 2 });
    const documents = store.database
      .prepare('SELECT DISTINCT document_path AS path FROM passages ORDER BY path')
      .all()
      .map((row) => (row as { path: string }).path);
    expect(documents).toEqual(['guide/deposits', 'guide/eviction']);
  });

  it('applies the record limit to a compressed file by the size of each decompressed record', async () => {
    const { corpus, ingester } = setup();
    const file = writeJsonLinesCollection(
      corpus,
      'packed',
      [
        JSON.stringify({ text: bulkyMarkdown(3), id: 'late-id/record' }),
        JSON.stringify({ id: 'guide/deposits', text: tenantGuideMarkdown }),
      ],
      { gzip: true },
    );
    const report = await ingester.ingest([file], { maxFileBytes, maxRecordBytes: 1024 * 1024 });
    expect(report.skipped.map((entry) => entry.path)).toEqual([
      expect.stringMatching(/line 1.*late-id\/record/),
    ]);
    expect(report.collections[0]).toMatchObject({ documents: 1 });
  });

  it('skips a document that splits into more passages than ingest.maxPassagesPerDocument', async () => {
    const { corpus, ingester, store } = setup();
    const folder = writeCollection(
      corpus,
      { id: 'folder' },
      { 'bulk.md': bulkyMarkdown(0.2), 'deposits.md': tenantGuideMarkdown },
    );
    const file = writeJsonLinesCollection(corpus, 'lines', [
      JSON.stringify({ id: 'bulk/record', text: bulkyMarkdown(0.2) }),
      JSON.stringify({ id: 'guide/eviction', text: evictionGuideMarkdown }),
    ]);
    const report = await ingester.ingest([folder, file], { maxFileBytes, maxPassagesPerDocument: 40 });
    const reasons = Object.fromEntries(report.skipped.map((entry) => [entry.path, entry.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['bulk.md', 'bulk/record']);
    expect(reasons['bulk.md']).toMatch(
      /splits into \d+ passages, more than ingest\.maxPassagesPerDocument \(40\)/,
    );
    expect(store.getCollection('folder')?.documentCount).toBe(1);
    expect(store.getCollection('lines')?.documentCount).toBe(1);
  });

  it('validates both limits in the configuration, naming the field', () => {
    for (const [field, value] of [
      ['maxPassagesPerDocument', 0],
      ['maxRecordBytes', -5],
      ['maxPassagesPerDocument', 2.5],
    ] as const) {
      const root = temporaryDirectory();
      const file = path.join(root, 'amicus.config.json');
      writeFileSync(file, JSON.stringify({ ingest: { [field]: value } }));
      expect(() => loadConfig({ configFile: file, environment: {}, workingDirectory: root })).toThrow(
        new RegExp(`ingest\\.${field}`),
      );
    }
    const defaults = loadConfig({ environment: {}, workingDirectory: temporaryDirectory() });
    expect(defaults.ingest.maxRecordBytes).toBeGreaterThan(123_149);
    expect(defaults.ingest.maxPassagesPerDocument).toBeGreaterThan(0);
  });
});

describe('source urls', () => {
  it('refuses a manifest whose url is not http or https, naming the file and the field', async () => {
    const { corpus, ingester, store } = setup();
    for (const url of [
      'javascript:alert(document.cookie)',
      'file:///etc/passwd',
      'data:text/html,<b>x</b>',
    ]) {
      const collection = writeCollection(
        corpus,
        { id: 'hostile', extra: { url } },
        { 'deposits.md': tenantGuideMarkdown },
      );
      const error = await ingester.ingest([collection], { maxFileBytes }).catch((caught: unknown) => caught);
      expect(error, url).toBeInstanceOf(AmicusError);
      expect((error as AmicusError).message).toContain(path.join(collection, 'collection.json'));
      expect((error as AmicusError).message).toMatch(/url: .*http or https/);
      expect((error as AmicusError).exitCode).toBe(2);
    }
    expect(store.passageCount()).toBe(0);
  });

  it('skips a file or record whose front matter url is not http or https, naming the field', async () => {
    const { corpus, ingester, store } = setup();
    const folder = writeCollection(
      corpus,
      { id: 'front-matter' },
      {
        'evil.md': `---\ntitle: Evil\nurl: "javascript:alert(1)"\n---\n${evictionGuideMarkdown}`,
        'local.md': `---\nurl: file:///etc/shadow\n---\n${evictionGuideMarkdown}`,
        'good.md': `---\nurl: https://example.org/deposits\n---\n${tenantGuideMarkdown}`,
      },
    );
    const file = writeJsonLinesCollection(corpus, 'records', [
      JSON.stringify({ id: 'guide/evil', text: evictionGuideMarkdown, url: 'javascript:void(0)' }),
      JSON.stringify({ id: 'guide/good', text: tenantGuideMarkdown, url: 'http://example.org/good' }),
    ]);
    const report = await ingester.ingest([folder, file], { maxFileBytes });
    const reasons = Object.fromEntries(report.skipped.map((entry) => [entry.path, entry.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['evil.md', 'guide/evil', 'local.md']);
    for (const reason of Object.values(reasons)) expect(reason).toMatch(/front matter: url: .*http or https/);
    const urls = store.database
      .prepare('SELECT DISTINCT url FROM passages')
      .all()
      .map((row) => (row as { url: string | null }).url ?? '');
    expect(urls.every((url) => /^https?:\/\//.test(url))).toBe(true);
  });
});

function storedSourcePath(data: string): string | undefined {
  const database = openDatabase(data);
  try {
    const row = database.prepare('SELECT source_path FROM collections WHERE id = ?').get('ca-tenants') as
      | { source_path: string }
      | undefined;
    return row?.source_path;
  } finally {
    database.close();
  }
}

describe('a collection id held by a collection from another path', () => {
  it('is refused with exit 2 naming both paths, unless --replace is given', () => {
    const { root, database } = setup();
    database.close();
    const data = path.join(root, 'data');
    const vetted = writeCollection(
      path.join(root, 'vetted'),
      { id: 'ca-tenants' },
      { 'deposits.md': tenantGuideMarkdown },
    );
    const impostor = writeCollection(
      path.join(root, 'elsewhere'),
      { id: 'ca-tenants' },
      { 'eviction.md': evictionGuideMarkdown },
    );
    expect(runAmicus(['--data', data, 'ingest', vetted]).status).toBe(0);
    // The same path again is an ordinary update.
    expect(runAmicus(['--data', data, 'ingest', vetted]).status).toBe(0);

    const refused = runAmicus(['--data', data, 'ingest', impostor]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(vetted);
    expect(refused.stderr).toContain(impostor);
    expect(refused.stderr).toContain('--replace');
    expect(storedSourcePath(data)).toBe(vetted);

    const replaced = runAmicus(['--data', data, 'ingest', '--replace', impostor]);
    expect(replaced.stderr).toBe('');
    expect(replaced.status).toBe(0);
    expect(storedSourcePath(data)).toBe(impostor);
  });
});

describe('symbolic links in a collection folder', () => {
  it('follows links that stay inside the folder and reports the others', async () => {
    const { root, corpus, ingester, store } = setup();
    const outside = path.join(root, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(
      path.join(outside, 'secret.md'),
      '# Secret\n\nA private note that was never vetted by anyone.\n',
    );
    const collection = writeCollection(
      corpus,
      { id: 'linked' },
      { 'deposits.md': tenantGuideMarkdown, '.drafts/eviction.md': evictionGuideMarkdown },
    );
    symlinkSync(path.join(outside, 'secret.md'), path.join(collection, 'secret.md'));
    symlinkSync(outside, path.join(collection, 'outside-folder'));
    symlinkSync(path.join(collection, '.drafts', 'eviction.md'), path.join(collection, 'eviction.md'));
    symlinkSync(path.join(collection, 'deposits.md'), path.join(collection, 'zz-deposits-again.md'));
    symlinkSync(collection, path.join(collection, 'loop'));
    symlinkSync(path.join(collection, 'missing.md'), path.join(collection, 'broken.md'));

    const report = await ingester.ingest([collection], { maxFileBytes });
    const reasons = Object.fromEntries(report.skipped.map((entry) => [entry.path, entry.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      'broken.md',
      'loop',
      'outside-folder',
      'secret.md',
      'zz-deposits-again.md',
    ]);
    expect(reasons['secret.md']).toMatch(/symbolic link to .*outside the collection folder/);
    expect(reasons['outside-folder']).toMatch(/symbolic link to .*outside the collection folder/);
    expect(reasons['broken.md']).toMatch(/broken symbolic link/);
    expect(reasons['zz-deposits-again.md']).toMatch(/same file as deposits\.md/);
    expect(reasons.loop).toMatch(/already read/);
    const documents = store.database
      .prepare('SELECT path FROM documents WHERE collection_id = ? ORDER BY path')
      .all('linked')
      .map((row) => (row as { path: string }).path);
    expect(documents).toEqual(['deposits.md', 'eviction.md']);
    expect(
      store.database.prepare("SELECT count(*) AS n FROM passages WHERE text LIKE '%private note%'").get(),
    ).toEqual({ n: 0 });
  });
});
