import {
  customerStreamId,
  decide,
  evolve,
  initialCustomerState,
  isRuleViolation,
  upcastCustomerEvent,
  type CustomerCommand,
  type CustomerEvent,
} from '@lifeline/customers/domain';
import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '@lifeline/event-store/port';
import { ConcurrencyConflictError, RuleViolationError } from './errors';
import { eventIdFor, type EventIdDerivation } from './event-ids';

export interface CustomerCommandServiceOptions {
  /** ISO 4217 code purchases are booked in. */
  readonly currency: string;
  /** Re-reads and re-decisions after a concurrent write before giving up. Default 10. */
  readonly maxConflictRetries?: number;
  /** Waits between retries; injectable so tests need not sleep. */
  readonly backoff?: (attempt: number) => Promise<void>;
  /** Told how long each append took, refused ones included (the API's latency histogram). */
  readonly onAppendTimed?: (seconds: number) => void;
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

/** Full jitter on an exponential ceiling (5 ms, 10 ms, … capped at 200 ms): spreads out retrying writers. */
export function jitteredBackoff(attempt: number): Promise<void> {
  const ceiling = Math.min(200, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * Load → decide → append, with optimistic concurrency: the append expects the revision
 * the decision was made on; if another writer got there first, re-read and decide again.
 */
export class CustomerCommandService {
  private readonly maxConflictRetries: number;
  private readonly backoff: (attempt: number) => Promise<void>;

  constructor(
    private readonly eventStore: EventStore,
    private readonly options: CustomerCommandServiceOptions,
  ) {
    this.maxConflictRetries = options.maxConflictRetries ?? DEFAULT_MAX_CONFLICT_RETRIES;
    this.backoff = options.backoff ?? jitteredBackoff;
  }

  async execute(command: CustomerCommand, context: CommandContext = {}): Promise<CommandOutcome> {
    const streamId = customerStreamId(command.customerId);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(command, context, streamId);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= this.maxConflictRetries) throw new ConcurrencyConflictError(streamId, attempt + 1);
        await this.backoff(attempt);
      }
    }
  }

  private async attempt(command: CustomerCommand, context: CommandContext, streamId: string): Promise<CommandOutcome> {
    const recorded = await this.eventStore.readStream(streamId);
    const derivation: EventIdDerivation | undefined =
      context.idempotencyKey === undefined ? undefined : { idempotencyKey: context.idempotencyKey, commandType: command.type, streamId };

    if (derivation) {
      const earlier = alreadyAppended(recorded, derivation);
      if (earlier) return { customerId: command.customerId, ...earlier };
    }

    const state = recorded.map((event) => upcastCustomerEvent(event)).reduce(evolve, initialCustomerState());
    const decision = decide(command, state, { currency: this.options.currency });
    if (isRuleViolation(decision)) throw new RuleViolationError(decision);

    const eventIds = decision.map((_, index) => eventIdFor(index, derivation));
    const metadata = metadataOf(context);
    const toAppend = decision.map((event, index): EventToAppend => toStored(event, eventIds[index]!, metadata));
    const last = recorded.at(-1);
    const started = performance.now();
    const result = await this.eventStore
      .appendToStream(streamId, toAppend, { expectedRevision: last === undefined ? 'no_stream' : last.revision })
      .finally(() => this.options.onAppendTimed?.((performance.now() - started) / 1000));
    return { customerId: command.customerId, revision: result.nextExpectedRevision, position: result.position, eventIds };
  }
}

/**
 * A retried command whose events are already in the stream (the first try was appended,
 * but its answer was lost): what it wrote, so that it is answered instead of written twice.
 */
function alreadyAppended(recorded: readonly RecordedEvent[], derivation: EventIdDerivation): Omit<CommandOutcome, 'customerId'> | undefined {
  const start = recorded.findIndex((event) => event.eventId === eventIdFor(0, derivation));
  if (start < 0) return undefined;
  const written: RecordedEvent[] = [];
  for (let i = start; i < recorded.length && recorded[i]!.eventId === eventIdFor(i - start, derivation); i++) written.push(recorded[i]!);
  const last = written.at(-1)!;
  return { revision: last.revision, position: last.position, eventIds: written.map((event) => event.eventId) };
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
