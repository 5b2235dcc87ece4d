import type { EventStore } from '@lifeline/event-store/port';
import type { DocumentProjection, ProjectedEvent } from './projection';
import { toProjectedEvent } from './projected-event';

/**
 * Folds events into documents held in memory, as the runtime would store them. Returns the
 * keys the events touched. `docs` is updated in place so a caller can fold a log in pages.
 */
export function foldInto<Doc extends object>(projection: DocumentProjection<Doc>, docs: Map<string, Doc>, events: Iterable<ProjectedEvent>): Set<string> {
  const touched = new Set<string>();
  for (const event of events) {
    for (const key of projection.keysOf(event)) {
      const after = projection.evolve(docs.get(key), event, key);
      if (after === undefined) docs.delete(key);
      else docs.set(key, after);
      touched.add(key);
    }
  }
  return touched;
}

export interface FoldLogOptions {
  readonly streamPrefix: string;
  /** Events read per round trip; default 1000. */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/**
 * Folds the stored log from just after `after` up to and including `upTo` into `docs`, page by
 * page (the log itself is never held in memory). Returns the keys touched.
 */
export async function foldLog<Doc extends object>(
  projection: DocumentProjection<Doc>,
  eventStore: EventStore,
  docs: Map<string, Doc>,
  range: { readonly after: number; readonly upTo: number },
  options: FoldLogOptions,
): Promise<Set<string>> {
  const pageSize = options.pageSize ?? 1000;
  const touched = new Set<string>();
  for (let position = range.after; position < range.upTo; ) {
    options.signal?.throwIfAborted();
    const page = await eventStore.readAll({ after: position, maxCount: pageSize, streamPrefix: options.streamPrefix });
    const inRange = page.filter((event) => event.position <= range.upTo);
    for (const key of foldInto(projection, docs, inRange.map(toProjectedEvent))) touched.add(key);
    if (inRange.length < pageSize) break; // reached upTo, or the log's end
    position = inRange[inRange.length - 1].position;
  }
  return touched;
}
