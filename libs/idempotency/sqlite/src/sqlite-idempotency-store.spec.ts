import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, type SqliteDatabase } from '@lifeline/sqlite';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { IdempotencyRecord } from '@lifeline/idempotency/port';
import { idempotencyStoreContract } from '../../port/src/testing/idempotency-store.contract';
import { InvalidIdempotencyRecordError, SqliteIdempotencyStore } from './sqlite-idempotency-store';

const dir = mkdtempSync(join(tmpdir(), 'lifeline-idempotency-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opened: SqliteDatabase[] = [];
afterAll(() => opened.forEach((db) => db.open && db.close()));
function openFile(name: string): SqliteDatabase {
  const db = openSqliteDatabase(join(dir, name));
  opened.push(db);
  return db;
}

idempotencyStoreContract('SQLite', async () => new SqliteIdempotencyStore(openFile('contract.db')));

const record: IdempotencyRecord = {
  scope: 'POST /customers',
  key: 'k-1',
  requestHash: 'f'.repeat(64),
  status: 201,
  body: { customerId: 'c-1' },
  createdAt: '2025-06-01T12:00:00.000Z',
};

describe('SqliteIdempotencyStore', () => {
  it('finds a remembered answer again after the file is closed and reopened', async () => {
    const first = openFile('reopen.db');
    await new SqliteIdempotencyStore(first).remember(record);
    first.close();

    const reopened = new SqliteIdempotencyStore(openFile('reopen.db'));
    expect(await reopened.find(record.scope, record.key)).toEqual(record);
  });

  it("lives in the event store's file next to the events, both surviving a reopen", async () => {
    const file = join(dir, 'shared.db');
    const events = SqliteEventStore.open(file);
    await new SqliteIdempotencyStore(events.database).remember(record);
    await events.close();

    const reopened = SqliteEventStore.open(file);
    try {
      expect(await new SqliteIdempotencyStore(reopened.database).find(record.scope, record.key)).toEqual(record);
    } finally {
      await reopened.close();
    }
  });

  it('leaves the shared handle open when it is closed', async () => {
    const db = openFile('owned-elsewhere.db');
    await new SqliteIdempotencyStore(db).close();
    expect(db.open).toBe(true);
  });

  it('keeps an undefined body undefined (not null)', async () => {
    const store = new SqliteIdempotencyStore(openFile('undefined-body.db'));
    const stored = await store.remember({ ...record, body: undefined });
    expect(stored).toEqual({ ...record, body: undefined });
    expect(stored).toHaveProperty('body', undefined);
  });

  it.each<[string, Partial<IdempotencyRecord>, RegExp]>([
    ['an empty key', { key: '' }, /key/],
    ['an empty scope', { scope: '' }, /scope/],
    ['a status that is no HTTP status', { status: 42 }, /status/],
    ['a createdAt that is no date', { createdAt: 'now' }, /createdAt/],
  ])('refuses %s and stores nothing', async (_, override, message) => {
    const store = new SqliteIdempotencyStore(openFile('invalid.db'));
    const bad = { ...record, key: `bad-${String(override.key ?? Math.random())}`, ...override };
    await expect(store.remember(bad)).rejects.toThrow(InvalidIdempotencyRecordError);
    await expect(store.remember(bad)).rejects.toThrow(message);
    expect(await store.find(bad.scope, bad.key)).toBeUndefined();
  });
});
