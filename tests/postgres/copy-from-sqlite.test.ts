/**
 * The publisher's COPY path (src/postgres/copy-from-sqlite.ts) against a real cluster: rows read
 * from the SQLite cache arrive in PostgreSQL exactly as they were, whatever characters COPY's
 * text format treats specially.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { createPool } from '../../src/postgres/connection.js';
import { copyFromSqlite } from '../../src/postgres/copy-from-sqlite.js';
import { collectionColumns, documentColumns, passageColumns } from '../../src/postgres/corpus-tables.js';
import { migrate } from '../../src/postgres/migrations.js';
import { openDatabase } from '../../src/store/database.js';
import { usePostgres } from '../support/postgres.js';

const logger = silentLogger();

/** Texts that COPY's text format would corrupt if they were not escaped. */
const awkward = [
  'a backslash \\ in the middle, and one at the end \\',
  'a literal \\N, which must stay text and not become NULL',
  'tab\tseparated\tand\nnew\nlines\r\nwith a carriage return',
  '\\.',
  '§ 2252(c) — “quoted”, 漢字, emoji 👍 and a combining é',
  '',
];

describe('COPY from the SQLite cache', () => {
  const postgres = usePostgres();

  it('copies rows byte for byte, NULLs and escapes included, and only the rows selected', async () => {
    const url = await postgres().createDatabase('copy');
    const pool = createPool({ url, size: 2, logger, applicationName: 'test' });
    const database = openDatabase(mkdtempSync(path.join(tmpdir(), 'amicus-copy-')), { create: true });
    try {
      await migrate(pool, logger);
      const collection = Object.fromEntries(collectionColumns.map((column) => [column, `c-${column}`]));
      Object.assign(collection, { id: 'tricky', vetted: 1, document_count: 1, passage_count: 1 });
      database
        .prepare(
          `INSERT INTO collections (${collectionColumns.join(', ')}) VALUES (${collectionColumns.map((column) => `@${column}`).join(', ')})`,
        )
        .run(collection);
      await pool.query(
        `INSERT INTO collections (${collectionColumns.join(', ')}) VALUES (${collectionColumns.map((_, index) => `$${index + 1}`).join(', ')})`,
        collectionColumns.map((column) => collection[column]),
      );
      const insert = database.prepare(
        `INSERT INTO passages (${passageColumns.join(', ')}) VALUES (${passageColumns.map((column) => `@${column}`).join(', ')})`,
      );
      for (const [index, text] of awkward.entries()) {
        const row = Object.fromEntries(passageColumns.map((column) => [column, `${column} ${text}`]));
        insert.run({
          ...row,
          rowid: index + 1,
          id: `passage-${index}`,
          collection_id: 'tricky',
          ordinal: index,
          text,
          heading: awkward[(index + 1) % awkward.length],
          url: index % 2 === 0 ? null : `https://example.org/${index}?q=\\N`,
        });
      }
      const selected = [1, 2, 3, 4, 6];
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const copied = await copyFromSqlite(client, database, {
          table: 'passages',
          columns: passageColumns,
          where: 'rowid IN (SELECT value FROM json_each(?))',
          parameters: [JSON.stringify(selected)],
        });
        await client.query('COMMIT');
        expect(copied).toBe(selected.length);
      } finally {
        client.release();
      }
      const local = database
        .prepare(
          `SELECT ${passageColumns.join(', ')} FROM passages WHERE rowid IN (${selected.join(', ')}) ORDER BY rowid`,
        )
        .all();
      const remote = (
        await pool.query(`SELECT ${passageColumns.join(', ')} FROM passages ORDER BY rowid`)
      ).rows.map(
        (row: Record<string, unknown>): Record<string, unknown> => ({ ...row, rowid: Number(row.rowid) }),
      );
      expect(remote).toEqual(local);
      expect(remote.filter((row) => row.url === null)).toHaveLength(2);
    } finally {
      database.close();
      await pool.end();
    }
  });

  it('fails, leaving nothing behind, when PostgreSQL refuses a row', async () => {
    const url = await postgres().createDatabase('copy_refused');
    const pool = createPool({ url, size: 2, logger, applicationName: 'test' });
    const database = openDatabase(mkdtempSync(path.join(tmpdir(), 'amicus-copy-')), { create: true });
    try {
      await migrate(pool, logger);
      // A document of a collection PostgreSQL does not have: the foreign key refuses it.
      database
        .prepare(
          `INSERT INTO collections (${collectionColumns.join(', ')}) VALUES (${collectionColumns.map(() => "'x'").join(', ')})`,
        )
        .run();
      database.prepare("INSERT INTO documents VALUES ('x', 'a.md', 'hash', 'markdown', 'A', '{}', 1)").run();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await expect(
          copyFromSqlite(client, database, {
            table: 'documents',
            columns: [...documentColumns],
            where: 'collection_id = ?',
            parameters: ['x'],
          }),
        ).rejects.toThrow(/foreign key/);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      expect((await pool.query('SELECT count(*)::int AS count FROM documents')).rows[0].count).toBe(0);
    } finally {
      database.close();
      await pool.end();
    }
  });
});
