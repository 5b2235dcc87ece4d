import type { RecordedEvent } from '@lifeline/event-store/port';

/** A read-model document as it now stands; `document: null` means it was deleted. */
export interface DocumentChange {
  /** The projection's stable name, e.g. 'customer-profiles'. */
  readonly projection: string;
  readonly documentId: string;
  readonly document: Readonly<Record<string, unknown>> | null;
  /** Global position of the event that produced this state (for consumers' ordering checks). */
  readonly position: number;
}

/**
 * Sends lifeline data to downstream consumers. Both methods resolve only once the broker has
 * durably accepted every message, and reject otherwise (nothing is then known to be sent, so
 * callers retry the whole batch; consumers de-duplicate by event id / document position).
 */
export interface Publisher {
  /** Lifecycle events, in the given (global position) order; order per customer is kept. */
  publishEvents(events: readonly RecordedEvent[]): Promise<void>;
  /** Latest state of read-model documents (compacted: consumers keep the last per id). */
  publishDocumentChanges(changes: readonly DocumentChange[]): Promise<void>;
  close(): Promise<void>;
}

/** Where the publishing loop remembers the last global position the broker acknowledged. */
export interface PublisherCheckpointStore {
  /** 0 when nothing was published yet. */
  load(): Promise<number>;
  save(position: number): Promise<void>;
}

export const PUBLISHER = Symbol('PUBLISHER');
export const PUBLISHER_CHECKPOINT_STORE = Symbol('PUBLISHER_CHECKPOINT_STORE');
