import { Binary, MongoClient, MongoServerError, type Collection } from 'mongodb';
import { assertKeyLength, type CustomerKey, type CustomerKeyStore } from '@lifeline/customer-keys/port';

export const CUSTOMER_KEYS_COLLECTION = 'lifeline_customer_keys';

interface KeyDocument {
  _id: string;
  key?: Binary;
  erasedAt?: string;
}

/**
 * Customer data keys in a MongoDB collection of the read store's database (production).
 * An erasure replaces the document by a tombstone without the key. What the server keeps of
 * deleted bytes (WiredTiger reuses the space; the oplog keeps the insert for its window;
 * backups) is the operator's to bound: docs/security.md#erasure.
 */
export class MongoCustomerKeyStore implements CustomerKeyStore {
  private constructor(
    private readonly client: MongoClient | undefined,
    private readonly keys: Collection<KeyDocument>,
  ) {}

  static async connect(url: string, dbName: string): Promise<MongoCustomerKeyStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000, ignoreUndefined: true });
    try {
      await client.connect();
      return MongoCustomerKeyStore.on(client.db(dbName).collection<KeyDocument>(CUSTOMER_KEYS_COLLECTION), client);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  /** On a collection someone else connected (tests, or a shared client); `owned` is closed by close(). */
  static on(collection: Collection<KeyDocument>, owned?: MongoClient): MongoCustomerKeyStore {
    return new MongoCustomerKeyStore(owned, collection);
  }

  async find(customerId: string): Promise<CustomerKey> {
    return toKey(await this.keys.findOne({ _id: customerId }));
  }

  async findMany(customerIds: readonly string[]): Promise<Map<string, CustomerKey>> {
    const found = new Map<string, CustomerKey>();
    if (customerIds.length === 0) return found;
    for (const document of await this.keys.find({ _id: { $in: [...new Set(customerIds)] } }).toArray()) found.set(document._id, toKey(document));
    return found;
  }

  async getOrCreate(customerId: string, candidate: Buffer): Promise<Exclude<CustomerKey, { state: 'absent' }>> {
    assertKeyLength(candidate);
    try {
      // The unique _id makes the server pick one key among concurrent creators.
      await this.keys.insertOne({ _id: customerId, key: new Binary(candidate) });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
    }
    return toKey(await this.keys.findOne({ _id: customerId })) as Exclude<CustomerKey, { state: 'absent' }>;
  }

  async erase(customerId: string, at: string): Promise<{ erasedAt: string; alreadyErased: boolean }> {
    const before = await this.keys.findOne({ _id: customerId });
    if (before?.erasedAt !== undefined) return { erasedAt: before.erasedAt, alreadyErased: true };
    // A replacement, not an update that unsets the field: the whole document is rewritten without the key.
    await this.keys.replaceOne({ _id: customerId, erasedAt: { $exists: false } }, { erasedAt: at }, { upsert: true }).catch((error: unknown) => {
      // Two erasures at once: the other's upsert won; its time stands.
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
    });
    const after = await this.keys.findOne({ _id: customerId });
    return { erasedAt: after!.erasedAt!, alreadyErased: after!.erasedAt !== at };
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}

function toKey(document: KeyDocument | null): CustomerKey {
  if (document === null) return { state: 'absent' };
  if (document.erasedAt !== undefined) return { state: 'erased', erasedAt: document.erasedAt };
  return { state: 'present', key: Buffer.from(document.key!.buffer) };
}
