import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';

/**
 * Lag is counted, not subtracted: positions are event counts only in the SQLite store
 * (EventStoreDB's are byte offsets), and a networked store counts by reading, so counting
 * stops here. A lag of LAG_COUNT_LIMIT means "at least that many events behind";
 * LIFELINE_READY_MAX_LAG_EVENTS must stay below it.
 */
export const LAG_COUNT_LIMIT = 100_000;

export interface Lag {
  /** Events of the followed streams not applied yet, at most LAG_COUNT_LIMIT. */
  readonly events: number;
  /** Age of the oldest event not applied yet; 0 when caught up. */
  readonly seconds: number;
}

export interface LagOptions {
  readonly streamPrefix?: string;
  readonly now?: number;
}

/**
 * How far behind a reader at `checkpoint` is, in events of the followed streams (customer
 * streams by default): events of other streams do not count, as no read model applies them.
 */
export async function lagBehind(eventStore: Pick<EventStore, 'readAll' | 'countEventsAfter'>, checkpoint: number, headPosition: number, options: LagOptions = {}): Promise<Lag> {
  if (checkpoint >= headPosition) return { events: 0, seconds: 0 };
  const streamPrefix = options.streamPrefix ?? CUSTOMER_STREAM_PREFIX;
  const [oldest] = await eventStore.readAll({ after: checkpoint, maxCount: 1, streamPrefix });
  if (!oldest) return { events: 0, seconds: 0 };
  const events = await eventStore.countEventsAfter(checkpoint, { streamPrefix, limit: LAG_COUNT_LIMIT });
  return { events, seconds: Math.max(0, ((options.now ?? Date.now()) - Date.parse(oldest.recordedAt)) / 1000) };
}

/** lagBehind for many readers against one head: readers at the same checkpoint share one count. */
export function lagCounter(eventStore: Pick<EventStore, 'readAll' | 'countEventsAfter'>, headPosition: number, options: LagOptions = {}): (checkpoint: number) => Promise<Lag> {
  const counted = new Map<number, Promise<Lag>>();
  return (checkpoint) => {
    let lag = counted.get(checkpoint);
    if (!lag) counted.set(checkpoint, (lag = lagBehind(eventStore, checkpoint, headPosition, options)));
    return lag;
  };
}
