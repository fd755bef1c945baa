import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { SqliteDatabase } from '../store/database.js';
import type { PostgresClient } from './connection.js';

export interface SqliteRowsToCopy {
  /** The PostgreSQL table, and the SQLite table the rows are read from (same columns). */
  readonly table: string;
  readonly columns: readonly string[];
  /** A condition on the SQLite rows, e.g. `rowid IN (SELECT value FROM json_each(?))`. */
  readonly where: string;
  readonly parameters: readonly unknown[];
}

/** Bytes gathered before one write to the COPY stream. */
const writeBytes = 1024 * 1024;

/**
 * One COPY text-format field, escaped by SQLite itself: a backslash, newline, carriage return
 * and tab become `\\`, `\n`, `\r` and `\t`, and NULL becomes `\N` (a literal backslash-N is
 * escaped first, so it stays text). Done in SQL and cast to a BLOB so that the line reaches
 * PostgreSQL as SQLite's UTF-8 bytes, never turned into a JavaScript string and back: that
 * round trip was most of the publisher's CPU time for the whole U.S. Code (docs/benchmarks.md).
 */
function copyField(column: string): string {
  // SQL literals: the character, then what COPY reads back as that character.
  const escapes = [
    ["'\\'", "'\\\\'"],
    ['char(10)', "'\\n'"],
    ['char(13)', "'\\r'"],
    ['char(9)', "'\\t'"],
  ];
  const escaped = escapes.reduce(
    (expression, [character, replacement]) => `replace(${expression}, ${character}, ${replacement})`,
    `CAST(${column} AS TEXT)`,
  );
  return `coalesce(${escaped}, '\\N')`;
}

/** The SQL that reads the selected rows as COPY text lines, one BLOB per row. */
export function copyLinesQuery(rows: SqliteRowsToCopy): string {
  const line = rows.columns.map(copyField).join(' || char(9) || ');
  return `SELECT CAST(${line} || char(10) AS BLOB) FROM ${rows.table} WHERE ${rows.where} ORDER BY rowid`;
}

/**
 * Copies rows from the SQLite cache into the same table on PostgreSQL with `COPY … FROM
 * STDIN` on `client` (inside its open transaction), much cheaper for the server than
 * parameterised INSERTs. Returns the number of rows copied.
 */
export async function copyFromSqlite(
  client: PostgresClient,
  database: SqliteDatabase,
  rows: SqliteRowsToCopy,
): Promise<number> {
  const stream = client.query(
    copyFrom(`COPY ${rows.table} (${rows.columns.join(', ')}) FROM STDIN WITH (FORMAT text)`),
  );
  const done = finished(stream);
  // A failed COPY errors the stream at once; remembered here so the loop below stops writing.
  let failure: unknown;
  done.catch((error: unknown) => {
    failure = error;
  });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let copied = 0;
  const flush = async () => {
    if (pending.length === 0 || failure !== undefined) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
  };
  const lines = database
    .prepare(copyLinesQuery(rows))
    .pluck()
    .iterate(...rows.parameters) as IterableIterator<Buffer>;
  try {
    for (const line of lines) {
      pending.push(line);
      pendingBytes += line.length;
      copied += 1;
      if (pendingBytes >= writeBytes) await flush();
      if (failure !== undefined) break;
    }
  } finally {
    // Leaving the loop early (a failed COPY) must release SQLite's statement.
    lines.return?.();
  }
  await flush();
  stream.end();
  await done;
  return copied;
}
