import { ReadStoreQueryError, validateBatch, type BatchCommit, type StoredDocument } from '@lifeline/read-store/port';

/**
 * A batch as the SQLite store writes it: each document's JSON without `_id`, sorted by id (so
 * consecutive inserts land on the same pages of the id index). Plain strings and numbers, so it
 * can be handed to another thread (structured clone) without the documents it came from.
 */
export interface SerialisedBatch extends Pick<BatchCommit, 'version' | 'expectedCheckpoint' | 'checkpoint'> {
  readonly ids: readonly string[];
  readonly docs: readonly string[];
  readonly deletes: readonly string[];
}

/** Checks the batch against the port's rules and serialises it; nothing is kept of the documents. */
export function serialiseBatch(batch: BatchCommit): SerialisedBatch {
  const rows = batch.upserts.map(serialise);
  const deleted = validateBatch(batch, rows.map(([id]) => id));
  rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    ...(batch.version !== undefined && { version: batch.version }),
    ...(batch.expectedCheckpoint !== undefined && { expectedCheckpoint: batch.expectedCheckpoint }),
    checkpoint: batch.checkpoint,
    ids: rows.map(([id]) => id),
    docs: rows.map(([, json]) => json),
    deletes: [...deleted],
  };
}

function serialise(doc: StoredDocument): [string, string] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ReadStoreQueryError('a document must be an object');
  const { _id, ...body } = doc;
  if (typeof _id !== 'string' || _id === '') throw new ReadStoreQueryError('every document needs a non-empty string _id');
  for (const key of Object.keys(body)) {
    if (key.startsWith('$')) throw new ReadStoreQueryError(`document ${_id}: field names may not start with "$" (${key})`);
  }
  return [_id, JSON.stringify(body)];
}
