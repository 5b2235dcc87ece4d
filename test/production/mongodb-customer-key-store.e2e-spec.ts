import { MongoClient } from 'mongodb';
import { v4 as uuid } from 'uuid';
import { CUSTOMER_KEYS_COLLECTION, MongoCustomerKeyStore } from '@lifeline/customer-keys/mongodb';
import { customerKeyStoreContract } from '../../libs/customer-keys/port/src/testing/customer-key-store.contract';
import { realServerFor } from './real-servers';

// The CustomerKeyStore contract against the real MongoDB (FerretDB in CI) in MONGO_URL.
// With LIFELINE_REQUIRE_REAL_SERVERS=1 a missing MONGO_URL fails here instead of skipping.
const server = realServerFor('MONGO_URL');

if (server.kind === 'environment') {
  const url = server.address;
  describe('MongoCustomerKeyStore on the MongoDB in MONGO_URL', () => {
    const dbName = `lifeline_customer_keys_${uuid().slice(0, 8)}`;
    afterAll(async () => {
      const client = new MongoClient(url);
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    });
    customerKeyStoreContract(async () => {
      const client = new MongoClient(url);
      await client.db(dbName).collection(CUSTOMER_KEYS_COLLECTION).deleteMany({});
      await client.close();
      return MongoCustomerKeyStore.connect(url, dbName);
    });
  });
} else {
  describe.skip('MongoDB customer-key store contract skipped: set MONGO_URL (scripts/services up starts FerretDB)', () => {
    it('runs the CustomerKeyStore contract suite against a real MongoDB', () => undefined);
  });
}
