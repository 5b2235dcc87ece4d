import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';
import type { ReadModelStore } from '@lifeline/read-store/port';
import type { DocumentProjection } from './projection';
import { toProjectedEvent } from './projected-event';
import { RebuildCommits } from './rebuild-commits';
import { RebuildWriter } from './rebuild-writer';

/** Events read from the log per round trip (measured at 100k events: pages of 1,000 and 20,000 were both slower). */
export const DEFAULT_REBUILD_PAGE_SIZE = 5000;
/**
 * Documents a rebuild pass keeps in memory, over all its projections, before the largest cache
 * is flushed and its least recently used half dropped. What the cache holds outlives the young
 * generation and is garbage once evicted, so its size sets how far the heap grows between full
 * collections: at a million events, 20,000 peaked at 355 MB RSS and 40,000 at 451 MB, equally fast.
 */
export const DEFAULT_REBUILD_CACHE_DOCUMENTS = 20_000;
/** Events after which a projection commits even when its cache is not full: bounds what a crash loses. */
export const DEFAULT_REBUILD_COMMIT_EVENTS = 100_000;
/**
 * Events left to fold from which the pass commits through the store's background writer (a
 * thread of its own), if it has one: below that, starting the thread costs more than it saves.
 */
export const DEFAULT_REBUILD_BACKGROUND_FROM_EVENTS = 20_000;
/** Batches handed to the background writer and not yet committed before the pass waits: bounds their memory. */
const MAX_COMMITS_IN_FLIGHT = 1;

export interface RebuildPassProgress {
  /** Log position the pass has folded up to (for the SQLite store: events read, counting an earlier interrupted run). */
  readonly processed: number;
  /** Head of the log when the rebuild started, in the same unit. */
  readonly total: number;
  /** Log events read per second in this run (each one folded into every projection rebuilt). */
  readonly eventsPerSecond: number;
  /** The collection version each projection is rebuilt into. */
  readonly versions: ReadonlyMap<string, number>;
}

export interface RebuildProgress extends Omit<RebuildPassProgress, 'versions'> {
  readonly projection: string;
  readonly version: number;
}

export interface RebuildAllOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadModelStore;
  /**
   * At most this many events per commit (one store transaction per projection, documents and
   * checkpoint together), which bounds the work a crash loses; default DEFAULT_REBUILD_COMMIT_EVENTS.
   * A projection also commits whenever its cache is full, and at the end.
   */
  readonly batchSize?: number;
  /** Events read per round trip; default DEFAULT_REBUILD_PAGE_SIZE (never more than batchSize). */
  readonly pageSize?: number;
  /** Documents cached over all projections before the largest cache is flushed and halved; default DEFAULT_REBUILD_CACHE_DOCUMENTS. */
  readonly maxCachedDocuments?: number;
  readonly onProgress?: (progress: RebuildPassProgress) => void;
  /**
   * Called before each new version is swapped in, after the pass: the swap builds the version's
   * indexes (seconds per million documents on SQLite), so an operator should know it is not stuck.
   */
  readonly onSwapping?: (projection: string, version: number) => void;
  /**
   * Events left to fold from which commits go through the store's background writer
   * (`ReadModelStore.openBackgroundWriter`), overlapping the writes with the folding; default
   * DEFAULT_REBUILD_BACKGROUND_FROM_EVENTS. 0: always, when the store has one.
   */
  readonly backgroundFromEvents?: number;
  /** Stops between pages: what was folded is committed, and the next run resumes from there. */
  readonly signal?: AbortSignal;
  readonly streamPrefix?: string;
}

export interface RebuildOptions extends Omit<RebuildAllOptions, 'onProgress'> {
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  readonly outcome: 'swapped' | 'aborted';
  readonly version: number;
  readonly checkpoint: number;
  /** Events applied in this run. */
  readonly eventsApplied: number;
}

export interface ProjectionRebuildResult extends RebuildResult {
  readonly projection: string;
}

export interface RebuildAllResult {
  readonly outcome: 'swapped' | 'aborted';
  /** In the order the projections were given. */
  readonly projections: readonly ProjectionRebuildResult[];
  /** Log events read in this run. */
  readonly eventsRead: number;
}

function positiveInteger(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError(`${name} must be a positive whole number`);
}

/**
 * Blue/green rebuild of several projections in one pass over the log: each event is read and
 * upcast once and folded into every projection's new collection version while the live ones
 * keep serving; then each new version is swapped in. Each version has its own checkpoint,
 * committed with its documents, so an abort or a crash resumes where it stopped: the pass
 * starts from the lowest checkpoint and each projection skips what it already holds. The live
 * projector carries on from the rebuilt version's checkpoint after the swap (its next commit
 * to the old version is refused).
 */
