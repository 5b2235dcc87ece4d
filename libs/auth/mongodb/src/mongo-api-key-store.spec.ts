import { MongoServerError } from 'mongodb';
import { DuplicateApiKeyNameError } from '@lifeline/auth/port';
import { MongoApiKeyStore } from './mongo-api-key-store';

// The collection substituted at the methods the adapter calls; what the server does with them is
// the contract suite's job (test/production/mongodb-api-key-store.e2e-spec.ts, against MONGO_URL).
function substitutedCollection() {
  const collection = {
    createIndex: jest.fn().mockResolvedValue('index'),
    insertOne: jest.fn().mockResolvedValue({ acknowledged: true }),
    findOne: jest.fn().mockResolvedValue(null),
    deleteOne: jest.fn().mockResolvedValue({ deletedCount: 1 }),
    updateOne: jest.fn().mockResolvedValue({ matchedCount: 1 }),
    countDocuments: jest.fn().mockResolvedValue(0),
  };
  return { collection, asCollection: collection as unknown as Parameters<typeof MongoApiKeyStore.on>[0] };
}

describe('MongoApiKeyStore (mapping at the driver boundary)', () => {
  it('makes the server enforce unique names and hashes', async () => {
    const { collection, asCollection } = substitutedCollection();
    await MongoApiKeyStore.on(asCollection);
    expect(collection.createIndex.mock.calls).toEqual([
      [{ name: 1 }, { unique: true, name: 'unique_name' }],
      [{ hash: 1 }, { unique: true, name: 'unique_hash' }],
    ]);
  });

  it('stores the id as _id and the hash, never more; reads a document back as a record', async () => {
    const { collection, asCollection } = substitutedCollection();
    const store = await MongoApiKeyStore.on(asCollection);
    await store.add({ id: 'abcd1234', name: 'ci', role: 'writer', hash: 'f'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z' });
    expect(collection.insertOne).toHaveBeenCalledWith({ _id: 'abcd1234', name: 'ci', role: 'writer', hash: 'f'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z' });
    collection.findOne.mockResolvedValue({ _id: 'abcd1234', name: 'ci', role: 'writer', hash: 'f'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: '2026-01-02T00:00:00.000Z' });
    await expect(store.findByHash('f'.repeat(64))).resolves.toEqual({ id: 'abcd1234', name: 'ci', role: 'writer', hash: 'f'.repeat(64), createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: '2026-01-02T00:00:00.000Z' });
    expect(collection.findOne).toHaveBeenCalledWith({ hash: 'f'.repeat(64) });
  });

  it('turns the server refusing a duplicate name into DuplicateApiKeyNameError', async () => {
    const { collection, asCollection } = substitutedCollection();
    const store = await MongoApiKeyStore.on(asCollection);
    collection.insertOne.mockRejectedValue(new MongoServerError({ message: 'E11000 duplicate key error collection: lifeline.lifeline_api_keys index: unique_name dup key: { name: "ci" }', code: 11000 }));
    await expect(store.add({ id: 'x', name: 'ci', role: 'reader', hash: 'h', createdAt: 'now' })).rejects.toThrow(DuplicateApiKeyNameError);
  });

  it('revokes by name or id in one delete, and refuses to read a key with an unknown role', async () => {
    const { collection, asCollection } = substitutedCollection();
    const store = await MongoApiKeyStore.on(asCollection);
    await expect(store.revoke('ci')).resolves.toBe(true);
    expect(collection.deleteOne).toHaveBeenCalledWith({ $or: [{ name: 'ci' }, { _id: 'ci' }] });
    collection.findOne.mockResolvedValue({ _id: 'x', name: 'n', role: 'root', hash: 'h', createdAt: 'now' });
    await expect(store.findByHash('h')).rejects.toThrow(/unknown role "root"/);
  });
});
