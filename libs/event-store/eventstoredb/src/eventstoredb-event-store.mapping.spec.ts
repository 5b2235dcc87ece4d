import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
  type StreamingRead,
  type AppendResult as EsdbAppendResult,
  type EventData,
} from '@eventstore/db-client';
import { WrongExpectedRevisionError, type EventToAppend } from '@lifeline/event-store/port';
import { EventStoreDbEventStore, type EventStoreDbClientSurface } from './eventstoredb-event-store';
import { clientReadOf, clientStreamNotFound, clientSubscription, wireEvent } from './testing/client-boundary';
import { fromEsdbRecordedEvent, positionToNumber, readPositionAfter } from './eventstoredb-mapping';

// The EventStoreDB client is substituted at its method boundary: these tests check what the
// adapter asks of the client and how it maps the answers, not the server.

const acquired: EventToAppend = {
  eventId: '0b6f4b6e-7f3c-4b8e-9d7a-2f1e3c4d5a61',
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2024-03-01T10:00:00.000Z',
  data: { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web', keyAccount: false },
  metadata: { correlationId: 'corr-1', actor: 'user:7' },
};

interface RawOptions {
  streamId?: string;
  type?: string;
  revision?: bigint;
  commit: bigint;
  prepare?: bigint;
  metadata?: unknown;
}

function raw({ streamId = 'customer-c-1', type = 'CustomerAcquired', revision = 0n, commit, prepare = commit, metadata }: RawOptions): AllStreamResolvedEvent {
  return {
    event: {
      streamId,
      id: `id-${commit}`,
      isJson: true,
      revision,
      type,
      created: new Date('2024-03-01T10:00:05.123Z'),
      data: { customerId: 'c-1' },
      metadata: metadata ?? { schemaVersion: 1, occurredAt: '2024-03-01T10:00:00.000Z', correlationId: 'corr-1' },
      position: { commit, prepare },
    },
  } as AllStreamResolvedEvent;
}

/** The client's own ReadStream delivering these events, then ending the read as the server does. */
function readOf(items: readonly AllStreamResolvedEvent[]) {
  return clientReadOf(
    items.map(({ event }) =>
      wireEvent({
        streamId: event!.streamId,
        id: event!.id,
        type: event!.type,
        revision: event!.revision,
        commit: event!.position!.commit,
        prepare: event!.position!.prepare,
        data: event!.data,
        metadata: event!.metadata,
        created: event!.created,
      }),
    ),
  ).read;
}

function fakeClient(overrides: Partial<EventStoreDbClientSurface> = {}): jest.Mocked<EventStoreDbClientSurface> {
  return {
    appendToStream: jest.fn(async (): Promise<EsdbAppendResult> => ({ success: true, nextExpectedRevision: 0n, position: { commit: 100n, prepare: 100n } })),
    readStream: jest.fn(() => clientReadOf<ResolvedEvent>([]).read),
    readAll: jest.fn(() => readOf([])),
    subscribeToAll: jest.fn(() => clientSubscription().subscription),
    dispose: jest.fn(async () => undefined),
    ...overrides,
  } as jest.Mocked<EventStoreDbClientSurface>;
}

describe('EventStoreDbEventStore: appending', () => {
  it.each([
    ['no_stream', NO_STREAM],
    ['any', ANY],
    [3, 3n],
  ] as const)('maps expectedRevision %p to the client value %p', async (expected, clientValue) => {
    const client = fakeClient();
    await new EventStoreDbEventStore(client).appendToStream('customer-c-1', [acquired], { expectedRevision: expected });
    expect(client.appendToStream).toHaveBeenCalledWith('customer-c-1', expect.any(Array), { expectedRevision: clientValue });
  });

  it.each([-1, 1.5, Number.NaN])('rejects expectedRevision %p before calling the server', async (expected) => {
    const client = fakeClient();
    await expect(new EventStoreDbEventStore(client).appendToStream('customer-c-1', [acquired], { expectedRevision: expected })).rejects.toThrow(RangeError);
    expect(client.appendToStream).not.toHaveBeenCalled();
  });

  it('sends each event as JSON with the event id as the server-side de-duplication id and schema facts in metadata', async () => {
    const client = fakeClient();
    await new EventStoreDbEventStore(client).appendToStream('customer-c-1', [acquired], { expectedRevision: 'no_stream' });
    const sent = client.appendToStream.mock.calls[0]![1] as EventData[];
    expect(sent).toEqual([
      {
        id: acquired.eventId,
        contentType: 'application/json',
        type: 'CustomerAcquired',
        data: acquired.data,
        metadata: { correlationId: 'corr-1', actor: 'user:7', schemaVersion: 1, occurredAt: '2024-03-01T10:00:00.000Z' },
      },
    ]);
  });

  it('refuses caller metadata that would overwrite the reserved schemaVersion key', async () => {
    const client = fakeClient();
    const clash = { ...acquired, metadata: { schemaVersion: 9 } };
    await expect(new EventStoreDbEventStore(client).appendToStream('customer-c-1', [clash], { expectedRevision: 'any' })).rejects.toThrow(/reserved/);
    expect(client.appendToStream).not.toHaveBeenCalled();
  });

  it('returns the next expected revision and the commit position the server reported', async () => {
    const client = fakeClient({
      appendToStream: jest.fn(async () => ({ success: true, nextExpectedRevision: 4n, position: { commit: 8192n, prepare: 8192n } })),
    });
    const result = await new EventStoreDbEventStore(client).appendToStream('customer-c-1', [acquired], { expectedRevision: 3 });
    expect(result).toEqual({ nextExpectedRevision: 4, position: 8192 });
  });

  it('refuses an event id that is not a UUID before calling the server', async () => {
    const client = fakeClient();
    await expect(
      new EventStoreDbEventStore(client).appendToStream('customer-c-1', [{ ...acquired, eventId: 'not-a-uuid' }], { expectedRevision: 'any' }),
    ).rejects.toThrow(/UUID/);
    expect(client.appendToStream).not.toHaveBeenCalled();
  });

  it('answers an idempotent retry that came back without a position with the position of the event at that revision', async () => {
    const readStream = jest.fn(() => readOf([raw({ commit: 640n, revision: 2n })]) as unknown as StreamingRead<ResolvedEvent>);
    const client = fakeClient({
      appendToStream: jest.fn(async () => ({ success: true, nextExpectedRevision: 2n, position: undefined })),
      readStream,
    });
    const result = await new EventStoreDbEventStore(client).appendToStream('customer-c-1', [acquired], { expectedRevision: 1 });
    expect(result).toEqual({ nextExpectedRevision: 2, position: 640 });
    expect(readStream).toHaveBeenCalledWith('customer-c-1', { direction: FORWARDS, fromRevision: 2n, maxCount: 1 });
  });

  it('turns the server wrong-expected-version error into the port error with the actual revision', async () => {
    const client = fakeClient({
      appendToStream: jest.fn(async () => {
        throw new WrongExpectedVersionError(undefined, { streamName: 'customer-c-1', expected: NO_STREAM, current: 4n });
      }),
    });
    const append = new EventStoreDbEventStore(client).appendToStream('customer-c-1', [acquired], { expectedRevision: 'no_stream' });
    await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(append).rejects.toMatchObject({ streamId: 'customer-c-1', expected: 'no_stream', actual: 4 });
  });

  it('reports a missing stream as actual "no_stream" when a revision was expected', async () => {
    const client = fakeClient({
      appendToStream: jest.fn(async () => {
        throw new WrongExpectedVersionError(undefined, { streamName: 'customer-c-1', expected: 2n, current: NO_STREAM });
      }),
    });
    await expect(new EventStoreDbEventStore(client).appendToStream('customer-c-1', [acquired], { expectedRevision: 2 })).rejects.toMatchObject({
      actual: 'no_stream',
    });
  });

  it('passes other server errors through unchanged', async () => {
    const outage = new Error('UNAVAILABLE: no connection');
    const client = fakeClient({ appendToStream: jest.fn(async () => Promise.reject(outage)) });
    await expect(new EventStoreDbEventStore(client).appendToStream('customer-c-1', [acquired], { expectedRevision: 'any' })).rejects.toBe(outage);
  });
});

describe('EventStoreDbEventStore: reading', () => {
  it('maps a stored event back to the port shape: metadata split, recordedAt from the server clock, numbers not bigints', () => {
    const event = fromEsdbRecordedEvent(raw({ commit: 4096n, revision: 2n }).event!);
    expect(event).toEqual({
      eventId: 'id-4096',
      type: 'CustomerAcquired',
      schemaVersion: 1,
      occurredAt: '2024-03-01T10:00:00.000Z',
      data: { customerId: 'c-1' },
      metadata: { correlationId: 'corr-1' },
      streamId: 'customer-c-1',
      revision: 2,
      position: 4096,
      recordedAt: '2024-03-01T10:00:05.123Z',
    });
  });

  it('rejects a stored event this adapter did not write (no schemaVersion in metadata)', () => {
    expect(() => fromEsdbRecordedEvent(raw({ commit: 1n, metadata: { foo: 1 } }).event!)).toThrow(/schemaVersion/);
  });

  it('reads a stream from a revision and returns [] when the server says the stream does not exist', async () => {
    const client = fakeClient({ readStream: jest.fn(() => clientStreamNotFound('customer-x')) });
    await expect(new EventStoreDbEventStore(client).readStream('customer-x', { fromRevision: 2, maxCount: 5 })).resolves.toEqual([]);
    expect(client.readStream).toHaveBeenCalledWith('customer-x', { direction: FORWARDS, fromRevision: 2n, maxCount: 5 });
  });

  it('reads $all after a position: skips system events, other streams and the event at the start position', async () => {
    const client = fakeClient({
      readAll: jest.fn(() =>
        readOf([
          raw({ commit: 200n }), // the resume point itself: reads are inclusive
          raw({ commit: 250n, streamId: '$stats-0.0.0.0:2113', type: '$statsCollected' }),
          raw({ commit: 300n, streamId: 'order-1' }),
          raw({ commit: 400n, streamId: 'customer-c-2' }),
        ]),
      ),
    });
    const events = await new EventStoreDbEventStore(client).readAll({ after: 200, streamPrefix: 'customer-' });
    expect(events.map((e) => [e.streamId, e.position])).toEqual([['customer-c-2', 400]]);
    expect(client.readAll).toHaveBeenCalledWith(expect.objectContaining({ direction: FORWARDS, fromPosition: { commit: 200n, prepare: 200n } }));
  });

  it('pages through $all from the last event seen when a page is full, without repeating it', async () => {
    const firstPage = Array.from({ length: 512 }, (_, i) => raw({ commit: BigInt(10 + i) }));
    const secondPage = [raw({ commit: 521n }), raw({ commit: 600n })];
    const readAll = jest.fn().mockReturnValueOnce(readOf(firstPage)).mockReturnValueOnce(readOf(secondPage));
    const client = fakeClient({ readAll });
    const events = await new EventStoreDbEventStore(client).readAll();
    expect(events).toHaveLength(513);
    expect(events.at(-1)!.position).toBe(600);
    expect(readAll).toHaveBeenNthCalledWith(1, expect.objectContaining({ fromPosition: START }));
    expect(readAll).toHaveBeenNthCalledWith(2, expect.objectContaining({ fromPosition: { commit: 521n, prepare: 521n } }));
  });

  it('stops at maxCount', async () => {
    const client = fakeClient({ readAll: jest.fn(() => readOf([raw({ commit: 1n }), raw({ commit: 2n }), raw({ commit: 3n })])) });
    const events = await new EventStoreDbEventStore(client).readAll({ maxCount: 2 });
    expect(events.map((e) => e.position)).toEqual([1, 2]);
  });

  it('fails loudly rather than lose events if two events share a commit position', async () => {
    const client = fakeClient({ readAll: jest.fn(() => readOf([raw({ commit: 5n, prepare: 5n }), raw({ commit: 5n, prepare: 6n })])) });
    await expect(new EventStoreDbEventStore(client).readAll()).rejects.toThrow(/non-unique commit positions/);
  });

  it('head position is the newest non-system event, 0 for a store holding only system events', async () => {
    const withEvents = fakeClient({ readAll: jest.fn(() => readOf([raw({ commit: 900n, streamId: '$$customer-c-1', type: '$metadata' }), raw({ commit: 800n })])) });
    await expect(new EventStoreDbEventStore(withEvents).headPosition()).resolves.toBe(800);
    expect(withEvents.readAll).toHaveBeenCalledWith(expect.objectContaining({ direction: BACKWARDS, fromPosition: END }));

    const onlySystem = fakeClient({ readAll: jest.fn(() => readOf([raw({ commit: 900n, streamId: '$settings', type: '$settings' })])) });
    await expect(new EventStoreDbEventStore(onlySystem).headPosition()).resolves.toBe(0);
  });
});

describe('EventStoreDbEventStore: subscribing', () => {
  it('subscribes after the checkpoint with a server-side stream-prefix filter and stops the server subscription on close', async () => {
    const { subscription: clientSide, call } = clientSubscription();
    call.send(wireEvent({ commit: 70n }));
    call.send(wireEvent({ commit: 90n }));
    const client = fakeClient({ subscribeToAll: jest.fn(() => clientSide) });
    const subscription = new EventStoreDbEventStore(client).subscribeToAll({ after: 70, streamPrefix: 'customer-' });
    const received: number[] = [];
    for await (const event of subscription) {
      received.push(event.position);
      if (received.length === 1) break;
    }
    await subscription.close();
    expect(received).toEqual([90]);
    expect(client.subscribeToAll).toHaveBeenCalledWith({
      fromPosition: { commit: 70n, prepare: 70n },
      filter: expect.objectContaining({ filterOn: 'streamName', prefixes: ['customer-'] }),
    });
    expect(call.cancelled).toBe(true);
  });

  it('without a prefix excludes system events on the server', async () => {
    const client = fakeClient();
    const subscription = new EventStoreDbEventStore(client).subscribeToAll();
    const next = subscription[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.subscribeToAll).toHaveBeenCalledWith({ fromPosition: START, filter: expect.objectContaining({ regex: '^[^$].*' }) });
    await subscription.close();
    await expect(next).resolves.toMatchObject({ done: true });
  });
});

describe('position conversion', () => {
  it('position 0 reads from the start; n reads from commit n', () => {
    expect(readPositionAfter(0)).toBe(START);
    expect(readPositionAfter(123)).toEqual({ commit: 123n, prepare: 123n });
  });

  it('refuses a commit position a JS number cannot hold exactly (e.g. the "unknown" marker 2^64-1)', () => {
    expect(() => positionToNumber({ commit: 18446744073709551615n, prepare: 0n })).toThrow(RangeError);
  });

  it('refuses a negative or fractional resume position', () => {
    expect(() => readPositionAfter(-1)).toThrow(RangeError);
    expect(() => readPositionAfter(2.5)).toThrow(RangeError);
  });
});
