import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  type AllStreamResolvedEvent,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { InvalidPositionError, type EventSubscription, type RecordedEvent } from '@lifeline/event-store/port';
import { isInvalidPositionError } from './eventstoredb-mapping';

export interface ResubscribeOptions {
  /** First wait after a drop; doubles per failed attempt (with jitter). Default 200 ms. */
  readonly initialDelayMs?: number;
  /** Longest wait between attempts. Default 10 s. */
  readonly maxDelayMs?: number;
}

/** pino-compatible. */
export interface SubscriptionLogger {
  warn(fields: object, message: string): void;
}

type ClientSubscription = AsyncIterable<AllStreamResolvedEvent> & { unsubscribe(): Promise<void> };

export interface ResubscribingSubscriptionOptions {
  readonly after: number;
  /** Opens a catch-up subscription on $all after a position (exclusive by `accept`). */
  readonly subscribe: (after: number) => ClientSubscription;
  /** The port event for a server event, or undefined to skip it (system events). */
  readonly accept: (raw: EsdbRecordedEvent) => RecordedEvent | undefined;
  readonly backoff?: ResubscribeOptions;
  readonly logger?: SubscriptionLogger;
}

const stderrLogger: SubscriptionLogger = {
  warn: (fields, message) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg: message, ...fields })}\n`),
};

/**
 * A catch-up subscription to $all that survives its gRPC call ending: a server restart, a
 * leader change, a keep-alive timeout or "consumer too slow" either fails the call or ends it
 * cleanly. Either way, unless close() was called, it subscribes again after the last event it
 * delivered, waiting longer after each failed attempt; delivery stays in order, without gaps
 * or duplicates. Errors no retry can cure (an invalid position, a refused or unreadable event)
 * end the iteration with that error.
 */
export class ResubscribingSubscription implements EventSubscription {
  private closed = false;
  private current?: ClientSubscription;
  private wake: () => void = () => undefined;
  private readonly iterator: AsyncGenerator<RecordedEvent>;
  private readonly logger: SubscriptionLogger;

  constructor(private readonly options: ResubscribingSubscriptionOptions) {
    this.logger = options.logger ?? stderrLogger;
    this.iterator = this.events();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    await this.current?.unsubscribe();
    await this.iterator.return(undefined);
  }

  private async *events(): AsyncGenerator<RecordedEvent> {
    let last = this.options.after;
    let failures = 0;
    while (!this.closed) {
      const subscription = this.options.subscribe(last);
      this.current = subscription;
      let ending: string;
      try {
        for await (const resolved of subscription) {
          const raw = resolved.event;
          if (!raw) continue;
          const event = this.options.accept(raw);
          // Catch-up from a position includes the event there; a resubscription repeats it.
          if (!event || event.position <= last) continue;
          if (this.closed) return;
          yield event;
          last = event.position;
          failures = 0;
        }
        ending = 'the server ended the subscription';
      } catch (error) {
        if (this.closed) return;
        if (isInvalidPositionError(error)) throw new InvalidPositionError(last, (error as Error).message);
        if (!isDroppedSubscription(error)) throw error;
        ending = (error as Error).message;
      } finally {
        await subscription.unsubscribe().catch(() => undefined);
        this.current = undefined;
      }
      if (this.closed) return;
      const delay = this.delay(failures);
      failures += 1;
      this.logger.warn({ after: last, attempt: failures, retryInMs: delay, reason: ending }, 'EventStoreDB subscription dropped; resubscribing');
      await this.sleep(delay);
    }
  }

  private delay(failures: number): number {
    const initial = this.options.backoff?.initialDelayMs ?? 200;
    const max = this.options.backoff?.maxDelayMs ?? 10_000;
    const ceiling = Math.min(max, initial * 2 ** Math.min(failures, 20));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** What the client raises when the call was lost rather than refused: worth subscribing again. */
function isDroppedSubscription(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    error instanceof UnknownError
  );
}
