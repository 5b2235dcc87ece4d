import type { CustomerKey } from '@lifeline/customer-keys/port';

interface Entry {
  readonly key: CustomerKey;
  readonly until: number;
}

/**
 * Recently used customer keys in memory, so appends and reads of the log do not ask the key
 * store per event. Bounded (least recently used go first). A key or "no key" is trusted for
 * `ttlMs`: an erasure made by another process reaches this one within that time (erasures in
 * this process evict at once); an erasure is final, so it is kept until evicted.
 */
export class CustomerKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 50_000,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(customerId: string): CustomerKey | undefined {
    const entry = this.entries.get(customerId);
    if (entry === undefined) return undefined;
    if (entry.until < this.now()) {
      this.entries.delete(customerId);
      return undefined;
    }
    // Moved to the end: the Map's order is least recently used first.
    this.entries.delete(customerId);
    this.entries.set(customerId, entry);
    return entry.key;
  }

  set(customerId: string, key: CustomerKey): void {
    this.entries.delete(customerId);
    this.entries.set(customerId, { key, until: key.state === 'erased' ? Number.POSITIVE_INFINITY : this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(customerId: string): void {
    this.entries.delete(customerId);
  }

  get size(): number {
    return this.entries.size;
  }
}