export async function rebuildAll(projections: readonly DocumentProjection<object>[], options: RebuildAllOptions): Promise<RebuildAllResult> {
  const { eventStore, readStore, batchSize, onProgress, signal } = options;
  positiveInteger(batchSize, 'batchSize');
  positiveInteger(options.pageSize, 'pageSize');
  positiveInteger(options.maxCachedDocuments, 'maxCachedDocuments');
  if (options.backgroundFromEvents !== undefined && !(Number.isInteger(options.backgroundFromEvents) && options.backgroundFromEvents >= 0)) {
    throw new RangeError('backgroundFromEvents must be a whole number >= 0');
  }
  const names = projections.map((projection) => projection.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new RangeError(`projection ${twice} is named twice`);
  const commitEvery = batchSize ?? DEFAULT_REBUILD_COMMIT_EVENTS;
  const pageSize = Math.min(options.pageSize ?? DEFAULT_REBUILD_PAGE_SIZE, commitEvery);
  const maxCached = options.maxCachedDocuments ?? DEFAULT_REBUILD_CACHE_DOCUMENTS;
  const streamPrefix = options.streamPrefix ?? CUSTOMER_STREAM_PREFIX;

  const positions: { projection: DocumentProjection<object>; version: number; position: number }[] = [];
  for (const projection of projections) {
    await readStore.ensureCollection(projection.name, projection.indexes);
    const version = await readStore.beginRebuild(projection.name, projection.indexes);
    const { position } = await readStore.getCheckpoint(projection.name, { version });
    positions.push({ projection, version, position });
  }
  const total = await eventStore.headPosition();
  let position = Math.min(...positions.map((p) => p.position));
  const backgroundFrom = options.backgroundFromEvents ?? DEFAULT_REBUILD_BACKGROUND_FROM_EVENTS;
  const background = total - position >= backgroundFrom ? readStore.openBackgroundWriter?.() : undefined;
  const commits = new RebuildCommits(readStore, background, background ? MAX_COMMITS_IN_FLIGHT : 0);
  const writers = positions.map((p) => new RebuildWriter(readStore, commits, p.projection, p.version, p.position));
  const startedAt = Date.now();
  let eventsRead = 0;
  const versions = new Map(writers.map((writer) => [writer.projection.name, writer.version]));
  const report = () => onProgress?.({ processed: position, total, eventsPerSecond: eventsRead / Math.max((Date.now() - startedAt) / 1000, 0.001), versions });
  const results = (outcome: RebuildAllResult['outcome']): RebuildAllResult => ({
    outcome,
    eventsRead,
    projections: writers.map((w) => ({ projection: w.projection.name, outcome, version: w.version, checkpoint: w.checkpoint, eventsApplied: w.eventsApplied })),
  });

  try {
    while (position < total && !signal?.aborted) {
      const page = await eventStore.readAll({ after: position, maxCount: pageSize, streamPrefix });
      if (page.length === 0) break; // the rest of the log belongs to other streams
      const events = page.map(toProjectedEvent);
      for (const writer of writers) {
        await writer.apply(events);
        if (writer.unflushedEvents >= commitEvery) await writer.flush();
      }
      // Write-once documents (a timeline entry per event) fill their cache fastest and go first;
      // documents folded again and again (profiles) keep their active set cached.
      while (writers.reduce((sum, writer) => sum + writer.cachedDocuments, 0) > maxCached) {
        const largest = writers.reduce((a, b) => (b.cachedDocuments > a.cachedDocuments ? b : a));
        await largest.evictHalf();
      }
      position = events[events.length - 1].position;
      eventsRead += page.length;
      report();
    }

    for (const writer of writers) await writer.flush();
    await commits.drain();
  } finally {
    await commits.close();
  }
  if (signal?.aborted) return results('aborted');
  for (const writer of writers) {
    options.onSwapping?.(writer.projection.name, writer.version);
    await readStore.swapIn(writer.projection.name, writer.version);
  }
  report();
  return results('swapped');
}

/** Blue/green rebuild of one projection: `rebuildAll` with just this one. */
export async function rebuild<Doc extends object>(projection: DocumentProjection<Doc>, options: RebuildOptions): Promise<RebuildResult> {
  const { onProgress } = options;
  const result = await rebuildAll([projection as DocumentProjection<object>], {
    ...options,
    onProgress:
      onProgress &&
      (({ versions, ...progress }) => onProgress({ ...progress, projection: projection.name, version: versions.get(projection.name)! })),
  });
  const [{ outcome, version, checkpoint, eventsApplied }] = result.projections;
  return { outcome, version, checkpoint, eventsApplied };
}
