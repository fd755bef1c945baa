import type { SeenIds } from '../core/expiring-set.js';
import type { PostgresPool } from './connection.js';

/** One sighting in this many also deletes the expired ids of every namespace. */
const sweepEvery = 200;

/**
 * Ids seen before, in PostgreSQL, shared by every replica: Slack's retry of an event (or a
 * Discord interaction) that reaches a second replica is recognised there. One statement per
 * sighting: the insert wins for exactly one of two replicas racing on the same id.
 */
export class PostgresSeenIds implements SeenIds {
  private sightings = 0;

  constructor(
    private readonly pool: PostgresPool,
    private readonly namespace: string,
    private readonly lifetimeMs: number,
  ) {}

  async firstSighting(id: string): Promise<boolean> {
    this.sightings += 1;
    if (this.sightings % sweepEvery === 0) {
      await this.pool.query('DELETE FROM seen_ids WHERE expires_at < now()');
    }
    const result = await this.pool.query(
      `INSERT INTO seen_ids (namespace, id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (namespace, id) DO UPDATE SET expires_at = excluded.expires_at
         WHERE seen_ids.expires_at <= now()
       RETURNING 1`,
      [this.namespace, id, this.lifetimeMs / 1000],
    );
    return result.rowCount === 1;
  }
}
