import { MongoClient, MongoServerError, type AnyBulkWriteOperation, type ClientSession, type Collection, type Db, type TransactionOptions } from 'mongodb';
import {
  assertCollectionName,
  assertCommitAllowed,
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

/** One version of one read model: its checkpoint, its indexes and whether reads are served from it. */
export interface VersionDocument {
  /** `<collection>__v<version>`, the name of its data collection too. */
  _id: string;
  collection: string;
  version: number;
  live: boolean;
  checkpoint: number;
  /** Index labels: fields comma-separated (`status`, `status,acquiredAt`). */
  indexes: string[];
  updatedAt: string;
}

/** Holds every read model's versions; the live flag is the pointer a swap moves. */
export const META_COLLECTION = 'lifeline_meta';
const DEFAULT_SCAN_BATCH = 500;
const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;
const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;
const NAMESPACE_NOT_FOUND = 26;

/** Documents and checkpoint commit together or not at all, and a batch sees one snapshot. */
const TRANSACTION: TransactionOptions = { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' }, readPreference: 'primary' };

/** MongoDB cannot serve this store: unreachable, or not a replica set (no transactions). */
export class MongoReadStoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MongoReadStoreUnavailableError';
  }
}

const isServerError = (error: unknown, code: number) => error instanceof MongoServerError && error.code === code;

/**
 * Read models in MongoDB: one collection per read model and version (`profiles__v1`) with an
 * ascending index per declared index (see mongoIndexKey), and a `lifeline_meta` collection holding each version's
 * checkpoint, indexes and live flag. A batch's documents (one unordered bulkWrite of upserts
 * and deletes) and its checkpoint commit in one transaction, hence the replica-set requirement.
 */
export class MongoReadModelStore implements ReadModelStore {
  private readonly meta: Collection<VersionDocument>;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.meta = db.collection<VersionDocument>(META_COLLECTION);
  }

  /**
   * Connects to the database named in the URL (default `lifeline`), failing within about
   * 5 s (or the URL's serverSelectionTimeoutMS) when no server answers, and at once when it is
   * a standalone server, which cannot run transactions.
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
      const db = client.db(dbName);
      const hello = await db.command({ hello: 1 });
      if (typeof hello['setName'] !== 'string' && hello['msg'] !== 'isdbgrid') {
        throw new MongoReadStoreUnavailableError(
          `MongoDB at ${where} is a standalone server; read models need a replica set (a single node is enough, see docker-compose.yml) for transactions`,
        );
      }
      const store = new MongoReadModelStore(client, db);
      // At most one live and one rebuilding version per read model, enforced by the server.
      await store.meta.createIndex({ collection: 1, live: 1 }, { unique: true, name: 'one_live_one_rebuild' });
      await store.meta.createIndex({ collection: 1, version: 1 }, { unique: true, name: 'collection_version' });
      return store;
    } catch (error) {
      await client.close().catch(() => undefined);
      if (error instanceof MongoReadStoreUnavailableError) throw error;
      throw new MongoReadStoreUnavailableError(`MongoDB at ${where} refused the read store's set-up: ${oneLine(error)}`);
    }
  }

  async ensureCollection(name: string, indexes: readonly IndexField[]): Promise<void> {
    assertCollectionName(name);
    const fields = indexLabels(indexes);
    let live: VersionDocument | null | undefined = await this.meta.findOne({ collection: name, live: true });
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
    const operations: AnyBulkWriteOperation<StoredDocument>[] = [
      ...upserts.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })),
      ...[...deleted].map((id) => ({ deleteOne: { filter: { _id: id } } })),
    ];
    await this.inTransaction(async (session) => {
      const row = (await this.meta.findOne(batch.version === undefined ? { collection, live: true } : { collection, version: batch.version }, { session })) ?? undefined;
      assertCommitAllowed(collection, row, batch);
      if (operations.length > 0) await this.data(row).bulkWrite(operations, { session, ordered: false });
      // A concurrent writer of this version makes this update a write conflict: the transaction
      // is retried, re-reads the checkpoint above and then refuses.
      await this.meta.updateOne({ _id: row._id }, { $set: { checkpoint, updatedAt: new Date().toISOString() } }, { session });
    });
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

  async swapIn(collection: string, version: number): Promise<void> {
    assertCollectionName(collection);
    const replaced = await this.inTransaction(async (session) => {
      const target = await this.meta.findOne({ collection, version }, { session });
      if (!target) throw new UnknownCollectionError(collection, version);
      if (target.live) return undefined; // already swapped: a retry after a crash is harmless
      const live = await this.meta.findOne({ collection, live: true }, { session });
      if (live) await this.meta.deleteOne({ _id: live._id }, { session });
      await this.meta.updateOne({ _id: target._id }, { $set: { live: true, updatedAt: new Date().toISOString() } }, { session });
      return live ?? undefined;
    });
    // Collections cannot be dropped inside a transaction; one left by a crash here is an
    // orphan that the next beginRebuild drops.
    if (replaced) await this.dropData(replaced.collection, replaced.version);
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
    for (const live of rows.filter((row) => row.live)) {
      const pending = rows.find((row) => row.collection === live.collection && !row.live);
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

  private async inTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.client.withSession((session) => session.withTransaction(() => work(session), TRANSACTION));
  }

  private async requireVersion(collection: string, version?: number): Promise<VersionDocument> {
    assertCollectionName(collection);
    const row = await this.meta.findOne(version === undefined ? { collection, live: true } : { collection, version });
    if (!row) throw new UnknownCollectionError(collection, version);
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
  return { collection: row.collection, version: row.version, live: row.live, position: row.checkpoint, updatedAt: row.updatedAt };
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
