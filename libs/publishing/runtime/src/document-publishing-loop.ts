import { runPollingLoop } from './polling-loop';
import { CUSTOMER_STREAM_PREFIX } from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';
import type { DocumentProjection } from '@lifeline/projections/runtime';
import { toProjectedEvent } from '@lifeline/projections/runtime';
import type { DocumentChange, Publisher, PublisherCheckpointStore } from '@lifeline/publishing/port';
import type { ReadModelStore } from '@lifeline/read-store/port';

export interface DocumentPublishingLoopOptions {
  /** Events examined per round; their documents go out in one broker request. Default 500. */
  batchSize?: number;
  /** Pause when caught up, or while the projector has not yet applied the batch. Default 500 ms. */
  idleDelayMs?: number;
  /** Pause after a failed round before trying it again. Default 2000 ms. */
  retryDelayMs?: number;
  onError?: (error: unknown) => void;
}

/** What a round did: documents sent, or why it sent none. */
export type DocumentRound = { sent: number } | { waitingFor: string } | { caughtUp: true };

/**
 * Publishes the current state of read-model documents, at least once. It follows the event log
 * with its own checkpoint: for a batch of events it asks each projection which documents they
 * touch, waits until the projection's checkpoint has passed the batch, reads those documents and
 * sends them (a missing one as a tombstone), and only after the broker acknowledged moves its
 * checkpoint. A crash re-sends a batch's documents; their state is never older than the events.
 * The `position` sent is the projection's checkpoint when the state was read: the state folds in
 * every event up to it, so a consumer keeping the highest position per key keeps the newest state.
 */
export class DocumentPublishingLoop {
  private readonly batchSize: number;

  constructor(
    private readonly eventStore: Pick<EventStore, 'readAll'>,
    private readonly readStore: Pick<ReadModelStore, 'getCheckpoint' | 'getMany'>,
    private readonly projections: readonly DocumentProjection<object>[],
    private readonly publisher: Pick<Publisher, 'publishDocumentChanges'>,
    private readonly checkpoint: PublisherCheckpointStore,
    private readonly options: DocumentPublishingLoopOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
  }

  async publishNextBatch(): Promise<DocumentRound> {
    const after = await this.checkpoint.load();
    const events = await this.eventStore.readAll({ after, maxCount: this.batchSize, streamPrefix: CUSTOMER_STREAM_PREFIX });
    if (events.length === 0) return { caughtUp: true };
    const end = events[events.length - 1]!.position;
    const projected = events.map(toProjectedEvent);

    const touched: { projection: string; ids: string[]; position: number }[] = [];
    for (const projection of this.projections) {
      const ids = [...new Set(projected.flatMap((event) => projection.keysOf(event)))];
      if (ids.length === 0) continue;
      const { position } = await this.readStore.getCheckpoint(projection.name);
      if (position < end) return { waitingFor: projection.name };
      touched.push({ projection: projection.name, ids, position });
    }

    const changes: DocumentChange[] = [];
    for (const { projection, ids, position } of touched) {
      const found = new Map((await this.readStore.getMany(projection, ids)).map(({ _id, ...document }) => [_id, document]));
      for (const documentId of ids) changes.push({ projection, documentId, document: found.get(documentId) ?? null, position });
    }
    await this.publisher.publishDocumentChanges(changes);
    await this.checkpoint.save(end);
    return { sent: changes.length };
  }

  /** Runs until `signal` aborts; failures are reported and the same round is retried. */
  async run(signal: AbortSignal): Promise<void> {
    await runPollingLoop(signal, async () => 'sent' in (await this.publishNextBatch()), {
      idleDelayMs: this.options.idleDelayMs ?? 500,
      retryDelayMs: this.options.retryDelayMs ?? 2000,
      onError: this.options.onError,
    });
  }

}

