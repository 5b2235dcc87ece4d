import { UnknownCollectionError, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';

/**
 * Where a projection that stopped on an error says so, beside the read models: every process
 * (the API, `lifeline status`, another API instance) reads it, not only the one whose
 * projector failed. Cleared when the projection starts again (restart, rebuild).
 */
export const PROJECTION_FAILURES = 'projection-failures';

export interface ProjectionFailure {
  readonly projection: string;
  /** The last position the projection applied; the event that failed is after it. */
  readonly checkpoint: number;
  readonly reason: string;
  readonly failedAt: string;
}

type FailureDocument = StoredDocument & Omit<ProjectionFailure, 'projection'>;

export async function recordProjectionFailure(store: ReadModelStore, failure: ProjectionFailure): Promise<void> {
  await store.ensureCollection(PROJECTION_FAILURES, []);
  const { projection, ...rest } = failure;
  // The collection's own checkpoint means nothing; the document holds the projection's.
  await store.commitBatch(PROJECTION_FAILURES, { checkpoint: 0, upserts: [{ _id: projection, ...rest }], deletes: [] });
}

async function failuresExist(store: ReadModelStore): Promise<boolean> {
  try {
    await store.getCheckpoint(PROJECTION_FAILURES);
    return true;
  } catch (error) {
    if (error instanceof UnknownCollectionError) return false;
    throw error;
  }
}

export async function clearProjectionFailure(store: ReadModelStore, projection: string): Promise<void> {
  if (!(await failuresExist(store))) return;
  await store.commitBatch(PROJECTION_FAILURES, { checkpoint: 0, upserts: [], deletes: [projection] });
}

export async function readProjectionFailures(store: ReadModelStore): Promise<Map<string, ProjectionFailure>> {
  const failures = new Map<string, ProjectionFailure>();
  if (!(await failuresExist(store))) return failures;
  const page = await store.find<FailureDocument>(PROJECTION_FAILURES, { limit: 100 });
  for (const { _id, checkpoint, reason, failedAt } of page.items) failures.set(_id, { projection: _id, checkpoint, reason, failedAt });
  return failures;
}
