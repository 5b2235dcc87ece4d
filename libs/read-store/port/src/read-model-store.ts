/**
 * The read-model store port: documents keyed by `_id`, one collection per read model.
 * Adapters: SQLite (embedded default) and MongoDB (production); both must pass the contract
 * suite in ./testing/read-model-store.contract.ts.
 *
 * A collection lives in numbered versions (generations). Exactly one version is live and
 * serves every read; a rebuild writes a new version next to it, with its own checkpoint,
 * and `swapIn` makes it live and drops the old one in one step. Each version carries the
 * checkpoint (global event-log position) its documents reflect, written in the same
 * transaction as the documents, which is what makes redelivery of events harmless.
 */

/** A stored document. Field names starting with `$` are not allowed. */
export type StoredDocument = { readonly _id: string } & Record<string, unknown>;

/**
 * An index the store keeps on a collection: on `field` alone, or compound on `field` then the
 * `then` fields in order (`{field: 'status', then: ['acquiredAt']}`), always followed by `_id`,
 * the cursor's tie-break. Queries may filter and sort on `field` freely; on a `then` field
 * only with equality on every field before it (filter `status`, sort by `acquiredAt`).
 * Dotted paths reach into sub-documents.
 */
export interface IndexField {
  readonly field: string;
  readonly then?: readonly string[];
}

export type FieldValue = string | number | boolean | null;

export interface FieldOperators {
  $eq?: FieldValue;
  $gt?: string | number;
  $gte?: string | number;
  $lt?: string | number;
  $lte?: string | number;
  $in?: readonly FieldValue[];
}

/**
 * Equality (`{status: 'active'}`) and range (`{acquiredAt: {$gte: '2025-01-01'}}`) on indexed
 * fields or `_id`; conditions are AND-ed. A missing field equals null.
 */
export type Filter = Readonly<Record<string, FieldValue | FieldOperators>>;

export interface SortKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

export interface FindQuery {
  readonly filter?: Filter;
  /** Sorted by these keys, then by `_id` in the direction of the last key (the tie-break that makes cursors exact; ascending with no keys). */
  readonly sort?: readonly SortKey[];
  /** 1..MAX_PAGE_SIZE; default DEFAULT_PAGE_SIZE. */
  readonly limit?: number;
  /** `nextCursor` of the previous page of the same filter and sort. */
  readonly after?: string;
}

export interface Page<Doc> {
  readonly items: Doc[];
  /**
   * Present when more items may follow. Opaque; encodes the last item's sort values and id
   * (keyset pagination), so inserts between pages neither repeat nor skip items.
   */
  readonly nextCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface VersionOption {
  /** Read a version other than the live one (a rebuild reads its own documents). */
  readonly version?: number;
}

export interface ScanOptions {
  readonly filter?: Filter;
  /** Documents fetched per round trip; default 500. */
  readonly batchSize?: number;
}

export interface BatchCommit {
  /** The version written to; default the live one. */
  readonly version?: number;
  /**
   * The checkpoint the writer started from. When given and the stored one differs (another
   * writer moved it, or the version was swapped out), nothing is written and the commit
   * fails with CheckpointConflictError.
   */
  readonly expectedCheckpoint?: number;
  /** Position of the last event the batch reflects; never below the stored checkpoint. */
  readonly checkpoint: number;
  readonly upserts: readonly StoredDocument[];
  readonly deletes: readonly string[];
}

export interface Checkpoint {
  readonly collection: string;
  readonly version: number;
  /** True for the version reads are served from; false for a rebuild in progress. */
  readonly live: boolean;
  readonly position: number;
  readonly updatedAt: string;
}

export interface CollectionStatus {
  readonly name: string;
  readonly liveVersion: number;
  readonly documents: number;
  readonly checkpoint: number;
  /** One entry per index: its fields comma-separated (`status`, `status,acquiredAt`). */
  readonly indexes: readonly string[];
  readonly rebuild?: { readonly version: number; readonly checkpoint: number; readonly documents: number };
}

export interface ReadStoreStatus {
  readonly collections: readonly CollectionStatus[];
}

/** Bad names, filters, sorts or cursors: the caller's mistake, nothing was read or written. */
export class ReadStoreQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadStoreQueryError';
  }
}

