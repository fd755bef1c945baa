export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * A per-user (per-key) question allowance, as the adapters use it. Asynchronous so that the
 * buckets can be shared by several processes (`postgres/rate-buckets.ts`), so that a user
 * cannot multiply the allowance by reaching another replica.
 */
export interface RateLimiter {
  /** Takes one question from the key's allowance, or says how long until there is one (at least 1 s). */
  take(key: string): Promise<RateDecision>;
}

/** Makes the limiter named `namespace` (one per surface) with the given allowance. */
export type RateLimiterFactory = (
  namespace: string,
  allowance: { readonly capacity: number; readonly refillPerMinute: number },
) => RateLimiter;

/**
 * A token bucket per key (per user): `capacity` questions at once, refilled at `refillPerMinute`.
 * Chat adapters use it so one user cannot crowd out the rest; the clock is injectable so tests
 * need not wait.
 */
export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async take(key: string): Promise<RateDecision> {
    if (this.tryTake(key)) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, this.secondsUntilNext(key)) };
  }

  /** Takes a token for the key; false when the bucket is empty. */
  tryTake(key: string): boolean {
    const bucket = this.refill(key);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until the key has a token again (0 when it has one now). */
  secondsUntilNext(key: string): number {
    const bucket = this.refill(key);
    if (bucket.tokens >= 1) return 0;
    return Math.ceil(((1 - bucket.tokens) / this.refillPerMinute) * 60);
  }

  private refill(key: string): { tokens: number; updatedAt: number } {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.capacity, updatedAt: now };
      this.buckets.set(key, bucket);
      // Forget idle users now and then, so the map does not grow without bound.
      if (this.buckets.size > 10_000) this.forgetFull(now);
    }
    const elapsedMinutes = (now - bucket.updatedAt) / 60_000;
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsedMinutes * this.refillPerMinute);
    bucket.updatedAt = now;
    return bucket;
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.updatedAt) / 60_000) * this.refillPerMinute;
      if (tokens >= this.capacity) this.buckets.delete(key);
    }
  }
}

export class QueueFullError extends Error {
  constructor(readonly limit: number) {
    super(`More than ${limit} questions are waiting; try again in a minute.`);
  }
}

/**
 * Runs at most `concurrency` tasks at once and queues the rest (up to `maxQueued`), so a burst
 * of questions does not starve the process; beyond the queue, callers are told to retry.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number = 100,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<Result>(task: () => Promise<Result>): Promise<Result> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueued) throw new QueueFullError(this.maxQueued);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
