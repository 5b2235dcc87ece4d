import { EventEmitter } from 'node:events';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type BatchAppendingEventStore,
  type CountEventsOptions,
  type StreamAppend,
  type EventStore,
  type EventSubscription,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '@lifeline/event-store/port';
import { openSqliteDatabase, type SqliteDatabase } from '@lifeline/sqlite';
import { SqliteSubscription } from './sqlite-subscription';

/** An event id already stored elsewhere, or a retried batch that only partly matches what is stored. */
export class EventIdConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventIdConflictError';
  }
}

/** Input the store refuses before touching the file. */
export class InvalidAppendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id      TEXT    NOT NULL,
    revision       INTEGER NOT NULL CHECK (revision >= 0),
    event_id       TEXT    NOT NULL UNIQUE,
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at    TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL,
    data           TEXT    NOT NULL CHECK (json_valid(data)),
    metadata       TEXT    NOT NULL CHECK (json_valid(metadata)),
    UNIQUE (stream_id, revision)
  );
`;

const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, occurred_at, recorded_at, data, metadata';

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  data: string;
  metadata: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Rows per readAll page while a subscription catches up. */
const SUBSCRIPTION_PAGE_SIZE = 500;
/** How often a live subscription looks for appends made by other processes. */
const DEFAULT_POLL_INTERVAL_MS = 200;
/** A caught-up subscription reads appends at most this often (see SqliteSubscription): at most 10 ms later, far fewer reads under load. */
const DEFAULT_LIVE_READ_INTERVAL_MS = 10;

export interface SqliteEventStoreOptions {
  readonly pollIntervalMs?: number;
  readonly liveReadIntervalMs?: number;
}

/**
 * The embedded event store: one SQLite file, one table. better-sqlite3 is synchronous, so
 * the revision check and the inserts of one append run in one IMMEDIATE transaction with
 * nothing interleaved in this process; IMMEDIATE takes the write lock before the check, so
 * another process on the same file cannot slip in between either (UNIQUE(stream_id,
 * revision) is the last line of defence and is reported as WrongExpectedRevisionError).
 */
export class SqliteEventStore implements EventStore, BatchAppendingEventStore {
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly statements;
  private readonly appendTransaction;
  private readonly appendBatchTransaction;
  private readonly readPageWithHead;
  private closed = false;

  static open(filename: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const db = openSqliteDatabase(filename);
    try {
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteEventStore(db, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, options.liveReadIntervalMs ?? DEFAULT_LIVE_READ_INTERVAL_MS);
  }

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly pollIntervalMs: number,
    private readonly liveReadIntervalMs: number,
  ) {
    this.appended.setMaxListeners(0);
    // Prepared once: appends and reads are the hot path.
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
      readStream: db.prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      readAll: db.prepare<[number, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      // instr(...) = 1 is an exact "starts with": LIKE would treat _ and % as wildcards.
      readAllWithPrefix: db.prepare<[number, string, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > ? AND instr(stream_id, ?) = 1 ORDER BY position LIMIT ?`,
      ),
      head: db.prepare<[], { head: number }>('SELECT COALESCE(MAX(position), 0) AS head FROM events'),
      // Bounded: the count stops at the limit rather than scan a long backlog.
      countAfter: db.prepare<[number, number], { n: number }>('SELECT COUNT(*) AS n FROM (SELECT 1 FROM events WHERE position > ? LIMIT ?)'),
      countAfterWithPrefix: db.prepare<[number, string, number], { n: number }>(
        'SELECT COUNT(*) AS n FROM (SELECT 1 FROM events WHERE position > ? AND instr(stream_id, ?) = 1 LIMIT ?)',
      ),
    };
    const append = (streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): { result: AppendResult; wrote: boolean } => {
      const earlier = this.earlierAppend(streamId, events, expected);
      if (earlier) return { result: earlier, wrote: false };
      const current = this.statements.currentRevision.get(streamId)?.revision ?? null;
      checkExpected(streamId, expected, current);
      const recordedAt = new Date().toISOString();
      let revision = current ?? -1;
      let position = 0;
      for (const event of events) {
        revision += 1;
        const info = this.statements.insert.run(
          streamId,
          revision,
          event.eventId.toLowerCase(),
          event.type,
          event.schemaVersion,
          event.occurredAt,
          recordedAt,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        );
        position = Number(info.lastInsertRowid);
      }
      return { result: { nextExpectedRevision: revision, position }, wrote: true };
    };
    this.appendTransaction = db.transaction(append);
    // Many streams in one transaction: one commit for the lot (bulk import). Plain calls, not nested transactions: no savepoint per stream.
    this.appendBatchTransaction = db.transaction((appends: readonly StreamAppend[]) => {
      const outcomes: Array<{ result: AppendResult; wrote: boolean }> = [];
      for (const a of appends) {
        try {
          outcomes.push(append(a.streamId, a.events, a.expectedRevision));
        } catch (error) {
          throw this.translateConstraintError(error, a.streamId, a.expectedRevision);
        }
      }
      return outcomes;
    });
    // One snapshot for a page and the head, so a subscription can skip past filtered-out rows safely.
    this.readPageWithHead = db.transaction((after: number, pageSize: number, streamPrefix: string | undefined) => ({
      events: this.readAllSync({ after, maxCount: pageSize, streamPrefix }),
      head: this.statements.head.get()!.head,
    }));
  }

  /** Calls `listener` after every append this connection commits; returns the unsubscribe. */
  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  /**
   * Another connection in this process (another thread) committed appends: wakes this
   * connection's live subscriptions now instead of at their next poll.
   */
  notifyAppended(): void {
    this.appended.emit('appended');
  }

  /** The better-sqlite3 handle, for stores that share this file (e.g. idempotency keys). */
  get database(): SqliteDatabase {
    return this.db;
  }

  async appendToStream(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, options.expectedRevision);
    let outcome: { result: AppendResult; wrote: boolean };
    try {
      outcome = this.appendTransaction.immediate(streamId, events, options.expectedRevision);
    } catch (error) {
      throw this.translateConstraintError(error, streamId, options.expectedRevision);
    }
    if (outcome.wrote) this.appended.emit('appended');
    return outcome.result;
  }

  /** Appends to many streams in one IMMEDIATE transaction: all of them or, if any is refused, none. */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    for (const a of appends) validateAppend(a.streamId, a.events, a.expectedRevision);
    const outcomes = this.appendBatchTransaction.immediate(appends);
    if (outcomes.some((o) => o.wrote)) this.appended.emit('appended');
    return outcomes.map((o) => o.result);
  }

  async readStream(streamId: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const fromRevision = nonNegativeInteger(options.fromRevision ?? 0, 'fromRevision');
    const limit = options.maxCount === undefined ? -1 : nonNegativeInteger(options.maxCount, 'maxCount');
    return this.statements.readStream.all(streamId, fromRevision, limit).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllSync(options);
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const after = nonNegativeInteger(options.after ?? 0, 'after');
    const subscription = new SqliteSubscription({
      after,
      pollIntervalMs: this.pollIntervalMs,
      liveReadIntervalMs: this.liveReadIntervalMs,
      readPage: (from) => this.readPageWithHead(from, SUBSCRIPTION_PAGE_SIZE, options.streamPrefix || undefined),
      pageSize: SUBSCRIPTION_PAGE_SIZE,
      appended: this.appended,
      onClose: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.statements.head.get()!.head;
  }

  async countEventsAfter(after: number, options: CountEventsOptions): Promise<number> {
    this.assertOpen();
    const from = nonNegativeInteger(after, 'after');
    const limit = nonNegativeInteger(options.limit, 'limit');
    const row = options.streamPrefix
      ? this.statements.countAfterWithPrefix.get(from, options.streamPrefix, limit)
      : this.statements.countAfter.get(from, limit);
    return row!.n;
  }

  /** Ends every subscription, then closes the file. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.db.close();
  }

  private readAllSync(options: ReadAllOptions): RecordedEvent[] {
    const after = nonNegativeInteger(options.after ?? 0, 'after');
    const limit = options.maxCount === undefined ? -1 : nonNegativeInteger(options.maxCount, 'maxCount');
    const rows = options.streamPrefix
      ? this.statements.readAllWithPrefix.all(after, options.streamPrefix, limit)
      : this.statements.readAll.all(after, limit);
    return rows.map(toRecorded);
  }

  /**
   * A retry of an append that already happened (same event ids, same place): its original
   * result. Mirrors EventStoreDB: the check starts at the event id of the batch's first event.
   */
  private earlierAppend(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): AppendResult | undefined {
    const first = this.statements.findEventId.get(events[0]!.eventId.toLowerCase());
    if (!first) return undefined;
    if (first.stream_id !== streamId) {
      throw new EventIdConflictError(`event id ${events[0]!.eventId} is already stored in stream ${first.stream_id}, not ${streamId}`);
    }
    const expectedFirstRevision = expected === 'any' ? first.revision : expected === 'no_stream' ? 0 : expected + 1;
    if (first.revision !== expectedFirstRevision) {
      const current = this.statements.currentRevision.get(streamId)?.revision ?? null;
      throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
    }
    let position = 0;
    events.forEach((event, index) => {
      const stored = this.statements.eventAt.get(streamId, first.revision + index);
      if (stored?.event_id !== event.eventId.toLowerCase()) {
        throw new EventIdConflictError(
          `stream ${streamId}: retried batch does not match what is stored from revision ${first.revision} ` +
            `(event ${index} is ${event.eventId}, stored ${stored?.event_id ?? 'nothing'})`,
        );
      }
      position = stored.position;
    });
    return { nextExpectedRevision: first.revision + events.length - 1, position };
  }

  private translateConstraintError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
    const code = (error as { code?: unknown }).code;
    // Not `instanceof Error`: better-sqlite3 is a native addon loaded once per process, so its
    // SqliteError can come from another realm (Jest gives each test file its own) and fail that check.
    const message = typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : '';
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('events.stream_id')) {
      const current = this.statements.currentRevision.get(streamId)?.revision ?? null;
      return new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
    }
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('events.event_id')) {
      return new EventIdConflictError(`stream ${streamId}: an event id of this batch is already stored (${message})`);
    }
    return error;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteEventStore is closed');
  }
}

