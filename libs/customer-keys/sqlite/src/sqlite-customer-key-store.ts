import { assertKeyLength, type CustomerKey, type CustomerKeyStore } from '@lifeline/customer-keys/port';
import { openSqliteDatabase, type SqliteDatabase } from '@lifeline/sqlite';

interface Row {
  customer_id: string;
  key: Buffer | null;
  erased_at: string | null;
}

/** SQLite's limit is 32,766 bound variables; pages of the log name far fewer customers. */
const IDS_PER_QUERY = 500;

/**
 * Customer data keys in their own SQLite file (`personal-keys.db` in the data folder), apart
 * from the events (whose file is never rewritten) and the read models.
 *
 * Deleted bytes must not stay in the file: `secure_delete = ON` makes SQLite overwrite the
 * freed space with zeros, and after every erasure a `wal_checkpoint(TRUNCATE)` copies the
 * WAL into the file and empties it (the WAL would otherwise hold the page with the key
 * until it is overwritten).
 */
export class SqliteCustomerKeyStore implements CustomerKeyStore {
  private readonly selectOne;
  private readonly insertIfAbsent;
  private readonly tombstone;

  private constructor(private readonly db: SqliteDatabase) {
    db.pragma('secure_delete = ON');
    db.exec(`CREATE TABLE IF NOT EXISTS customer_keys (
      customer_id TEXT PRIMARY KEY,
      key BLOB CHECK (key IS NULL OR length(key) = 32),
      erased_at TEXT,
      CHECK ((key IS NULL) <> (erased_at IS NULL))
    ) WITHOUT ROWID`);
    this.selectOne = db.prepare<[string], Row>('SELECT customer_id, key, erased_at FROM customer_keys WHERE customer_id = ?');
    this.insertIfAbsent = db.prepare('INSERT INTO customer_keys (customer_id, key, erased_at) VALUES (?, ?, NULL) ON CONFLICT (customer_id) DO NOTHING');
    this.tombstone = db.prepare(
      `INSERT INTO customer_keys (customer_id, key, erased_at) VALUES (?, NULL, ?)
       ON CONFLICT (customer_id) DO UPDATE SET key = NULL, erased_at = excluded.erased_at WHERE customer_keys.erased_at IS NULL`,
    );
  }

  static open(filename: string): SqliteCustomerKeyStore {
    return new SqliteCustomerKeyStore(openSqliteDatabase(filename));
  }

  async find(customerId: string): Promise<CustomerKey> {
    return toKey(this.selectOne.get(customerId));
  }

  async findMany(customerIds: readonly string[]): Promise<Map<string, CustomerKey>> {
    const found = new Map<string, CustomerKey>();
    const unique = [...new Set(customerIds)];
    for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
      const ids = unique.slice(i, i + IDS_PER_QUERY);
      const rows = this.db
        .prepare<string[], Row>(`SELECT customer_id, key, erased_at FROM customer_keys WHERE customer_id IN (${ids.map(() => '?').join(',')})`)
        .all(...ids);
      for (const row of rows) found.set(row.customer_id, toKey(row));
    }
    return found;
  }

  async getOrCreate(customerId: string, candidate: Buffer): Promise<Exclude<CustomerKey, { state: 'absent' }>> {
    assertKeyLength(candidate);
    if (this.insertIfAbsent.run(customerId, candidate).changes === 1) return { state: 'present', key: Buffer.from(candidate) };
    return toKey(this.selectOne.get(customerId)) as Exclude<CustomerKey, { state: 'absent' }>;
  }

  async erase(customerId: string, at: string): Promise<{ erasedAt: string; alreadyErased: boolean }> {
    const before = this.selectOne.get(customerId);
    if (before?.erased_at != null) return { erasedAt: before.erased_at, alreadyErased: true };
    this.tombstone.run(customerId, at);
    this.discardFreedBytes();
    return { erasedAt: this.selectOne.get(customerId)!.erased_at!, alreadyErased: false };
  }

  /**
   * Moves the WAL into the file (where secure_delete zeroed the old key) and truncates it. A
   * reader in another connection can hold the checkpoint back; it is retried a few times, and
   * the next erasure or the last connection's close (SQLite checkpoints then) finishes it.
   */
  private discardFreedBytes(): void {
    for (let attempt = 0; attempt < 5; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (!result || result.busy === 0) return;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toKey(row: Row | undefined): CustomerKey {
  if (row === undefined) return { state: 'absent' };
  if (row.erased_at !== null) return { state: 'erased', erasedAt: row.erased_at };
  return { state: 'present', key: Buffer.from(row.key!) };
}
