import type { IdempotencyRecord, IdempotencyStore } from '@lifeline/idempotency/port';
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

export class InvalidIdempotencyRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidIdempotencyRecordError';
  }
}

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
    validate(record);
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

function validate(record: IdempotencyRecord): void {
  const nonEmpty = (value: unknown) => typeof value === 'string' && value.length > 0;
  if (!nonEmpty(record.scope)) throw new InvalidIdempotencyRecordError('scope must be a non-empty string');
  if (!nonEmpty(record.key)) throw new InvalidIdempotencyRecordError('key must be a non-empty string');
  if (!nonEmpty(record.requestHash)) throw new InvalidIdempotencyRecordError('requestHash must be a non-empty string');
  if (!Number.isInteger(record.status) || record.status < 100 || record.status > 599) {
    throw new InvalidIdempotencyRecordError(`status must be an HTTP status code (100-599), got ${String(record.status)}`);
  }
  if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) {
    throw new InvalidIdempotencyRecordError(`createdAt must be an ISO-8601 date-time, got ${String(record.createdAt)}`);
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
