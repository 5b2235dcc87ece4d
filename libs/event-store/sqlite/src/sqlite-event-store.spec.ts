import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v4 as uuid } from 'uuid';
import { WrongExpectedRevisionError, type EventToAppend, type RecordedEvent } from '@lifeline/event-store/port';
import { eventStoreContract } from '../../port/src/testing/event-store.contract';
import { EventIdConflictError, InvalidAppendError, SqliteEventStore } from './sqlite-event-store';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-events-'));
  dirs.push(dir);
  return join(dir, 'events.db');
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

eventStoreContract('SQLite file', async () => SqliteEventStore.open(tempFile()));
eventStoreContract('SQLite :memory:', async () => SqliteEventStore.open(':memory:'));

function anEvent(data: Record<string, unknown> = { n: 1 }): EventToAppend {
  return { eventId: uuid(), type: 'Tested', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data, metadata: {} };
}

describe('SqliteEventStore', () => {
  it('keeps every event across close and reopen, and continues positions and revisions after them', async () => {
    const file = tempFile();
    const first = SqliteEventStore.open(file);
    const written = [anEvent({ n: 1 }), anEvent({ n: 2 })];
    const before = await first.appendToStream('s-1', written, { expectedRevision: 'no_stream' });
    await first.close();

    const reopened = SqliteEventStore.open(file);
    try {
      expect((await reopened.readStream('s-1')).map((e) => e.eventId)).toEqual(written.map((e) => e.eventId));
      expect(await reopened.headPosition()).toBe(before.position);
      const after = await reopened.appendToStream('s-1', [anEvent()], { expectedRevision: 1 });
      expect(after).toEqual({ nextExpectedRevision: 2, position: before.position + 1 });
    } finally {
      await reopened.close();
    }
  });

  describe('two instances on one file (as the API and the projector processes are)', () => {
    let file: string;
    let writer: SqliteEventStore;
    let other: SqliteEventStore;
    beforeEach(() => {
      file = tempFile();
      writer = SqliteEventStore.open(file);
      other = SqliteEventStore.open(file, { pollIntervalMs: 20 });
    });
    afterEach(async () => {
      await writer.close();
      await other.close();
    });

    it("delivers the other instance's appends to a live subscription, found by polling", async () => {
      const subscription = other.subscribeToAll({ after: 0 });
      const received: RecordedEvent[] = [];
      const loop = (async () => {
        for await (const event of subscription) received.push(event);
      })();
      await writer.appendToStream('s-1', [anEvent({ n: 1 })], { expectedRevision: 'no_stream' });
      await waitUntil(() => received.length === 1);
      await writer.appendToStream('s-2', [anEvent({ n: 2 }), anEvent({ n: 3 })], { expectedRevision: 'no_stream' });
      await waitUntil(() => received.length === 3);
      await subscription.close();
      await loop;
      expect(received.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(received.map((e) => e.position)).toEqual([1, 2, 3]);
    });

    it('checks the expected revision against the file, not a cached view: a write by the other instance is a conflict', async () => {
      await writer.appendToStream('s-1', [anEvent()], { expectedRevision: 'no_stream' });
      await other.appendToStream('s-1', [anEvent()], { expectedRevision: 0 });
      const error = await writer.appendToStream('s-1', [anEvent()], { expectedRevision: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ actual: 1 });
    });
  });

  describe('event ids', () => {
    let store: SqliteEventStore;
    beforeEach(() => (store = SqliteEventStore.open(':memory:')));
    afterEach(() => store.close());

    it('refuses an event id already stored in another stream and writes nothing', async () => {
      const event = anEvent();
      await store.appendToStream('s-1', [event], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream('s-2', [event], { expectedRevision: 'no_stream' })).rejects.toThrow(EventIdConflictError);
      await expect(store.appendToStream('s-2', [anEvent(), event], { expectedRevision: 'no_stream' })).rejects.toThrow(EventIdConflictError);
      expect(await store.readStream('s-2')).toEqual([]);
    });

    it('refuses a retried batch that only partly matches what is stored', async () => {
      const [a, b] = [anEvent(), anEvent()];
      await store.appendToStream('s-1', [a, b], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream('s-1', [a, anEvent()], { expectedRevision: 'no_stream' })).rejects.toThrow(/does not match what is stored/);
      await expect(store.appendToStream('s-1', [a, b, anEvent()], { expectedRevision: 'no_stream' })).rejects.toThrow(EventIdConflictError);
      expect(await store.readStream('s-1')).toHaveLength(2);
    });

    it('treats a retry at another place than the original as a revision conflict', async () => {
      const a = anEvent();
      await store.appendToStream('s-1', [anEvent(), a], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream('s-1', [a], { expectedRevision: 1 })).rejects.toThrow(WrongExpectedRevisionError);
      await expect(store.appendToStream('s-1', [a], { expectedRevision: 'no_stream' })).rejects.toThrow(WrongExpectedRevisionError);
      await expect(store.appendToStream('s-1', [a], { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 1 });
    });

    it('refuses the same id twice in one batch', async () => {
      const a = anEvent();
      await expect(store.appendToStream('s-1', [a, a], { expectedRevision: 'no_stream' })).rejects.toThrow(/appears twice/);
    });
  });

  describe('bad input', () => {
    let store: SqliteEventStore;
    beforeEach(() => (store = SqliteEventStore.open(':memory:')));
    afterEach(() => store.close());

    it.each<[string, Partial<EventToAppend>, RegExp]>([
      ['an empty type', { type: '' }, /type/],
      ['a fractional schema version', { schemaVersion: 1.5 }, /schemaVersion/],
      ['an occurredAt that is no date', { occurredAt: 'yesterday' }, /occurredAt/],
      ['data that is an array', { data: [] as unknown as Record<string, unknown> }, /data must be a JSON object/],
      ['metadata that is null', { metadata: null as unknown as Record<string, unknown> }, /metadata/],
    ])('refuses %s with a clear error, writing nothing', async (_, override, message) => {
      const error = await store.appendToStream('s-1', [anEvent(), { ...anEvent(), ...override }], { expectedRevision: 'any' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidAppendError);
      expect((error as Error).message).toMatch(message);
      expect(await store.headPosition()).toBe(0);
    });

    it('refuses a negative or fractional expected revision', async () => {
      await expect(store.appendToStream('s-1', [anEvent()], { expectedRevision: -1 })).rejects.toThrow(InvalidAppendError);
      await expect(store.appendToStream('s-1', [anEvent()], { expectedRevision: 0.5 })).rejects.toThrow(InvalidAppendError);
    });

    it('rolls back the whole batch when data cannot be serialised', async () => {
      const unserialisable = anEvent({ big: 1n });
      await expect(store.appendToStream('s-1', [anEvent(), unserialisable], { expectedRevision: 'no_stream' })).rejects.toThrow(/BigInt/);
      expect(await store.readStream('s-1')).toEqual([]);
    });

    it('refuses negative read positions and counts', async () => {
      await expect(store.readAll({ after: -1 })).rejects.toThrow(RangeError);
      await expect(store.readStream('s-1', { maxCount: -2 })).rejects.toThrow(RangeError);
      expect(() => store.subscribeToAll({ after: 1.5 })).toThrow(RangeError);
    });
  });

  it('appends a batch of streams in one transaction: one refused stream writes nothing of the others', async () => {
    const store = SqliteEventStore.open(':memory:');
    const event = () => ({ eventId: randomUUID(), type: 'T', schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', data: {}, metadata: {} });
    await store.appendToStream('b', [event()], { expectedRevision: 'no_stream' });
    const head = await store.headPosition();
    await expect(
      store.appendToStreams([
        { streamId: 'a', events: [event(), event()], expectedRevision: 'no_stream' },
        { streamId: 'b', events: [event()], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', streamId: 'b' });
    expect(await store.headPosition()).toBe(head);
    expect(await store.readStream('a')).toEqual([]);
    await store.close();
  });

  it('runs a bulk load with a larger page cache and fewer checkpoints, then restores both and empties the WAL', async () => {
    const file = tempFile();
    const store = SqliteEventStore.open(file);
    try {
      const db = store.database;
      const settings = () => ({ cache: db.pragma('cache_size', { simple: true }), checkpoint: db.pragma('wal_autocheckpoint', { simple: true }) });
      const before = settings();
      const during = await store.bulkAppending(async () => {
        await store.appendToStreams([{ streamId: 'bulk-1', events: [anEvent(), anEvent()], expectedRevision: 'no_stream' }]);
        return settings();
      });
      expect(during.cache).toBeLessThan(-32_768); // negative: KiB, so more than 32 MB
      expect(during.checkpoint).toBeGreaterThan(before.checkpoint as number);
      expect(settings()).toEqual(before);
      expect(statSync(`${file}-wal`).size).toBe(0);
      expect(await store.readStream('bulk-1')).toHaveLength(2);
      // Restored even when the work fails.
      await expect(store.bulkAppending(async () => Promise.reject(new Error('interrupted')))).rejects.toThrow('interrupted');
      expect(settings()).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it('treats _ and % in a stream prefix literally', async () => {
    const store = SqliteEventStore.open(':memory:');
    try {
      await store.appendToStream('a_1', [anEvent()], { expectedRevision: 'no_stream' });
      await store.appendToStream('ab1', [anEvent()], { expectedRevision: 'no_stream' });
      expect((await store.readAll({ streamPrefix: 'a_' })).map((e) => e.streamId)).toEqual(['a_1']);
      expect(await store.readAll({ streamPrefix: '%' })).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('ends open subscriptions when the store closes, and refuses use afterwards', async () => {
    const store = SqliteEventStore.open(':memory:');
    const subscription = store.subscribeToAll();
    const loop = (async () => {
      for await (const _ of subscription) void _;
    })();
    await store.close();
    await expect(loop).resolves.toBeUndefined();
    await expect(store.headPosition()).rejects.toThrow(/closed/);
  });

  it('pages a long catch-up without skipping or repeating, including past filtered-out events', async () => {
    const store = SqliteEventStore.open(':memory:');
    try {
      // 1200 events in two interleaved streams: more than two subscription pages of 500.
      for (let i = 0; i < 600; i++) {
        await store.appendToStream('keep-1', [anEvent({ i })], { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
        await store.appendToStream('drop-1', [anEvent({ i })], { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
      }
      const subscription = store.subscribeToAll({ streamPrefix: 'keep-' });
      const received: number[] = [];
      for await (const event of subscription) {
        received.push(event.data.i as number);
        if (received.length === 600) break;
      }
      expect(received).toEqual(Array.from({ length: 600 }, (_, i) => i));
    } finally {
      await store.close();
    }
  });
});

async function waitUntil(condition: () => boolean, limitMs = 5_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
