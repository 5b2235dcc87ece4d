import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiKeyStore } from '@lifeline/auth/port';
import { MongoApiKeyStore } from '@lifeline/auth/mongodb';
import { SqliteApiKeyStore } from '@lifeline/auth/sqlite';
import type { LifelineConfig } from '@lifeline/config';

export const AUTH_DB_FILE = 'auth.db';

/** The database named in the connection string's path, else `lifeline` (as the read store picks it). */
const databaseNameOf = (url: string) => {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/.exec(url);
  return match ? decodeURIComponent(match[1]!) : 'lifeline';
};

/**
 * API keys live where the read models do: a SQLite file of their own in the data folder
 * (embedded), a collection in the read store's MongoDB database (production). Never in the
 * event store: keys are revoked by deleting them.
 */
export async function openApiKeyStore(config: LifelineConfig): Promise<ApiKeyStore> {
  if (config.readStore === 'mongodb') return MongoApiKeyStore.connect(config.mongoUrl!, databaseNameOf(config.mongoUrl!));
  mkdirSync(config.dataDir, { recursive: true });
  return SqliteApiKeyStore.open(join(config.dataDir, AUTH_DB_FILE));
}
