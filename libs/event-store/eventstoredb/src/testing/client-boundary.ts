/*
 * The @eventstore/db-client 6.x objects the adapter meets, built from the client's own code:
 * its ReadStream and Subscription (the Transforms `readAll`/`readStream`/`subscribeToAll`
 * return), its protobuf ReadResp messages and converters, its error conversion, on top of
 * grpc-js's real ClientReadableStreamImpl. Only the gRPC call underneath is scripted: tests push
 * what a server would have sent and see whether the call was cancelled. No server is imitated.
 */
import { Metadata, status as GrpcStatus, type StatusObject } from '@grpc/grpc-js';
import { ClientReadableStreamImpl, callErrorFromStatus } from '@grpc/grpc-js/build/src/call';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { Subscription } from '@eventstore/db-client/dist/streams/utils/Subscription';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { convertToCommandError } from '@eventstore/db-client/dist/utils/CommandError';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import type { AllStreamResolvedEvent, ResolvedEvent, StreamingRead } from '@eventstore/db-client';

/** What one gRPC call saw: whether the client cancelled it. */
export interface ScriptedCall {
  readonly cancelled: boolean;
  /** Delivers one server message (a ReadResp). */
  send(message: ReadResp): void;
  /** Ends the call with OK after what was sent (the server finished the read or closed the subscription). */
  end(): void;
  /** Ends the call with a non-OK status, as grpc-js reports it (`code`, `details`, `metadata`). */
  fail(code: GrpcStatus, details: string, metadata?: Record<string, string>): void;
}

/**
 * A grpc-js server-streaming call whose server side the test drives. Receiving a status works
 * as in grpc-js's `makeServerStreamRequest`: push(null), then an `error` for a non-OK status.
 */
function scriptedGrpcCall(): { stream: ClientReadableStreamImpl<ReadResp>; call: ScriptedCall } {
  const stream = new ClientReadableStreamImpl<ReadResp>((bytes: Buffer) => ReadResp.deserializeBinary(bytes));
  let finished = false;
  let cancelled = false;
  // A server's messages and status arrive on later turns of the event loop, in order.
  const later = (action: () => void) => setImmediate(action);
  const receiveStatus = (status: StatusObject) =>
    later(() => {
      if (finished) return;
      finished = true;
      stream.push(null);
      if (status.code !== GrpcStatus.OK) stream.emit('error', callErrorFromStatus(status, ''));
      stream.emit('status', status);
    });
  const metadataOf = (entries: Record<string, string>) => {
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
    return metadata;
  };
  // The parts of grpc-js's InterceptingCall that ClientReadableStreamImpl uses.
  stream.call = {
    // As in grpc-js, cancelling a call that already has its status changes nothing.
    cancelWithStatus: (code: GrpcStatus, details: string) => {
      if (finished) return;
      cancelled = true;
      receiveStatus({ code, details, metadata: new Metadata() });
    },
    startRead: () => undefined,
    getPeer: () => 'scripted',
    getAuthContext: () => null,
  } as unknown as ClientReadableStreamImpl<ReadResp>['call'];
  const call: ScriptedCall = {
    get cancelled() {
      return cancelled;
    },
    send: (message) =>
      later(() => {
        if (!finished) stream.push(message);
      }),
    end: () => receiveStatus({ code: GrpcStatus.OK, details: 'OK', metadata: new Metadata() }),
    fail: (code, details, metadata = {}) => receiveStatus({ code, details, metadata: metadataOf(metadata) }),
  };
  return { stream, call };
}

/** `client.readAll(...)` / `client.readStream(...)`: the client's ReadStream over a scripted call. */
export function clientReadStream<E extends ResolvedEvent | AllStreamResolvedEvent = AllStreamResolvedEvent>(): {
  read: StreamingRead<E>;
  call: ScriptedCall;
} {
  const { stream, call } = scriptedGrpcCall();
  const read = new ReadStream(() => Promise.resolve(stream), convertGrpcEvent, {}) as unknown as StreamingRead<E>;
  return { read, call };
}

