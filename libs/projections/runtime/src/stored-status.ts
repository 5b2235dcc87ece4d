import type { EventStore } from '@lifeline/event-store/port';
import type { Checkpoint, ReadModelStore } from '@lifeline/read-store/port';
import { lagCounter, type Lag } from './lag';
import type { DocumentProjection } from './projection';
import { PROJECTION_FAILURES, readProjectionFailures } from './projection-failures';

export type StoredState = 'up_to_date' | 'behind' | 'rebuilding' | 'not_started' | 'failed';

export interface StoredProjectionStatus {
  readonly name: string;
  /** The projection's code version (bump means: rebuild). */
  readonly codeVersion: number;
  readonly state: StoredState;
  /** The live collection version serving reads (0: never created). */
  readonly liveVersion: number;
  readonly checkpoint: number;
  readonly headPosition: number;
  readonly lag: Lag;
  readonly documents: number;
  /** Set while the projection is stopped on an error (see projection-failures). */
  readonly failure?: { readonly checkpoint: number; readonly reason: string; readonly failedAt: string };
  readonly rebuild?: {
    readonly version: number;
    readonly checkpoint: number;
    readonly documents: number;
    /** Share of the log the rebuild has folded, 0..100. */
    readonly percent: number;
  };
}

/** A checkpoint in the read store that belongs to no catalogued projection (the publisher's, for one). */
export interface OtherCheckpointStatus {
  readonly name: string;
  readonly checkpoint: number;
  readonly headPosition: number;
  readonly lag: Lag;
  readonly updatedAt: string;
}

export interface StoredStatus {
  readonly headPosition: number;
  readonly projections: readonly StoredProjectionStatus[];
  readonly others: readonly OtherCheckpointStatus[];
}

/**
 * The projections' state as stored: checkpoints, lag, rebuilds in progress. Reads only the
 * stores, so it answers from any process, whether or not a projector runs in it.
 */
export async function readStoredStatus(
  eventStore: EventStore,
  readStore: ReadModelStore,
  projections: readonly DocumentProjection<object>[],
  options: { streamPrefix?: string; now?: number } = {},
): Promise<StoredStatus> {
  const headPosition = await eventStore.headPosition();
  const { collections } = await readStore.status();
  const checkpoints = await readStore.listCheckpoints();
  const failures = await readProjectionFailures(readStore);
  const names = new Set([...projections.map((p) => p.name), PROJECTION_FAILURES]);
  const lagAt = lagCounter(eventStore, headPosition, options);

  const statuses = await Promise.all(
    projections.map(async (projection): Promise<StoredProjectionStatus> => {
      const stored = collections.find((c) => c.name === projection.name);
      const checkpoint = stored?.checkpoint ?? 0;
      const lag = await lagAt(checkpoint);
      const rebuild = stored?.rebuild && {
        ...stored.rebuild,
        percent: headPosition > 0 ? Math.min(100, Math.floor((100 * stored.rebuild.checkpoint) / headPosition)) : 100,
      };
      const failed = failures.get(projection.name);
      const failure = failed && { checkpoint: failed.checkpoint, reason: failed.reason, failedAt: failed.failedAt };
      const state: StoredState = failure ? 'failed' : !stored ? 'not_started' : rebuild ? 'rebuilding' : lag.events > 0 ? 'behind' : 'up_to_date';
      return {
        name: projection.name,
        codeVersion: projection.version,
        state,
        liveVersion: stored?.liveVersion ?? 0,
        checkpoint,
        headPosition,
        lag,
        documents: stored?.documents ?? 0,
        ...(failure && { failure }),
        ...(rebuild && { rebuild }),
      };
    }),
  );

  const others = await Promise.all(
    checkpoints
      .filter((c: Checkpoint) => c.live && !names.has(c.collection))
      .map(async (c) => ({
        name: c.collection,
        checkpoint: c.position,
        headPosition,
        lag: await lagAt(c.position),
        updatedAt: c.updatedAt,
      })),
  );
  return { headPosition, projections: statuses, others };
}
