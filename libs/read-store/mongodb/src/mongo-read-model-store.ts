import { MongoClient, type Collection, type Db } from 'mongodb';
import {
  assertCollectionName,
  assertCommitAllowed,
  CheckpointConflictError,
  validateBatch,
  encodeCursor,
  indexLabels,
  normaliseFilter,
  normaliseFindQuery,
  ReadStoreQueryError,
  UnknownCollectionError,
  type BatchCommit,
  type Checkpoint,
  type CollectionStatus,
  type Filter,
  type FindQuery,
  type IndexField,
  type Page,
  type ReadModelStore,
  type ReadStoreStatus,
  type ScanOptions,
  type StoredDocument,
  type VersionOption,
} from '@lifeline/read-store/port';
import {
  dataCollectionName,
  databaseNameOf,
  keysetAfter,
  mongoIndexKey,
  redactMongoUrl,
  toMongoFilter,
  toMongoSort,
  toStoredDocument,
  valueAt,
  versionOfDataCollection,
} from './mongo-query';
import { MongoBatchClaims, type JournalOperation } from './mongo-batch-claims';
import { DUPLICATE_KEY, isServerError, META_COLLECTION, NAMESPACE_EXISTS, NAMESPACE_NOT_FOUND, type VersionDocument } from './mongo-version-record';

// Re-exported: the store's own collections, for tests and operators that look inside them.
export { CLAIMS_COLLECTION, JOURNAL_COLLECTION, PENDING_BATCH_LEASE_MS, type BatchClaim, type JournalOperation } from './mongo-batch-claims';
export { META_COLLECTION, type VersionDocument } from './mongo-version-record';

const DEFAULT_SCAN_BATCH = 500;
const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;
const MAX_COMMIT_ATTEMPTS = 10;

/** MongoDB cannot serve this store: unreachable, or refused the set-up. */
export class MongoReadStoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MongoReadStoreUnavailableError';
  }
}

/**
 * Read models in MongoDB: one collection per read model and version (`profiles__v1`) with an
 * ascending index per declared index (see mongoIndexKey), and a `lifeline_meta` collection
 * holding each version's checkpoint, indexes and live flag.
 *
 * No multi-document transactions: batches commit through claims (MongoBatchClaims: a redo record
 * inserted under a unique `_id` per checkpoint step, completed by whoever finds it after a
 * crash), so documents and checkpoint are never seen apart by a writer. It therefore runs on a standalone MongoDB, a replica set, a sharded
 * cluster and MongoDB-compatible servers (FerretDB) alike. Readers may see a batch's
 * documents a moment before its checkpoint moves (never the other way round).
 */
