import { assertValidIdempotencyRecord, type IdempotencyRecord, type IdempotencyStore } from '@lifeline/idempotency/port';
import type { SqliteDatabase } from '@lifeline/sqlite';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope        TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT    CHECK (body IS NULL OR json_valid(body)),
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (scope, key)
  ) WITHOUT ROWID;
`;

interface Row {
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  body: string | null;
  created_at: string;
}

// Re-exported: callers of this adapter catch it from here as before.
export { InvalidIdempotencyRecordError } from '@lifeline/idempotency/port';

/**
 * Idempotency-Key answers in their own table of a SQLite file, normally the event store's
 * (so they survive restarts alongside the events they describe). The handle belongs to
 * whoever opened it: close() here does not close it.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly insertIfAbsent;
  private readonly select;
  private closed = false;

  constructor(db: SqliteDatabase) {
    db.exec(SCHEMA);
    this.insertIfAbsent = db.prepare(
      'INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING',
    );
    this.select = db.prepare<[string, string], Row>('SELECT scope, key, request_hash, status, body, created_at FROM idempotency_keys WHERE scope = ? AND key = ?');
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    this.assertOpen();
    const row = this.select.get(scope, key);
    return row && toRecord(row);
  }

  /** Insert-or-ignore, then read back: the first writer wins and every caller learns its answer. */
  async remember(record: IdempotencyRecord): Promise<IdempotencyRecord> {
    this.assertOpen();
    assertValidIdempotencyRecord(record);
    const body = record.body === undefined ? null : JSON.stringify(record.body);
    this.insertIfAbsent.run(record.scope, record.key, record.requestHash, record.status, body, record.createdAt);
    return toRecord(this.select.get(record.scope, record.key)!);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteIdempotencyStore is closed');
  }
}

function toRecord(row: Row): IdempotencyRecord {
  return {
    scope: row.scope,
    key: row.key,
    requestHash: row.request_hash,
    status: row.status,
    body: row.body === null ? undefined : (JSON.parse(row.body) as unknown),
    createdAt: row.created_at,
  };
}
