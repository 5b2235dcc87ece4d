import type { MongoClient } from 'mongodb';
import { CheckpointConflictError, ReadStoreQueryError, UnknownCollectionError } from '@lifeline/read-store/port';
import { CLAIMS_COLLECTION, META_COLLECTION, MongoReadModelStore, MongoReadStoreUnavailableError, type VersionDocument } from './mongo-read-model-store';

// The client substituted at the methods the adapter calls; no server and no wire protocol
// imitated. What the server does with these calls is the contract suite's job
// (test/production/mongodb-read-store.e2e-spec.ts, against a real server: FerretDB in CI).
function substitutedClient(options: { hello?: Record<string, unknown>; connect?: () => Promise<void>; row?: VersionDocument | null } = {}) {
  const meta = {
    createIndex: jest.fn().mockResolvedValue('index'),
    deleteMany: jest.fn().mockResolvedValue({}),
    findOne: jest.fn().mockResolvedValue(options.row ?? null),
    updateOne: jest.fn().mockResolvedValue({ matchedCount: 1 }),
  };
  const data = { bulkWrite: jest.fn().mockResolvedValue({}), createIndexes: jest.fn().mockResolvedValue([]), createIndex: jest.fn().mockResolvedValue('index') };
  const claims = {
    findOne: jest.fn().mockResolvedValue(null),
    insertOne: jest.fn().mockResolvedValue({}),
    deleteOne: jest.fn().mockResolvedValue({}),
  };
  const db = {
    command: jest.fn().mockResolvedValue(options.hello ?? { setName: 'rs0' }),
    createCollection: jest.fn().mockResolvedValue({}),
    collection: jest.fn((name: string) => (name === META_COLLECTION ? meta : name === CLAIMS_COLLECTION ? claims : data)),
  };
  const client = {
    connect: jest.fn(options.connect ?? (async () => undefined)),
    db: jest.fn(() => db),
    close: jest.fn().mockResolvedValue(undefined),
  };
  return { client, db, meta, data, claims, asClient: client as unknown as MongoClient };
}

const liveRow = (checkpoint: number): VersionDocument => ({
  _id: 'profiles__v1',
  collection: 'profiles',
  version: 1,
  live: true,
  checkpoint,
  indexes: ['status'],
  updatedAt: '2025-01-01T00:00:00.000Z',
});

describe('MongoReadModelStore.open', () => {
  it('reports a server that does not answer in one line naming it, and releases the client', async () => {
    const substitute = substitutedClient({
      connect: async () => {
        throw new Error('Server selection timed out after 500 ms\n    at Topology.selectServer');
      },
    });
    const failure = MongoReadModelStore.open(substitute.asClient, 'x', 'mongodb://db:27017/x');
    await expect(failure).rejects.toThrow(MongoReadStoreUnavailableError);
    await expect(failure).rejects.toThrow(/^MongoDB at mongodb:\/\/db:27017\/x did not answer: Server selection timed out after 500 ms$/);
    expect(substitute.client.close).toHaveBeenCalled();
  });

  it('accepts any server (standalone, replica set, mongos: no transactions needed), and makes it enforce one live and one rebuilding version', async () => {
    for (const hello of [{ isWritablePrimary: true }, { setName: 'rs0' }, { msg: 'isdbgrid' }]) {
      const substitute = substitutedClient({ hello });
      const store = await MongoReadModelStore.open(substitute.asClient, 'lifeline');
      expect(substitute.client.db).toHaveBeenCalledWith('lifeline');
      expect(substitute.meta.createIndex).toHaveBeenCalledWith({ collection: 1, live: 1 }, expect.objectContaining({ unique: true }));
      expect(substitute.meta.createIndex).toHaveBeenCalledWith({ collection: 1, version: 1 }, expect.objectContaining({ unique: true }));
      await store.close();
      expect(substitute.client.close).toHaveBeenCalled();
    }
  });
});

