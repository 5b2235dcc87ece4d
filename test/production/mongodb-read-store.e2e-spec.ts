import type { StartedMongoDBContainer } from '@testcontainers/mongodb';
import { MongoClient } from 'mongodb';
import { v4 as uuid } from 'uuid';
import { CheckpointConflictError, UnknownCollectionError } from '@lifeline/read-store/port';
import { MongoReadModelStore } from '@lifeline/read-store/mongodb';
import { CLAIMS_COLLECTION, META_COLLECTION, PENDING_BATCH_LEASE_MS, type BatchClaim, type VersionDocument } from '../../libs/read-store/mongodb/src/mongo-read-model-store';
import { readModelStoreContract } from '../../libs/read-store/port/src/testing/read-model-store.contract';
import { CONTAINER_START_TIMEOUT_MS, realServerFor } from './real-servers';

// The shared ReadModelStore contract against a real MongoDB-wire server: the one in MONGO_URL
// (FerretDB from scripts/services in CI, or any MongoDB: no replica set needed), else a
// throw-away container when a Docker engine is around, else skipped (never a fake server).
// The image docker-compose.yml runs.
const MONGODB_IMAGE = 'mongo:8.0';
const server = realServerFor('MONGO_URL');
// A fresh database per run, dropped afterwards: safe on a shared server.
const dbName = `lifeline_test_${uuid().slice(0, 8)}`;