export class UnknownCollectionError extends Error {
  constructor(
    readonly collection: string,
    version?: number,
  ) {
    super(version === undefined ? `unknown read-model collection ${collection}` : `read-model collection ${collection} has no version ${version}`);
    this.name = 'UnknownCollectionError';
  }
}

/** A batch was built on a checkpoint that is no longer the stored one; the writer must reload. */
export class CheckpointConflictError extends Error {
  constructor(
    readonly collection: string,
    readonly version: number,
    readonly expected: number,
    readonly actual: number | 'version_gone',
  ) {
    super(`read model ${collection} v${version}: checkpoint expected ${expected}, actual ${String(actual)}`);
    this.name = 'CheckpointConflictError';
  }
}

/**
 * Commits batches on a connection of its own, off the caller's thread, so the caller folds the
 * next batch while this one is written (a rebuild's bulk writes). Each batch is copied before
 * `commitBatch` returns (the caller may change its documents afterwards); batches commit one at
 * a time in the order given, each in one transaction with its checkpoint, under the same rules
 * as `ReadModelStore.commitBatch`. A promise settles when its batch is committed or refused.
 */
export interface BackgroundBatchWriter {
  commitBatch(collection: string, batch: BatchCommit): Promise<void>;
  /** Waits for the batches given so far, then releases the connection and the thread. */
  close(): Promise<void>;
}

export interface ReadModelStore {
  /**
   * Creates the collection (version 1, live, checkpoint 0) unless it exists, and adds any
   * missing indexes to its live version. Idempotent.
   */
  ensureCollection(name: string, indexes: readonly IndexField[]): Promise<void>;

  get<Doc extends StoredDocument = StoredDocument>(collection: string, id: string, options?: VersionOption): Promise<Doc | undefined>;
  /** The documents that exist, in no particular order. */
  getMany<Doc extends StoredDocument = StoredDocument>(collection: string, ids: readonly string[], options?: VersionOption): Promise<Doc[]>;
  find<Doc extends StoredDocument = StoredDocument>(collection: string, query?: FindQuery): Promise<Page<Doc>>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** Every matching document of the live version, fetched in batches ordered by `_id`. */
  scan<Doc extends StoredDocument = StoredDocument>(collection: string, options?: ScanOptions): AsyncIterable<Doc>;

  /**
   * The live version's checkpoint, or a given version's (0 until the first commit). Reads of
   * a collection never ensured throw UnknownCollectionError, so a misspelt name is loud.
   */
  getCheckpoint(collection: string, options?: VersionOption): Promise<Checkpoint>;
  /** Writes the documents and the checkpoint in one transaction. */
  commitBatch(collection: string, batch: BatchCommit): Promise<void>;
  /**
   * A writer in another thread with its own connection, where the store has one (SQLite on a
   * file); undefined where writing off the caller's thread gains nothing (an in-memory database;
   * a server-side store, whose commits are already I/O the caller does not wait on with its CPU).
   */
  openBackgroundWriter?(): BackgroundBatchWriter | undefined;

  /**
   * Starts a rebuild into a new, empty version (checkpoint 0) with these indexes, or returns
   * the version of the rebuild already in progress, so an interrupted rebuild resumes.
   */
  beginRebuild(collection: string, indexes: readonly IndexField[]): Promise<number>;
  /** Makes the rebuilt version live and drops the previous one, atomically. */
  swapIn(collection: string, version: number): Promise<void>;
  /** Drops an unfinished rebuild; the live version is untouched. */
  abortRebuild(collection: string): Promise<void>;

  listCheckpoints(): Promise<Checkpoint[]>;
  /**
   * Makes the bytes of deleted and overwritten documents unrecoverable from the store's files
   * where the store can (SQLite: zeroed free space, WAL checkpointed and truncated); true when
   * done. Called after an erasure. Stores without it leave that to their server's compaction.
   */
  discardDeletedContent?(): Promise<boolean>;
  status(): Promise<ReadStoreStatus>;
  close(): Promise<void>;
}

export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function assertCollectionName(name: string): void {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw new ReadStoreQueryError(`collection name must be a letter then up to 62 letters, digits, "_" or "-" (got ${JSON.stringify(name)})`);
  }
}

export function assertFieldPath(field: string): void {
  if (typeof field !== 'string' || !FIELD_PATH.test(field)) {
    throw new ReadStoreQueryError(`field must be a dotted path of identifiers such as "profile.segment" (got ${JSON.stringify(field)})`);
  }
}
