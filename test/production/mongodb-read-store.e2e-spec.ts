import type { StartedMongoDBContainer } from '@testcontainers/mongodb';
import { MongoClient } from 'mongodb';
import { v4 as uuid } from 'uuid';
import { CheckpointConflictError } from '@lifeline/read-store/port';
import { MongoReadModelStore } from '@lifeline/read-store/mongodb';
import { readModelStoreContract } from '../../libs/read-store/port/src/testing/read-model-store.contract';
import { CONTAINER_START_TIMEOUT_MS, realServerFor } from './real-servers';

// The shared ReadModelStore contract against a real MongoDB replica set: the one in MONGO_URL,
// else a throw-away container when a Docker engine is around, else skipped (never a fake server).
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
    it('lets exactly one of two writers that started from the same checkpoint commit', async () => {
      const [first, second] = [await open(), await open()];
      try {
        await first.ensureCollection('race', []);
        const attempts = await Promise.allSettled(
          [first, second].map((store, i) => store.commitBatch('race', { checkpoint: 10 + i, expectedCheckpoint: 0, upserts: [{ _id: 'doc', writer: i }], deletes: [] })),
        );
        expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
        const refused = attempts.find((attempt) => attempt.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(CheckpointConflictError);
        const winner = attempts.findIndex((attempt) => attempt.status === 'fulfilled');
        expect(await first.get('race', 'doc')).toEqual({ _id: 'doc', writer: winner });
        expect((await second.getCheckpoint('race')).position).toBe(10 + winner);
      } finally {
        await first.close();
        await second.close();
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
  describe.skip('MongoDB read-store contract skipped: set MONGO_URL (a replica set) or run a Docker engine', () => {
    it('runs the ReadModelStore contract suite against a real MongoDB', () => undefined);
  });
}
