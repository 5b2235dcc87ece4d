import { PassThrough } from 'node:stream';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { BACKWARDS, type ReadAllOptions } from '@eventstore/db-client';
import { EventStoreDbEventStore, type EventStoreDbClientSurface } from '@lifeline/event-store/eventstoredb';
import { clientReadOf, clientReadStream, clientSubscription, wireEvent } from '../../../../libs/event-store/eventstoredb/src/testing/client-boundary';
import { CliError, EXIT, type CliContext } from '../cli-context';
import { runReplay } from './replay.command';

/** The EventStoreDB adapter over the client's own read streams; $all refuses to start at 5000. */
function eventStoreRefusing(refused: number) {
  const readAll = jest.fn((options: ReadAllOptions) => {
    if (options.direction === BACKWARDS) return clientReadOf([wireEvent({ commit: 9000n })]).read;
    const from = options.fromPosition;
    if (typeof from === 'object' && from.commit === BigInt(refused)) {
      const { read, call } = clientReadStream();
      call.fail(GrpcStatus.OUT_OF_RANGE, 'Invalid position.');
      return read;
    }
    return clientReadOf([wireEvent({ commit: 9000n })]).read;
  });
  const dispose = jest.fn(async () => undefined);
  const client = { appendToStream: jest.fn(), readStream: jest.fn(), readAll, subscribeToAll: jest.fn(() => clientSubscription().subscription), dispose };
  return { store: new EventStoreDbEventStore(client as unknown as EventStoreDbClientSurface), dispose };
}

const ctx: CliContext = {
  stdout: new PassThrough(),
  stderr: new PassThrough(),
  interactive: false,
  signal: new AbortController().signal,
  env: { LIFELINE_PUBLISHER: 'kafka', KAFKA_BROKERS: 'localhost:9092', LIFELINE_EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' },
};

describe('lifeline replay --from a number EventStoreDB cannot read from', () => {
  it('stops with one line naming --from and a usage exit code, before connecting to Kafka', async () => {
    const { store, dispose } = eventStoreRefusing(5000);
    const connectPublisher = jest.fn();
    const error = await runReplay({ from: 5000 }, ctx, { connectPublisher, openStore: () => store }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ exitCode: EXIT.usage });
    expect((error as Error).message).toMatch(/^--from 5000 is not a position in the event log: use 0 or a position the store returned/);
    expect((error as Error).message).not.toContain('\n');
    expect(connectPublisher).not.toHaveBeenCalled();
    expect(dispose).toHaveBeenCalled();
  });

  it('replays from a position the store accepts', async () => {
    const { store } = eventStoreRefusing(5000);
    const publishEvents = jest.fn(async () => undefined);
    const code = await runReplay({ from: 0 }, ctx, { connectPublisher: async () => ({ publishEvents, close: async () => undefined }), openStore: () => store });
    expect(code).toBe(EXIT.ok);
    expect(publishEvents).toHaveBeenCalledWith([expect.objectContaining({ position: 9000 })]);
  });
});
