import { Inject, Injectable } from '@nestjs/common';
import { setImmediate } from 'node:timers/promises';
import { CUSTOMER_PROFILES, type CustomerProfile } from '@lifeline/projections/profile';
import { PURCHASE_HISTORIES, type PurchaseHistory } from '@lifeline/projections/purchase-history';
import { SATISFACTION_ANSWERS, type SatisfactionAnswer } from '@lifeline/projections/satisfaction';
import { READ_MODEL_STORE, UnknownCollectionError, type ReadModelStore } from '@lifeline/read-store/port';

/** What the lifecycle and revenue analytics need of one customer profile (the rest is dropped to keep the cache small). */
export interface CustomerFacts {
  readonly customerId: string;
  readonly segment: string | null;
  readonly acquisitionChannel: string;
  readonly acquiredAt: string;
  readonly firstChurnedAt: string | null;
  readonly statusHistory: readonly { readonly status: 'active' | 'churned'; readonly at: string }[];
  readonly purchases: number;
  readonly revenueTotal: number;
  readonly currency: string | null;
  readonly keyAccount: boolean;
  readonly accountManager: string | null;
}

interface Cached<T> {
  readonly key: string;
  readonly value: Promise<readonly T[]>;
}

const SCAN_BATCH = 1000;

/**
 * Whole read models for the analytics, scanned in large batches and kept in memory until the
 * collection's checkpoint (or live version) moves: a dashboard asking five questions in a row
 * pays for one scan, and 100k customers stay a few hundred milliseconds per question.
 */
@Injectable()
export class AnalyticsSource {
  private profiles?: Cached<CustomerFacts>;
  private histories?: Cached<PurchaseHistory>;
  private answers?: Cached<SatisfactionAnswer>;

  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async customers(): Promise<readonly CustomerFacts[]> {
    const key = await this.versionKey(CUSTOMER_PROFILES);
    if (this.profiles?.key !== key) {
      this.profiles = { key, value: key === 'absent' ? Promise.resolve([]) : this.scan<CustomerProfile, CustomerFacts>(CUSTOMER_PROFILES, factsOf) };
      this.profiles.value.catch(() => (this.profiles = undefined));
    }
    return this.profiles.value;
  }

  async purchaseHistories(): Promise<readonly PurchaseHistory[]> {
    const key = await this.versionKey(PURCHASE_HISTORIES);
    if (this.histories?.key !== key) {
      this.histories = { key, value: key === 'absent' ? Promise.resolve([]) : this.scan<PurchaseHistory, PurchaseHistory>(PURCHASE_HISTORIES, (h) => h) };
      this.histories.value.catch(() => (this.histories = undefined));
    }
    return this.histories.value;
  }

  /** Key-account flag and account manager per customer id. */
  async accountManagement(): Promise<ReadonlyMap<string, { keyAccount: boolean; accountManager: string | null }>> {
    return new Map((await this.customers()).map((c) => [c.customerId, { keyAccount: c.keyAccount, accountManager: c.accountManager }]));
  }

  async satisfactionAnswers(): Promise<readonly SatisfactionAnswer[]> {
    const key = await this.versionKey(SATISFACTION_ANSWERS);
    if (this.answers?.key !== key) {
      this.answers = { key, value: key === 'absent' ? Promise.resolve([]) : this.scan<SatisfactionAnswer, SatisfactionAnswer>(SATISFACTION_ANSWERS, (a) => a) };
      this.answers.value.catch(() => (this.answers = undefined));
    }
    return this.answers.value;
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
      // The projector has not created the read model yet: no customers so far.
      if (error instanceof UnknownCollectionError) return 'absent';
      throw error;
    }
  }

  private async scan<Doc extends object, T>(collection: string, map: (doc: Doc) => T): Promise<readonly T[]> {
    const out: T[] = [];
    for await (const doc of this.store.scan(collection, { batchSize: SCAN_BATCH })) {
      out.push(map(doc as unknown as Doc));
      // A batch arrives through microtasks only; a turn of the event loop per batch lets other requests in.
      if (out.length % SCAN_BATCH === 0) await setImmediate();
    }
    return out;
  }
}

function factsOf(profile: CustomerProfile): CustomerFacts {
  return {
    customerId: profile.customerId,
    segment: profile.segment,
    acquisitionChannel: profile.acquisitionChannel,
    acquiredAt: profile.acquiredAt,
    firstChurnedAt: profile.firstChurnedAt,
    statusHistory: profile.statusHistory.map(({ status, at }) => ({ status, at })),
    purchases: profile.purchases,
    revenueTotal: profile.revenueTotal,
    currency: profile.currency,
    keyAccount: profile.keyAccount,
    accountManager: profile.accountManager,
  };
}