describe('MongoReadModelStore.commitBatch', () => {
  async function storeOn(row: VersionDocument | null) {
    const substitute = substitutedClient({ row });
    return { ...substitute, store: await MongoReadModelStore.open(substitute.asClient, 'lifeline') };
  }

  it('commits by claiming the step from the checkpoint it read (unique id), then writes the documents, the checkpoint, and releases the claim', async () => {
    const { store, data, meta, claims } = await storeOn(liveRow(5));
    await store.commitBatch('profiles', { checkpoint: 9, expectedCheckpoint: 5, upserts: [{ _id: 'a', status: 'active', at: new Date(0) as never }], deletes: ['b'] });
    const stored = { _id: 'a', status: 'active', at: '1970-01-01T00:00:00.000Z' };
    expect(meta.findOne).toHaveBeenCalledWith({ collection: 'profiles', live: true });
    expect(claims.insertOne).toHaveBeenCalledWith(
      expect.objectContaining({ _id: 'profiles__v1@5', version: 'profiles__v1', from: 5, checkpoint: 9, operations: [{ put: stored }, { delete: 'b' }] }),
    );
    expect(data.bulkWrite).toHaveBeenCalledWith(
      [{ replaceOne: { filter: { _id: 'a' }, replacement: stored, upsert: true } }, { deleteOne: { filter: { _id: 'b' } } }],
      { ordered: false },
    );
    expect(meta.updateOne).toHaveBeenCalledWith({ _id: 'profiles__v1', checkpoint: 5 }, { $set: { checkpoint: 9, updatedAt: expect.any(String) } });
    expect(claims.deleteOne).toHaveBeenCalledWith({ _id: 'profiles__v1@5', batch: claims.insertOne.mock.calls[0]![0].batch });
    const order = [claims.insertOne, data.bulkWrite, meta.updateOne, claims.deleteOne].map((call) => call.mock.invocationCallOrder[0]!);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('writes nothing when the stored checkpoint is not the expected one or is ahead of the batch', async () => {
    const { store, data, meta, claims } = await storeOn(liveRow(7));
    await expect(store.commitBatch('profiles', { checkpoint: 9, expectedCheckpoint: 5, upserts: [{ _id: 'a' }], deletes: [] })).rejects.toThrow(
      new CheckpointConflictError('profiles', 1, 5, 7),
    );
    await expect(store.commitBatch('profiles', { checkpoint: 6, upserts: [{ _id: 'a' }], deletes: [] })).rejects.toThrow(CheckpointConflictError);
    expect(data.bulkWrite).not.toHaveBeenCalled();
    expect(meta.updateOne).not.toHaveBeenCalled();
    expect(claims.insertOne).not.toHaveBeenCalled();
  });

  it('tells a writer whose version was swapped out that it is gone, and an unknown collection that it is unknown', async () => {
    const { store, data } = await storeOn(null);
    await expect(store.commitBatch('profiles', { version: 1, checkpoint: 9, expectedCheckpoint: 8, upserts: [], deletes: [] })).rejects.toThrow(
      expect.objectContaining({ name: 'CheckpointConflictError', actual: 'version_gone' }),
    );
    await expect(store.commitBatch('profiles', { checkpoint: 9, upserts: [], deletes: [] })).rejects.toThrow(UnknownCollectionError);
    expect(data.bulkWrite).not.toHaveBeenCalled();
  });

  it('refuses a malformed batch before any I/O', async () => {
    const { store, meta } = await storeOn(liveRow(0));
    await expect(store.commitBatch('profiles', { checkpoint: -1, upserts: [], deletes: [] })).rejects.toThrow(ReadStoreQueryError);
    await expect(store.commitBatch('profiles', { checkpoint: 1, upserts: [{ _id: 'a' }], deletes: ['a'] })).rejects.toThrow(/appears twice/);
    await expect(store.commitBatch('profiles', { checkpoint: 1, upserts: [{ _id: 'a', $inc: 1 }], deletes: [] })).rejects.toThrow(/\$/);
    await expect(store.commitBatch('bad name', { checkpoint: 1, upserts: [], deletes: [] })).rejects.toThrow(ReadStoreQueryError);
    expect(meta.findOne).not.toHaveBeenCalled();
  });
});

describe('MongoReadModelStore.ensureCollection', () => {
  it('adds only the missing indexes to the live version: compound ones as {fields..., _id}, single ones as before', async () => {
    const substitute = substitutedClient({ row: liveRow(3) });
    const store = await MongoReadModelStore.open(substitute.asClient, 'lifeline');
    await store.ensureCollection('profiles', [{ field: 'status' }, { field: 'status', then: ['acquiredAt'] }, { field: 'segment' }]);
    expect(substitute.db.collection).toHaveBeenCalledWith('profiles__v1');
    expect(substitute.data.createIndexes).toHaveBeenCalledTimes(1);
    expect(substitute.data.createIndexes).toHaveBeenCalledWith([{ key: { status: 1, acquiredAt: 1, _id: 1 } }, { key: { segment: 1 } }]);
    // key order is the index's order, which an object literal comparison would not check
    expect(Object.keys(substitute.data.createIndexes.mock.calls[0]![0]![0]!.key)).toEqual(['status', 'acquiredAt', '_id']);
    expect(substitute.meta.updateOne).toHaveBeenCalledWith({ _id: 'profiles__v1' }, { $addToSet: { indexes: { $each: ['status,acquiredAt', 'segment'] } } });
  });

  it('refuses a malformed compound index before touching the server', async () => {
    const substitute = substitutedClient({ row: liveRow(3) });
    const store = await MongoReadModelStore.open(substitute.asClient, 'lifeline');
    await expect(store.ensureCollection('profiles', [{ field: 'status', then: ['bad field'] }])).rejects.toThrow(ReadStoreQueryError);
    await expect(store.ensureCollection('profiles', [{ field: 'status', then: ['status'] }])).rejects.toThrow(/twice/);
    expect(substitute.data.createIndexes).not.toHaveBeenCalled();
  });
});

describe('MongoReadModelStore.connect', () => {
  it('fails within the server-selection timeout when nothing listens, naming the server without its password', async () => {
    const started = Date.now();
    await expect(MongoReadModelStore.connect('mongodb://user:pw@127.0.0.1:1/x?serverSelectionTimeoutMS=300')).rejects.toThrow(
      /^MongoDB at mongodb:\/\/\*\*\*@127\.0\.0\.1:1\/x\?serverSelectionTimeoutMS=300 did not answer: [^\n]+$/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
