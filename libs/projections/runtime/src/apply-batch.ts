import { CheckpointConflictError, UnknownCollectionError, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import type { DocumentProjection, ProjectedEvent } from './projection';

/** A projection's evolve or keysOf threw: the batch is dropped and the checkpoint stays put. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string,
    readonly event: Pick<ProjectedEvent, 'position' | 'type' | 'streamId'>,
    override readonly cause: unknown,
  ) {
    super(`projection ${projection} failed on ${event.type} at position ${event.position} (${event.streamId}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ProjectionFailedError';
  }
}

export interface BatchTarget {
  /** The collection version written to. */
  readonly version: number;
  /** The checkpoint the documents reflect now; events at or below it are skipped. */
  readonly checkpoint: number;
}

function withoutId<Doc>(stored: StoredDocument): Doc {
  const { _id, ...doc } = stored;
  return doc as Doc;
}

/**
 * The batch's documents from the version it writes. A version that is gone was replaced by a
 * rebuild (swapped in by another process, e.g. `lifeline rebuild` beside a running API): that is
 * the same news as a refused commit, so it is told the same way and the writer reloads.
 */
async function loadDocuments(store: ReadModelStore, collection: string, ids: readonly string[], target: BatchTarget): Promise<StoredDocument[]> {
  try {
    return await store.getMany(collection, ids, { version: target.version });
  } catch (error) {
    if (error instanceof UnknownCollectionError) throw new CheckpointConflictError(collection, target.version, target.checkpoint, 'version_gone');
    throw error;
  }
}

/**
 * Folds one batch of events into the documents they touch and commits the changed documents
 * with the new checkpoint in one store transaction. Documents are loaded once per batch and
 * handed to `evolve` without the store's `_id`, exactly as a rebuild or a pure fold sees them.
 * Returns the new checkpoint.
 */
export async function applyBatch<Doc extends object>(
  store: ReadModelStore,
  projection: DocumentProjection<Doc>,
  events: readonly ProjectedEvent[],
  target: BatchTarget,
): Promise<number> {
  const fresh = events.filter((event) => event.position > target.checkpoint);
  const last = fresh.at(-1);
  if (!last) return target.checkpoint;

  const keysOfEvent: (readonly string[])[] = [];
  for (const event of fresh) {
    let keys: readonly string[];
    try {
      keys = projection.keysOf(event);
      for (const key of keys) if (typeof key !== 'string' || key === '') throw new Error(`keysOf returned ${JSON.stringify(key)}, not a non-empty string`);
    } catch (error) {
      throw new ProjectionFailedError(projection.name, event, error);
    }
    keysOfEvent.push(keys);
  }

  const docs = new Map<string, Doc | undefined>();
  // A document made by one event alone cannot exist before that event: nothing to read.
  const wanted = projection.documentPerEvent
    ? [...new Set(fresh.flatMap((event, i) => (projection.rewritesEarlierDocuments?.(event) ? keysOfEvent[i] : [])))]
    : [...new Set(keysOfEvent.flat())];
  for (const stored of wanted.length ? await loadDocuments(store, projection.name, wanted, target) : []) {
    docs.set(stored._id, withoutId<Doc>(stored));
  }
  const existed = new Set(docs.keys());

  const touched = new Set<string>();
  fresh.forEach((event, i) => {
    for (const key of keysOfEvent[i]) {
      try {
        docs.set(key, projection.evolve(docs.get(key), event, key));
      } catch (error) {
        throw new ProjectionFailedError(projection.name, event, error);
      }
      touched.add(key);
    }
  });

  const upserts: StoredDocument[] = [];
  const deletes: string[] = [];
  for (const key of touched) {
    const doc = docs.get(key);
    if (doc !== undefined) upserts.push({ ...doc, _id: key });
    else if (existed.has(key)) deletes.push(key);
  }
  await store.commitBatch(projection.name, { version: target.version, expectedCheckpoint: target.checkpoint, checkpoint: last.position, upserts, deletes });
  return last.position;
}
