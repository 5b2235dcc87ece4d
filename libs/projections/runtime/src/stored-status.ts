import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';
import type { Checkpoint, ReadModelStore } from '@lifeline/read-store/port';
import type { DocumentProjection } from './projection';
import { PROJECTION_FAILURES, readProjectionFailures } from './projection-failures';

export type StoredState = 'up_to_date' | 'behind' | 'rebuilding' | 'not_started' | 'failed';

export interface Lag {
  /** Log positions behind the head (for the SQLite store: events). */
  readonly events: number;
  /** Age of the oldest event not yet applied; 0 when caught up. */
  readonly seconds: number;
}

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
 * How far behind a reader at `checkpoint` is. Events of other streams after it do not count:
 * a reader that only follows customer streams is caught up once they are all applied.
 */
export async function lagBehind(eventStore: EventStore, checkpoint: number, headPosition: number, options: { streamPrefix?: string; now?: number } = {}): Promise<Lag> {
  if (checkpoint >= headPosition) return { events: 0, seconds: 0 };
  const [oldest] = await eventStore.readAll({ after: checkpoint, maxCount: 1, streamPrefix: options.streamPrefix ?? CUSTOMER_STREAM_PREFIX });
  if (!oldest) return { events: 0, seconds: 0 };
  return { events: headPosition - checkpoint, seconds: Math.max(0, ((options.now ?? Date.now()) - Date.parse(oldest.recordedAt)) / 1000) };
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

  const statuses = await Promise.all(
    projections.map(async (projection): Promise<StoredProjectionStatus> => {
      const stored = collections.find((c) => c.name === projection.name);
      const checkpoint = stored?.checkpoint ?? 0;
      const lag = await lagBehind(eventStore, checkpoint, headPosition, options);
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
        lag: await lagBehind(eventStore, c.position, headPosition, options),
        updatedAt: c.updatedAt,
      })),
  );
  return { headPosition, projections: statuses, others };
}
