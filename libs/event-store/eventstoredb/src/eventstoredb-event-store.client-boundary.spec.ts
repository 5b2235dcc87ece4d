import { status as GrpcStatus } from '@grpc/grpc-js';
import { BACKWARDS, MaxAppendSizeExceededError, START, type AllStreamResolvedEvent, type ResolvedEvent, type StreamingRead } from '@eventstore/db-client';
import { AppendTooLargeError, InvalidPositionError, type EventToAppend } from '@lifeline/event-store/port';
import { EventStoreDbEventStore, type EventStoreDbClientSurface } from './eventstoredb-event-store';
import { toEsdbConnectionString } from './eventstoredb-connection-string';
import { NO_POSITION, UnsupportedServerVersionError } from './eventstoredb-mapping';
import {
  clientErrorFor,
  clientErrorForUnaryCall,
  clientReadOf,
  clientReadStream,
  clientSubscription,
  wireEvent,
  type ScriptedCall,
} from './testing/client-boundary';

// Each defect of issue 16, at the client boundary: the adapter gets the client's own stream
// objects (ReadStream, Subscription over a grpc-js call) and the client's own errors.

const acquired: EventToAppend = {
  eventId: '0b6f4b6e-7f3c-4b8e-9d7a-2f1e3c4d5a61',
  type: 'CustomerAcquired',
  schemaVersion: 1,
  occurredAt: '2024-03-01T10:00:00.000Z',
  data: { customerId: 'c-1', name: 'Ada', acquisitionChannel: 'web', keyAccount: false },
  metadata: { correlationId: 'corr-1' },
};

function clientWith(overrides: Partial<EventStoreDbClientSurface>): jest.Mocked<EventStoreDbClientSurface> {
  return {
    appendToStream: jest.fn(async () => ({ success: true, nextExpectedRevision: 0n, position: { commit: 100n, prepare: 100n } })),
    readStream: jest.fn(() => clientReadOf<ResolvedEvent>([]).read),
    readAll: jest.fn(() => clientReadOf([]).read),
    subscribeToAll: jest.fn(() => clientSubscription().subscription),
    dispose: jest.fn(async () => undefined),
    ...overrides,
  } as jest.Mocked<EventStoreDbClientSurface>;
}

