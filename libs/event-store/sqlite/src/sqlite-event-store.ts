import { EventEmitter } from 'node:events';
import {
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
import { SqliteBulkWriterThread } from './sqlite-bulk-writer-thread';
import { packAppends, serialiseEvents, SqliteEventWriter, type AppendOutcome } from './sqlite-event-writer';
import { SqliteSubscription } from './sqlite-subscription';

export { EventIdConflictError } from './sqlite-event-writer';
export { BulkWriterError } from './sqlite-bulk-writer-thread';

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

/**
 * A bulk load's page cache (KiB): most of the event id and stream indexes of a million events
 * (about 100 MB) stay in memory, so inserts into them do not read and spill pages one by one.
 * 64 MB measured about as fast as 128 MB and keeps an import of a million rows under 500 MB.
 */
const BULK_CACHE_KIB = 64 * 1024;
/**
 * The writer thread's page cache (KiB): smaller, because the process now also holds a second
 * heap, and the writer has time to spare (a million-row import: about 15 s of CPU on the
 * writer against 35 s on the planning thread), so the extra page reads cost no wall time.
 */
const WRITER_THREAD_CACHE_KIB = 32 * 1024;
/**
 * A bulk load's WAL checkpoint threshold (pages of 4 KiB): a checkpoint (with its fsync) every
 * few hundred MB instead of after every commit past 4 MB. The WAL is truncated at the end.
 */
const BULK_CHECKPOINT_PAGES = 50_000;

export interface SqliteEventStoreOptions {
  readonly pollIntervalMs?: number;
  readonly liveReadIntervalMs?: number;
  /**
   * Whether a bulk load (`bulkAppending`) writes its batches on a worker thread with its own
   * connection (default: yes, for a file, when the compiled worker is there; never in memory).
   */
  readonly bulkWriterThread?: boolean;
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
  private readonly writer: SqliteEventWriter;
  private readonly appendTransaction;
  private readonly readPageWithHead;
  /** Set during a bulk load on a writer thread: batch appends go there. */
  private bulkWriter: SqliteBulkWriterThread | undefined;
  private closed = false;

  static open(filename: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const db = openSqliteDatabase(filename);
    try {
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    const inMemory = filename === ':memory:' || filename === '';
    return new SqliteEventStore(db, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, options.liveReadIntervalMs ?? DEFAULT_LIVE_READ_INTERVAL_MS, {
      filename,
      bulkWriterThread: !inMemory && (options.bulkWriterThread ?? true),
    });
  }

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly pollIntervalMs: number,
    private readonly liveReadIntervalMs: number,
    private readonly file: { readonly filename: string; readonly bulkWriterThread: boolean },
  ) {
    this.appended.setMaxListeners(0);
    // Prepared once: appends and reads are the hot path.
    this.statements = {
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
    this.writer = new SqliteEventWriter(db);
    this.appendTransaction = db.transaction((append: Parameters<SqliteEventWriter['append']>[0]) => this.writer.append(append));
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
    let outcome: AppendOutcome;
    // Serialised before the transaction: the write lock is held for the inserts only.
    const append = { streamId, events: serialiseEvents(events), expectedRevision: options.expectedRevision };
    try {
      outcome = this.appendTransaction.immediate(append);
    } catch (error) {
      throw this.writer.translateConstraintError(error, streamId, options.expectedRevision);
    }
    if (outcome.wrote) this.appended.emit('appended');
    return outcome.result;
  }

  /**
   * Appends to many streams in one IMMEDIATE transaction: all of them or, if any is refused,
   * none. During a bulk load on a writer thread the batch is serialised here and written there:
   * the promise settles when it is committed, and the caller may prepare the next meanwhile.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    try {
      this.assertOpen();
      for (const a of appends) validateAppend(a.streamId, a.events, a.expectedRevision);
      // Not an async function: nothing of the batch (its events, their serialised form) stays
      // referenced while it waits in the writer thread, only the results come back.
      if (this.bulkWriter) return this.bulkWriter.append(packAppends(appends)).then((outcomes) => this.appendedBatch(outcomes));
      return Promise.resolve(this.appendedBatch(this.writer.appendBatch(appends.map((a) => ({ ...a, events: serialiseEvents(a.events) })))));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private appendedBatch(outcomes: AppendOutcome[]): AppendResult[] {
    if (outcomes.some((o) => o.wrote)) this.appended.emit('appended');
    return outcomes.map((o) => o.result);
  }

  /**
   * Runs a bulk load with settings that suit it, restored afterwards. On a file, its batch
   * appends go to a writer thread with its own connection (and the bulk settings), so this
   * thread can prepare the next batch while one is written; otherwise they are written here
   * with a larger page cache and fewer checkpoints.
   */
  async bulkAppending<T>(work: () => Promise<T>): Promise<T> {
    this.assertOpen();
    if (this.bulkWriter) return work();
    if (this.file.bulkWriterThread && SqliteBulkWriterThread.available()) return this.bulkAppendingOnWriterThread(work);
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    const checkpointPages = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
    this.db.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`);
    try {
      return await work();
    } finally {
      if (!this.closed) {
        this.db.pragma(`wal_autocheckpoint = ${checkpointPages}`);
        this.db.pragma(`cache_size = ${cacheSize}`);
        // Give the disk back: a reader still in the WAL only makes this a partial checkpoint.
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      }
    }
  }

  private async bulkAppendingOnWriterThread<T>(work: () => Promise<T>): Promise<T> {
    const writer = new SqliteBulkWriterThread({ filename: this.file.filename, cacheKib: WRITER_THREAD_CACHE_KIB, checkpointPages: BULK_CHECKPOINT_PAGES });
    this.bulkWriter = writer;
    try {
      return await work();
    } finally {
      this.bulkWriter = undefined;
      await writer.close();
      // Give the disk back: a reader still in the WAL only makes this a partial checkpoint.
      if (!this.closed) this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
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

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteEventStore is closed');
  }
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
