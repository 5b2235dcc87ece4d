import {
  customerStreamId,
  decide,
  evolve,
  foldCustomerEvents,
  isRuleViolation,
  upcastCustomerEvent,
  type CustomerCommand,
  type CustomerEvent,
} from '@lifeline/customers/domain';
import {
  canAppendBatches,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '@lifeline/event-store/port';
import { ConcurrencyConflictError, RuleViolationError } from './errors';
import { eventIdFor, type EventIdDerivation } from './event-ids';
import { GroupCommit } from './group-commit';
import { KeyedQueue } from './stream-queue';
import { StreamStateCache, type CachedStream } from './stream-state-cache';

export interface CustomerCommandServiceOptions {
  /** ISO 4217 code purchases are booked in. */
  readonly currency: string;
  /** How long after its resolution a complaint may be reopened (the decider's default when absent). */
  readonly reopenWindowDays?: number;
  /** Re-reads and re-decisions after a concurrent write before giving up. Default 10. */
  readonly maxConflictRetries?: number;
  /** Waits between retries; injectable so tests need not sleep. */
  readonly backoff?: (attempt: number) => Promise<void>;
  /** Told how long each append took, refused ones included (the API's latency histogram). */
  readonly onAppendTimed?: (seconds: number) => void;
  /**
   * Events' worth of decider states kept in memory between commands (default 250,000, about
   * 33 MB at 138 bytes an event); 0 folds every stream from the store on every command.
   */
  readonly stateCacheEvents?: number;
  /**
   * Concurrent commands' appends that reach the store in one turn of the event loop share one
   * transaction (GroupCommit), when the store can append to several streams at once (SQLite).
   * For a server answering many callers at once; default off.
   */
  readonly groupCommit?: boolean;
}

export interface CommandContext {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: string;
  /** The authenticated caller (`key:<name>`, `jwt:<subject>`, `local`); never a secret. */
  readonly principal?: string;
  /**
   * Makes the command safe to retry: event ids are derived from it. It must be unique per
   * command target (the HTTP API scopes the client's key by method and path).
   */
  readonly idempotencyKey?: string;
}

export interface CommandOutcome {
  readonly customerId: string;
  /** Revision of the customer's last event after the command. */
  readonly revision: number;
  /** Global position of that event. */
  readonly position: number;
  readonly eventIds: string[];
}

const DEFAULT_MAX_CONFLICT_RETRIES = 10;
const DEFAULT_STATE_CACHE_EVENTS = 250_000;

/** Full jitter on an exponential ceiling (5 ms, 10 ms, … capped at 200 ms): spreads out retrying writers. */
export function jitteredBackoff(attempt: number): Promise<void> {
  const ceiling = Math.min(200, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * Load → decide → append, with optimistic concurrency: the append expects the revision
 * the decision was made on; if another writer got there first, read what it wrote and decide
 * again (bounded).
 *
 * Commands on one customer queue in this process, so they never race each other; conflicts
 * come only from other processes (the CLI, another API instance). The decider state after
 * each command is cached, so a command does not re-read and re-fold the customer's history:
 * its cost does not grow with it. A command on a cached stream is decided on the cached state
 * without reading the store at all: the append's expected revision is the check that nothing
 * was appended since (another process's write makes it fail, and the retry reads what is new).
 * Whatever the cached state would make the command do other than append — refuse it, answer
 * it as already done, or change nothing — is checked against the store first (the tail read
 * below), as is every command with an idempotency key, so a stale cache never refuses or
 * answers a command the stored stream would have accepted.
 */
export class CustomerCommandService {
  private readonly maxConflictRetries: number;
  private readonly backoff: (attempt: number) => Promise<void>;
  private readonly queue = new KeyedQueue();
  private readonly cache: StreamStateCache;
  private readonly groupCommit: GroupCommit | undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly options: CustomerCommandServiceOptions,
  ) {
    this.maxConflictRetries = options.maxConflictRetries ?? DEFAULT_MAX_CONFLICT_RETRIES;
    this.backoff = options.backoff ?? jitteredBackoff;
    this.cache = new StreamStateCache(options.stateCacheEvents ?? DEFAULT_STATE_CACHE_EVENTS);
    this.groupCommit = options.groupCommit && canAppendBatches(eventStore) ? new GroupCommit(eventStore) : undefined;
  }

  execute(command: CustomerCommand, context: CommandContext = {}): Promise<CommandOutcome> {
    const streamId = customerStreamId(command.customerId);
    return this.queue.run(streamId, () => this.executeInTurn(command, context, streamId));
  }

  /** Streams with commands running or waiting, and what the state cache holds (for metrics and tests). */
  get load(): { busyStreams: number; cachedStreams: number; cachedEvents: number } {
    const cached = this.cache.size;
    return { busyStreams: this.queue.busyKeys, cachedStreams: cached.streams, cachedEvents: cached.events };
  }

  private async executeInTurn(command: CustomerCommand, context: CommandContext, streamId: string): Promise<CommandOutcome> {
    let verify = context.idempotencyKey !== undefined;
    for (let attempt = 0; ; attempt++) {
      const decidedOn = { verified: false };
      try {
        return await this.attempt(command, context, streamId, verify, decidedOn);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= this.maxConflictRetries) throw new ConcurrencyConflictError(streamId, attempt + 1);
        // Decided on the cached state unchecked: most likely the store had moved on before (another
        // process wrote), not a race with a writer now: read what is new and decide again at once.
        if (decidedOn.verified) await this.backoff(attempt);
        verify = true;
      }
    }
  }

  /** One decision and append; `verify`: bring a cached state up to date with the store first (else trust it, see the class comment). */
  private async attempt(command: CustomerCommand, context: CommandContext, streamId: string, verify: boolean, decidedOn = { verified: false }): Promise<CommandOutcome> {
    const { stream, verified } = await this.loadStream(streamId, verify);
    decidedOn.verified = verified;
    const derivation: EventIdDerivation | undefined =
      context.idempotencyKey === undefined ? undefined : { idempotencyKey: context.idempotencyKey, commandType: command.type, streamId };

    if (derivation && stream) {
      const earlier = alreadyAppended(stream, derivation);
      if (earlier === 'unknown_position') {
        this.cache.delete(streamId);
        return this.attempt(command, context, streamId, true, decidedOn);
      }
      if (earlier) return { customerId: command.customerId, ...earlier };
    }

    const state = stream?.state ?? foldCustomerEvents([]);
    const decision = decide(command, state, {
      currency: this.options.currency,
      ...(this.options.reopenWindowDays !== undefined && { reopenWindowDays: this.options.reopenWindowDays }),
    });
    // A refusal or a no-op on an unchecked cached state may be stale: decide again on the stream as stored.
    if (!verified && (isRuleViolation(decision) || decision.length === 0)) return this.attempt(command, context, streamId, true, decidedOn);
    if (isRuleViolation(decision)) throw new RuleViolationError(decision);
    // Nothing to change (a consent that already stands): answered with where the stream is, nothing appended.
    if (decision.length === 0 && stream) {
      const position = stream.positions[stream.revision];
      if (position !== undefined) return { customerId: command.customerId, revision: stream.revision, position, eventIds: [] };
      this.cache.delete(streamId); // read back whole, with every position
      return this.attempt(command, context, streamId, true, decidedOn);
    }

    const eventIds = decision.map((_, index) => eventIdFor(index, derivation));
    const metadata = metadataOf(context);
    const toAppend = decision.map((event, index): EventToAppend => toStored(event, eventIds[index]!, metadata));
    const started = performance.now();
    const expectedRevision = stream === undefined ? 'no_stream' : stream.revision;
    const result = await (this.groupCommit
      ? this.groupCommit.append(streamId, toAppend, expectedRevision)
      : this.eventStore.appendToStream(streamId, toAppend, { expectedRevision })
    ).finally(() => this.options.onAppendTimed?.((performance.now() - started) / 1000));
    this.remember(streamId, stream, decision, eventIds, result.position);
    return { customerId: command.customerId, revision: result.nextExpectedRevision, position: result.position, eventIds };
  }

  /**
   * The stream: the cached state as it is (`verified: false`) unless `verify`; with `verify`,
   * brought up to date with what was appended since (read from the last revision it covers,
   * whose event id must still be there: otherwise the store is not the one the cache was
   * filled from, and the stream is read whole again). `stream` is undefined for a stream that
   * does not exist.
   */
  private async loadStream(streamId: string, verify: boolean): Promise<{ stream: CachedStream | undefined; verified: boolean }> {
    const cached = this.cache.get(streamId);
    if (cached && !verify) return { stream: cached, verified: false };
    if (cached) {
      const tail = await this.eventStore.readStream(streamId, { fromRevision: cached.revision });
      if (tail[0]?.eventId === cached.eventIds[cached.revision]) {
        if (tail.length > 1) {
          this.extend(cached, tail.slice(1));
          this.cache.grew(streamId, tail.length - 1);
        }
        return { stream: cached, verified: true };
      }
      this.cache.delete(streamId);
    }
    const recorded = await this.eventStore.readStream(streamId);
    if (recorded.length === 0) return { stream: undefined, verified: true };
    const entry: CachedStream = { revision: -1, state: foldCustomerEvents([]), eventIds: [], positions: [] };
    this.extend(entry, recorded);
    this.cache.set(streamId, entry);
    return { stream: entry, verified: true };
  }

  private extend(entry: CachedStream, recorded: readonly RecordedEvent[]): void {
    let state = entry.state;
    for (const event of recorded) {
      state = evolve(state, upcastCustomerEvent(event));
      entry.eventIds.push(event.eventId);
      entry.positions.push(event.position);
    }
    entry.state = state;
    entry.revision = recorded.at(-1)!.revision;
  }

  /** After an append: the cached state moves on by the decided events, without reading them back. */
  private remember(streamId: string, stream: CachedStream | undefined, decision: readonly CustomerEvent[], eventIds: readonly string[], lastPosition: number): void {
    const entry = stream ?? { revision: -1, state: foldCustomerEvents([]), eventIds: [], positions: [] };
    let state = entry.state;
    decision.forEach((event, index) => {
      state = evolve(state, event);
      entry.eventIds.push(eventIds[index]!);
      entry.positions.push(index === decision.length - 1 ? lastPosition : undefined);
    });
    entry.state = state;
    entry.revision += decision.length;
    if (stream) this.cache.grew(streamId, decision.length);
    else this.cache.set(streamId, entry);
  }
}

/**
 * A retried command whose events are already in the stream (the first try was appended,
 * but its answer was lost): what it wrote, so that it is answered instead of written twice.
 */
function alreadyAppended(stream: CachedStream, derivation: EventIdDerivation): Omit<CommandOutcome, 'customerId'> | 'unknown_position' | undefined {
  const start = stream.eventIds.indexOf(eventIdFor(0, derivation));
  if (start < 0) return undefined;
  const eventIds: string[] = [];
  for (let i = start; i < stream.eventIds.length && stream.eventIds[i] === eventIdFor(i - start, derivation); i++) eventIds.push(stream.eventIds[i]!);
  const revision = start + eventIds.length - 1;
  const position = stream.positions[revision];
  if (position === undefined) return 'unknown_position';
  return { revision, position, eventIds };
}

function metadataOf(context: CommandContext): EventMetadata {
  return {
    ...(context.correlationId !== undefined && { correlationId: context.correlationId }),
    ...(context.causationId !== undefined && { causationId: context.causationId }),
    ...(context.actor !== undefined && { actor: context.actor }),
    ...(context.principal !== undefined && { principal: context.principal }),
  };
}

function toStored(event: CustomerEvent, eventId: string, metadata: EventMetadata): EventToAppend {
  return {
    eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    data: { ...event.data },
    metadata,
  };
}