export class MongoReadModelStore implements ReadModelStore {
  private readonly meta: Collection<VersionDocument>;
  private readonly batches: MongoBatchClaims;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.meta = db.collection<VersionDocument>(META_COLLECTION);
    this.batches = new MongoBatchClaims(db, this.meta, (row) => this.data(row));
  }

  /**
   * Connects to the database named in the URL (default `lifeline`), failing within about
   * 5 s (or the URL's serverSelectionTimeoutMS) when no server answers.
   */
  static async connect(url: string, options: { dbName?: string } = {}): Promise<MongoReadModelStore> {
    const timeout = /[?&]serverSelectionTimeoutMS=/i.test(url) ? {} : { serverSelectionTimeoutMS: DEFAULT_SERVER_SELECTION_TIMEOUT_MS };
    return MongoReadModelStore.open(new MongoClient(url, { ...timeout, ignoreUndefined: true }), options.dbName ?? databaseNameOf(url), redactMongoUrl(url));
  }

  /** Opens the store on a client (connected here); `where` names the server in errors. */
  static async open(client: MongoClient, dbName: string, where = 'the configured server'): Promise<MongoReadModelStore> {
    try {
      await client.connect();
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new MongoReadStoreUnavailableError(`MongoDB at ${where} did not answer: ${oneLine(error)}`);
    }
    try {
      const store = new MongoReadModelStore(client, client.db(dbName));
      // At most one live and one rebuilding version per read model, enforced by the server.
      await store.meta.createIndex({ collection: 1, live: 1 }, { unique: true, name: 'one_live_one_rebuild' });
      await store.meta.createIndex({ collection: 1, version: 1 }, { unique: true, name: 'collection_version' });
      await store.batches.createIndexes();
      return store;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new MongoReadStoreUnavailableError(`MongoDB at ${where} refused the read store's set-up: ${oneLine(error)}`);
    }
  }

  async ensureCollection(name: string, indexes: readonly IndexField[]): Promise<void> {
    assertCollectionName(name);
    const fields = indexLabels(indexes);
    let live: VersionDocument | null | undefined = (await this.meta.findOne({ collection: name, live: true })) ?? (await this.finishInterruptedSwap(name));
    if (!live) {
      live = await this.claimVersion(name, 1, true);
      if (!live) live = await this.meta.findOne({ collection: name, live: true }); // another process created it first
      if (!live) throw new UnknownCollectionError(name);
    }
    await this.prepareVersion(live, fields);
  }

  async get<Doc extends StoredDocument = StoredDocument>(collection: string, id: string, options?: VersionOption): Promise<Doc | undefined> {
    return (await this.getMany<Doc>(collection, [id], options))[0];
  }

  async getMany<Doc extends StoredDocument = StoredDocument>(collection: string, ids: readonly string[], options?: VersionOption): Promise<Doc[]> {
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw new ReadStoreQueryError('ids must be an array of strings');
    const row = await this.requireVersion(collection, options?.version);
    if (ids.length === 0) return [];
    return (await this.data(row).find({ _id: { $in: [...ids] } }).toArray()) as Doc[];
  }

  async find<Doc extends StoredDocument = StoredDocument>(collection: string, query?: FindQuery): Promise<Page<Doc>> {
    const row = await this.requireVersion(collection);
    const normalised = normaliseFindQuery(query, new Set(row.indexes));
    const filter = normalised.after ? toMongoFilter(normalised.conditions, keysetAfter(normalised.sort, normalised.after)) : toMongoFilter(normalised.conditions);
    const found = (await this.data(row).find(filter).sort(toMongoSort(normalised.sort)).limit(normalised.limit + 1).toArray()) as Doc[];
    const items = found.slice(0, normalised.limit);
    const last = items.at(-1);
    const more = found.length > normalised.limit && last !== undefined;
    return {
      items,
      ...(more && { nextCursor: encodeCursor(normalised.sort, normalised.sort.map((key) => valueAt(last, key.field))) }),
    };
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const row = await this.requireVersion(collection);
    return this.data(row).countDocuments(toMongoFilter(normaliseFilter(filter, new Set(row.indexes))));
  }

  async *scan<Doc extends StoredDocument = StoredDocument>(collection: string, options?: ScanOptions): AsyncIterable<Doc> {
    const batchSize = options?.batchSize ?? DEFAULT_SCAN_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ReadStoreQueryError('batchSize must be a positive whole number');
    let afterId: string | undefined;
    for (;;) {
      // Each batch is its own query, so a long scan holds no cursor open on the server.
      const row = await this.requireVersion(collection);
      const conditions = normaliseFilter(options?.filter, new Set(row.indexes));
      const filter = afterId === undefined ? toMongoFilter(conditions) : toMongoFilter(conditions, { _id: { $gt: afterId } });
      const batch = (await this.data(row).find(filter).sort({ _id: 1 }).limit(batchSize).toArray()) as Doc[];
      for (const doc of batch) yield doc;
      if (batch.length < batchSize) return;
      afterId = batch[batch.length - 1]!._id;
    }
  }

  async getCheckpoint(collection: string, options?: VersionOption): Promise<Checkpoint> {
    return toCheckpoint(await this.requireVersion(collection, options?.version));
  }

  async commitBatch(collection: string, batch: BatchCommit): Promise<void> {
    const { checkpoint } = batch;
    const upserts = batch.upserts.map(toStoredDocument);
    const deleted = validateBatch(batch, upserts.map((doc) => doc._id));
    assertCollectionName(collection);
    const operations: JournalOperation[] = [...upserts.map((doc) => ({ put: doc })), ...[...deleted].map((id) => ({ delete: id }))];
    const which = batch.version === undefined ? { collection, live: true } : { collection, version: batch.version };
    for (let attempt = 1; ; attempt += 1) {
      const row = await this.batches.settledVersion(which);
      assertCommitAllowed(collection, row, batch);
      if (await this.batches.commit(row, operations, checkpoint)) return;
      // Another writer moved on between the read and the claim: read again, and the port's rules
      // decide (a moved expected checkpoint is a conflict).
      if (attempt >= MAX_COMMIT_ATTEMPTS) throw new CheckpointConflictError(collection, row.version, batch.expectedCheckpoint ?? row.checkpoint, row.checkpoint);
    }
  }

  async beginRebuild(collection: string, indexes: readonly IndexField[]): Promise<number> {
    assertCollectionName(collection);
    const fields = indexLabels(indexes);
    const live = await this.meta.findOne({ collection, live: true });
    if (!live) throw new UnknownCollectionError(collection);
    let pending = await this.meta.findOne({ collection, live: false });
    if (!pending) {
      await this.dropOrphans(collection);
      const [newest] = await this.meta.find({ collection }).sort({ version: -1 }).limit(1).toArray();
      pending = (await this.claimVersion(collection, (newest?.version ?? live.version) + 1, false)) ?? (await this.meta.findOne({ collection, live: false }));
      if (!pending) throw new UnknownCollectionError(collection);
    }
    await this.prepareVersion(pending, fields);
    return pending.version;
  }

  /**
   * Without a transaction the live flag moves in three single-document steps: the live
   * version is marked 'retired', the new one made live, the retired record deleted; then its
   * data is dropped. Between the first two steps (milliseconds) readers find no live version
   * (UnknownCollectionError, on which the runtime reloads); a crash there is finished by a
   * retried swapIn or by the next ensureCollection.
   */
  async swapIn(collection: string, version: number): Promise<void> {
    assertCollectionName(collection);
    const target = await this.batches.settledVersion({ collection, version });
    if (!target) throw new UnknownCollectionError(collection, version);
    if (target.live === true) {
      await this.dropRetired(collection); // already swapped: a retry after a crash is harmless
      return;
    }
    const live = await this.batches.settledVersion({ collection, live: true });
    if (live) await this.meta.updateOne({ _id: live._id, live: true }, { $set: { live: 'retired', updatedAt: new Date().toISOString() } });
    await this.meta.updateOne({ _id: target._id }, { $set: { live: true, updatedAt: new Date().toISOString() } });
    await this.dropRetired(collection);
  }

  /** A swap interrupted after retiring the live version: makes the rebuilt one live. */
  private async finishInterruptedSwap(collection: string): Promise<VersionDocument | undefined> {
    const retired = await this.meta.findOne({ collection, live: 'retired' });
    if (!retired) return undefined;
    const next = await this.meta.findOne({ collection, live: false });
    if (next) {
      await this.swapIn(collection, next.version);
    } else {
      await this.meta.updateOne({ _id: retired._id, live: 'retired' }, { $set: { live: true } }); // nothing to swap to: undo
    }
    return (await this.meta.findOne({ collection, live: true })) ?? undefined;
  }

  private async dropRetired(collection: string): Promise<void> {
    const retired = await this.meta.findOneAndDelete({ collection, live: 'retired' });
    if (retired) await this.dropData(retired.collection, retired.version);
  }

  async abortRebuild(collection: string): Promise<void> {
    assertCollectionName(collection);
    const pending = await this.meta.findOneAndDelete({ collection, live: false });
    if (pending) await this.dropData(pending.collection, pending.version);
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return (await this.meta.find({}).sort({ collection: 1, version: 1 }).toArray()).map(toCheckpoint);
  }

  async status(): Promise<ReadStoreStatus> {
    const rows = await this.meta.find({}).sort({ collection: 1, version: 1 }).toArray();
    const documentsIn = (row: VersionDocument) => this.data(row).countDocuments({});
    const collections: CollectionStatus[] = [];
    for (const live of rows.filter((row) => row.live === true)) {
      const pending = rows.find((row) => row.collection === live.collection && row.live === false);
      collections.push({
        name: live.collection,
        liveVersion: live.version,
        documents: await documentsIn(live),
        checkpoint: live.checkpoint,
        indexes: live.indexes,
        ...(pending && { rebuild: { version: pending.version, checkpoint: pending.checkpoint, documents: await documentsIn(pending) } }),
      });
    }
    return { collections };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private data(row: Pick<VersionDocument, 'collection' | 'version'>): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(dataCollectionName(row.collection, row.version));
  }

  private async requireVersion(collection: string, version?: number): Promise<VersionDocument> {
    assertCollectionName(collection);
    const row = await this.meta.findOne(version === undefined ? { collection, live: true } : { collection, version });
    if (!row || row.live === 'retired') throw new UnknownCollectionError(collection, version);
    return row;
  }

  /**
   * Records a new, empty version before its data collection exists, so any data collection
   * without a record is an orphan. Undefined when another writer claimed it first.
   */
  private async claimVersion(collection: string, version: number, live: boolean): Promise<VersionDocument | undefined> {
    const row: VersionDocument = {
      _id: dataCollectionName(collection, version),
      collection,
      version,
      live,
      checkpoint: 0,
      indexes: [],
      updatedAt: new Date().toISOString(),
    };
    try {
      await this.meta.insertOne(row);
      return row;
    } catch (error) {
      if (isServerError(error, DUPLICATE_KEY)) return undefined;
      throw error;
    }
  }

  /** Creates the data collection and the missing indexes, then records them (idempotent, resumable). */
  private async prepareVersion(row: VersionDocument, labels: readonly string[]): Promise<void> {
    try {
      await this.db.createCollection(dataCollectionName(row.collection, row.version));
    } catch (error) {
      if (!isServerError(error, NAMESPACE_EXISTS)) throw error;
    }
    const missing = labels.filter((label) => !row.indexes.includes(label));
    if (missing.length === 0) return;
    await this.data(row).createIndexes(missing.map((label) => ({ key: mongoIndexKey(label) })));
    await this.meta.updateOne({ _id: row._id }, { $addToSet: { indexes: { $each: missing } } });
  }

  /** Data collections of this read model that no version record names (left by a crash between commit and drop). */
  private async dropOrphans(collection: string): Promise<void> {
    const names = (await this.db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name);
    const known = new Set((await this.meta.find({ collection }).toArray()).map((row) => row.version));
    for (const name of names) {
      const version = versionOfDataCollection(collection, name);
      if (version !== undefined && !known.has(version)) await this.dropData(collection, version);
    }
  }

  private async dropData(collection: string, version: number): Promise<void> {
    try {
      await this.db.dropCollection(dataCollectionName(collection, version));
    } catch (error) {
      if (!isServerError(error, NAMESPACE_NOT_FOUND)) throw error;
    }
  }
}

function toCheckpoint(row: VersionDocument): Checkpoint {
  return { collection: row.collection, version: row.version, live: row.live === true, position: row.checkpoint, updatedAt: row.updatedAt };
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
