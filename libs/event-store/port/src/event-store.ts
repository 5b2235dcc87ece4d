/**
 * The event store port. Adapters: SQLite (embedded default) and EventStoreDB (production).
 * Both must pass the contract suite in ../testing/event-store.contract.ts.
 *
 * Revisions are per stream and start at 0. Positions are global, strictly increasing in
 * commit order, and > 0; position 0 means "before the first event".
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

/** An event as handed to the store. `eventId` (UUID) is what makes appends idempotent. */
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
  /** Read events with position strictly greater than this. Default 0. */
  after?: number;
  maxCount?: number;
  /** Only streams whose id starts with this prefix. */
  streamPrefix?: string;
}

export interface SubscribeOptions {
  after?: number;
  streamPrefix?: string;
}

/**
 * A catch-up subscription: replays from `after`, then delivers live events, in position
 * order, without gaps or duplicates. Iterate with `for await`; `close()` ends the iteration.
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
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
