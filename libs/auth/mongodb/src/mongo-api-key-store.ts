import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import { DuplicateApiKeyNameError, isRole, type ApiKeyRecord, type ApiKeyStore } from '@lifeline/auth/port';

export const API_KEYS_COLLECTION = 'lifeline_api_keys';

interface KeyDocument {
  _id: string;
  name: string;
  role: string;
  hash: string;
  createdAt: string;
  lastUsedAt?: string;
}

/** API keys in a MongoDB collection (production): hashes only, unique names and hashes enforced by the server. */
export class MongoApiKeyStore implements ApiKeyStore {
  private constructor(
    private readonly client: MongoClient | undefined,
    private readonly keys: Collection<KeyDocument>,
  ) {}

  /** Connects its own client (the CLI); the database is the one named in the URL, else `lifeline`. */
  static async connect(url: string, dbName: string): Promise<MongoApiKeyStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000, ignoreUndefined: true });
    try {
      await client.connect();
      return await MongoApiKeyStore.on(client.db(dbName).collection<KeyDocument>(API_KEYS_COLLECTION), client);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  static async on(collection: Collection<KeyDocument>, owned?: MongoClient): Promise<MongoApiKeyStore> {
    await collection.createIndex({ name: 1 }, { unique: true, name: 'unique_name' });
    await collection.createIndex({ hash: 1 }, { unique: true, name: 'unique_hash' });
    return new MongoApiKeyStore(owned, collection);
  }

  async add(record: ApiKeyRecord): Promise<void> {
    try {
      await this.keys.insertOne({
        _id: record.id,
        name: record.name,
        role: record.role,
        hash: record.hash,
        createdAt: record.createdAt,
        ...(record.lastUsedAt !== undefined && { lastUsedAt: record.lastUsedAt }),
      });
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000 && (await this.isNameClash(error, record.name))) throw new DuplicateApiKeyNameError(record.name);
      throw error;
    }
  }

  /**
   * Which unique index refused the insert: MongoDB names it in the message (and keyPattern);
   * FerretDB 1.x says only "E11000 duplicate key error collection: …", so then the name is looked up.
   */
  private async isNameClash(error: MongoServerError, name: string): Promise<boolean> {
    if (/unique_name/.test(error.message) || (error['keyPattern'] as Record<string, unknown> | undefined)?.['name'] !== undefined) return true;
    if (/unique_hash|_id_/.test(error.message) || error['keyPattern'] !== undefined) return false;
    return (await this.keys.countDocuments({ name }, { limit: 1 })) > 0;
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const document = await this.keys.findOne({ hash });
    return document === null ? undefined : toRecord(document);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.keys.find({}).sort({ createdAt: 1, name: 1 }).toArray()).map(toRecord);
  }

  async revoke(nameOrId: string): Promise<boolean> {
    return (await this.keys.deleteOne({ $or: [{ name: nameOrId }, { _id: nameOrId }] })).deletedCount > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.keys.updateOne({ _id: id }, { $set: { lastUsedAt: at } });
  }

  async count(): Promise<number> {
    return this.keys.countDocuments({});
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}

function toRecord(document: KeyDocument): ApiKeyRecord {
  if (!isRole(document.role)) throw new Error(`API key ${document._id} has an unknown role "${document.role}"`);
  return {
    id: document._id,
    name: document.name,
    role: document.role,
    hash: document.hash,
    createdAt: document.createdAt,
    ...(document.lastUsedAt !== undefined && { lastUsedAt: document.lastUsedAt }),
  };
}
