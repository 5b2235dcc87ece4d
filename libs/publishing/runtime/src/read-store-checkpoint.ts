import type { ReadModelStore } from '@lifeline/read-store/port';
import type { PublisherCheckpointStore } from '@lifeline/publishing/port';

/** Where the Kafka event publisher remembers the last position the broker acknowledged. */
export const EVENT_PUBLISHER_CHECKPOINT = 'publisher-kafka';
/** Where the Kafka document publisher remembers the last event whose documents it sent. */
export const DOCUMENT_PUBLISHER_CHECKPOINT = 'publisher-kafka-documents';

/**
 * A publisher checkpoint kept as a document-less collection of the read store: it survives
 * restarts, works on SQLite and MongoDB alike, and `lifeline status` lists it with its lag.
 */
export class ReadStoreCheckpoint implements PublisherCheckpointStore {
  private constructor(
    private readonly store: Pick<ReadModelStore, 'getCheckpoint' | 'commitBatch'>,
    readonly name: string,
  ) {}

  static async open(store: Pick<ReadModelStore, 'ensureCollection' | 'getCheckpoint' | 'commitBatch'>, name: string): Promise<ReadStoreCheckpoint> {
    await store.ensureCollection(name, []);
    return new ReadStoreCheckpoint(store, name);
  }

  async load(): Promise<number> {
    return (await this.store.getCheckpoint(this.name)).position;
  }

  async save(position: number): Promise<void> {
    await this.store.commitBatch(this.name, { checkpoint: position, upserts: [], deletes: [] });
  }
}
