import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendResult as EsdbAppendResult,
  type Position,
  type ReadAllOptions as EsdbReadAllOptions,
  type ReadStreamOptions as EsdbReadStreamOptions,
  type ResolvedEvent,
  type StreamingRead,
  type SubscribeToAllOptions,
  type EventData,
  type AppendToStreamOptions,
} from '@eventstore/db-client';
import {
  AppendTooLargeError,
  InvalidPositionError,
  WrongExpectedRevisionError,
  type AppendResult,
  type CountEventsOptions,
  type EventStore,
  type EventSubscription,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '@lifeline/event-store/port';
import { toEsdbConnectionString } from './eventstoredb-connection-string';
import {
  DEFAULT_MAX_APPEND_BYTES,
  appendSizeOf,
  fromEsdbCurrentRevision,
  fromEsdbRecordedEvent,
  isInvalidPositionError,
  isSystemEvent,
  positionToNumber,
  readPositionAfter,
  reportedPosition,
  toEsdbEventData,
  toEsdbExpectedRevision,
} from './eventstoredb-mapping';
import { ResubscribingSubscription, type ResubscribeOptions, type SubscriptionLogger } from './eventstoredb-subscription';

/**
 * The client methods this adapter calls. `EventStoreDBClient` satisfies it; unit tests hand it
 * the client's own stream objects (see ./testing/client-boundary). Reads are streaming gRPC
 * calls: leaving one early must `cancel()` it, or the call stays open on the connection.
 */
export interface EventStoreDbClientSurface {
  appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions): Promise<EsdbAppendResult>;
  readStream(streamName: string, options: EsdbReadStreamOptions): StreamingRead<ResolvedEvent>;
  readAll(options: EsdbReadAllOptions): StreamingRead<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): AsyncIterable<AllStreamResolvedEvent> & { unsubscribe(): Promise<void> };
  dispose(): Promise<void>;
}

export interface EventStoreDbOptions {
  /** The server's MaxAppendSize (default 1 MiB): larger appends are refused before sending. */
  readonly maxAppendBytes?: number;
  /** Backoff between resubscriptions after a subscription dropped. */
  readonly resubscribe?: ResubscribeOptions;
  readonly logger?: SubscriptionLogger;
}

/** Events fetched per round trip when reading $all forwards (system events are skipped client-side). */
const ALL_PAGE_SIZE = 512;
/** Events fetched per round trip when looking back for the head: usually the first is a user event. */
const HEAD_PAGE_SIZE = 16;
/** Least page size when filtering by stream prefix client-side. */
const FILTERED_MIN_PAGE_SIZE = 64;

export class EventStoreDbEventStore implements EventStore {
  private readonly maxAppendBytes: number;

  constructor(
    private readonly client: EventStoreDbClientSurface,
    private readonly options: EventStoreDbOptions = {},
  ) {
    this.maxAppendBytes = options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES;
  }

