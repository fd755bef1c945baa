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
