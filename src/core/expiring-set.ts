/**
 * Keys remembered for a while: used to drop Slack's retries of an event already handled and to
 * reject a signed request replayed within the signature's lifetime. Bounded, so a flood of
 * distinct keys cannot grow it without limit (the oldest are forgotten first).
 */
export class ExpiringSet {
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number = () => Date.now(),
    private readonly maxEntries = 10_000,
  ) {}

  /** Adds the key; false when it was already there (and not expired). */
  add(key: string): boolean {
    const now = this.now();
    this.expire(now);
    const expiresAt = this.entries.get(key);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.entries.set(key, now + this.lifetimeMs);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  private expire(now: number): void {
    // Entries are in insertion order and share one lifetime, so expired ones are at the front.
    for (const [key, expiresAt] of this.entries) {
      if (expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}

/**
 * Ids seen before, remembered for a while: Slack event ids, Discord interaction ids, signed
 * requests. Asynchronous so that several processes behind one load balancer can share one
 * memory (`postgres/seen-ids.ts`): a retry that reaches another process is still recognised.
 */
export interface SeenIds {
  /** Records the id; false when it was seen before and has not expired. */
  firstSighting(id: string): Promise<boolean>;
}

/** Makes the memory named `namespace` (one per use: Slack events, Discord interactions, …). */
export type SeenIdsFactory = (namespace: string, lifetimeMs: number) => SeenIds;

/** The in-process memory: one `ExpiringSet`. */
export class LocalSeenIds implements SeenIds {
  private readonly set: ExpiringSet;

  constructor(lifetimeMs: number, now: () => number = () => Date.now()) {
    this.set = new ExpiringSet(lifetimeMs, now);
  }

  async firstSighting(id: string): Promise<boolean> {
    return this.set.add(id);
  }
}
