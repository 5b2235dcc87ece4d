import type { CustomerEvent } from '@lifeline/customers/domain';
import type { RecordedEvent } from '@lifeline/event-store/port';
import type { IndexField } from '@lifeline/read-store/port';

/** What a projection sees: the upcast domain event plus where and when the store put it. */
export type ProjectedEvent = CustomerEvent &
  Pick<RecordedEvent, 'eventId' | 'streamId' | 'revision' | 'position' | 'recordedAt' | 'metadata'>;

/** A field (or fields, compound) a projection's queries filter or sort on; the read store indexes it. */
export type IndexSpec = IndexField;

/**
 * A pure read model: documents keyed by id, each folded from the events that touch it.
 * `evolve` must not do I/O or read clocks, so that redelivery, catch-up and a rebuild from
 * zero all produce the same documents. Returning undefined deletes the document.
 */
export interface DocumentProjection<Doc extends object> {
  /** Stable name: the collection, the checkpoint, the CLI argument. */
  readonly name: string;
  /** Bump when `evolve` changes meaning; operators then rebuild. */
  readonly version: number;
  readonly indexes: readonly IndexSpec[];
  /**
   * True when every event makes its own documents, under keys no other event uses, from the
   * event alone (`evolve` ignores the document it is given), as a timeline entry per event.
   * The runtime then never reads those documents back nor keeps them cached: it only writes them.
   */
  readonly documentPerEvent?: boolean;
  /**
   * The exception to `documentPerEvent`: events (an erasure) whose keys name documents earlier
   * events made, which `evolve` then gets to rewrite; the runtime reads those back.
   */
  rewritesEarlierDocuments?(event: ProjectedEvent): boolean;
  /** The documents this event touches (none: the projection ignores it). */
  keysOf(event: ProjectedEvent): readonly string[];
  evolve(doc: Doc | undefined, event: ProjectedEvent, key: string): Doc | undefined;
  /**
   * Optional: `evolve` for a caller that owns `doc` — nobody else holds it, and the caller
   * only keeps the result — so `doc` may be changed in place instead of copied. Must return
   * the same document `evolve` would (tested per projection). The rebuild's write-back cache
   * uses it: a customer with thousands of purchase days is folded in O(n), not O(n²).
   */
  evolveOwned?(doc: Doc | undefined, event: ProjectedEvent, key: string): Doc | undefined;
}
