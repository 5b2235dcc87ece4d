import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
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
  type SubscribeToAllOptions,
  type EventData,
  type AppendToStreamOptions,
} from '@eventstore/db-client';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type EventSubscription,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '@lifeline/event-store/port';
import {
  fromEsdbCurrentRevision,
  fromEsdbRecordedEvent,
  isSystemEvent,
  positionToNumber,
  readPositionAfter,
  reportedPosition,
  toEsdbEventData,
  toEsdbExpectedRevision,
} from './eventstoredb-mapping';

/**
 * The client methods this adapter calls. `EventStoreDBClient` satisfies it; unit tests
 * substitute it at this boundary. Reads are consumed only by async iteration.
 */
export interface EventStoreDbClientSurface {
  appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions): Promise<EsdbAppendResult>;
  readStream(streamName: string, options: EsdbReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: EsdbReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): AsyncIterable<AllStreamResolvedEvent> & { unsubscribe(): Promise<void> };
  dispose(): Promise<void>;
}

/** Events fetched per round trip when reading $all (system events are skipped client-side). */
const ALL_PAGE_SIZE = 512;

export class EventStoreDbEventStore implements EventStore {
  constructor(private readonly client: EventStoreDbClientSurface) {}

  /** e.g. `esdb://localhost:2113?tls=false` */
  static connect(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`appendToStream(${streamId}): no events to append`);
    const expectedRevision = toEsdbExpectedRevision(options.expectedRevision);
    const eventData = events.map(toEsdbEventData);
    let result: EsdbAppendResult;
    try {
      result = await this.client.appendToStream(streamId, eventData, { expectedRevision });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, fromEsdbCurrentRevision(error.actualVersion));
      }
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
      for await (const resolved of this.client.readStream(streamId, read)) {
        if (resolved.event) events.push(fromEsdbRecordedEvent(resolved.event));
      }
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
    const ordering = new StrictPositionOrder(after);
    let from = readPositionAfter(after);
    let lastRaw: Position | undefined;
    for (;;) {
      let seen = 0;
      for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: ALL_PAGE_SIZE })) {
        seen += 1;
        const raw = resolved.event;
        if (!raw) continue;
        // Pages overlap by one event because reads from a position include it.
        if (lastRaw && comparePositions(raw.position, lastRaw) <= 0) continue;
        lastRaw = raw.position;
        if (isSystemEvent(raw) || !matchesPrefix(raw.streamId, options.streamPrefix)) continue;
        if (positionToNumber(raw.position) <= after) continue;
        const event = fromEsdbRecordedEvent(raw);
        ordering.accept(event);
        result.push(event);
        if (result.length >= maxCount) return result;
      }
      if (seen < ALL_PAGE_SIZE || !lastRaw) return result;
      from = lastRaw;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    const after = options.after ?? 0;
    const subscription = this.client.subscribeToAll({
      fromPosition: readPositionAfter(after),
      filter: options.streamPrefix ? streamNameFilter({ prefixes: [options.streamPrefix] }) : excludeSystemEvents(),
    });
    const ordering = new StrictPositionOrder(after);
    async function* events(): AsyncGenerator<RecordedEvent> {
      for await (const resolved of subscription) {
        const raw = resolved.event;
        if (!raw || isSystemEvent(raw)) continue;
        if (positionToNumber(raw.position) <= after) continue;
        const event = fromEsdbRecordedEvent(raw);
        ordering.accept(event);
        yield event;
      }
    }
    const iterator = events();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        await subscription.unsubscribe();
        await iterator.return(undefined);
      },
    };
  }

  async headPosition(): Promise<number> {
    // Walk back from the end past system events ($metadata, scavenges, stats...).
    let from: Position | typeof END = END;
    for (;;) {
      let seen = 0;
      let last: Position | undefined;
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: ALL_PAGE_SIZE })) {
        seen += 1;
        const raw = resolved.event;
        if (!raw) continue;
        if (last === undefined && from !== END && comparePositions(raw.position, from) >= 0) continue;
        last = raw.position;
        if (!isSystemEvent(raw)) return positionToNumber(raw.position);
      }
      if (seen < ALL_PAGE_SIZE || !last) return 0;
      from = last;
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async positionAtRevision(streamId: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`stream ${streamId}: append succeeded but revision ${revision} cannot be read`);
    return event.position;
  }
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
class StrictPositionOrder {
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
