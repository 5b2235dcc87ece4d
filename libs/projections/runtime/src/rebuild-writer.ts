import type { ReadModelStore, StoredDocument } from '@lifeline/read-store/port';
import { ProjectionFailedError } from './apply-batch';
import type { DocumentProjection, ProjectedEvent } from './projection';
import type { RebuildCommits } from './rebuild-commits';

/**
 * One projection's side of a rebuild pass: a write-back cache over the new collection version.
 * Documents stay in memory while the log is folded and are written when the cache is flushed,
 * together with the checkpoint, in one store transaction (possibly on the store's writer
 * thread, while the next pages are folded). Nobody else writes a rebuild's version, so a
 * document not in the cache is either absent or was flushed and evicted.
 */
export class RebuildWriter<Doc extends object> {
  /** Cached documents; undefined: known to be absent. */
  private readonly docs = new Map<string, Doc | undefined>();
  private readonly dirty = new Set<string>();
  /** Cached keys the store holds a document for (so a document folded away is deleted there). */
  private readonly stored = new Set<string>();
  /** False while every document of this version is in the cache: misses need no lookup. */
  private storeMayHoldMore: boolean;
  /** Position of the last batch handed to the store (committed once the pass's commits are drained). */
  private flushed: number;
  /** The last batch handed over: a read of this version waits for it (batches commit in order). */
  private lastCommit: Promise<void> | undefined;
  /** Position the cached documents reflect. */
  private applied: number;
  private eventsSinceFlush = 0;
  /** Events folded in by this run. */
  eventsApplied = 0;

  constructor(
    private readonly store: ReadModelStore,
    private readonly commits: RebuildCommits,
    readonly projection: DocumentProjection<Doc>,
    readonly version: number,
    checkpoint: number,
  ) {
    this.flushed = checkpoint;
    this.applied = checkpoint;
    this.storeMayHoldMore = checkpoint > 0;
  }

  get checkpoint(): number {
    return this.flushed;
  }

  get cachedDocuments(): number {
    return this.docs.size;
  }

  get unflushedEvents(): number {
    return this.eventsSinceFlush;
  }

  /** Folds a page of the log (in position order) into the cache; events at or below its position are skipped. */
  async apply(events: readonly ProjectedEvent[]): Promise<void> {
    const last = events.at(-1);
    if (!last || last.position <= this.applied) return;
    const fresh = events[0].position > this.applied ? events : events.filter((event) => event.position > this.applied);

    const keysOfEvent: (readonly string[])[] = new Array(fresh.length);
    fresh.forEach((event, i) => {
      try {
        const keys = this.projection.keysOf(event);
        for (const key of keys) if (typeof key !== 'string' || key === '') throw new Error(`keysOf returned ${JSON.stringify(key)}, not a non-empty string`);
        keysOfEvent[i] = keys;
      } catch (error) {
        throw new ProjectionFailedError(this.projection.name, event, error);
      }
    });
    if (this.projection.documentPerEvent) {
      if (fresh.some((event) => this.projection.rewritesEarlierDocuments?.(event))) {
        // Rare (an erasure): the documents earlier events made are read back, cached or stored.
        await this.loadMissing(keysOfEvent.filter((_, i) => this.projection.rewritesEarlierDocuments!(fresh[i])));
        this.foldCached(fresh, keysOfEvent);
        return;
      }
      this.writeOnly(fresh, keysOfEvent);
      return;
    }
    if (this.storeMayHoldMore) await this.loadMissing(keysOfEvent);
    this.foldCached(fresh, keysOfEvent);
  }

  private foldCached(fresh: readonly ProjectedEvent[], keysOfEvent: readonly (readonly string[])[]): void {
    // The cache owns its documents (loaded fresh from the store or folded here, and written by
    // value before the next fold), so a projection may change them in place.
    const evolve = this.projection.evolveOwned ?? this.projection.evolve;
    fresh.forEach((event, i) => {
      for (const key of keysOfEvent[i]) {
        try {
          const after = evolve.call(this.projection, this.docs.get(key), event, key);
          // Deleted and set again, so the Map's order is least recently used first.
          this.docs.delete(key);
          this.docs.set(key, after);
        } catch (error) {
          throw new ProjectionFailedError(this.projection.name, event, error);
        }
        this.dirty.add(key);
      }
    });
    this.advance(fresh);
  }

  /**
   * A document per event: folded from nothing and kept only until the next flush, so the
   * cache holds just what is still to be written and nothing is ever looked up in the store.
   */
  private writeOnly(fresh: readonly ProjectedEvent[], keysOfEvent: readonly (readonly string[])[]): void {
    fresh.forEach((event, i) => {
      for (const key of keysOfEvent[i]) {
        try {
          this.docs.set(key, this.projection.evolve(undefined, event, key));
        } catch (error) {
          throw new ProjectionFailedError(this.projection.name, event, error);
        }
        this.dirty.add(key);
      }
    });
    this.advance(fresh);
  }

  private advance(fresh: readonly ProjectedEvent[]): void {
    this.applied = fresh[fresh.length - 1].position;
    this.eventsApplied += fresh.length;
    this.eventsSinceFlush += fresh.length;
  }

  /** Writes the changed documents and the position they reflect in one transaction. */
  async flush(): Promise<void> {
    if (this.applied === this.flushed && this.dirty.size === 0) return;
    const upserts: StoredDocument[] = [];
    const deletes: string[] = [];
    for (const key of this.dirty) {
      const doc = this.docs.get(key);
      if (doc !== undefined) {
        upserts.push({ ...doc, _id: key });
        this.stored.add(key);
      } else if (this.stored.delete(key)) {
        deletes.push(key);
      }
    }
    const { committed } = await this.commits.commit(this.projection.name, {
      version: this.version,
      expectedCheckpoint: this.flushed,
      checkpoint: this.applied,
      upserts,
      deletes,
    });
    this.lastCommit = committed;
    this.flushed = this.applied;
    this.dirty.clear();
    this.eventsSinceFlush = 0;
    if (this.projection.documentPerEvent) {
      // Written, and no later event reads them: drop them rather than wait for an eviction.
      this.docs.clear();
      this.stored.clear();
    }
  }

  /**
   * Flushes, then drops the least recently used half of the cache: documents still being folded
   * (active customers) stay, and later misses are read back from the store.
   */
  async evictHalf(): Promise<void> {
    await this.flush();
    let drop = Math.ceil(this.docs.size / 2);
    for (const key of this.docs.keys()) {
      if (drop-- <= 0) break;
      this.docs.delete(key);
      this.stored.delete(key);
    }
    this.storeMayHoldMore = true;
  }

  private async loadMissing(keysOfEvent: readonly (readonly string[])[]): Promise<void> {
    const missing = new Set<string>();
    for (const keys of keysOfEvent) for (const key of keys) if (!this.docs.has(key)) missing.add(key);
    if (missing.size === 0) return;
    await this.lastCommit; // documents evicted after a flush are read back once they are written
    for (const found of await this.store.getMany(this.projection.name, [...missing], { version: this.version })) {
      const { _id, ...doc } = found;
      this.docs.set(_id, doc as Doc);
      this.stored.add(_id);
      missing.delete(_id);
    }
    for (const key of missing) this.docs.set(key, undefined);
  }
}