function checkExpected(streamId: string, expected: ExpectedRevision, current: number | null): void {
  const ok = expected === 'any' || (expected === 'no_stream' ? current === null : current === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
}

function validateAppend(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new InvalidAppendError('streamId must be a non-empty string');
  if (!(expected === 'any' || expected === 'no_stream' || (Number.isSafeInteger(expected) && expected >= 0))) {
    throw new InvalidAppendError(`stream ${streamId}: expectedRevision must be 'any', 'no_stream' or a revision >= 0, got ${String(expected)}`);
  }
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(`stream ${streamId}: nothing to append (empty batch)`);
  const ids = new Set<string>();
  events.forEach((event, index) => {
    const where = `stream ${streamId}, event ${index}`;
    if (typeof event.eventId !== 'string' || !UUID.test(event.eventId)) throw new InvalidAppendError(`${where}: eventId must be a UUID, got ${String(event.eventId)}`);
    if (ids.has(event.eventId.toLowerCase())) throw new InvalidAppendError(`${where}: eventId ${event.eventId} appears twice in the batch`);
    ids.add(event.eventId.toLowerCase());
    if (typeof event.type !== 'string' || event.type.length === 0) throw new InvalidAppendError(`${where}: type must be a non-empty string`);
    if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 0) throw new InvalidAppendError(`${where}: schemaVersion must be an integer >= 0`);
    if (typeof event.occurredAt !== 'string' || Number.isNaN(Date.parse(event.occurredAt))) {
      throw new InvalidAppendError(`${where}: occurredAt must be an ISO-8601 date-time, got ${String(event.occurredAt)}`);
    }
    if (!isPlainObject(event.data)) throw new InvalidAppendError(`${where}: data must be a JSON object`);
    if (!isPlainObject(event.metadata)) throw new InvalidAppendError(`${where}: metadata must be a JSON object`);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be an integer >= 0, got ${String(value)}`);
  return value;
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    occurredAt: row.occurred_at,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
  };
}
