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
 * - An event is stored as a JSON event whose id is `eventId` (so the server de-duplicates
 *   retried appends), whose type is `type`, whose data is `data` and whose metadata is the
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
    id: event.eventId,
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
  if (event.position === undefined) {
    throw new Error(`${where}: the server did not report a log position (EventStoreDB 22.10 or later required)`);
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
