import { createHash, randomUUID } from 'node:crypto';
import { AppendTooLargeError, WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@lifeline/event-store/port';
import { IdempotencyRecordTooLargeError, assertValidIdempotencyRecord, type IdempotencyRecord, type IdempotencyStore } from '@lifeline/idempotency/port';

/** Stream prefix of the idempotency records; projections read `customer-` streams only, so never see them. */
export const IDEMPOTENCY_STREAM_PREFIX = 'idempotency-';
export const IDEMPOTENCY_RECORDED = 'IdempotencyRecorded';

// Re-exported: callers of this adapter catch them from here.
export { IdempotencyRecordTooLargeError, InvalidIdempotencyRecordError } from '@lifeline/idempotency/port';

/**
 * Largest record kept: half of EventStoreDB's default 1 MiB append limit, so an answer near
 * the limit is refused here, before any I/O, and not by the server.
 */
export const MAX_IDEMPOTENCY_RECORD_BYTES = 512 * 1024;

/** One stream per (scope, key); hashed so any scope and key make a valid, fixed-length stream name. */
export function idempotencyStreamId(scope: string, key: string): string {
  return IDEMPOTENCY_STREAM_PREFIX + createHash('sha256').update(scope).update('\0').update(key).digest('hex');
}

/**
 * Idempotency-Key answers kept in the event store itself, for deployments whose events live in
 * EventStoreDB (no second database to run or back up). `remember` appends to a stream that must
 * not exist yet: of concurrent writers exactly one succeeds, the others read its record back.
 * The store belongs to whoever opened it: close() here does not close it.
 */
export class EventStoreIdempotencyStore implements IdempotencyStore {
  private closed = false;

  constructor(
    private readonly events: EventStore,
    private readonly maxRecordBytes = MAX_IDEMPOTENCY_RECORD_BYTES,
  ) {}

  async find(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    this.assertOpen();
    const [first] = await this.events.readStream(idempotencyStreamId(scope, key), { maxCount: 1 });
    return first && toRecord(first);
  }

  async remember(record: IdempotencyRecord): Promise<IdempotencyRecord> {
    this.assertOpen();
    assertValidIdempotencyRecord(record);
    const data: Record<string, unknown> = {
      scope: record.scope,
      key: record.key,
      requestHash: record.requestHash,
      status: record.status,
      createdAt: record.createdAt,
    };
    // Absent, not null, keeps an undefined body undefined on the way back.
    if (record.body !== undefined) data['body'] = record.body;
    const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
    if (bytes > this.maxRecordBytes) throw new IdempotencyRecordTooLargeError(bytes, this.maxRecordBytes);
    const streamId = idempotencyStreamId(record.scope, record.key);
    try {
      await this.events.appendToStream(
        streamId,
        [{ eventId: randomUUID(), type: IDEMPOTENCY_RECORDED, schemaVersion: 1, occurredAt: record.createdAt, data, metadata: {} }],
        { expectedRevision: 'no_stream' },
      );
    } catch (error) {
      // A server configured with a smaller MaxAppendSize than the bound above.
      if (error instanceof AppendTooLargeError) throw new IdempotencyRecordTooLargeError(bytes, error.maxBytes);
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const stored = await this.find(record.scope, record.key);
      if (!stored) throw error; // the stream exists yet holds no record: not ours to paper over
      return stored;
    }
    // What a later find returns: the record as it went through JSON.
    return toRecord({ data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('EventStoreIdempotencyStore is closed');
  }
}

function toRecord(event: Pick<RecordedEvent, 'data'>): IdempotencyRecord {
  const data = event.data;
  return {
    scope: data['scope'] as string,
    key: data['key'] as string,
    requestHash: data['requestHash'] as string,
    status: data['status'] as number,
    body: 'body' in data ? data['body'] : undefined,
    createdAt: data['createdAt'] as string,
  };
}
