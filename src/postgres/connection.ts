import pg from 'pg';
import { AmicusError, describeError, ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

export type PostgresPool = pg.Pool;
export type PostgresClient = pg.PoolClient;

export interface PoolOptions {
  readonly url: string;
  readonly size: number;
  readonly logger: Logger;
  /** Shown in `pg_stat_activity`, so an operator can tell the worker from the replicas. */
  readonly applicationName: string;
}

/**
 * Where a URL points, without its user's password: the only form of it that may be logged
 * or shown in an error.
 */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'the configured database';
  }
}

/**
 * A connection pool. pg's `error` events on idle clients (the server restarted, a connection
 * was cut) are logged instead of crashing the process; the pool opens a new connection on the
 * next query.
 */
export function createPool(options: PoolOptions): PostgresPool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.size,
    application_name: options.applicationName,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => {
    options.logger.warn(
      { event: 'postgres.idle_client_error', error: describeError(error) },
      'a pooled PostgreSQL connection failed',
    );
  });
  return pool;
}

/** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
export async function inTransaction<Result>(
  pool: PostgresPool,
  work: (client: PostgresClient) => Promise<Result>,
  begin = 'BEGIN',
): Promise<Result> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

/** A PostgreSQL failure as an Amicus error that names the database (never its password). */
export function storeFailure(url: string, what: string, error: unknown): AmicusError {
  if (error instanceof AmicusError) return error;
  return new AmicusError(
    ErrorCode.StoreFailure,
    `${what} on PostgreSQL at ${describeDatabase(url)} failed: ${describeError(error)}`,
    { cause: error, location: 'store.url' },
  );
}
