/**
 * The event store port. Adapters: SQLite (embedded default) and EventStoreDB (production).
 * Both must pass the contract suite in ../testing/event-store.contract.ts.
 *
 * Revisions are per stream and start at 0. Positions are global, strictly increasing in
 * commit order, and > 0; position 0 means "before the first event". Positions are opaque: only
 * in the SQLite store do they count events (EventStoreDB's are byte offsets into its log), so
 * never do arithmetic on them; ask `countEventsAfter` how many events lie beyond one.
 */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  /** Who or what issued the command (user, import, seed). */
  actor?: string;
  /** The authenticated caller behind it (`key:<name>`, `jwt:<subject>`, `local`, `cli:<user>`); never a secret. */
  principal?: string;
  [key: string]: unknown;
}

/**
 * An event as handed to the store. `eventId` (UUID) is what makes appends idempotent; stores
 * compare it case-insensitively and hand it back lower-cased (EventStoreDB's form).
 */
export interface EventToAppend {
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent extends EventToAppend {
  streamId: string;
  revision: number;
  position: number;
  /** When the store committed it (ISO-8601). */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: number;
  /** Global position of the last event written (or, for an idempotent no-op, of the stored one). */
  position: number;
}

export interface ReadAllOptions {
  /**
   * Read events with position strictly greater than this. Default 0. Must be 0 or a position
   * this store returned (an event's `position`, an append's `position`, `headPosition()`):
   * another number may not be a place in the log, and the store may refuse it with
   * InvalidPositionError (EventStoreDB does).
   */
  after?: number;
  maxCount?: number;
  /** Only streams whose id starts with this prefix. */
  streamPrefix?: string;
}

export interface SubscribeOptions {
  /** As ReadAllOptions.after: 0 or a position this store returned. */
  after?: number;
  streamPrefix?: string;
}

/**
 * A catch-up subscription: replays from `after`, then delivers live events, in position
 * order, without gaps or duplicates. Iterate with `for await`; `close()` ends the iteration,
 * and nothing else does short of an error the store cannot recover from (a networked store
 * resubscribes after a dropped connection from the last event delivered).
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** `after` is not 0 or a position the store returned, and the store cannot start reading there. */
export class InvalidPositionError extends Error {
  constructor(
    readonly position: number,
    detail?: string,
  ) {
    super(
      `position ${position} is not a position in the event log: read after 0 or after a position the store returned ` +
        `(an event's position, the feed's "next" or "head")${detail ? ` (${detail})` : ''}`,
    );
    this.name = 'InvalidPositionError';
  }
}

/** The events of one append are larger than the store accepts in one append; nothing was written. */
export class AppendTooLargeError extends Error {
  constructor(
    readonly streamId: string,
    /** Size of the append as the store counts it (an estimate when refused before sending). */
    readonly bytes: number | undefined,
    readonly maxBytes: number,
  ) {
    super(`stream ${streamId}: append of ${bytes === undefined ? 'more than' : `${bytes} bytes, over`} ${maxBytes} bytes refused; nothing was written`);
    this.name = 'AppendTooLargeError';
  }
}

export interface CountEventsOptions {
  /** Only streams whose id starts with this prefix. */
  streamPrefix?: string;
  /** Stop counting here: the answer is exact below `limit` and means "at least `limit`" at it. */
  limit: number;
}

export interface EventStore {
  /**
   * Appends atomically. Throws WrongExpectedRevisionError when the stream is not at
   * `expectedRevision`. Appending events whose ids are already stored at that place in
   * the stream is a no-op that returns the original result (as EventStoreDB does).
   */
  appendToStream(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** All events of one stream in revision order; [] for a stream that does not exist. */
  readStream(streamId: string, options?: { fromRevision?: number; maxCount?: number }): Promise<RecordedEvent[]>;
  /** One batch of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): EventSubscription;
  /** Position of the last event in the store (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * How many events lie after `after` (0 or a position the store returned): the lag of a
   * reader at that checkpoint, in events whatever the store's positions are. At most `limit`.
   */
  countEventsAfter(after: number, options: CountEventsOptions): Promise<number>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
