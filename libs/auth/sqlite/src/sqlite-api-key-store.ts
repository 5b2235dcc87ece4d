import { DuplicateApiKeyNameError, isRole, type ApiKeyRecord, type ApiKeyStore } from '@lifeline/auth/port';
import { openSqliteDatabase, type SqliteDatabase } from '@lifeline/sqlite';

interface Row {
  id: string;
  name: string;
  role: string;
  hash: string;
  created_at: string;
  last_used_at: string | null;
}

/** API keys in their own SQLite file (auth.db) next to the data: hashes only. */
export class SqliteApiKeyStore implements ApiKeyStore {
  /** Looked up on every authenticated request: prepared once (it was a fifth of the auth guard's time). */
  private readonly byHash;

  private constructor(private readonly db: SqliteDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      role TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      last_used_at TEXT
    )`);
    this.byHash = db.prepare<[string], Row>('SELECT * FROM api_keys WHERE hash = ?');
  }

  static open(filename: string): SqliteApiKeyStore {
    return new SqliteApiKeyStore(openSqliteDatabase(filename));
  }

  async add(record: ApiKeyRecord): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO api_keys (id, name, role, hash, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(record.id, record.name, record.role, record.hash, record.createdAt, record.lastUsedAt ?? null);
    } catch (error) {
      // By code and message, not instanceof: the native module's errors may come from another realm (jest).
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' && /api_keys\.name/.test(String(message))) throw new DuplicateApiKeyNameError(record.name);
      throw error;
    }
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const row = this.byHash.get(hash);
    return row === undefined ? undefined : toRecord(row);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, name').all() as Row[]).map(toRecord);
  }

  async revoke(nameOrId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM api_keys WHERE name = ? OR id = ?').run(nameOrId, nameOrId).changes > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM api_keys').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toRecord(row: Row): ApiKeyRecord {
  if (!isRole(row.role)) throw new Error(`API key ${row.id} has an unknown role "${row.role}"`);
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    hash: row.hash,
    createdAt: row.created_at,
    ...(row.last_used_at !== null && { lastUsedAt: row.last_used_at }),
  };
}
