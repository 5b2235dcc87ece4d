import { setImmediate } from 'node:timers/promises';
import { CLV_MODELS, CUSTOMER_CLV } from '@lifeline/analytics/clv';
import { UnknownCollectionError, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';
import type { ClvModel, CustomerClvScore } from './clv-model';


export type CustomerClvDocument = CustomerClvScore & { readonly segment: string | null; readonly currency: string | null };

/** Scores per write; the API yields to other requests between writes. */
const WRITE_BATCH = 1000;

/** Where fitted models and their scores live in the read store (framework-free; the API injects a subclass). */
export class ClvModelStore {
  constructor(private readonly store: ReadModelStore) {}

  async latestModel(): Promise<ClvModel | undefined> {
    try {
      const page = await this.store.find<StoredDocument & ClvModel>(CLV_MODELS, { sort: [{ field: 'fittedAt', direction: 'desc' }], limit: 1 });
      return page.items[0] === undefined ? undefined : withoutId<ClvModel>(page.items[0]);
    } catch (error) {
      if (error instanceof UnknownCollectionError) return undefined;
      throw error;
    }
  }

  async score(customerId: string): Promise<CustomerClvDocument | undefined> {
    try {
      const doc = await this.store.get<StoredDocument & CustomerClvDocument>(CUSTOMER_CLV, customerId);
      return doc === undefined ? undefined : withoutId<CustomerClvDocument>(doc);
    } catch (error) {
      if (error instanceof UnknownCollectionError) return undefined;
      throw error;
    }
  }

  /** The scores of the latest model, optionally of one segment. */
  async *scores(segment?: string): AsyncIterable<CustomerClvDocument> {
    const filter = segment === undefined ? undefined : { segment };
    for await (const doc of this.store.scan(CUSTOMER_CLV, { batchSize: 1000, ...(filter && { filter }) })) yield withoutId<CustomerClvDocument>(doc);
  }

  /**
   * Replaces every customer score in one swap (a rebuild version, so readers never see a mix
   * of two models and customers no longer scored disappear), then records the model, which
   * makes it the latest. Order matters: a reader finding the model finds its scores.
   */
  async save(model: ClvModel, scores: readonly CustomerClvDocument[]): Promise<void> {
    const indexes = [{ field: 'segment' }, { field: 'clvMinor' }];
    await this.store.ensureCollection(CUSTOMER_CLV, indexes);
    await this.store.abortRebuild(CUSTOMER_CLV); // a fit that died half-way leaves nothing worth resuming
    const version = await this.store.beginRebuild(CUSTOMER_CLV, indexes);
    for (let i = 0; i < scores.length || i === 0; i += WRITE_BATCH) {
      const upserts = scores.slice(i, i + WRITE_BATCH).map((s) => ({ _id: s.customerId, ...s }));
      await this.store.commitBatch(CUSTOMER_CLV, { version, checkpoint: model.basedOnPosition, upserts, deletes: [] });
      await setImmediate();
    }
    await this.store.swapIn(CUSTOMER_CLV, version);

    await this.store.ensureCollection(CLV_MODELS, [{ field: 'fittedAt' }]);
    const { position } = await this.store.getCheckpoint(CLV_MODELS);
    await this.store.commitBatch(CLV_MODELS, { checkpoint: Math.max(position, model.basedOnPosition), upserts: [{ _id: model.modelId, ...model }], deletes: [] });
  }
}

/** The stored document as the domain type: the store's `_id` is the customer or model id again. */
function withoutId<T>(doc: StoredDocument): T {
  const { _id, ...rest } = doc;
  return rest as T;
}
