import { CheckpointConflictError, ReadStoreQueryError, UnknownCollectionError, type BatchCommit } from './read-model-store';

/**
 * The port's rules for a batch, checked the same way by every adapter. Before any I/O: the
 * checkpoint is a position and every document id appears once. Returns the ids to delete.
 */
export function validateBatch(batch: Pick<BatchCommit, 'checkpoint' | 'deletes'>, upsertIds: readonly string[]): Set<string> {
  const { checkpoint } = batch;
  if (!Number.isSafeInteger(checkpoint) || checkpoint < 0) throw new ReadStoreQueryError(`checkpoint must be a whole number >= 0 (got ${String(checkpoint)})`);
  const deleted = new Set<string>();
  for (const id of batch.deletes) {
    if (typeof id !== 'string' || id === '') throw new ReadStoreQueryError('deletes must be non-empty string ids');
    deleted.add(id);
  }
  const upserted = new Set<string>();
  for (const id of upsertIds) {
    if (deleted.has(id) || upserted.has(id)) throw new ReadStoreQueryError(`document ${id} appears twice in one batch`);
    upserted.add(id);
  }
  return deleted;
}

/**
 * Inside the adapter's transaction, against the version it found (undefined: none): the
 * checkpoint the writer started from must still be the stored one, and never go backwards.
 */
export function assertCommitAllowed<Version extends { readonly version: number; readonly checkpoint: number }>(
  collection: string,
  stored: Version | undefined,
  batch: Pick<BatchCommit, 'version' | 'expectedCheckpoint' | 'checkpoint'>,
): asserts stored is Version {
  const { expectedCheckpoint, checkpoint } = batch;
  if (!stored) {
    if (expectedCheckpoint !== undefined && batch.version !== undefined) {
      throw new CheckpointConflictError(collection, batch.version, expectedCheckpoint, 'version_gone');
    }
    throw new UnknownCollectionError(collection, batch.version);
  }
  if (expectedCheckpoint !== undefined && stored.checkpoint !== expectedCheckpoint) {
    throw new CheckpointConflictError(collection, stored.version, expectedCheckpoint, stored.checkpoint);
  }
  if (checkpoint < stored.checkpoint) throw new CheckpointConflictError(collection, stored.version, checkpoint, stored.checkpoint);
}
