import type { RateDecision, RateLimiter } from '../core/rate-limits.js';
import type { PostgresPool } from './connection.js';

/** One take in this many also forgets buckets idle for a day (they would be full again). */
const sweepEvery = 500;

/**
 * The token buckets of `TokenBucketLimiter`, in PostgreSQL: one bucket per user across all
 * replicas, so a user cannot multiply the allowance by reaching several. Refill and take are
 * one atomic statement, with the database's clock.
 */
export class PostgresRateLimiter implements RateLimiter {
  private takes = 0;

  constructor(
    private readonly pool: PostgresPool,
    private readonly namespace: string,
    private readonly capacity: number,
    private readonly refillPerMinute: number,
  ) {}

  async take(key: string): Promise<RateDecision> {
    this.takes += 1;
    if (this.takes % sweepEvery === 0) {
      await this.pool.query("DELETE FROM rate_buckets WHERE updated_at < now() - interval '1 day'");
    }
    // Every SET expression reads the row as it was, so `refilled` is the same in all three.
    // now() is when this statement's transaction began, which can be before a racing replica's
    // update was stamped: the elapsed time is never taken as negative.
    const refilled =
      'least($3::float8, bucket.tokens + greatest(0, extract(epoch FROM now() - bucket.updated_at)) / 60 * $4::float8)';
    const result = await this.pool.query<{ tokens: number; allowed: boolean }>(
      `INSERT INTO rate_buckets AS bucket (namespace, key, tokens, allowed, updated_at)
       VALUES ($1, $2, $3::float8 - 1, true, now())
       ON CONFLICT (namespace, key) DO UPDATE SET
         tokens = ${refilled} - CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
         allowed = ${refilled} >= 1,
         updated_at = greatest(bucket.updated_at, now())
       RETURNING tokens, allowed`,
      [this.namespace, key, this.capacity, this.refillPerMinute],
    );
    const row = result.rows[0]!;
    if (row.allowed) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(((1 - row.tokens) / this.refillPerMinute) * 60)),
    };
  }
}
