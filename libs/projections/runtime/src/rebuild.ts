import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';
import type { ReadModelStore } from '@lifeline/read-store/port';
import { applyBatch } from './apply-batch';
import type { DocumentProjection } from './projection';
import { toProjectedEvent } from './projected-event';

export interface RebuildProgress {
  readonly projection: string;
  readonly version: number;
  /** Log position reached (for the SQLite store: events read, counting an earlier interrupted run). */
  readonly processed: number;
  /** Head of the log when the rebuild started, in the same unit. */
  readonly total: number;
  /** Events applied per second in this run. */
  readonly eventsPerSecond: number;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadModelStore;
  /** Events per batch (one store transaction each); default 1000. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Stops between batches; the rebuild keeps its checkpoint and resumes on the next run. */
  readonly signal?: AbortSignal;
  readonly streamPrefix?: string;
}

export interface RebuildResult {
  readonly outcome: 'swapped' | 'aborted';
  readonly version: number;
  readonly checkpoint: number;
  /** Events applied in this run. */
  readonly eventsApplied: number;
}

/**
 * Blue/green rebuild: folds the whole log into a new version of the collection while the
 * live one keeps serving, then swaps it in. The new version has its own checkpoint, so an
 * abort or a crash resumes where it stopped. The live projector carries on from the rebuilt
 * version's checkpoint after the swap (its next commit to the old version is refused).
 */
export async function rebuild<Doc extends object>(projection: DocumentProjection<Doc>, options: RebuildOptions): Promise<RebuildResult> {
  const { eventStore, readStore, onProgress, signal } = options;
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive whole number');
  const streamPrefix = options.streamPrefix ?? CUSTOMER_STREAM_PREFIX;

  await readStore.ensureCollection(projection.name, projection.indexes);
  const version = await readStore.beginRebuild(projection.name, projection.indexes);
  let checkpoint = (await readStore.getCheckpoint(projection.name, { version })).position;
  const total = await eventStore.headPosition();
  const startedAt = Date.now();
  let eventsApplied = 0;
  const report = () =>
    onProgress?.({
      projection: projection.name,
      version,
      processed: checkpoint,
      total,
      eventsPerSecond: eventsApplied / Math.max((Date.now() - startedAt) / 1000, 0.001),
    });

  while (checkpoint < total) {
    if (signal?.aborted) return { outcome: 'aborted', version, checkpoint, eventsApplied };
    const page = await eventStore.readAll({ after: checkpoint, maxCount: batchSize, streamPrefix });
    if (page.length === 0) break; // the rest of the log belongs to other streams
    checkpoint = await applyBatch(readStore, projection, page.map(toProjectedEvent), { version, checkpoint });
    eventsApplied += page.length;
    report();
  }
  if (signal?.aborted) return { outcome: 'aborted', version, checkpoint, eventsApplied };
  await readStore.swapIn(projection.name, version);
  report();
  return { outcome: 'swapped', version, checkpoint, eventsApplied };
}
