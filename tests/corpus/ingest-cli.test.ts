import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { cliEntry, runAmicus, startAmicus } from '../support/cli.js';
import {
  evictionGuideMarkdown,
  tenantGuideMarkdown,
  writeCollection,
} from '../support/fixture-collections.js';
import { sampleCollectionPaths } from '../support/shared-data.js';
import { temporaryDirectory } from '../support/temporary.js';

function countPassages(data: string): number {
  const database = openDatabase(data);
  try {
    return (database.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n;
  } finally {
    database.close();
  }
}

describe('amicus ingest (CLI)', () => {
  it('exits 0 and prints a summary with skipped files and their reasons', () => {
    const root = temporaryDirectory();
    const collection = writeCollection(
      root,
      { id: 'ca-tenants' },
      {
        'deposits.md': tenantGuideMarkdown,
        'blank.txt': '   \n',
      },
    );
    const result = runAmicus(['--data', path.join(root, 'data'), 'ingest', collection]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Ingested 1 collection\(s\): 1 documents, \d+ passages/);
    expect(result.stdout).toMatch(
      /ca-tenants\/blank\.txt: blank\.txt is empty|ca-tenants\/blank\.txt: .*empty/,
    );
  });

  it('exits 2 with a message naming the file and field for a bad manifest', () => {
    const root = temporaryDirectory();
    const collection = writeCollection(root, { id: 'bad' }, { 'a.md': tenantGuideMarkdown });
    writeFileSync(path.join(collection, 'collection.json'), JSON.stringify({ id: 'bad', title: 'Bad' }));
    const result = runAmicus(['--data', path.join(root, 'data'), 'ingest', collection]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${path.join(collection, 'collection.json')}: jurisdiction:`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a path that does not exist and for an unknown option', () => {
    const root = temporaryDirectory();
    const missing = runAmicus(['--data', path.join(root, 'data'), 'ingest', path.join(root, 'nowhere')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nowhere: cannot read \(ENOENT/);
    const unknown = runAmicus(['ingest', '--frobnicate', root]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--frobnicate'");
  });

  it('reports an unreadable folder and still lands the readable files', () => {
    const root = temporaryDirectory();
    chmodSync(root, 0o755);
    const collection = writeCollection(
      root,
      { id: 'ca-tenants' },
      {
        'deposits.md': tenantGuideMarkdown,
        'locked/eviction.md': evictionGuideMarkdown,
      },
    );
    const data = path.join(root, 'data');
    mkdirSync(data, { mode: 0o777 });
    chmodSync(data, 0o777);
    chmodSync(path.join(collection, 'locked'), 0o000);
    // Root reads every folder whatever its mode, so as root the CLI runs as `nobody`.
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? 'setpriv' : process.execPath;
    const args = asRoot
      ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliEntry]
      : [cliEntry];
    const result = spawnSync(command, [...args, '--data', data, 'ingest', collection], {
      encoding: 'utf8',
      env: { ...process.env, AMICUS_LOG_LEVEL: 'silent' },
    });
    chmodSync(path.join(collection, 'locked'), 0o755);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/ca-tenants\/locked: cannot read folder \(EACCES/);
    expect(result.stdout).toMatch(/1 documents/);
    expect(countPassages(data)).toBeGreaterThan(0);
  });

  it('leaves the previous index whole and serving when an ingest is killed half-way', async () => {
    const root = temporaryDirectory();
    const data = path.join(root, 'data');
    const guide = writeCollection(root, { id: 'ca-tenants' }, { 'deposits.md': tenantGuideMarkdown });
    expect(runAmicus(['--data', data, 'ingest', guide]).status).toBe(0);
    const before = countPassages(data);
    const labelBefore = runAmicus([
      '--data',
      data,
      'passage',
      'Security deposits in California — Security deposits',
    ]);
    expect(labelBefore.status).toBe(0);

    // Ingest the nine shared collections and kill the process once its write transaction has
    // put a few megabytes in the write-ahead log: it is then half-way through writing.
    const child = startAmicus(['--data', data, 'ingest', guide, ...sampleCollectionPaths()]);
    const walFile = path.join(data, 'amicus.db-wal');
    const killedMidWrite = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(walFile) && statSync(walFile).size > 4 * 1024 * 1024) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(true);
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        resolve(false);
      });
    });
    expect(killedMidWrite).toBe(true);
    await new Promise((resolve) => child.on('close', resolve));

    expect(countPassages(data)).toBe(before);
    const labelAfter = runAmicus([
      '--data',
      data,
      'passage',
      'Security deposits in California — Security deposits',
    ]);
    expect(labelAfter.status).toBe(0);
    expect(labelAfter.stdout).toBe(labelBefore.stdout);
    const sources = runAmicus(['--data', data, 'sources']);
    expect(sources.stdout).toContain('ca-tenants');
    expect(sources.stdout).not.toContain('usc-title-18');
  });
});
