import type { DocumentProjection, ProjectedEvent } from '@lifeline/projections/runtime';

export type Documents<Doc> = ReadonlyMap<string, Doc>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Folds events into documents as a store would hold them. Documents handed to `evolve` are
 * frozen, so a projection that mutates its input fails loudly instead of passing by accident.
 */
export function foldProjection<Doc extends object>(
  projection: DocumentProjection<Doc>,
  events: Iterable<ProjectedEvent>,
  start: Documents<Doc> = new Map(),
): Map<string, Doc> {
  const docs = new Map(start);
  for (const event of events) {
    for (const key of projection.keysOf(event)) {
      const before = docs.get(key);
      const after = projection.evolve(before === undefined ? undefined : deepFreeze(before), event, key);
      if (after === undefined) docs.delete(key);
      else docs.set(key, after);
    }
  }
  return docs;
}

/** What a document looks like after a trip through a JSON read store (Mongo, SQLite JSON). */
export function throughJson<Doc>(docs: Documents<Doc>): Map<string, Doc> {
  return new Map([...docs].map(([key, doc]) => [key, JSON.parse(JSON.stringify(doc)) as Doc]));
}

/**
 * Folds events batch by batch, storing and reloading the documents (JSON round trip) between
 * batches as the runtime does. `cuts` are the batch boundaries (indexes into `events`).
 */
export function foldProjectionInBatches<Doc extends object>(
  projection: DocumentProjection<Doc>,
  events: readonly ProjectedEvent[],
  cuts: readonly number[],
): Map<string, Doc> {
  const boundaries = [...new Set(cuts.map((cut) => Math.min(Math.max(cut, 0), events.length)))].sort((a, b) => a - b);
  let docs: Map<string, Doc> = new Map();
  let from = 0;
  for (const to of [...boundaries, events.length]) {
    docs = throughJson(foldProjection(projection, events.slice(from, to), docs));
    from = to;
  }
  return docs;
}