/** A read the server keeps open after sending these events (a long $all: more would follow). */
function openReadOf(events: Parameters<typeof wireEvent>[0][]): { read: StreamingRead<AllStreamResolvedEvent>; call: ScriptedCall } {
  const { read, call } = clientReadStream();
  for (const event of events) call.send(wireEvent(event));
  return { read, call };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('issue 16.1: reading $all from a number that is not an event position', () => {
  it.each([
    ['OUT_OF_RANGE', GrpcStatus.OUT_OF_RANGE],
    ['another code with the same words', GrpcStatus.UNKNOWN],
  ])('turns the server refusal (%s, "Invalid position.") into InvalidPositionError naming the position', async (_, code) => {
    const { read, call } = clientReadStream();
    call.fail(code, 'Invalid position.');
    const store = new EventStoreDbEventStore(clientWith({ readAll: jest.fn(() => read) }));
    const error = await store.readAll({ after: 4711 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPositionError);
    expect(error).toMatchObject({ position: 4711 });
    expect((error as Error).message).toMatch(/position 4711 is not a position in the event log/);
  });

  it('passes other server errors through unchanged', async () => {
    const { read, call } = clientReadStream();
    call.fail(GrpcStatus.UNAVAILABLE, 'connection reset');
    const store = new EventStoreDbEventStore(clientWith({ readAll: jest.fn(() => read) }));
    const error = await store.readAll({ after: 10 }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(InvalidPositionError);
    expect((error as Error).message).toMatch(/UNAVAILABLE/);
  });

  it('ends a subscription from such a number with InvalidPositionError instead of resubscribing', async () => {
    const { subscription, call } = clientSubscription();
    call.fail(GrpcStatus.OUT_OF_RANGE, 'Invalid position.');
    const client = clientWith({ subscribeToAll: jest.fn(() => subscription) });
    const events = new EventStoreDbEventStore(client, { resubscribe: { initialDelayMs: 1 } }).subscribeToAll({ after: 3 });
    await expect(events[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(InvalidPositionError);
    expect(client.subscribeToAll).toHaveBeenCalledTimes(1);
  });
});

describe('issue 16.2: leaving a read early cancels the gRPC call', () => {
  it('readAll with maxCount asks for no more than it needs and cancels the call it leaves open', async () => {
    const { read, call } = openReadOf([{ commit: 10n }, { commit: 20n }, { commit: 30n }, { commit: 40n }]);
    const client = clientWith({ readAll: jest.fn(() => read) });
    const events = await new EventStoreDbEventStore(client).readAll({ maxCount: 2 });
    expect(events.map((e) => e.position)).toEqual([10, 20]);
    expect(client.readAll).toHaveBeenCalledWith(expect.objectContaining({ fromPosition: START, maxCount: 3 }));
    await settle();
    expect(call.cancelled).toBe(true);
  });

  it('headPosition reads a small backward page and cancels the call once it has the newest user event', async () => {
    const { read, call } = openReadOf([{ commit: 900n, streamId: '$$customer-c-1', type: '$metadata' }, { commit: 800n }, { commit: 700n }]);
    const client = clientWith({ readAll: jest.fn(() => read) });
    await expect(new EventStoreDbEventStore(client).headPosition()).resolves.toBe(800);
    const [options] = client.readAll.mock.calls[0]!;
    expect(options).toMatchObject({ direction: BACKWARDS });
    expect(options.maxCount).toBeLessThanOrEqual(32);
    await settle();
    expect(call.cancelled).toBe(true);
  });

  it('cancels the call when mapping an event fails mid-read', async () => {
    const { read, call } = openReadOf([{ commit: 10n, metadata: { not: 'ours' } }]);
    const store = new EventStoreDbEventStore(clientWith({ readAll: jest.fn(() => read) }));
    await expect(store.readAll()).rejects.toThrow(/schemaVersion/);
    await settle();
    expect(call.cancelled).toBe(true);
  });

  it('a read the server finished is not cancelled (nothing is left open)', async () => {
    const { read, call } = clientReadOf([wireEvent({ commit: 10n })]);
    const store = new EventStoreDbEventStore(clientWith({ readAll: jest.fn(() => read) }));
    await expect(store.readAll()).resolves.toHaveLength(1);
    await settle();
    expect(call.cancelled).toBe(false);
  });
});

describe('issue 16.3: a dropped subscription resubscribes from the last event handled', () => {
  it('after the call fails and after it ends cleanly, until close()', async () => {
    const first = clientSubscription();
    first.call.send(wireEvent({ commit: 10n }));
    first.call.fail(GrpcStatus.UNAVAILABLE, 'Connection dropped');
    const second = clientSubscription();
    second.call.send(wireEvent({ commit: 10n })); // catch-up from a position includes it
    second.call.send(wireEvent({ commit: 20n }));
    second.call.end(); // e.g. the server closed the stream on shutdown
    const third = clientSubscription();
    third.call.send(wireEvent({ commit: 30n }));
    const subscribeToAll = jest.fn().mockReturnValueOnce(first.subscription).mockReturnValueOnce(second.subscription).mockReturnValueOnce(third.subscription);
    const warnings: object[] = [];
    const store = new EventStoreDbEventStore(clientWith({ subscribeToAll }), {
      resubscribe: { initialDelayMs: 1, maxDelayMs: 5 },
      logger: { warn: (fields) => warnings.push(fields) },
    });

    const subscription = store.subscribeToAll({ streamPrefix: 'customer-' });
    const received: number[] = [];
    for await (const event of subscription) {
      received.push(event.position);
      if (received.length === 3) break;
    }
    await subscription.close();

    expect(received).toEqual([10, 20, 30]);
    expect(subscribeToAll.mock.calls.map(([options]) => options.fromPosition)).toEqual([START, { commit: 10n, prepare: 10n }, { commit: 20n, prepare: 20n }]);
    expect(warnings).toEqual([
      expect.objectContaining({ after: 10, reason: expect.stringMatching(/UNAVAILABLE/) }),
      expect.objectContaining({ after: 20, reason: 'the server ended the subscription' }),
    ]);
    expect(third.call.cancelled).toBe(true);
  });

  it('close() while waiting to resubscribe ends the iteration at once', async () => {
    const first = clientSubscription();
    first.call.end();
    const subscribeToAll = jest.fn().mockReturnValueOnce(first.subscription).mockImplementation(() => clientSubscription().subscription);
    const store = new EventStoreDbEventStore(clientWith({ subscribeToAll }), { resubscribe: { initialDelayMs: 60_000 }, logger: { warn: () => undefined } });
    const subscription = store.subscribeToAll();
    const next = subscription[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.close();
    await expect(next).resolves.toMatchObject({ done: true });
    expect(subscribeToAll).toHaveBeenCalledTimes(1);
  });

  it('does not resubscribe past an event it cannot read: that error ends the iteration', async () => {
    const first = clientSubscription();
    first.call.send(wireEvent({ commit: 10n, metadata: { not: 'ours' } }));
    const subscribeToAll = jest.fn(() => first.subscription);
    const store = new EventStoreDbEventStore(clientWith({ subscribeToAll }), { resubscribe: { initialDelayMs: 1 } });
    await expect(store.subscribeToAll()[Symbol.asyncIterator]().next()).rejects.toThrow(/schemaVersion/);
    expect(subscribeToAll).toHaveBeenCalledTimes(1);
  });
});

describe('issue 16.4: lag in events, whatever positions are', () => {
  it('counts the events after a position by reading them: other streams and system events left out, at most the limit', async () => {
    const { read, call } = openReadOf([
      { commit: 1000n },
      { commit: 2900n, streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' },
      { commit: 4700n, streamId: 'idempotency-ab' },
      { commit: 6100n, streamId: 'customer-c-2' },
      { commit: 8800n, streamId: 'customer-c-3' },
      { commit: 9900n, streamId: 'customer-c-4' },
    ]);
    const client = clientWith({ readAll: jest.fn(() => read) });
    const store = new EventStoreDbEventStore(client);
    await expect(store.countEventsAfter(1000, { streamPrefix: 'customer-', limit: 2 })).resolves.toBe(2);
    expect(client.readAll).toHaveBeenCalledWith(expect.objectContaining({ fromPosition: { commit: 1000n, prepare: 1000n } }));
    expect(client.readAll.mock.calls[0]![0].maxCount).toBeLessThanOrEqual(64);
    await settle();
    expect(call.cancelled).toBe(true);

    const all = clientWith({ readAll: jest.fn(() => clientReadOf([wireEvent({ commit: 1000n }), wireEvent({ commit: 4700n, streamId: 'idempotency-ab' }), wireEvent({ commit: 6100n })]).read) });
    await expect(new EventStoreDbEventStore(all).countEventsAfter(1000, { streamPrefix: 'customer-', limit: 100 })).resolves.toBe(1);
  });
});

describe('issue 16.5: appends over the server limit', () => {
  const big = (bytes: number): EventToAppend => ({ ...acquired, data: { note: 'x'.repeat(bytes) } });

  it('refuses an append over 1 MiB before sending it, with the sizes', async () => {
    const client = clientWith({});
    const error = await new EventStoreDbEventStore(client).appendToStream('customer-c-1', [big(600_000), big(600_000)], { expectedRevision: 'any' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect(error).toMatchObject({ streamId: 'customer-c-1', maxBytes: 1_048_576 });
    expect((error as AppendTooLargeError).bytes).toBeGreaterThan(1_200_000);
    expect(client.appendToStream).not.toHaveBeenCalled();
  });

  it('sends an append just under the limit', async () => {
    const client = clientWith({});
    await new EventStoreDbEventStore(client).appendToStream('customer-c-1', [big(1_000_000)], { expectedRevision: 'any' });
    expect(client.appendToStream).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['batch append (the client unpacks MaximumAppendSizeExceeded)', () => MaxAppendSizeExceededError.fromMaxAppendSize(65_536)],
    [
      'unary append (the client converts the gRPC status)',
      () => clientErrorForUnaryCall(GrpcStatus.INVALID_ARGUMENT, 'Maximum Append Size of 65536 Exceeded.', { exception: 'maximum-append-size-exceeded', 'maximum-append-size': '65536' }),
    ],
  ])('maps the server refusal from a %s to AppendTooLargeError with the server limit', async (_, refusal) => {
    const serverError = refusal();
    expect(serverError).toBeInstanceOf(MaxAppendSizeExceededError);
    const client = clientWith({ appendToStream: jest.fn(async () => Promise.reject(serverError)) });
    const error = await new EventStoreDbEventStore(client).appendToStream('customer-c-1', [big(100_000)], { expectedRevision: 'any' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect(error).toMatchObject({ maxBytes: 65_536 });
  });

  it('honours a server configured with a smaller MaxAppendSize', async () => {
    const client = clientWith({});
    const store = new EventStoreDbEventStore(client, { maxAppendBytes: 4096 });
    await expect(store.appendToStream('customer-c-1', [big(5000)], { expectedRevision: 'any' })).rejects.toBeInstanceOf(AppendTooLargeError);
    expect(client.appendToStream).not.toHaveBeenCalled();
  });
});

describe('issue 16.6: ids, server versions, connection strings', () => {
  it('sends event ids lower-cased, the form the server reads them back in', async () => {
    const client = clientWith({});
    await new EventStoreDbEventStore(client).appendToStream('customer-c-1', [{ ...acquired, eventId: acquired.eventId.toUpperCase() }], { expectedRevision: 'any' });
    expect(client.appendToStream.mock.calls[0]![1][0]!.id).toBe(acquired.eventId);
  });

  it('says EventStoreDB 22.10 is required when a stream read reports positions as 2^64-1 (older servers)', async () => {
    const read = clientReadOf<ResolvedEvent>([wireEvent({ commit: NO_POSITION, prepare: NO_POSITION })]).read;
    const store = new EventStoreDbEventStore(clientWith({ readStream: jest.fn(() => read) }));
    const error = await store.readStream('customer-c-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedServerVersionError);
    expect((error as Error).message).toMatch(/EventStoreDB 22\.10 or later/);
  });

  it('also when an idempotent retry needs the stored position from such a server', async () => {
    const read = clientReadOf<ResolvedEvent>([wireEvent({ commit: NO_POSITION, prepare: NO_POSITION, revision: 2n })]).read;
    const client = clientWith({
      appendToStream: jest.fn(async () => ({ success: true, nextExpectedRevision: 2n, position: undefined })),
      readStream: jest.fn(() => read),
    });
    await expect(new EventStoreDbEventStore(client).appendToStream('customer-c-1', [acquired], { expectedRevision: 1 })).rejects.toThrow(/22\.10 or later/);
  });

  it.each([
    ['kurrentdb://localhost:2113?tls=false', 'esdb://localhost:2113?tls=false'],
    ['kurrentdb+discover://a:2113,b:2113', 'esdb+discover://a:2113,b:2113'],
    ['kdb://admin:changeit@db:2113', 'esdb://admin:changeit@db:2113'],
    ['KurrentDB://db:2113', 'esdb://db:2113'],
    ['esdb://db:2113?tls=false', 'esdb://db:2113?tls=false'],
  ])('reads the connection string %s as %s', (given, expected) => {
    expect(toEsdbConnectionString(given)).toBe(expected);
  });

  it('connects with a kurrentdb:// string, which the 6.x client alone refuses', async () => {
    const store = EventStoreDbEventStore.connect('kurrentdb://127.0.0.1:1?tls=false');
    await store.close();
  });

  it('the client boundary helpers raise what the client raises', async () => {
    // Guards the helpers themselves: a read failing with a status reaches the adapter as the client's error type.
    await expect(clientErrorFor(GrpcStatus.UNAVAILABLE, 'gone')).resolves.toMatchObject({ type: 'unavailable' });
  });
});