  /** e.g. `esdb://localhost:2113?tls=false`; `kurrentdb://` (and `kdb://`, `kurrent://`) are accepted as their `esdb` equivalents. */
  static connect(connectionString: string, options: EventStoreDbOptions = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(toEsdbConnectionString(connectionString)), options);
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`appendToStream(${streamId}): no events to append`);
    const expectedRevision = toEsdbExpectedRevision(options.expectedRevision);
    const eventData = events.map(toEsdbEventData);
    // The server refuses the whole append past its limit; say so before sending it.
    const bytes = appendSizeOf(eventData);
    if (bytes > this.maxAppendBytes) throw new AppendTooLargeError(streamId, bytes, this.maxAppendBytes);
    let result: EsdbAppendResult;
    try {
      result = await this.client.appendToStream(streamId, eventData, { expectedRevision });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, fromEsdbCurrentRevision(error.actualVersion));
      }
      if (error instanceof MaxAppendSizeExceededError) throw new AppendTooLargeError(streamId, bytes, error.maxAppendSize);
      throw error;
    }
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    // An idempotent retry may come back without a position: the port promises the original
    // result, i.e. the position of the event at that revision.
    const position = reportedPosition(result.position) ?? (await this.positionAtRevision(streamId, nextExpectedRevision));
    return { nextExpectedRevision, position };
  }

  async readStream(streamId: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const fromRevision = options.fromRevision ?? 0;
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) throw new RangeError(`fromRevision must be a non-negative integer, got ${fromRevision}`);
    const read: EsdbReadStreamOptions = { direction: FORWARDS, fromRevision: BigInt(fromRevision) };
    if (options.maxCount !== undefined) read.maxCount = options.maxCount;
    const events: RecordedEvent[] = [];
    try {
      await visitRead(this.client.readStream(streamId, read), (resolved) => {
        if (resolved.event) events.push(fromEsdbRecordedEvent(resolved.event));
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /**
   * Pages through $all from `after`, skipping system events and other streams client-side
   * (readAll has no server-side filter in this client version).
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const result: RecordedEvent[] = [];
    if (maxCount <= 0) return result;
    const ordering = new StrictPositionOrder(after);
    await this.scanAll(after, options.streamPrefix, () => maxCount - result.length, (raw) => {
      const event = fromEsdbRecordedEvent(raw);
      ordering.accept(event);
      result.push(event);
      return result.length < maxCount;
    });
    return result;
  }

  /** Counts by reading: positions are byte offsets here, so head − checkpoint says nothing about events. */
  async countEventsAfter(after: number, options: CountEventsOptions): Promise<number> {
    let count = 0;
    if (options.limit <= 0) return 0;
    await this.scanAll(after, options.streamPrefix, () => options.limit - count, (raw) => {
      count += 1;
      return count < options.limit;
    });
    return count;
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    const after = options.after ?? 0;
    readPositionAfter(after); // refuse a malformed position now, not on the first next()
    const filter = options.streamPrefix ? streamNameFilter({ prefixes: [options.streamPrefix] }) : excludeSystemEvents();
    return new ResubscribingSubscription({
      after,
      subscribe: (from) => this.client.subscribeToAll({ fromPosition: readPositionAfter(from), filter }),
      accept: (raw) => (isSystemEvent(raw) ? undefined : fromEsdbRecordedEvent(raw)),
      ...(this.options.resubscribe && { backoff: this.options.resubscribe }),
      ...(this.options.logger && { logger: this.options.logger }),
    });
  }

  async headPosition(): Promise<number> {
    // Walk back from the end past system events ($metadata, scavenges, stats...), a small page
    // at a time: the newest event is nearly always a user event.
    let from: Position | typeof END = END;
    for (;;) {
      let seen = 0;
      let last: Position | undefined;
      let head: number | undefined;
      await visitRead(this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_PAGE_SIZE }), (resolved) => {
        seen += 1;
        const raw = resolved.event;
        if (!raw) return true;
        if (from !== END && comparePositions(raw.position, from) >= 0) return true; // the page's first event is the last one seen
        last = raw.position;
        if (isSystemEvent(raw)) return true;
        head = positionToNumber(raw.position);
        return false;
      });
      if (head !== undefined) return head;
      if (seen < HEAD_PAGE_SIZE || !last) return 0;
      from = last;
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * Visits the non-system events of $all after `after` (of streams starting with `streamPrefix`), in pages of at most what `wanted()`
   * still asks for, until `visit` returns false or the log ends. Reads from a position include
   * the event there, so pages overlap by one and the start position is skipped.
   */
  private async scanAll(
    after: number,
    streamPrefix: string | undefined,
    wanted: () => number,
    visit: (raw: NonNullable<AllStreamResolvedEvent['event']>) => boolean,
  ): Promise<void> {
    let from = readPositionAfter(after);
    let lastRaw: Position | undefined;
    for (;;) {
      // +1: the event at `from` comes back again and is skipped. With a prefix, most of $all may be
      // other streams, so ask for a few more per round trip; the call is cancelled once enough came.
      const pageSize = Math.min(ALL_PAGE_SIZE, Math.max(wanted() + 1, streamPrefix === undefined ? 0 : FILTERED_MIN_PAGE_SIZE));
      let seen = 0;
      let more = true;
      try {
        await visitRead(this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: pageSize }), (resolved) => {
          seen += 1;
          const raw = resolved.event;
          if (!raw) return true;
          if (lastRaw && comparePositions(raw.position, lastRaw) <= 0) return true;
          lastRaw = raw.position;
          if (isSystemEvent(raw) || !matchesPrefix(raw.streamId, streamPrefix)) return true;
          if (positionToNumber(raw.position) <= after) return true;
          more = visit(raw);
          return more;
        });
      } catch (error) {
        if (isInvalidPositionError(error)) throw new InvalidPositionError(after, errorText(error));
        throw error;
      }
      if (!more || seen < pageSize || !lastRaw) return;
      from = lastRaw;
    }
  }

  private async positionAtRevision(streamId: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`stream ${streamId}: append succeeded but revision ${revision} cannot be read`);
    return event.position;
  }
}

/**
 * Iterates one streaming read until `visit` returns false or the server ends it, then cancels
 * the gRPC call: leaving `for await` destroys only the client's Transform, and the call itself
 * (deadline: Infinity) would stay open, one HTTP/2 stream per read, until the connection's
 * concurrent-stream limit blocks everything else. Cancelling a call the server ended is a no-op.
 */
async function visitRead<E>(read: StreamingRead<E>, visit: (event: E) => boolean | void): Promise<void> {
  try {
    for await (const event of read) {
      if (visit(event) === false) return;
    }
  } finally {
    // A call that never started (no connection) rejects here with the error already thrown.
    await read.cancel().catch(() => undefined);
  }
}

function errorText(error: unknown): string {
  const details = (error as { details?: unknown }).details;
  if (typeof details === 'string' && details) return `server: ${details}`;
  return error instanceof Error ? `server: ${error.message}` : String(error);
}

function matchesPrefix(streamId: string, prefix: string | undefined): boolean {
  return prefix === undefined || streamId.startsWith(prefix);
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/**
 * The port promises strictly increasing positions. Should a server ever report one commit
 * position for several events, resuming "after" it would skip events; fail loudly instead.
 */
export class StrictPositionOrder {
  constructor(private last: number) {}

  accept(event: RecordedEvent): void {
    if (event.position <= this.last) {
      throw new Error(
        `event ${event.eventId} at position ${event.position} does not follow position ${this.last}; ` +
          'the server reports non-unique commit positions, which this adapter cannot resume from',
      );
    }
    this.last = event.position;
  }
}
