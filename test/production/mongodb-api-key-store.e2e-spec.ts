import { MongoClient } from 'mongodb';
import { v4 as uuid } from 'uuid';
import { MongoApiKeyStore } from '@lifeline/auth/mongodb';
import { apiKeyStoreContract } from '../../libs/auth/port/src/testing/api-key-store.contract';

// The ApiKeyStore contract against the real MongoDB in MONGO_URL (the read-store suite next
// to this one also starts a container when a Docker engine is around; keys need no second one).
const url = process.env['MONGO_URL'];

if (url) {
  describe('MongoApiKeyStore on the MongoDB in MONGO_URL', () => {
    const dbName = `lifeline_keys_${uuid().slice(0, 8)}`;
    afterAll(async () => {
      const client = new MongoClient(url);
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    });
    apiKeyStoreContract(async () => {
      const store = await MongoApiKeyStore.connect(url, dbName);
      // A fresh store per test: empty the collection this test sees.
      const client = new MongoClient(url);
      await client.db(dbName).collection('lifeline_api_keys').deleteMany({});
      await client.close();
      return store;
    });
  });
} else {
  describe.skip('MongoDB API-key store contract skipped: set MONGO_URL', () => {
    it('runs the ApiKeyStore contract suite against a real MongoDB', () => undefined);
  });
}
