import { v4 as uuid } from 'uuid';
import { appendBatch } from '../batch-append';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type EventSubscription,
  type EventToAppend,
  type RecordedEvent,
} from '../event-store';

/**
 * The behaviour every EventStore adapter must have. It also runs against a real, shared
 * EventStoreDB that is never wiped, so every test writes to fresh uuid streams, never
 * assumes an empty store, and reasons relative to `headPosition()` taken first.
 */
export function eventStoreContract(adapterName: string, openStore: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await openStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    /** A stream id nobody else uses; `prefix` groups the streams of one test for readAll. */
    const freshPrefix = () => `contract-${uuid()}-`;
    const freshStream = () => `${freshPrefix()}s`;

    describe('appending', () => {
      it('appends to a new stream with no_stream; revisions start at 0 and are contiguous', async () => {
        const streamId = freshStream();
        const first = await store.appendToStream(streamId, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(1);
        const second = await store.appendToStream(streamId, [anEvent()], { expectedRevision: 1 });
        expect(second.nextExpectedRevision).toBe(2);
        expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('refuses no_stream when the stream exists, saying which stream and where it is', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, [anEvent()], { expectedRevision: 'no_stream' });
        const error = await store.appendToStream(streamId, [anEvent()], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 0 });
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('accepts the exact current revision and refuses a stale or future one', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(streamId, [anEvent()], { expectedRevision: 1 })).resolves.toMatchObject({ nextExpectedRevision: 2 });

        for (const stale of [0, 1, 5]) {
          const error = await store.appendToStream(streamId, [anEvent()], { expectedRevision: stale }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ streamId, expected: stale, actual: 2 });
        }
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('refuses an expected revision on a stream that does not exist, reporting no_stream', async () => {
        const streamId = freshStream();
        const error = await store.appendToStream(streamId, [anEvent()], { expectedRevision: 0 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 0, actual: 'no_stream' });
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('appends with any, whether or not the stream exists', async () => {
        const streamId = freshStream();
        await expect(store.appendToStream(streamId, [anEvent()], { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 0 });
        await expect(store.appendToStream(streamId, [anEvent()], { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 1 });
      });

      it('gives positions that strictly increase and lie beyond the head before the append', async () => {
        const head = await store.headPosition();
        const a = freshStream();
        const b = freshStream();
        const r1 = await store.appendToStream(a, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        const r2 = await store.appendToStream(b, [anEvent()], { expectedRevision: 'no_stream' });
        const r3 = await store.appendToStream(a, [anEvent()], { expectedRevision: 1 });
        expect(r1.position).toBeGreaterThan(head);
        expect(r2.position).toBeGreaterThan(r1.position);
        expect(r3.position).toBeGreaterThan(r2.position);

        const positionsOfA = (await store.readStream(a)).map((e) => e.position);
        expect(positionsOfA[0]).toBeGreaterThan(head);
        expect(positionsOfA[1]).toBeGreaterThan(positionsOfA[0]!);
        expect(positionsOfA[1]).toBe(r1.position);
        expect(positionsOfA[2]).toBe(r3.position);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(r3.position);
      });

      it('appends a batch atomically: a refused batch writes none of its events', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, [anEvent()], { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(streamId, [anEvent(), anEvent(), anEvent()], { expectedRevision: 'no_stream' })).rejects.toThrow(
          WrongExpectedRevisionError,
        );
        const batch = [anEvent(), anEvent(), anEvent()];
        await store.appendToStream(streamId, batch, { expectedRevision: 0 });
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.eventId)).toEqual([expect.any(String), ...batch.map((e) => e.eventId)]);
      });

      it('refuses an empty batch and an event id that is not a UUID, writing nothing', async () => {
        const streamId = freshStream();
        await expect(store.appendToStream(streamId, [], { expectedRevision: 'no_stream' })).rejects.toThrow();
        await expect(
          store.appendToStream(streamId, [anEvent(), { ...anEvent(), eventId: 'not-a-uuid' }], { expectedRevision: 'no_stream' }),
        ).rejects.toThrow();
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('appends to several streams in one batch, each at its own expected revision, answering each result in order', async () => {
        const [a, b] = [freshStream(), freshStream()];
        await store.appendToStream(a, [anEvent()], { expectedRevision: 'no_stream' });
        const results = await appendBatch(store, [
          { streamId: a, events: [anEvent(), anEvent()], expectedRevision: 0 },
          { streamId: b, events: [anEvent()], expectedRevision: 'no_stream' },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([2, 0]);
        expect(results[1]!.position).toBeGreaterThan(results[0]!.position);
        expect((await store.readStream(a)).map((e) => e.position).at(-1)).toBe(results[0]!.position);
        expect(await store.readStream(b)).toHaveLength(1);
      });

      it('refuses a batch part whose expected revision is stale, writing none of that stream; a repeated batch is a no-op', async () => {
        const [a, b] = [freshStream(), freshStream()];
        await store.appendToStream(b, [anEvent()], { expectedRevision: 'no_stream' });
        const first = [anEvent()];
        const batch = [
          { streamId: a, events: first, expectedRevision: 'no_stream' as const },
          { streamId: b, events: [anEvent()], expectedRevision: 'no_stream' as const },
        ];
        await expect(appendBatch(store, batch)).rejects.toThrow(WrongExpectedRevisionError);
        expect(await store.readStream(b)).toHaveLength(1);

        const good = [batch[0]!, { ...batch[1]!, expectedRevision: 0 }];
        const results = await appendBatch(store, good);
        expect(await appendBatch(store, good)).toEqual(results);
        expect((await store.readStream(a)).map((e) => e.eventId)).toEqual([first[0]!.eventId]);
        expect(await store.readStream(b)).toHaveLength(2);
      });

      it('treats appending the same event ids at the same place again as a no-op returning the original result', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, [anEvent()], { expectedRevision: 'no_stream' });
        const batch = [anEvent(), anEvent()];
        const original = await store.appendToStream(streamId, batch, { expectedRevision: 0 });

        const retried = await store.appendToStream(streamId, batch, { expectedRevision: 0 });
        expect(retried).toEqual(original);
        expect(await store.readStream(streamId)).toHaveLength(3);

        // Also after the stream moved on: the retry still answers what the first try wrote.
        await store.appendToStream(streamId, [anEvent()], { expectedRevision: 2 });
        await expect(store.appendToStream(streamId, batch, { expectedRevision: 0 })).resolves.toEqual(original);
        expect(await store.readStream(streamId)).toHaveLength(4);
      });

      it('lets exactly one of several concurrent appends with the same expected revision win', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, [anEvent()], { expectedRevision: 'no_stream' });
        const contenders = Array.from({ length: 5 }, () => [anEvent()]);
        const outcomes = await Promise.allSettled(contenders.map((batch) => store.appendToStream(streamId, batch, { expectedRevision: 0 })));

        const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.eventId)).toEqual([stored[0]!.eventId, contenders[won[0]!]![0]!.eventId]);
      });
    });

    describe('reading', () => {
      it('reads a stream in revision order from a revision, at most maxCount events', async () => {
        const streamId = freshStream();
        const events = Array.from({ length: 5 }, () => anEvent());
        await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });

        expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        const slice = await store.readStream(streamId, { fromRevision: 2, maxCount: 2 });
        expect(slice.map((e) => [e.revision, e.eventId])).toEqual([
          [2, events[2]!.eventId],
          [3, events[3]!.eventId],
        ]);
        expect(await store.readStream(streamId, { fromRevision: 5 })).toEqual([]);
        expect(slice.every((e) => e.streamId === streamId)).toBe(true);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(freshStream())).toEqual([]);
      });

      it('round-trips type, schemaVersion, occurredAt, data and metadata, and stamps recordedAt', async () => {
        const streamId = freshStream();
        const event: EventToAppend = {
          eventId: uuid(),
          type: 'ContractTested',
          schemaVersion: 3,
          occurredAt: '2024-02-29T23:59:59.123Z',
          data: { text: 'Zoë — 東京 🚀', amount: 1999, ratio: 0.25, flag: false, nothing: null, nested: { list: [1, 'two', { three: 3 }] } },
          metadata: { correlationId: uuid(), causationId: uuid(), actor: 'contract-suite', custom: { n: 1 } },
        };
        const before = await store.headPosition();
        const result = await store.appendToStream(streamId, [event], { expectedRevision: 'no_stream' });

        const [stored] = await store.readStream(streamId);
        expect(stored).toEqual<RecordedEvent>({ ...event, streamId, revision: 0, position: result.position, recordedAt: expect.any(String) });
        expect(new Date(stored!.recordedAt).toISOString()).toBe(stored!.recordedAt);

        // `after` is 0 or a position the store returned (here the head before the append), never
        // position - 1: on EventStoreDB that number lies inside the previous log record.
        const [viaAll] = await store.readAll({ after: before, maxCount: 1, streamPrefix: streamId });
        expect(viaAll).toEqual(stored);
      });

      it('hands event ids back lower-cased, and treats ids that differ only in case as the same event', async () => {
        const streamId = freshStream();
        const event = { ...anEvent(), eventId: uuid().toUpperCase() };
        const original = await store.appendToStream(streamId, [event], { expectedRevision: 'no_stream' });
        const [stored] = await store.readStream(streamId);
        expect(stored!.eventId).toBe(event.eventId.toLowerCase());

        const retried = await store.appendToStream(streamId, [{ ...event, eventId: event.eventId.toLowerCase() }], { expectedRevision: 'no_stream' });
        expect(retried).toEqual(original);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('counts the events after a position the store returned, by stream prefix, up to a limit', async () => {
        const head = await store.headPosition();
        const prefix = freshPrefix();
        const first = await store.appendToStream(`${prefix}a`, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(freshStream(), [anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(`${prefix}b`, [anEvent()], { expectedRevision: 'no_stream' });

        expect(await store.countEventsAfter(head, { streamPrefix: prefix, limit: 100 })).toBe(3);
        expect(await store.countEventsAfter(first.position, { streamPrefix: prefix, limit: 100 })).toBe(1);
        expect(await store.countEventsAfter(head, { streamPrefix: prefix, limit: 2 })).toBe(2);
        expect(await store.countEventsAfter(await store.headPosition(), { streamPrefix: prefix, limit: 100 })).toBe(0);
        // Without a prefix every stream counts (and, on a shared server, other writers' events too).
        expect(await store.countEventsAfter(head, { limit: 1000 })).toBeGreaterThanOrEqual(4);
      });

      it('reads the global log after a position, in position order, filtered by stream prefix, at most maxCount', async () => {
        const head = await store.headPosition();
        const prefix = freshPrefix();
        const a = `${prefix}a`;
        const b = `${prefix}b`;
        const elsewhere = freshStream();
        await store.appendToStream(a, [anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(elsewhere, [anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(a, [anEvent()], { expectedRevision: 0 });

        const ours = await store.readAll({ after: head, streamPrefix: prefix });
        expect(ours.map((e) => `${e.streamId.slice(prefix.length)}@${e.revision}`)).toEqual(['a@0', 'b@0', 'b@1', 'a@1']);
        expectStrictlyIncreasing(ours.map((e) => e.position));
        expect(ours[0]!.position).toBeGreaterThan(head);

        const page = await store.readAll({ after: ours[0]!.position, maxCount: 2, streamPrefix: prefix });
        expect(page.map((e) => e.eventId)).toEqual([ours[1]!.eventId, ours[2]!.eventId]);

        const unfiltered = await store.readAll({ after: head, maxCount: 1000 });
        expectStrictlyIncreasing(unfiltered.map((e) => e.position));
        expect(unfiltered.map((e) => e.eventId)).toEqual(expect.arrayContaining([...ours.map((e) => e.eventId)]));
        expect(unfiltered.some((e) => e.streamId === elsewhere)).toBe(true);
      });

      it('reports the head position: the position of the last event written', async () => {
        const before = await store.headPosition();
        expect(before).toBeGreaterThanOrEqual(0);
        const result = await store.appendToStream(freshStream(), [anEvent()], { expectedRevision: 'no_stream' });
        // >= because on a shared server someone else may have written since.
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
        expect(result.position).toBeGreaterThan(before);
      });
    });

    describe('subscribing to all', () => {
      it('catches up from a position, then delivers later appends live, in order, without gaps or duplicates', async () => {
        const prefix = freshPrefix();
        const a = `${prefix}a`;
        const b = `${prefix}b`;
        const skipped = await store.appendToStream(a, [anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(freshStream(), [anEvent()], { expectedRevision: 'no_stream' });

        const subscription = store.subscribeToAll({ after: skipped.position, streamPrefix: prefix });
        const consumer = consume(subscription);
        await consumer.waitFor(2);

        await store.appendToStream(a, [anEvent()], { expectedRevision: 0 });
        await store.appendToStream(freshStream(), [anEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [anEvent(), anEvent()], { expectedRevision: 1 });
        await consumer.waitFor(5);
        await subscription.close();
        await consumer.ended;

        const expected = await store.readAll({ after: skipped.position, streamPrefix: prefix });
        expect(expected).toHaveLength(5);
        expect(consumer.received.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId));
        expect(consumer.received).toEqual(expected);
      }, SUBSCRIPTION_TEST_TIMEOUT_MS);

      it('ends the for-await loop when closed while waiting for live events', async () => {
        const subscription = store.subscribeToAll({ after: await store.headPosition(), streamPrefix: freshPrefix() });
        const consumer = consume(subscription);
        await subscription.close();
        await expect(consumer.ended).resolves.toBeUndefined();
        expect(consumer.received).toEqual([]);
      }, SUBSCRIPTION_TEST_TIMEOUT_MS);
    });
  });
}

function anEvent(): EventToAppend {
  return {
    eventId: uuid(),
    type: 'ContractTested',
    schemaVersion: 1,
    occurredAt: '2025-01-01T00:00:00.000Z',
    data: { note: 'contract' },
    metadata: {},
  };
}

function expectStrictlyIncreasing(positions: readonly number[]): void {
  for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]!);
}

/** Generous: a networked adapter's live delivery may lag; the SQLite one polls every ~200 ms. */
const WAIT_LIMIT_MS = 10_000;
const SUBSCRIPTION_TEST_TIMEOUT_MS = WAIT_LIMIT_MS + 5_000;

/** Runs a `for await` over the subscription in the background and lets the test wait for a count. */
function consume(subscription: EventSubscription) {
  const received: RecordedEvent[] = [];
  let failure: unknown;
  const ended = (async () => {
    for await (const event of subscription) received.push(event);
  })().catch((error: unknown) => {
    failure = error;
    throw error;
  });
  ended.catch(() => undefined); // surfaced through waitFor / ended, not as an unhandled rejection
  const waitFor = async (count: number): Promise<void> => {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (received.length < count) {
      if (failure !== undefined) throw failure;
      if (Date.now() > deadline) throw new Error(`subscription delivered ${received.length} events, expected ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { received, ended, waitFor };
}
