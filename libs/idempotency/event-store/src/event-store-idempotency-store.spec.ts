import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MaxAppendSizeExceededError } from '@eventstore/db-client';
import { EventStoreDbEventStore, type EventStoreDbClientSurface } from '@lifeline/event-store/eventstoredb';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { IdempotencyRecord } from '@lifeline/idempotency/port';
import { idempotencyStoreContract } from '../../port/src/testing/idempotency-store.contract';
import {
  EventStoreIdempotencyStore,
  IDEMPOTENCY_RECORDED,
  IdempotencyRecordTooLargeError,
  idempotencyStreamId,
  InvalidIdempotencyRecordError,
  MAX_IDEMPOTENCY_RECORD_BYTES,
} from './event-store-idempotency-store';

// Built on the EventStore port only, so the SQLite event store exercises exactly the code that
// runs on EventStoreDB (whose own contract suite covers the append/read semantics relied on).
const dir = mkdtempSync(join(tmpdir(), 'lifeline-es-idempotency-'));
const opened: SqliteEventStore[] = [];
function openEvents(name: string): SqliteEventStore {
  const store = SqliteEventStore.open(join(dir, name));
  opened.push(store);
  return store;
}
afterAll(async () => {
  for (const store of opened) await store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

idempotencyStoreContract('event store (on SQLite)', async () => new EventStoreIdempotencyStore(openEvents('contract.db')));

const record: IdempotencyRecord = {
  scope: 'POST /customers',
  key: 'k-1',
  requestHash: 'f'.repeat(64),
  status: 201,
  body: { customerId: 'c-1' },
  createdAt: '2025-06-01T12:00:00.000Z',
};

describe('EventStoreIdempotencyStore', () => {
  it('writes one event to a stream of its own, outside the customer streams projections read', async () => {
    const events = openEvents('layout.db');
    await new EventStoreIdempotencyStore(events).remember(record);
    const stream = idempotencyStreamId(record.scope, record.key);
    expect(stream).toMatch(/^idempotency-[0-9a-f]{64}$/);
    const all = await events.readAll();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ streamId: stream, type: IDEMPOTENCY_RECORDED, revision: 0 });
    expect(await events.readAll({ streamPrefix: 'customer-' })).toEqual([]);
  });

  it('does not let a separator inside scope or key make two pairs share a stream', () => {
    expect(idempotencyStreamId('a', 'b-c')).not.toBe(idempotencyStreamId('a-b', 'c'));
    expect(idempotencyStreamId('ab', 'c')).not.toBe(idempotencyStreamId('a', 'bc'));
  });

  it('finds a remembered answer after the event store is reopened', async () => {
    const file = 'reopen.db';
    const first = openEvents(file);
    await new EventStoreIdempotencyStore(first).remember(record);
    await first.close();
    expect(await new EventStoreIdempotencyStore(openEvents(file)).find(record.scope, record.key)).toEqual(record);
  });

  it('keeps an undefined body undefined (not null), and a null body null', async () => {
    const store = new EventStoreIdempotencyStore(openEvents('bodies.db'));
    const undefinedBody = await store.remember({ ...record, key: 'u', body: undefined });
    expect(undefinedBody).toHaveProperty('body', undefined);
    expect(await store.find(record.scope, 'u')).toHaveProperty('body', undefined);
    await store.remember({ ...record, key: 'n', body: null });
    expect(await store.find(record.scope, 'n')).toHaveProperty('body', null);
  });

  it('leaves the event store open when it is closed, and refuses use afterwards', async () => {
    const events = openEvents('owned-elsewhere.db');
    const store = new EventStoreIdempotencyStore(events);
    await store.close();
    await expect(store.find(record.scope, record.key)).rejects.toThrow(/closed/);
    expect(await events.headPosition()).toBe(0);
  });

  it('passes on event-store failures other than a lost race', async () => {
    const events = openEvents('failing.db');
    await events.close();
    await expect(new EventStoreIdempotencyStore(events).remember(record)).rejects.toThrow(/closed/);
  });

  it.each<[string, Partial<IdempotencyRecord>, RegExp]>([
    ['an empty key', { key: '' }, /key/],
    ['an empty scope', { scope: '' }, /scope/],
    ['a status that is no HTTP status', { status: 42 }, /status/],
    ['a createdAt that is no date', { createdAt: 'now' }, /createdAt/],
  ])('refuses %s and writes nothing', async (_, override, message) => {
    const events = openEvents(`invalid-${String(Object.keys(override)[0])}.db`);
    const store = new EventStoreIdempotencyStore(events);
    const bad = { ...record, ...override };
    await expect(store.remember(bad)).rejects.toThrow(InvalidIdempotencyRecordError);
    await expect(store.remember(bad)).rejects.toThrow(message);
    expect(await events.headPosition()).toBe(0);
  });
});

describe('EventStoreIdempotencyStore: answers too large to keep (issue 16.5)', () => {
  const huge = { ...record, key: 'k-huge', body: { report: 'x'.repeat(600 * 1024) } };

  it('refuses a record over its bound before appending anything', async () => {
    const events = openEvents('too-large.db');
    const error = await new EventStoreIdempotencyStore(events).remember(huge).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyRecordTooLargeError);
    expect(error).toMatchObject({ name: 'IdempotencyRecordTooLargeError', maxBytes: MAX_IDEMPOTENCY_RECORD_BYTES });
    // The interceptor logs this message when it answers without remembering: it says why, with both sizes.
    expect((error as Error).message).toMatch(new RegExp(`^the answer to remember is \\d+ bytes, over the ${MAX_IDEMPOTENCY_RECORD_BYTES} this idempotency store keeps; not remembered$`));
    expect(await events.readAll()).toEqual([]);
  });

  it('on EventStoreDB, refuses before sending, and turns a server refusal (smaller MaxAppendSize) into the same error', async () => {
    const appendToStream = jest.fn(async () => Promise.reject(MaxAppendSizeExceededError.fromMaxAppendSize(65_536)));
    const client = { appendToStream, readStream: jest.fn(), readAll: jest.fn(), subscribeToAll: jest.fn(), dispose: jest.fn() };
    const store = new EventStoreIdempotencyStore(new EventStoreDbEventStore(client as unknown as EventStoreDbClientSurface));

    await expect(store.remember(huge)).rejects.toBeInstanceOf(IdempotencyRecordTooLargeError);
    expect(appendToStream).not.toHaveBeenCalled();

    const middling = { ...record, key: 'k-middling', body: { report: 'x'.repeat(100 * 1024) } };
    await expect(store.remember(middling)).rejects.toMatchObject({ name: 'IdempotencyRecordTooLargeError', maxBytes: 65_536 });
    expect(appendToStream).toHaveBeenCalledTimes(1);
  });
});
