import { BACKWARDS, type ReadAllOptions } from '@eventstore/db-client';
import { EventStoreDbEventStore, type EventStoreDbClientSurface } from '@lifeline/event-store/eventstoredb';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';
import type { ReadModelStore } from '@lifeline/read-store/port';
import { clientReadOf, clientSubscription, wireEvent, type WireEvent } from '../../../event-store/eventstoredb/src/testing/client-boundary';
import { LAG_COUNT_LIMIT, lagBehind } from './lag';
import type { DocumentProjection } from './projection';
import { Projector } from './projector';

/**
 * An EventStoreDB log as the client hands it over (its own read streams): positions are byte
 * offsets, so head − checkpoint is thousands while a handful of events are behind.
 */
function eventStoreDbWith(log: readonly WireEvent[]): EventStoreDbEventStore {
  const readAll = jest.fn((options: ReadAllOptions) => {
    const count = Number(options.maxCount ?? log.length);
    if (options.direction === BACKWARDS) return clientReadOf([...log].reverse().slice(0, count).map(wireEvent)).read;
    const from = options.fromPosition === 'start' || options.fromPosition === undefined ? -1n : (options.fromPosition as { commit: bigint }).commit;
    return clientReadOf(log.filter((event) => event.commit >= from).slice(0, count).map(wireEvent)).read;
  });
  const client = { appendToStream: jest.fn(), readStream: jest.fn(), readAll, subscribeToAll: jest.fn(() => clientSubscription().subscription), dispose: jest.fn() };
  return new EventStoreDbEventStore(client as unknown as EventStoreDbClientSurface);
}

const LOG: WireEvent[] = [
  { commit: 1000n, streamId: 'customer-c-1', created: new Date(Date.now() - 90_000) },
  { commit: 2900n, streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' },
  { commit: 4700n, streamId: 'idempotency-ab', created: new Date(Date.now() - 60_000) },
  { commit: 6100n, streamId: 'customer-c-2', created: new Date(Date.now() - 30_000) },
  { commit: 8800n, streamId: 'customer-c-3' },
  { commit: 9000n, streamId: 'customer-c-1', revision: 1n },
];

describe('lag is in events, whatever the store positions are', () => {
  it('on EventStoreDB counts the customer events after the checkpoint, not the bytes', async () => {
    const store = eventStoreDbWith(LOG);
    const head = await store.headPosition();
    expect(head).toBe(9000);
    const lag = await lagBehind(store, 1000, head);
    expect(lag.events).toBe(3);
    expect(lag.seconds).toBeGreaterThanOrEqual(29);
    await expect(lagBehind(store, 9000, head)).resolves.toEqual({ events: 0, seconds: 0 });
  });

  it('lag in seconds is the age of the oldest customer event not applied yet, not of the log or of other streams', async () => {
    const now = Date.parse('2025-06-01T12:00:00.000Z');
    const ago = (seconds: number) => new Date(now - seconds * 1000);
    const store = eventStoreDbWith([
      { commit: 1000n, streamId: 'customer-c-1', created: ago(90) },
      { commit: 4700n, streamId: 'idempotency-ab', created: ago(60) },
      { commit: 6100n, streamId: 'customer-c-2', created: ago(30) },
      { commit: 8800n, streamId: 'customer-c-3', created: ago(10) },
    ]);
    await expect(lagBehind(store, 1000, 8800, { now })).resolves.toEqual({ events: 2, seconds: 30 });
    await expect(lagBehind(store, 6100, 8800, { now })).resolves.toEqual({ events: 1, seconds: 10 });
  });

  it('a reader past every customer event is not behind while other streams move on', async () => {
    const store = SqliteEventStore.open(':memory:');
    const append = (streamId: string) =>
      store.appendToStream(streamId, [{ eventId: crypto.randomUUID(), type: 'T', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: {}, metadata: {} }], { expectedRevision: 'any' });
    await append('customer-a');
    await append('idempotency-x');
    await append('idempotency-y');
    await expect(lagBehind(store, 1, await store.headPosition())).resolves.toEqual({ events: 0, seconds: 0 });
    await store.close();
  });

  it('the projector status reports that count as its lag', async () => {
    const projection = { name: 'applied', version: 1, indexes: [] } as unknown as DocumentProjection<object>;
    const [status] = await new Projector(eventStoreDbWith(LOG), {} as ReadModelStore, [projection]).status();
    expect(status).toMatchObject({ checkpoint: 0, headPosition: 9000, lag: 4 });
  });

  it('on SQLite leaves out events of other streams too, and stops counting at the limit', async () => {
    const store = SqliteEventStore.open(':memory:');
    const append = (streamId: string) =>
      store.appendToStream(streamId, [{ eventId: crypto.randomUUID(), type: 'T', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: {}, metadata: {} }], { expectedRevision: 'any' });
    await append('customer-a');
    await append('idempotency-x');
    await append('customer-b');
    expect((await lagBehind(store, 0, await store.headPosition())).events).toBe(2);
    await expect(store.countEventsAfter(0, { streamPrefix: 'customer-', limit: 1 })).resolves.toBe(1);
    expect(LAG_COUNT_LIMIT).toBeGreaterThan(99_999); // LIFELINE_READY_MAX_LAG_EVENTS goes up to 99,999
    await store.close();
  });
});
