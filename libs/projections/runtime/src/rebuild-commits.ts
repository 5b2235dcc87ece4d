import type { BackgroundBatchWriter, BatchCommit, ReadModelStore } from '@lifeline/read-store/port';

/**
 * The commits of a rebuild pass. With the store's background writer, a batch is handed over
 * (copied) and the pass folds the next pages while it is written; at most `maxInFlight` batches
 * wait at once, which bounds the memory they hold. Without one, every commit is awaited where it
 * is made, as before. Either way each commit holds its documents and checkpoint together, and
 * batches commit in the order they were made.
 */
export class RebuildCommits {
  private readonly inFlight: Promise<void>[] = [];

  constructor(
    private readonly store: ReadModelStore,
    private readonly background: BackgroundBatchWriter | undefined,
    private readonly maxInFlight: number,
  ) {}

  /** Resolves once the batch is taken (copied); the returned promise settles when it is committed. */
  async commit(collection: string, batch: BatchCommit): Promise<{ committed: Promise<void> }> {
    if (!this.background) {
      await this.store.commitBatch(collection, batch);
      return { committed: Promise.resolve() };
    }
    const committed = this.background.commitBatch(collection, batch);
    committed.catch(() => undefined); // awaited later (drain, or a read of the version): not unhandled meanwhile
    this.inFlight.push(committed);
    while (this.inFlight.length > this.maxInFlight) await this.inFlight.shift();
    return { committed };
  }

  /** Waits until every batch made so far is committed; throws the first refusal. */
  async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift();
  }

  /** After a failure elsewhere: lets the batches already handed over finish, then releases the writer. */
  async close(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0));
    await this.background?.close();
  }
}