function mongoReadStoreSuite(label: string, url: () => Promise<string>): void {
  let address: string;
  const open = async () => MongoReadModelStore.connect((address ??= await url()), { dbName });

  afterAll(async () => {
    if (!address) return;
    const client = new MongoClient(address);
    try {
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
  });

  readModelStoreContract(label, open);

  describe(`MongoReadModelStore on ${label}`, () => {
    it('lets exactly one of three writers that started from the same checkpoint commit, race after race', async () => {
      // Repeated: an adapter relying on a conditional update (not atomic on every MongoDB-wire
      // server, FerretDB 1.x included) let two writers through only now and then.
      const stores = [await open(), await open(), await open()];
      try {
        for (let round = 0; round < 8; round += 1) {
          const collection = `race${round}`;
          await stores[0]!.ensureCollection(collection, []);
          const attempts = await Promise.allSettled(
            stores.map((store, i) => store.commitBatch(collection, { checkpoint: 10 + i, expectedCheckpoint: 0, upserts: [{ _id: 'doc', writer: i }], deletes: [] })),
          );
          expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
          for (const refused of attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected')) {
            expect(refused.reason).toBeInstanceOf(CheckpointConflictError);
          }
          const winner = attempts.findIndex((attempt) => attempt.status === 'fulfilled');
          expect(await stores[1]!.get(collection, 'doc')).toEqual({ _id: 'doc', writer: winner });
          expect((await stores[2]!.getCheckpoint(collection)).position).toBe(10 + winner);
        }
      } finally {
        for (const store of stores) await store.close();
      }
    }, 60_000);

    // A writer that dies after its commit point leaves its claim (the layout docs/production.md
    // describes); it is made here with a plain client, on the live version's current checkpoint.
    async function leaveClaim(collection: string, claim: Pick<BatchClaim, 'checkpoint' | 'batch' | 'writer' | 'since' | 'operations'>): Promise<void> {
      const client = new MongoClient(address);
      try {
        const db = client.db(dbName);
        const live = (await db.collection<VersionDocument>(META_COLLECTION).findOne({ collection, live: true }))!;
        await db.collection<BatchClaim>(CLAIMS_COLLECTION).insertOne({ _id: `${live._id}@${live.checkpoint}`, version: live._id, from: live.checkpoint, ...claim });
      } finally {
        await client.close();
      }
    }

    it('completes a batch its writer left committed but unwritten before the next commit, which then sees the moved checkpoint', async () => {
      const store = await open();
      try {
        await store.ensureCollection('crashed', []);
        await store.commitBatch('crashed', { checkpoint: 5, upserts: [{ _id: 'a', n: 1 }, { _id: 'b', n: 1 }], deletes: [] });
        await leaveClaim('crashed', {
          batch: 'dead-batch',
          checkpoint: 8,
          writer: 'a process that died',
          since: Date.now() - PENDING_BATCH_LEASE_MS - 1,
          operations: [{ put: { _id: 'a', n: 2 } }, { delete: 'b' }, { put: { _id: 'c', n: 1 } }],
        });
        // A writer that read checkpoint 5 before the dead batch was completed must reload.
        await expect(store.commitBatch('crashed', { checkpoint: 9, expectedCheckpoint: 5, upserts: [{ _id: 'a', n: 99 }], deletes: [] })).rejects.toThrow(
          expect.objectContaining({ name: 'CheckpointConflictError', actual: 8 }),
        );
        expect(await store.getMany('crashed', ['a', 'b', 'c'])).toEqual(expect.arrayContaining([{ _id: 'a', n: 2 }, { _id: 'c', n: 1 }]));
        expect(await store.get('crashed', 'b')).toBeUndefined();
        await store.commitBatch('crashed', { checkpoint: 9, expectedCheckpoint: 8, upserts: [{ _id: 'a', n: 3 }], deletes: [] });
        expect(await store.get('crashed', 'a')).toEqual({ _id: 'a', n: 3 });
        expect((await store.getCheckpoint('crashed')).position).toBe(9);
      } finally {
        await store.close();
      }
    });

    it('waits for a batch another live writer is writing instead of writing it twice', async () => {
      const store = await open();
      try {
        await store.ensureCollection('busy', []);
        await leaveClaim('busy', { batch: 'young-batch', checkpoint: 3, writer: 'another process', since: Date.now(), operations: [{ put: { _id: 'x', n: 1 } }] });
        const commit = store.commitBatch('busy', { checkpoint: 4, upserts: [{ _id: 'y', n: 1 }], deletes: [] });
        const early = await Promise.race([commit.then(() => 'committed'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 1_000))]);
        expect(early).toBe('waiting');
        await commit; // the lease ran out: completed the other batch, then its own
        expect(await store.getMany('busy', ['x', 'y'])).toHaveLength(2);
        expect((await store.getCheckpoint('busy')).position).toBe(4);
      } finally {
        await store.close();
      }
    }, PENDING_BATCH_LEASE_MS + 30_000);

    it('commits a batch larger than one journal chunk whole', async () => {
      const store = await open();
      try {
        await store.ensureCollection('large', []);
        const filler = 'x'.repeat(1_600);
        const upserts = Array.from({ length: 800 }, (_, i) => ({ _id: `d${String(i).padStart(4, '0')}`, filler }));
        await store.commitBatch('large', { checkpoint: 1, upserts, deletes: [] });
        expect(await store.count('large')).toBe(800);
        expect((await store.getCheckpoint('large')).position).toBe(1);
        const client = new MongoClient(address);
        try {
          expect(await client.db(dbName).collection('lifeline_journal').countDocuments({})).toBe(0); // cleaned up after the batch
        } finally {
          await client.close();
        }
      } finally {
        await store.close();
      }
    }, 60_000);

    it('finishes a swap interrupted after the live version was retired when the collection is next ensured', async () => {
      const store = await open();
      try {
        await store.ensureCollection('halfswap', []);
        await store.commitBatch('halfswap', { checkpoint: 1, upserts: [{ _id: 'a', v: 1 }], deletes: [] });
        const version = await store.beginRebuild('halfswap', []);
        await store.commitBatch('halfswap', { version, checkpoint: 1, upserts: [{ _id: 'a', v: 2 }], deletes: [] });
        const client = new MongoClient(address);
        try {
          await client.db(dbName).collection<VersionDocument>(META_COLLECTION).updateOne({ collection: 'halfswap', live: true }, { $set: { live: 'retired' } });
        } finally {
          await client.close();
        }
        await expect(store.get('halfswap', 'a')).rejects.toThrow(UnknownCollectionError);
        await store.ensureCollection('halfswap', []);
        expect(await store.get('halfswap', 'a')).toEqual({ _id: 'a', v: 2 });
        expect((await store.status()).collections.find((c) => c.name === 'halfswap')).toMatchObject({ liveVersion: version, documents: 1 });
      } finally {
        await store.close();
      }
    });

    it('shows a swap made through one connection to readers on another', async () => {
      const [projector, api] = [await open(), await open()];
      try {
        await projector.ensureCollection('swap', [{ field: 'status' }]);
        await projector.commitBatch('swap', { checkpoint: 1, upserts: [{ _id: 'a', v: 1 }], deletes: [] });
        expect(await api.get('swap', 'a')).toEqual({ _id: 'a', v: 1 });
        const version = await projector.beginRebuild('swap', [{ field: 'status' }]);
        await projector.commitBatch('swap', { version, checkpoint: 1, upserts: [{ _id: 'a', v: 2 }], deletes: [] });
        await projector.swapIn('swap', version);
        expect(await api.get('swap', 'a')).toEqual({ _id: 'a', v: 2 });
      } finally {
        await projector.close();
        await api.close();
      }
    });
  });
}

if (server.kind === 'environment') {
  mongoReadStoreSuite(`MongoDB at ${server.address.replace(/\/\/[^@/]*@/, '//***@')}`, async () => server.address);
} else if (server.kind === 'testcontainers') {
  let container: StartedMongoDBContainer | undefined;
  jest.setTimeout(CONTAINER_START_TIMEOUT_MS);
  mongoReadStoreSuite(`MongoDB in a container (${MONGODB_IMAGE}, single-node replica set)`, async () => {
    // Loaded only here: Testcontainers takes seconds to import, a skipped run should not pay that.
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    container = await new MongoDBContainer(MONGODB_IMAGE).withStartupTimeout(CONTAINER_START_TIMEOUT_MS).start();
    // The member advertises its in-container name; talk to it directly.
    return `${container.getConnectionString()}/?directConnection=true`;
  });
  // Registered after the suite's own afterAll (which drops the database): hooks run in order.
  afterAll(async () => {
    await container?.stop();
  });
} else {
  describe.skip('MongoDB read-store contract skipped: set MONGO_URL (scripts/services up starts FerretDB) or run a Docker engine', () => {
    it('runs the ReadModelStore contract suite against a real MongoDB', () => undefined);
  });
}
