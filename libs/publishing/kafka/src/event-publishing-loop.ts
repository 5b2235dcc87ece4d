import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';
import type { Publisher, PublisherCheckpointStore } from '@lifeline/publishing/port';
import { runPollingLoop } from '@lifeline/publishing/runtime';

export interface EventPublishingLoopOptions {
  /** Events per broker round trip. Default 500. */
  batchSize?: number;
  /** Pause when caught up before looking for new events. Default 500 ms. */
  idleDelayMs?: number;
  /** Pause after a failed batch before sending it again. Default 2000 ms. */
  retryDelayMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Moves lifecycle events from the event store to the publisher, at least once: the checkpoint
 * advances only after the broker acknowledged the batch, so a crash or a failed send re-sends
 * the batch (consumers de-duplicate by event id) and never skips one.
 */
export class EventPublishingLoop {
  private readonly batchSize: number;

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly publisher: Pick<Publisher, 'publishEvents'>,
    private readonly checkpoint: PublisherCheckpointStore,
    private readonly options: EventPublishingLoopOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
  }

  /** Publishes the next batch after the checkpoint; returns how many events it sent (0: caught up). */
  async publishNextBatch(): Promise<number> {
    const after = await this.checkpoint.load();
    const events = await this.store.readAll({ after, maxCount: this.batchSize, streamPrefix: CUSTOMER_STREAM_PREFIX });
    if (events.length === 0) return 0;
    await this.publisher.publishEvents(events);
    await this.checkpoint.save(events[events.length - 1]!.position);
    return events.length;
  }

  /** Runs until `signal` aborts; failures are reported and the same batch is retried. */
  async run(signal: AbortSignal): Promise<void> {
    await runPollingLoop(signal, async () => (await this.publishNextBatch()) > 0, {
      idleDelayMs: this.options.idleDelayMs ?? 500,
      retryDelayMs: this.options.retryDelayMs ?? 2000,
      onError: this.options.onError,
    });
  }

}

