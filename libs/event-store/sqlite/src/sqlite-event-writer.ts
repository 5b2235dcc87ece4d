import { WrongExpectedRevisionError, type AppendResult, type EventToAppend, type ExpectedRevision, type StreamAppend } from '@lifeline/event-store/port';
import type { SqliteDatabase } from '@lifeline/sqlite';

/** An event id already stored elsewhere, or a retried batch that only partly matches what is stored. */
export class EventIdConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventIdConflictError';
  }
}

/** An event as the insert binds it: ids lower-cased, data and metadata as JSON text. */
export interface SerialisedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly data: string;
  readonly metadata: string;
}

export interface SerialisedAppend {
  readonly streamId: string;
  readonly events: readonly SerialisedEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendOutcome {
  readonly result: AppendResult;
  /** False for a retry of an append already stored (nothing written). */
  readonly wrote: boolean;
}

export function serialiseEvents(events: readonly EventToAppend[]): SerialisedEvent[] {
  // Bulk appends share one metadata object across many events: stringified once.
  let lastMetadata: unknown;
  let lastMetadataJson = '';
  return events.map((event) => {
    if (event.metadata !== lastMetadata) {
      lastMetadata = event.metadata;
      lastMetadataJson = JSON.stringify(event.metadata);
    }
    return {
      eventId: event.eventId.toLowerCase(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      occurredAt: event.occurredAt,
      data: JSON.stringify(event.data),
      metadata: lastMetadataJson,
    };
  });
}

/**
 * Appends as they cross to the bulk writer thread: two flat arrays, because the structured
 * clone of an array of strings costs the sending thread a fraction of an array of objects.
 * Per append: `numbers` holds the expected revision (-1 no_stream, -2 any) and the event
 * count, `strings` the stream id; per event: `numbers` the schema version, `strings` the id,
 * type, occurredAt, data and metadata.
 */
export interface PackedAppends {
  readonly strings: string[];
  readonly numbers: number[];
}

const NO_STREAM = -1;
const ANY = -2;

export function packAppends(appends: readonly StreamAppend[]): PackedAppends {
  const strings: string[] = [];
  const numbers: number[] = [];
  for (const { streamId, events, expectedRevision } of appends) {
    numbers.push(expectedRevision === 'no_stream' ? NO_STREAM : expectedRevision === 'any' ? ANY : expectedRevision, events.length);
    strings.push(streamId);
    for (const event of serialiseEvents(events)) {
      numbers.push(event.schemaVersion);
      strings.push(event.eventId, event.type, event.occurredAt, event.data, event.metadata);
    }
  }
  return { strings, numbers };
}

export function unpackAppends({ strings, numbers }: PackedAppends): SerialisedAppend[] {
  const appends: SerialisedAppend[] = [];
  let s = 0;
  let n = 0;
  while (n < numbers.length) {
    const expected = numbers[n++]!;
    const count = numbers[n++]!;
    const streamId = strings[s++]!;
    const events: SerialisedEvent[] = new Array(count);
    for (let i = 0; i < count; i++) {
      events[i] = { schemaVersion: numbers[n++]!, eventId: strings[s++]!, type: strings[s++]!, occurredAt: strings[s++]!, data: strings[s++]!, metadata: strings[s++]! };
    }
    appends.push({ streamId, events, expectedRevision: expected === NO_STREAM ? 'no_stream' : expected === ANY ? 'any' : expected });
  }
  return appends;
}

/**
 * The write half of the SQLite event store: the revision check, the idempotent-retry check and
 * the inserts, on one connection. The store uses it on its own connection; the bulk writer
 * thread on the connection it opens. Callers run it inside an IMMEDIATE transaction.
 */
export class SqliteEventWriter {
  private readonly statements;
  private readonly batchTransaction;

  constructor(db: SqliteDatabase) {
    this.statements = {
      findEventId: db.prepare<[string], { stream_id: string; revision: number }>('SELECT stream_id, revision FROM events WHERE event_id = ?'),
      eventAt: db.prepare<[string, number], { event_id: string; position: number }>(
        'SELECT event_id, position FROM events WHERE stream_id = ? AND revision = ?',
      ),
      currentRevision: db.prepare<[string], { revision: number | null }>('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?'),
      insert: db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, data, metadata)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    // Many streams in one transaction: one commit for the lot (bulk import). Plain calls, not nested transactions: no savepoint per stream.
    this.batchTransaction = db.transaction((appends: readonly SerialisedAppend[]) =>
      appends.map((a) => {
        try {
          return this.append(a);
        } catch (error) {
          throw this.translateConstraintError(error, a.streamId, a.expectedRevision);
        }
      }),
    );
  }

  /** Many streams' appends in one IMMEDIATE transaction: all of them or, if any is refused, none. */
  appendBatch(appends: readonly SerialisedAppend[]): AppendOutcome[] {
    return this.batchTransaction.immediate(appends);
  }

  /** One stream's append; run it inside a transaction. */
  append({ streamId, events, expectedRevision }: SerialisedAppend): AppendOutcome {
    const earlier = this.earlierAppend(streamId, events, expectedRevision);
    if (earlier) return { result: earlier, wrote: false };
    const current = this.currentRevision(streamId);
    checkExpected(streamId, expectedRevision, current);
    const recordedAt = new Date().toISOString();
    let revision = current ?? -1;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const info = this.statements.insert.run(streamId, revision, event.eventId, event.type, event.schemaVersion, event.occurredAt, recordedAt, event.data, event.metadata);
      position = Number(info.lastInsertRowid);
    }
    return { result: { nextExpectedRevision: revision, position }, wrote: true };
  }

  /** A unique-constraint failure as the error the port promises; anything else unchanged. */
  translateConstraintError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
    const code = (error as { code?: unknown }).code;
    // Not `instanceof Error`: better-sqlite3 is a native addon loaded once per process, so its
    // SqliteError can come from another realm (Jest gives each test file its own) and fail that check.
    const message = typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : '';
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('events.stream_id')) {
      return new WrongExpectedRevisionError(streamId, expected, this.currentRevision(streamId) ?? 'no_stream');
    }
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('events.event_id')) {
      return new EventIdConflictError(`stream ${streamId}: an event id of this batch is already stored (${message})`);
    }
    return error;
  }

  private currentRevision(streamId: string): number | null {
    return this.statements.currentRevision.get(streamId)?.revision ?? null;
  }

  /**
   * A retry of an append that already happened (same event ids, same place): its original
   * result. Mirrors EventStoreDB: the check starts at the event id of the batch's first event.
   */
  private earlierAppend(streamId: string, events: readonly SerialisedEvent[], expected: ExpectedRevision): AppendResult | undefined {
    const first = this.statements.findEventId.get(events[0]!.eventId);
    if (!first) return undefined;
    if (first.stream_id !== streamId) {
      throw new EventIdConflictError(`event id ${events[0]!.eventId} is already stored in stream ${first.stream_id}, not ${streamId}`);
    }
    const expectedFirstRevision = expected === 'any' ? first.revision : expected === 'no_stream' ? 0 : expected + 1;
    if (first.revision !== expectedFirstRevision) {
      throw new WrongExpectedRevisionError(streamId, expected, this.currentRevision(streamId) ?? 'no_stream');
    }
    let position = 0;
    events.forEach((event, index) => {
      const stored = this.statements.eventAt.get(streamId, first.revision + index);
      if (stored?.event_id !== event.eventId) {
        throw new EventIdConflictError(
          `stream ${streamId}: retried batch does not match what is stored from revision ${first.revision} ` +
            `(event ${index} is ${event.eventId}, stored ${stored?.event_id ?? 'nothing'})`,
        );
      }
      position = stored.position;
    });
    return { nextExpectedRevision: first.revision + events.length - 1, position };
  }
}

function checkExpected(streamId: string, expected: ExpectedRevision, current: number | null): void {
  const ok = expected === 'any' || (expected === 'no_stream' ? current === null : current === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
}