/** A ReadStream whose server sends `messages` and then ends the read (what a finite read looks like). */
export function clientReadOf<E extends ResolvedEvent | AllStreamResolvedEvent = AllStreamResolvedEvent>(
  messages: readonly ReadResp[],
): { read: StreamingRead<E>; call: ScriptedCall } {
  const { read, call } = clientReadStream<E>();
  for (const message of messages) call.send(message);
  call.end();
  return { read, call };
}

/** `client.subscribeToAll(...)`: the client's Subscription over a scripted call. */
export function clientSubscription(): { subscription: Subscription<AllStreamResolvedEvent>; call: ScriptedCall } {
  const { stream, call } = scriptedGrpcCall();
  const subscription = new Subscription<AllStreamResolvedEvent>(() => Promise.resolve(stream), convertGrpcEvent, {}, undefined as never);
  return { subscription, call };
}

export interface WireEvent {
  readonly streamId?: string;
  readonly id?: string;
  readonly type?: string;
  readonly revision?: bigint;
  readonly commit: bigint;
  readonly prepare?: bigint;
  readonly data?: unknown;
  readonly metadata?: unknown;
  readonly created?: Date;
}

/** One event as the server sends it on a read or subscription (ReadResp.ReadEvent.RecordedEvent). */
export function wireEvent({
  streamId = 'customer-c-1',
  id = '0b6f4b6e-7f3c-4b8e-9d7a-2f1e3c4d5a61',
  type = 'CustomerAcquired',
  revision = 0n,
  commit,
  prepare = commit,
  data = { customerId: 'c-1' },
  metadata = { schemaVersion: 1, occurredAt: '2024-03-01T10:00:00.000Z', correlationId: 'corr-1' },
  created = new Date('2024-03-01T10:00:05.123Z'),
}: WireEvent): ReadResp {
  const uuid = new UUID();
  uuid.setString(id);
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(uuid);
  recorded.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(streamId)));
  recorded.setStreamRevision(revision.toString());
  recorded.setCommitPosition(commit.toString());
  recorded.setPreparePosition(prepare.toString());
  const map = recorded.getMetadataMap();
  map.set('type', type);
  map.set('content-type', 'application/json');
  // .NET ticks (100 ns) since the Unix epoch, as the server sends `created`.
  map.set('created', (BigInt(created.getTime()) * 10_000n).toString());
  recorded.setCustomMetadata(Buffer.from(JSON.stringify(metadata)));
  recorded.setData(Buffer.from(JSON.stringify(data)));
  const readEvent = new ReadResp.ReadEvent();
  readEvent.setEvent(recorded);
  readEvent.setCommitPosition(commit.toString());
  return new ReadResp().setEvent(readEvent);
}

/** The error the client raises when the server answers a gRPC status: its own conversion. */
export async function clientErrorFor(code: GrpcStatus, details: string, metadata: Record<string, string> = {}): Promise<unknown> {
  const { read, call } = clientReadStream();
  call.fail(code, details, metadata);
  try {
    for await (const _ of read) void _;
  } catch (error) {
    return error;
  }
  throw new Error('the client raised no error');
}

/** A stream read the server answers with "stream not found" (ReadResp.StreamNotFound). */
export function clientStreamNotFound(streamName: string): StreamingRead<ResolvedEvent> {
  const notFound = new ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(streamName)));
  return clientReadOf<ResolvedEvent>([new ReadResp().setStreamNotFound(notFound)]).read;
}

/** The client's conversion of a failed unary call (the legacy `append`) into its error type. */
export function clientErrorForUnaryCall(code: GrpcStatus, details: string, metadata: Record<string, string> = {}): Error {
  const md = new Metadata();
  for (const [key, value] of Object.entries(metadata)) md.set(key, value);
  return convertToCommandError(callErrorFromStatus({ code, details, metadata: md }, '')) as Error;
}
