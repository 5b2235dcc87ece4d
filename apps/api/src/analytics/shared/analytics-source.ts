import { Inject, Injectable } from '@nestjs/common';
import { setImmediate } from 'node:timers/promises';
import { CUSTOMER_CLV } from '@lifeline/analytics/clv';
import { CUSTOMER_PROFILES, type CustomerProfile } from '@lifeline/projections/profile';
import { PURCHASE_HISTORIES } from '@lifeline/projections/purchase-history';
import { SATISFACTION_ANSWERS } from '@lifeline/projections/satisfaction';
import { READ_MODEL_STORE, UnknownCollectionError, type ReadModelStore } from '@lifeline/read-store/port';
import { EMPTY_DATASET, encodeChunk, type EncodedDataset } from '../workers/encoded-dataset';
import { factsOf } from './customer-facts';

export type { CustomerFacts } from './customer-facts';

/** The read models the analytics compute from, by the name the worker tasks use. */
export const DATASETS = {
  /** Customer profiles as CustomerFacts. */
  customers: { collection: CUSTOMER_PROFILES, map: (doc: object) => factsOf(doc as CustomerProfile) },
  /** Purchase histories as stored. */
  histories: { collection: PURCHASE_HISTORIES, map: (doc: object) => doc },
  satisfactionAnswers: { collection: SATISFACTION_ANSWERS, map: (doc: object) => doc },
  /** The latest CLV model's customer scores, without the store's `_id`. */
  clvScores: { collection: CUSTOMER_CLV, map: ({ _id, ...score }: { _id?: unknown }) => score },
} as const;
export type DatasetName = keyof typeof DATASETS;

/** Documents per read-store page; one page is read and encoded per turn of the event loop. */
const SCAN_PAGE = 500;

/**
 * Whole read models for the analytics, scanned in pages that yield to the event loop and kept
 * (encoded for the worker threads, see EncodedDataset) until the collection's checkpoint or
 * live version moves: a dashboard asking five questions in a row pays for one scan, and
 * concurrent askers share the scan in flight.
 */
@Injectable()
export class AnalyticsSource {
  private readonly cached = new Map<DatasetName, { key: string; value: Promise<EncodedDataset> }>();

  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async dataset(name: DatasetName): Promise<EncodedDataset> {
    const { collection, map } = DATASETS[name];
    const key = `${collection}@${await this.versionKey(collection)}`;
    const cached = this.cached.get(name);
    if (cached?.key === key) return cached.value;
    const value = key.endsWith('@absent') ? Promise.resolve(EMPTY_DATASET(key)) : this.scan(key, collection, map as (doc: object) => unknown);
    this.cached.set(name, { key, value });
    value.catch(() => {
      if (this.cached.get(name)?.value === value) this.cached.delete(name);
    });
    return value;
  }

  /** Position of the event log the purchase histories reflect (0 before the projector created them). */
  async purchaseHistoriesPosition(): Promise<number> {
    try {
      return (await this.store.getCheckpoint(PURCHASE_HISTORIES)).position;
    } catch (error) {
      if (error instanceof UnknownCollectionError) return 0;
      throw error;
    }
  }

  private async versionKey(collection: string): Promise<string> {
    try {
      const checkpoint = await this.store.getCheckpoint(collection);
      return `${checkpoint.version}:${checkpoint.position}`;
    } catch (error) {
      // The projector has not created the read model yet: no documents so far.
      if (error instanceof UnknownCollectionError) return 'absent';
      throw error;
    }
  }

  private async scan(key: string, collection: string, map: (doc: object) => unknown): Promise<EncodedDataset> {
    const chunks: Uint8Array[] = [];
    let page: unknown[] = [];
    let count = 0;
    for await (const doc of this.store.scan(collection, { batchSize: SCAN_PAGE })) {
      page.push(map(doc));
      if (page.length === SCAN_PAGE) {
        chunks.push(encodeChunk(page));
        count += page.length;
        page = [];
        // A page arrives through microtasks only; a turn of the event loop per page lets other requests in.
        await setImmediate();
      }
    }
    if (page.length > 0) chunks.push(encodeChunk(page));
    return { key, count: count + page.length, chunks };
  }
}
