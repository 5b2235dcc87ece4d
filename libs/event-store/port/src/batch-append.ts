import type { AppendResult, EventStore, EventToAppend, ExpectedRevision } from './event-store';

/** One stream's part of a batch: the same arguments as `appendToStream`. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

/**
 * A store that can append to many streams in one go (the embedded SQLite store: one
 * transaction, all or nothing). Bulk writers (the import) use it through `appendBatch`.
 */
export interface BatchAppendingEventStore extends EventStore {
  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /**
   * Runs `work` (a bulk load of many large batches) with settings that suit it, restored
   * afterwards: on SQLite a page cache that holds the indexes being grown and fewer WAL
   * checkpoints. Durability and atomicity of each batch are unchanged.
   */
  bulkAppending?<T>(work: () => Promise<T>): Promise<T>;
}

export function canAppendBatches(store: EventStore): store is BatchAppendingEventStore {
  return typeof (store as Partial<BatchAppendingEventStore>).appendToStreams === 'function';
}

/**
 * Appends to several streams, each with its own expected revision, and answers each append's
 * result in order. With a batch-appending store the batch is atomic; otherwise (EventStoreDB
 * has no multi-stream transaction) the streams are appended one after another, each atomic on
 * its own: a failure leaves the earlier streams written, so callers must be able to repeat a
 * batch (derived event ids, rules that recognise what is already there).
 */
export async function appendBatch(store: EventStore, appends: readonly StreamAppend[]): Promise<AppendResult[]> {
  if (canAppendBatches(store)) return store.appendToStreams(appends);
  const results: AppendResult[] = [];
  for (const { streamId, events, expectedRevision } of appends) results.push(await store.appendToStream(streamId, events, { expectedRevision }));
  return results;
}

/** Runs a bulk load under the store's bulk settings, if it has any. */
export function whileBulkAppending<T>(store: EventStore, work: () => Promise<T>): Promise<T> {
  return canAppendBatches(store) && store.bulkAppending ? store.bulkAppending(work) : work();
}
