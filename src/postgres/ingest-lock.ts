import { AmicusError, ErrorCode } from '../core/errors.js';
import type { PostgresPool } from './connection.js';

/** The advisory lock one ingest worker holds from its first read to its publication. */
export const ingestLockKey = 0x616d_6963_0002n;

export interface IngestLockOptions {
  /** How long to keep trying while another worker holds it. */
  readonly waitMs: number;
  readonly onWaiting?: (() => void) | undefined;
  readonly pollMs?: number;
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes the ingest lock on a connection of its own, held until `release`. Session-scoped: a
 * worker that is killed loses its connection, and PostgreSQL releases the lock with it. Tried
 * without blocking and retried, like the embedded store's lock, so a second worker says it is
 * waiting and gives up with a plain message after `waitMs`.
 */
export async function acquireIngestLock(pool: PostgresPool, options: IngestLockOptions): Promise<HeldLock> {
  const client = await pool.connect();
  const deadline = performance.now() + options.waitMs;
  try {
    for (let attempt = 0; ; attempt += 1) {
      const taken = (
        await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [
          ingestLockKey.toString(),
        ])
      ).rows[0]!.taken;
      if (taken) break;
      if (performance.now() >= deadline) {
        const waited = Math.round(options.waitMs / 1000);
        throw new AmicusError(
          ErrorCode.StoreFailure,
          `Another ingest worker is publishing to PostgreSQL${waited > 0 ? ` (waited ${waited} s, ingest.lockWaitSeconds)` : ''}; try again when it has finished.`,
          { location: 'store.url' },
        );
      }
      if (attempt === 0) options.onWaiting?.();
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
  } catch (error) {
    client.release();
    throw error;
  }
  return {
    release: async () => {
      try {
        await client.query('SELECT pg_advisory_unlock($1)', [ingestLockKey.toString()]);
        client.release();
      } catch (error) {
        // A connection that failed is dropped, and its lock with it.
        client.release(error instanceof Error ? error : true);
      }
    },
  };
}
