import type { CustomerState } from '@lifeline/customers/domain';

/**
 * What the command service knows about one stream after its last command: the decider state
 * folded up to `revision`, and each event's id and global position (for recognising a
 * retried command by its derived event ids). Owned by the cache: it grows in place.
 */
export interface CachedStream {
  revision: number;
  state: CustomerState;
  readonly eventIds: string[];
  /** Global position per revision; undefined where the store did not tell (earlier events of a multi-event append). */
  readonly positions: Array<number | undefined>;
}

/**
 * Decider states of recently used streams, least recently used evicted first, bounded by the
 * events they cover (a stream's weight is its length) so memory stays bounded whatever the
 * mix of long and short histories. In-process only: it dies with the code that folded it,
 * so a change of the state's shape never meets an old entry; entries are always checked
 * against the stream's revision before use.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream>();
  private events = 0;

  constructor(readonly maxEvents: number) {}

  get(streamId: string): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return undefined;
    // Re-insert: Map order is the recency order.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry;
  }

  set(streamId: string, entry: CachedStream): void {
    this.delete(streamId);
    if (entry.eventIds.length > this.maxEvents) return;
    this.entries.set(streamId, entry);
    this.events += entry.eventIds.length;
    this.evict();
  }

  /** The entry grew by `count` events (appended in place by its owner). */
  grew(streamId: string, count: number): void {
    if (!this.entries.has(streamId)) return;
    this.events += count;
    if (this.entries.get(streamId)!.eventIds.length > this.maxEvents) this.delete(streamId);
    this.evict();
  }

  delete(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return;
    this.entries.delete(streamId);
    this.events -= entry.eventIds.length;
  }

  get size(): { streams: number; events: number } {
    return { streams: this.entries.size, events: this.events };
  }

  private evict(): void {
    for (const [streamId] of this.entries) {
      if (this.events <= this.maxEvents) return;
      this.delete(streamId);
    }
  }
}
