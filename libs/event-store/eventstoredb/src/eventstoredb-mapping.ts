import {
  ANY,
  NO_STREAM,
  START,
  jsonEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  type EventData,
  type Position,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { EventMetadata, EventToAppend, ExpectedRevision, RecordedEvent } from '@lifeline/event-store/port';

/*
 * How port types map onto EventStoreDB (documented in docs/production.md):
 *
 * - expectedRevision: 'no_stream' -> NO_STREAM, 'any' -> ANY, n -> BigInt(n).
 * - An event is stored as a JSON event whose id is `eventId` lower-cased (the server keeps a
 *   GUID and answers it lower-case; so the server de-duplicates retried appends), whose type is `type`, whose data is `data` and whose metadata is the
 *   port metadata plus `schemaVersion` and `occurredAt` (both reserved keys).
 * - `recordedAt` is the server's `created` timestamp.
 * - `position` is the commit position in the transaction log (a byte offset, so it grows
 *   with the log but not by one per event). Position 0 means "before the first event".
 */

/** Metadata keys the adapter owns; callers' metadata must not use them. */
export const RESERVED_METADATA_KEYS = ['schemaVersion', 'occurredAt'] as const;

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(`expectedRevision must be 'no_stream', 'any' or a non-negative integer, got ${String(expected)}`);
  }
  return BigInt(expected);
}

export function fromEsdbCurrentRevision(actual: CurrentRevision): number | 'no_stream' {
  return actual === NO_STREAM ? 'no_stream' : bigintToNumber(actual, 'revision');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toEsdbEventData(event: EventToAppend): EventData {
  // The server de-duplicates by this id, so it must be a real UUID (checked before any I/O).
  if (!UUID.test(event.eventId)) throw new Error(`eventId must be a UUID, got "${event.eventId}"`);
  for (const key of RESERVED_METADATA_KEYS) {
    if (key in event.metadata) {
      throw new Error(`event ${event.eventId}: metadata key "${key}" is reserved by the event store`);
    }
  }
  return jsonEvent({
    // The server stores a GUID and reads it back lower-case: lower-case it now so it round-trips.
    id: event.eventId.toLowerCase(),
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, schemaVersion: event.schemaVersion, occurredAt: event.occurredAt },
  });
}

export function fromEsdbRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const where = `stream ${event.streamId} revision ${String(event.revision)}`;
  if (!event.isJson) throw new Error(`${where}: event ${event.id} is binary; this store holds JSON events only`);
  const data = event.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`${where}: event data is not a JSON object`);
  }
  const metadata = event.metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || metadata instanceof Uint8Array) {
    throw new Error(`${where}: event metadata is not a JSON object`);
  }
  const { schemaVersion, occurredAt, ...rest } = metadata as Record<string, unknown>;
  if (typeof schemaVersion !== 'number' || typeof occurredAt !== 'string') {
    throw new Error(`${where}: metadata lacks schemaVersion/occurredAt; not written by this adapter`);
  }
  if (event.position === undefined || event.position.commit === NO_POSITION || event.position.prepare === NO_POSITION) {
    throw new UnsupportedServerVersionError(`${where}: the server reported no log position for it (${event.position === undefined ? 'none' : '2^64-1'})`);
  }
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion,
    occurredAt,
    data: data as Record<string, unknown>,
    metadata: rest as EventMetadata,
    streamId: event.streamId,
    revision: bigintToNumber(event.revision, 'revision'),
    position: positionToNumber(event.position),
    recordedAt: event.created.toISOString(),
  };
}

/** The position the server reported, or undefined when it reported "no position" (e.g. an idempotent no-op). */
export function reportedPosition(position: Position | undefined): number | undefined {
  if (position === undefined || position.commit < 0n || position.commit > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(position.commit);
}

/** The port's position: the commit position, which must fit a JS number exactly. */
export function positionToNumber(position: Position): number {
  return bigintToNumber(position.commit, 'commit position');
}

/**
 * Where a read "after n" starts. EventStoreDB reads from a position inclusively, so callers
 * drop events at or before `after` (see isAfter).
 */
export function readPositionAfter(after: number): ReadPosition {
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`position must be a non-negative integer, got ${after}`);
  if (after === 0) return START;
  const commit = BigInt(after);
  return { commit, prepare: commit };
}

/** Servers before 22.10 report "no position" on stream reads as the largest uint64. */
export const NO_POSITION = 18446744073709551615n;

/** The server cannot give what this adapter relies on; says which version is needed. */
export class UnsupportedServerVersionError extends Error {
  constructor(detail: string) {
    super(`${detail}; Lifeline needs EventStoreDB 22.10 or later (or KurrentDB), which report log positions on stream reads`);
    this.name = 'UnsupportedServerVersionError';
  }
}

/** The server's default MaxAppendSize. */
export const DEFAULT_MAX_APPEND_BYTES = 1024 * 1024;

/**
 * An append's size as the server counts it against MaxAppendSize (reviewed in its source,
 * `Event.SizeOnDisk`: data + metadata + twice the type's length per event).
 */
export function appendSizeOf(events: readonly EventData[]): number {
  let bytes = 0;
  for (const event of events) {
    bytes += payloadBytes(event.data) + payloadBytes(event.metadata) + 2 * event.type.length;
  }
  return bytes;
}

function payloadBytes(payload: unknown): number {
  if (payload === undefined) return 0;
  if (payload instanceof Uint8Array) return payload.byteLength;
  return Buffer.byteLength(JSON.stringify(payload), 'utf8');
}

/**
 * The server's answer to a $all read or subscription from a number that is not the start of a
 * log record: gRPC OUT_OF_RANGE, "Invalid position." (reviewed in the server's source, not seen
 * on a server). The client passes it on as an UnknownError carrying the gRPC code and details.
 */
const GRPC_OUT_OF_RANGE = 11;

export function isInvalidPositionError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, details, message } = error as { code?: unknown; details?: unknown; message?: unknown };
  const text = `${typeof details === 'string' ? details : ''} ${typeof message === 'string' ? message : ''}`;
  return code === GRPC_OUT_OF_RANGE || /invalid position/i.test(text);
}

export function isSystemEvent(event: Pick<EsdbRecordedEvent, 'streamId' | 'type'>): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

function bigintToNumber(value: bigint, what: string): number {
  // Stream reads on old servers report "no position" as 2^64 - 1; never round it silently.
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} does not fit a safe integer`);
  }
  return Number(value);
}
