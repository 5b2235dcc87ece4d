import { CLV_MODELS, CUSTOMER_CLV } from '@lifeline/analytics/clv';
import type { DocumentChange, Publisher } from '@lifeline/publishing/port';
import { UnknownCollectionError, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import { runPollingLoop } from './polling-loop';

/**
 * The CLV publisher's checkpoint: a read-store collection whose checkpoint is the published
 * model's `basedOnPosition` (so `lifeline status` shows a meaningful lag), holding one marker
 * document naming that model and one key document per customer that has a value on the topic.
 */
export const CLV_PUBLISHER_CHECKPOINT = 'publisher-kafka-clv';
/** '@' is outside the customer-id alphabet, so the marker never collides with a key document. */
const PUBLISHED_MODEL = '@published-model';
const COMMIT_BATCH = 5000;

/** What the loop needs of a stored model; the API's ClvModel has these and more. */
interface ModelIdentity {
  readonly modelId: string;
  readonly fittedAt: string;
  readonly basedOnPosition: number;
}

export interface ClvPublishingLoopOptions {
  /** Scores per broker request. Default 500. */
  pageSize?: number;
  /** Pause between looks at the latest model. Default 5000 ms. */
  pollIntervalMs?: number;
  /** Pause after a failed round before trying it again. Default 2000 ms. */
  retryDelayMs?: number;
  onError?: (error: unknown) => void;
}

/** What a round did. `superseded`: another model replaced the scores while they were being sent. */
export type ClvRound = { published: string; scores: number; tombstones: number } | { upToDate: true } | { noModel: true } | { superseded: true };

type ClvStore = Pick<ReadModelStore, 'ensureCollection' | 'find' | 'get' | 'scan' | 'getCheckpoint' | 'commitBatch'>;

/**
 * Publishes the per-customer CLV scores to `lifeline.customer-clv.v1` each time a new model
 * becomes the latest: every score keyed by customer id, and a tombstone for each customer the
 * previous published model scored and the new one does not. The model is remembered as
 * published only after the broker acknowledged every page (at least once: a crash half-way
 * sends that model again from the start, which compaction absorbs). Every message of a model
 * carries the same `lifeline-position`: the highest `basedOnPosition` published so far, so it
 * never goes down for a key and a re-fit at the same position is still applied by consumers
 * that drop only lower positions.
 */
export class ClvPublishingLoop {
  private readonly pageSize: number;

  private constructor(
    private readonly store: ClvStore,
    private readonly publisher: Pick<Publisher, 'publishDocumentChanges'>,
    private readonly options: ClvPublishingLoopOptions,
  ) {
    this.pageSize = options.pageSize ?? 500;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${this.pageSize}`);
  }

  static async open(store: ClvStore, publisher: Pick<Publisher, 'publishDocumentChanges'>, options: ClvPublishingLoopOptions = {}): Promise<ClvPublishingLoop> {
    const loop = new ClvPublishingLoop(store, publisher, options);
    await store.ensureCollection(CLV_PUBLISHER_CHECKPOINT, []);
    return loop;
  }

  /** The id of the model whose scores the broker has acknowledged, if any. */
  async publishedModelId(): Promise<string | undefined> {
    const marker = await this.store.get<StoredDocument & { modelId: string }>(CLV_PUBLISHER_CHECKPOINT, PUBLISHED_MODEL);
    return marker?.modelId;
  }

  async publishLatestModel(): Promise<ClvRound> {
    const model = await this.latestModel();
    if (model === undefined) return { noModel: true };
    if ((await this.publishedModelId()) === model.modelId) return { upToDate: true };
    const { position: stored } = await this.store.getCheckpoint(CLV_PUBLISHER_CHECKPOINT);
    const position = Math.max(stored, model.basedOnPosition);

    const scored = new Set<string>();
    let page: DocumentChange[] = [];
    const send = async () => {
      // Keys are recorded before their page goes out, so whatever may be live on the topic is
      // known to the next model's tombstones even if this round dies or is superseded half-way.
      await this.store.commitBatch(CLV_PUBLISHER_CHECKPOINT, { checkpoint: stored, upserts: page.map((c) => ({ _id: c.documentId })), deletes: [] });
      await this.publisher.publishDocumentChanges(page);
      page = [];
    };
    for await (const { _id, ...score } of this.store.scan(CUSTOMER_CLV, { batchSize: this.pageSize })) {
      // The API swaps the scores in before recording their model: scores of another model mean a fit is landing.
      if (score['modelId'] !== model.modelId) return { superseded: true };
      scored.add(_id);
      page.push({ projection: CUSTOMER_CLV, documentId: _id, document: score, position });
      if (page.length === this.pageSize) await send();
    }
    if (page.length > 0) await send();

    const dropped = await this.previouslyPublishedExcept(scored);
    for (let i = 0; i < dropped.length; i += this.pageSize) {
      const tombstones = dropped.slice(i, i + this.pageSize).map((documentId) => ({ projection: CUSTOMER_CLV, documentId, document: null, position }));
      await this.publisher.publishDocumentChanges(tombstones);
    }
    if ((await this.latestModel())?.modelId !== model.modelId) return { superseded: true };

    await this.remember(model, position, stored, dropped);
    return { published: model.modelId, scores: scored.size, tombstones: dropped.length };
  }

  /** Runs until `signal` aborts; failures are reported and the model is tried again. */
  async run(signal: AbortSignal): Promise<void> {
    // Polled: every round is followed by the poll interval.
    await runPollingLoop(
      signal,
      async () => {
        await this.publishLatestModel();
        return false;
      },
      { idleDelayMs: this.options.pollIntervalMs ?? 5000, retryDelayMs: this.options.retryDelayMs ?? 2000, onError: this.options.onError },
    );
  }


  private async latestModel(): Promise<ModelIdentity | undefined> {
    try {
      const page = await this.store.find<StoredDocument & ModelIdentity>(CLV_MODELS, { sort: [{ field: 'fittedAt', direction: 'desc' }], limit: 1 });
      return page.items[0];
    } catch (error) {
      if (error instanceof UnknownCollectionError) return undefined; // no model fitted yet
      throw error;
    }
  }

  private async previouslyPublishedExcept(scored: ReadonlySet<string>): Promise<string[]> {
    const dropped: string[] = [];
    for await (const { _id } of this.store.scan(CLV_PUBLISHER_CHECKPOINT, { batchSize: COMMIT_BATCH })) {
      if (_id !== PUBLISHED_MODEL && !scored.has(_id)) dropped.push(_id);
    }
    return dropped;
  }

  /**
   * Dropped keys first, the marker and the checkpoint last: a crash in between leaves the old
   * marker, so the model is sent again, and at worst a tombstone is repeated.
   */
  private async remember(model: ModelIdentity, position: number, stored: number, dropped: readonly string[]): Promise<void> {
    for (let i = 0; i < dropped.length; i += COMMIT_BATCH) {
      await this.store.commitBatch(CLV_PUBLISHER_CHECKPOINT, { checkpoint: stored, upserts: [], deletes: dropped.slice(i, i + COMMIT_BATCH) });
    }
    const marker = { _id: PUBLISHED_MODEL, modelId: model.modelId, fittedAt: model.fittedAt, basedOnPosition: model.basedOnPosition };
    await this.store.commitBatch(CLV_PUBLISHER_CHECKPOINT, { checkpoint: position, upserts: [marker], deletes: [] });
  }
}
